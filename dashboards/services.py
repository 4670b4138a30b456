"""Writes the dashboards own: a chair's board commentary."""

import datetime

from django.db import transaction

from plans.models import Plan

from .models import BoardCommentary


@transaction.atomic
def board_commentary_save(plan: Plan, board_on: datetime.date, text: str, user) -> BoardCommentary | None:
    """Keep `text` as the plan's commentary for the board on `board_on`; an
    empty text takes that commentary away (its history keeps what it said)."""
    text = text.strip()
    existing = BoardCommentary.objects.select_for_update().filter(plan=plan, board_on=board_on).first()
    if not text:
        if existing:
            existing.delete()
        return None
    commentary = existing or BoardCommentary(plan=plan, board_on=board_on)
    commentary.text, commentary.written_by = text, user
    commentary.save()
    return commentary
