"""What the signed-in pages show of updates that do not (yet) report on their
action: those awaiting approval, those returned to their author, and the
corrections their author may still make. Pages of the actions app load
these, since that app sits below progress and does not import it."""

from django import template

from progress.models import ProgressUpdate

register = template.Library()

State = ProgressUpdate.State


@register.simple_tag(takes_context=True)
def progress_timeline(context, action, updates) -> dict:
    """The action's updates as this user may see them, latest first (as
    `updates` is ordered), each with what they may do to it, and the notice
    of the oldest update awaiting approval.

    Visitors who have not signed in see approved updates only. Signed-in
    readers see those awaiting approval too; a returned update only its
    author and admins see; a withdrawn one nobody (the history keeps it)."""
    user = context["request"].user
    entries, waiting = [], []
    for update in updates:
        if not _shown_to(user, update):
            continue
        if update.state == State.SUBMITTED:
            waiting.append(update)
        entries.append({
            "update": update,
            "waiting": update.state == State.SUBMITTED,
            "returned": update.state == State.RETURNED,
            "can_correct": user.has_perm("progress.correct_update", update),
            "can_withdraw": user.has_perm("progress.withdraw_update", update),
        })  # fmt: skip
    oldest = min(waiting, key=lambda update: (update.created_at, update.pk), default=None)
    return {
        "entries": entries,
        "waiting": oldest,
        "may_approve": oldest is not None and user.has_perm("progress.review_update", oldest),
    }


def _shown_to(user, update: ProgressUpdate) -> bool:
    if update.state == State.APPROVED:
        return True
    if not user.is_authenticated:
        return False
    if update.state == State.SUBMITTED:
        return True
    if update.state == State.RETURNED:
        return update.author_id == user.pk or user.has_perm("progress.correct_update", update)
    return False


@register.simple_tag(takes_context=True)
def returned_updates(context) -> list[ProgressUpdate]:
    """The signed-in user's own updates returned to them, the latest returned first."""
    user = context["request"].user
    if not user.is_authenticated:
        return []
    return list(
        ProgressUpdate.objects.filter(author=user, state=State.RETURNED)
        .select_related("action__plan")
        .order_by("-reviewed_at", "-pk")
    )
