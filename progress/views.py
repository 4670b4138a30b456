from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from actions.selectors import next_action_due_for
from actions.views import get_action_for_user
from core.access import check_perm, refuse_to_read

from .forms import ProgressUpdateForm, ReturnForm
from .models import LATEST_FIRST, ProgressUpdate
from .services import (
    UpdateRefused,
    progress_update_approve,
    progress_update_correct,
    progress_update_create,
    progress_update_return,
    progress_update_withdraw,
    progress_updates_approve,
)


@login_required
@require_http_methods(["GET", "POST"])
def progress_update_new(request: HttpRequest, action_pk: int) -> HttpResponse:
    action = get_action_for_user(request, action_pk)
    check_perm(request, "progress.post_update", action)
    form = ProgressUpdateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        update = progress_update_create(action=action, author=request.user, **form.cleaned_data)
        if update.state == ProgressUpdate.State.SUBMITTED:
            messages.success(request, "Your progress update has been saved and is awaiting approval.")
        else:
            messages.success(request, "Your progress update has been saved.")
        if request.POST.get("next"):
            # "Save and go to my next action due": on through the round, without My actions between.
            following = next_action_due_for(request.user, after_action=action)
            if following is None:
                messages.info(request, "No more actions are due.")
                return redirect("my-actions")
            return redirect("progress-update-new", action_pk=following.pk)
        return redirect("action-detail", pk=action.pk)
    latest = (
        action.progress_updates.filter(state=ProgressUpdate.State.APPROVED)
        .order_by(*LATEST_FIRST)
        .select_related("author")
        .first()
    )
    return render(
        request,
        "progress/progressupdate_form.html",
        {"form": form, "action": action, "latest": latest, "nav": "actions"},
    )


def get_update_for_user(request: HttpRequest, pk: int) -> ProgressUpdate:
    """The update, if the user may read its action; otherwise sign-in or 404."""
    update = get_object_or_404(ProgressUpdate.objects.select_related("action__plan", "author"), pk=pk)
    if not request.user.has_perm("actions.read_action", update.action):
        refuse_to_read(request)
    return update


# --- Corrections: the author (or an admin) while the update may still change


@login_required
@require_http_methods(["GET", "POST"])
def progress_update_correct_view(request: HttpRequest, pk: int) -> HttpResponse:
    update = get_update_for_user(request, pk)
    check_perm(request, "progress.correct_update", update)
    initial = {field: getattr(update, field) for field in ProgressUpdateForm.base_fields}
    form = ProgressUpdateForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            corrected = progress_update_correct(update=update, user=request.user, **form.cleaned_data)
        except UpdateRefused as reason:
            messages.error(request, str(reason))
        else:
            waiting = corrected.state == ProgressUpdate.State.SUBMITTED
            messages.success(
                request, "The update has been corrected" + (" and is awaiting approval." if waiting else ".")
            )
        return redirect("action-detail", pk=update.action_id)
    return render(
        request,
        "progress/progressupdate_correct.html",
        {"form": form, "update": update, "action": update.action, "nav": "actions"},
    )


@login_required
@require_http_methods(["GET", "POST"])
def progress_update_withdraw_view(request: HttpRequest, pk: int) -> HttpResponse:
    update = get_update_for_user(request, pk)
    check_perm(request, "progress.withdraw_update", update)
    if request.method == "POST":
        try:
            progress_update_withdraw(update=update, user=request.user)
        except UpdateRefused as reason:
            messages.error(request, str(reason))
        else:
            messages.success(request, "The update has been withdrawn.")
        return redirect("action-detail", pk=update.action_id)
    return render(
        request, "progress/progressupdate_withdraw.html", {"update": update, "action": update.action, "nav": "actions"}
    )


# --- Approval: lead officers of an owning organisation, and admins


@login_required
def approvals(request: HttpRequest) -> HttpResponse:
    check_perm(request, "progress.see_approvals", None)
    updates = ProgressUpdate.objects.awaiting_approval_by(request.user).select_related(
        "action__plan", "author__membership__organisation"
    )
    return render(request, "progress/approvals.html", {"updates": updates, "nav": "approvals"})


@login_required
@require_POST
def approval_approve(request: HttpRequest, pk: int) -> HttpResponse:
    update = get_update_for_user(request, pk)
    check_perm(request, "progress.review_update", update)
    try:
        progress_update_approve(update=update, user=request.user)
    except UpdateRefused as reason:
        messages.error(request, str(reason))
    else:
        messages.success(request, f"The update on {_named(update)} has been approved.")
    return redirect("approvals")


@login_required
@require_POST
def approvals_approve_selected(request: HttpRequest) -> HttpResponse:
    check_perm(request, "progress.see_approvals", None)
    chosen = [value for value in request.POST.getlist("update") if value.isdigit()]
    if not chosen:
        messages.error(request, "Select the updates to approve")
        return redirect("approvals")
    # The same rule as the list: only updates this user may approve.
    updates = ProgressUpdate.objects.awaiting_approval_by(request.user).filter(pk__in=chosen).select_related("action")
    approved, refused = progress_updates_approve(updates=list(updates), user=request.user)
    missed = len(set(chosen)) - approved - len(refused)
    if approved:
        messages.success(request, f"{approved} update{'s' if approved != 1 else ''} approved.")
    for reason in refused:
        messages.error(request, reason)
    if missed > 0:
        messages.error(request, f"{missed} of the selected updates were no longer awaiting your approval.")
    return redirect("approvals")


@login_required
@require_http_methods(["GET", "POST"])
def approval_return(request: HttpRequest, pk: int) -> HttpResponse:
    update = get_update_for_user(request, pk)
    check_perm(request, "progress.review_update", update)
    form = ReturnForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            progress_update_return(update=update, user=request.user, note=form.cleaned_data["note"])
        except UpdateRefused as reason:
            messages.error(request, str(reason))
        else:
            messages.success(request, f"The update on {_named(update)} has been returned to its author.")
        return redirect("approvals")
    return render(
        request,
        "progress/approval_return.html",
        {"form": form, "update": update, "action": update.action, "nav": "approvals"},
    )


def _named(update: ProgressUpdate) -> str:
    return f"action {update.action.reference}" if update.action.reference else "the action"
