""" "No change since the last update", from the link in a reminder email: an
update that repeats the previous status, in the officer's name. A link used
twice records once: if the latest update is already this person's no-change
update, posted since the link was made, there is nothing more to do."""

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.dateformat import format as format_date

from actions.models import Action
from progress.models import LATEST_FIRST, ProgressUpdate
from progress.services import progress_update_create

NARRATIVE_START = "No change since"


@dataclass(frozen=True)
class NoChange:
    """What following the link would do, or why it would do nothing.

    outcome: "ready" (would record), "nothing_to_repeat" (no update yet),
    "already_recorded" (the link was used) or "recorded" (just now)."""

    outcome: str
    previous: ProgressUpdate | None

    @property
    def narrative(self) -> str:
        return narrative_for(self.previous)


def narrative_for(previous: ProgressUpdate | None) -> str:
    if previous is None or previous.date_of_update is None:
        return f"{NARRATIVE_START} the last update"
    return f"{NARRATIVE_START} {format_date(previous.date_of_update, 'j F Y')}"


def no_change_check(*, action: Action, author, link_made_on: datetime.date) -> NoChange:
    """What repeats is the latest approved update, the one that gives the
    action's status; the link's own update counts as recorded while it
    awaits approval too (only a withdrawn one does not)."""
    updates = action.progress_updates.order_by(*LATEST_FIRST).select_related("author")
    latest = updates.exclude(state=ProgressUpdate.State.WITHDRAWN).first()
    if latest is not None and _is_from_this_link(latest, author, link_made_on):
        return NoChange("already_recorded", latest)
    previous = updates.filter(state=ProgressUpdate.State.APPROVED).first()
    if previous is None:
        return NoChange("nothing_to_repeat", None)
    return NoChange("ready", previous)


def _is_from_this_link(update: ProgressUpdate, author, link_made_on: datetime.date) -> bool:
    return (
        update.narrative.startswith(NARRATIVE_START)
        and update.author_id == author.pk
        and update.date_of_update is not None
        and update.date_of_update >= link_made_on
    )


@transaction.atomic
def no_change_record(*, action: Action, author, link_made_on: datetime.date) -> NoChange:
    """Record the no-change update if the link has not done so already. The
    action's row is locked first, so two clicks at once record one update."""
    action = Action.objects.select_for_update().get(pk=action.pk)
    check = no_change_check(action=action, author=author, link_made_on=link_made_on)
    if check.outcome != "ready":
        return check
    progress_update_create(
        action=action,
        author=author,
        status=check.previous.status,
        narrative=check.narrative,
        date_of_update=timezone.localdate(),
        percent_complete=check.previous.percent_complete,
    )
    return NoChange("recorded", check.previous)
