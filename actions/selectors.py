"""Reads about actions that several pages share."""

import datetime
from collections import Counter, defaultdict

from django.db.models import Count
from django.utils import timezone

from plans.models import membership_of

from .models import Action, ActionQuerySet, Status
from .schedule import next_update_due_of, update_due_soon_q, update_is_late, update_late_q


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


def next_action_due_for(user, after_action=None, today: datetime.date | None = None):
    """The action an officer goes on to after posting an update on
    `after_action`: the first, in My actions' order, that their organisation
    owns and whose next update is due soon or late (the schedule's rule),
    other than `after_action`. None when none is left. Constant queries."""
    membership = membership_of(user)
    if membership is None or not membership.organisation_id:
        return None
    today = today or timezone.localdate()
    due = (
        Action.objects.owned_by(membership.organisation_id)
        .visible_to(user)
        .with_latest_update()
        .filter(update_late_q(today) | update_due_soon_q(today))
    )
    if after_action is not None:
        due = due.exclude(pk=after_action.pk)
    in_order = with_next_update_due(due, today)
    return in_order[0] if in_order else None
