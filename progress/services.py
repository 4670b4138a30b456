"""Writes to progress updates: only ever appended, never overwritten."""

import datetime

from django.db import transaction

from actions.models import Action

from .models import ProgressUpdate


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
    return update
