"""Updates awaiting approval too long, for the approver's daily digest.

A lead officer is reminded of the submitted updates on their organisation's
actions (in plans not closed) that have waited more than
APPROVAL_REMINDER_AFTER_DAYS, never of their own. Admins approve too, but
are not emailed: they see every organisation's updates on the approvals page.
Reads only, in a fixed number of queries.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Exists, OuterRef
from django.utils import timezone

from actions.models import Action
from plans.models import Membership, Plan
from progress.models import ProgressUpdate

from .cadence import latest_step
from .models import SentReminder

# The rule the log keeps for these occasions. Not among SentReminder.Rule's
# choices (adding it there needs a migration), so the admin shows it as is.
APPROVAL_RULE = SentReminder.Rule.APPROVAL
# After the first reminder, the update is listed again every this many days.
APPROVAL_EVERY_DAYS = 7


def approval_reminder_after_days() -> int:
    return settings.APPROVAL_REMINDER_AFTER_DAYS


def update_subject(update_id: int) -> str:
    return f"update:{update_id}"


@dataclass(frozen=True)
class ApprovalItem:
    """One update in a digest, waiting for the reader's approval."""

    update: ProgressUpdate
    submitted_on: datetime.date
    days_waiting: int
    key: str  # the occasion, with APPROVAL_RULE: what the log keeps

    @property
    def action(self) -> Action:
        return self.update.action

    @property
    def author_organisation(self):
        """The organisation of the update's author, or None where unknown."""
        author = self.update.author
        try:
            return author.membership.organisation if author else None
        except Membership.DoesNotExist:
            return None


def submitted_on(update: ProgressUpdate) -> datetime.date:
    return timezone.localdate(update.created_at)


def approval_occasion(submitted: datetime.date, day: datetime.date) -> str | None:
    """The key of the occasion an update submitted on `submitted` is worth
    an email on `day`, or None: the first day it has waited more than
    APPROVAL_REMINDER_AFTER_DAYS, then every APPROVAL_EVERY_DAYS. A day
    missed is caught up by the latest occasion reached, once."""
    step = latest_step((day - submitted).days, first=approval_reminder_after_days() + 1, every=APPROVAL_EVERY_DAYS)
    return None if step is None else f"{submitted.isoformat()}:approval:{step}"


def awaiting_approval_too_long(organisations: set[int], day: datetime.date) -> dict[int, list[ProgressUpdate]]:
    """Submitted updates on actions these organisations own that have waited
    more than APPROVAL_REMINDER_AFTER_DAYS by `day`, by owning organisation,
    the longest waiting first. Two queries, however many."""
    if not organisations:
        return {}
    # Waiting more than the limit: submitted before the start of this (local) day.
    too_recent_from = day - datetime.timedelta(days=approval_reminder_after_days())
    before = timezone.make_aware(datetime.datetime.combine(too_recent_from, datetime.time.min))
    Owner = Action.owner_organisations.through
    owned = Owner.objects.filter(action=OuterRef("action_id"), organisation__in=organisations)
    updates = (
        ProgressUpdate.objects.filter(state=ProgressUpdate.State.SUBMITTED, created_at__lt=before)
        .filter(Exists(owned))
        .exclude(action__plan__status=Plan.Status.CLOSED)
        .select_related("action__plan", "author__membership__organisation")
        .prefetch_related("action__owner_organisations")
        .order_by("created_at", "pk")
    )
    by_organisation: dict[int, list[ProgressUpdate]] = {}
    for update in updates:
        for owner in update.action.owner_organisations.all():
            if owner.pk in organisations:
                by_organisation.setdefault(owner.pk, []).append(update)
    return by_organisation


def approval_item(update: ProgressUpdate, key: str, day: datetime.date) -> ApprovalItem:
    submitted = submitted_on(update)
    return ApprovalItem(update=update, submitted_on=submitted, days_waiting=(day - submitted).days, key=key)
