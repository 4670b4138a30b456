"""Every write to progress updates. Each function refreshes the stored
summary (latest status, date of the latest update) of every action it
touches, so that no caller has to remember to: the forms, the admin, imports
and generated data all write through here. `check_summaries` finds drift."""

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction

from actions.models import Action

from .models import ProgressUpdate


def refresh_summaries(action_ids: Iterable[int]) -> None:
    """Bring these actions' summaries of their latest update up to date."""
    ids = sorted(set(action_ids))
    for start in range(0, len(ids), 500):  # SQLite limits a query's parameters
        Action.objects.filter(pk__in=ids[start : start + 500]).refresh_progress_summary()


@transaction.atomic
def progress_update_create(
    *,
    action: Action,
    author,
    status: str,
    narrative: str,
    date_of_update: datetime.date,
    percent_complete: int | None = None,
    evidence_url: str = "",
) -> ProgressUpdate:
    update = ProgressUpdate(
        action=action,
        author=author,
        status=status,
        narrative=narrative,
        date_of_update=date_of_update,
        percent_complete=percent_complete,
        evidence_url=evidence_url,
    )
    update.full_clean()
    update._history_user = author
    update.save()
    refresh_summaries([action.pk])
    return update


@transaction.atomic
def progress_update_save(*, update: ProgressUpdate, user) -> ProgressUpdate:
    """Save an update corrected in the admin. An update stays with the action it
    was posted on: moving it would rewrite two actions' histories."""
    if update.pk is not None:
        saved_on = ProgressUpdate.objects.filter(pk=update.pk).values_list("action_id", flat=True).first()
        if saved_on is not None and saved_on != update.action_id:
            raise ValidationError({"action": "An update cannot be moved to another action."})
    update.full_clean()
    update._history_user = user
    update.save()
    refresh_summaries([update.action_id])
    return update


@transaction.atomic
def progress_updates_delete(*, updates: Iterable[ProgressUpdate], user) -> int:
    """Delete updates (admins only, from the admin); the history keeps them."""
    touched, deleted = set(), 0
    for update in updates:
        touched.add(update.action_id)
        update._history_user = user
        update.delete()
        deleted += 1
    refresh_summaries(touched)
    return deleted


@transaction.atomic
def progress_updates_bulk_create(updates: list[ProgressUpdate], *, history: dict | None = None) -> list[ProgressUpdate]:
    """Append many updates at once (imports, generated data): one insert per
    batch, history written in bulk with `history` (e.g. default_user,
    default_change_reason), and each touched action's summary refreshed."""
    created = ProgressUpdate.objects.bulk_create(updates, batch_size=1000)
    if history is not None:
        ProgressUpdate.history.bulk_history_create(created, **history)
    refresh_summaries(update.action_id for update in created)
    return created
