"""Reads about actions that several pages share."""

import datetime
from collections import Counter, defaultdict

from django.db.models import Count
from django.utils import timezone

from .models import ActionQuerySet, Status
from .schedule import next_update_due_of, update_is_late


def count_by_reported_status(actions: ActionQuerySet, by: str) -> dict[object, Counter]:
    """How many of `actions` have each reported status, per value of the field
    `by` (e.g. "plan_id"), in one aggregate query."""
    rows = actions.with_latest_update().values(by, "reported_status").annotate(count=Count("pk")).order_by()
    counts: dict[object, Counter] = defaultdict(Counter)
    for row in rows:
        counts[row[by]][row["reported_status"]] += row["count"]
    return counts


def with_next_update_due(actions, today: datetime.date | None = None) -> list:
    """The actions (annotated by `with_latest_update`), each given
    `next_update_due` and `update_is_late`, due for an update first and
    completed ones last."""
    today = today or timezone.localdate()
    actions = list(actions)
    for action in actions:
        action.is_completed = action.reported_status == Status.COMPLETED
        action.next_update_due = next_update_due_of(action)
        action.update_is_late = update_is_late(action.next_update_due, today)
    return sorted(actions, key=lambda a: (a.is_completed, a.next_update_due is None, a.next_update_due or today, a.pk))
