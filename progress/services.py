"""Every write to progress updates. Each function refreshes the stored
summary (latest status, date of the latest update) of every action it
touches, so that no caller has to remember to: the forms, the admin, imports
and generated data all write through here. `check_summaries` finds drift."""

import datetime
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from actions.models import Action
from plans.locks import share_for_writing

from .models import ProgressUpdate


def refresh_summaries(action_ids: Iterable[int]) -> None:
    """Bring these actions' summaries of their latest update up to date."""
    ids = sorted(set(action_ids))
    for start in range(0, len(ids), 500):  # SQLite limits a query's parameters
        Action.objects.filter(pk__in=ids[start : start + 500]).refresh_progress_summary()


def _wait_for_imports(action_ids: Iterable[int]) -> None:
    """Called first by each write: an import or undo of these actions' plans
    under way finishes before the write, and none starts until it commits
    (plans/locks.py)."""
    share_for_writing(Action.objects.filter(pk__in=set(action_ids)).values_list("plan_id", flat=True))


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
    share_for_writing([action.plan_id])
    # Where the plan's updates need approval, an officer's update waits for it.
    state = ProgressUpdate.State.SUBMITTED if action.plan.approval_required else ProgressUpdate.State.APPROVED
    update = ProgressUpdate(
        action=action,
        author=author,
        status=status,
        narrative=narrative,
        date_of_update=date_of_update,
        percent_complete=percent_complete,
        evidence_url=evidence_url,
        state=state,
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
    _wait_for_imports([update.action_id])
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
    updates = list(updates)
    _wait_for_imports(update.action_id for update in updates)
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
    default_change_reason), and each touched action's summary refreshed.
    An import calls this holding its plan already (plans/locks.py)."""
    created = ProgressUpdate.objects.bulk_create(updates, batch_size=1000)
    if history is not None:
        ProgressUpdate.history.bulk_history_create(created, **history)
    refresh_summaries(update.action_id for update in created)
    return created


# --- Approval and corrections -------------------------------------------------


class UpdateRefused(Exception):
    """An approval, return, correction or withdrawal that cannot be made; the
    message says why, in words to show the person who asked."""


def _record_history(update: ProgressUpdate, user, reason: str) -> None:
    """A conditional UPDATE bypasses simple_history: write its version here."""
    update.refresh_from_db()
    update._history_user = user  # not whoever wrote this copy before
    ProgressUpdate.history.bulk_history_create([update], update=True, default_user=user, default_change_reason=reason)


def _review(*, update: ProgressUpdate, user, state: str, note: str = "") -> ProgressUpdate:
    """Move a submitted update to `state`, unless someone else already has:
    the UPDATE applies only while it is still submitted, so two approvers
    cannot both act on it."""
    _wait_for_imports([update.action_id])
    if update.author_id is not None and update.author_id == user.pk:
        raise UpdateRefused("You cannot approve or return your own update: another lead officer or an admin must.")
    done = ProgressUpdate.objects.filter(pk=update.pk, state=ProgressUpdate.State.SUBMITTED).update(
        state=state, reviewed_by=user, reviewed_at=timezone.now(), review_note=note
    )
    if not done:
        raise UpdateRefused("This update is no longer awaiting approval: someone else has approved or returned it.")
    _record_history(update, user, f"{ProgressUpdate.State(state).label} by {user.get_username()}")
    refresh_summaries([update.action_id])
    return update


@transaction.atomic
def progress_update_approve(*, update: ProgressUpdate, user) -> ProgressUpdate:
    """Approve a submitted update: from now on it reports on its action."""
    return _review(update=update, user=user, state=ProgressUpdate.State.APPROVED)


@transaction.atomic
def progress_updates_approve(*, updates: Iterable[ProgressUpdate], user) -> tuple[int, list[str]]:
    """Approve several at once; each that cannot be approved is skipped and
    its reason returned, so that one stale choice does not undo the rest."""
    updates = list(updates)
    _wait_for_imports(update.action_id for update in updates)  # all before any, in one order
    approved, refused = 0, []
    for update in updates:
        try:
            with transaction.atomic():
                _review(update=update, user=user, state=ProgressUpdate.State.APPROVED)
        except UpdateRefused as reason:
            refused.append(f"{update.action.reference or 'An action'}: {reason}")
        else:
            approved += 1
    return approved, refused


def progress_update_return(*, update: ProgressUpdate, user, note: str) -> ProgressUpdate:
    """Return a submitted update to its author with a note saying why, and
    email them. The email goes after the return is saved; a failure to send
    it does not undo the return (the note is on their My actions page too)."""
    note = note.strip()
    if not note:
        raise UpdateRefused("Enter a note saying why the update is returned")
    with transaction.atomic():
        _review(update=update, user=user, state=ProgressUpdate.State.RETURNED, note=note)
    update.refresh_from_db()
    _email_returned(update)
    return update


def _email_returned(update: ProgressUpdate) -> None:
    author = update.author
    if author is None or not author.email:
        return
    action = update.action
    subject = f"Your progress update on {action.reference or 'an action'} has been returned"
    body = (
        f"Your progress update on {action} ({action.plan}) has been returned to you.\n\n"
        f"The note says:\n{update.review_note}\n\n"
        "Correct it and submit it again from My actions.\n"
    )
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [author.email], fail_silently=True)


def _lock_changeable(update: ProgressUpdate) -> ProgressUpdate:
    """The update as saved now, locked until the end of the transaction, if
    it may still be changed."""
    _wait_for_imports([update.action_id])  # before the update's own lock
    current = ProgressUpdate.objects.select_for_update().select_related("action__plan").get(pk=update.pk)
    if not current.may_still_change():
        raise UpdateRefused("This update can no longer be corrected or withdrawn.")
    return current


@transaction.atomic
def progress_update_correct(
    *,
    update: ProgressUpdate,
    user,
    status: str,
    narrative: str,
    date_of_update: datetime.date,
    percent_complete: int | None = None,
    evidence_url: str = "",
) -> ProgressUpdate:
    """Correct an update not yet approved (or, where approval is off, just
    posted). A returned or submitted one goes back for approval; the history
    keeps the version it replaces."""
    current = _lock_changeable(update)
    current.status, current.narrative, current.date_of_update = status, narrative, date_of_update
    current.percent_complete, current.evidence_url = percent_complete, evidence_url
    if current.state == ProgressUpdate.State.RETURNED:
        current.state = ProgressUpdate.State.SUBMITTED
    current.full_clean()
    current._history_user = user
    current._change_reason = "Corrected"
    current.save()
    refresh_summaries([current.action_id])
    return current


@transaction.atomic
def progress_update_withdraw(*, update: ProgressUpdate, user) -> ProgressUpdate:
    """Withdraw an update: it stays in the history and no longer sets the
    action's status, from this moment on every page."""
    current = _lock_changeable(update)
    current.state = ProgressUpdate.State.WITHDRAWN
    current._history_user = user
    current._change_reason = "Withdrawn"
    current.save()
    refresh_summaries([current.action_id])
    return current
