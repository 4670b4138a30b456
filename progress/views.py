from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from actions.views import get_action_for_user
from core.access import check_perm

from .forms import ProgressUpdateForm
from .models import LATEST_FIRST
from .services import progress_update_create


@login_required
@require_http_methods(["GET", "POST"])
def progress_update_new(request: HttpRequest, action_pk: int) -> HttpResponse:
    action = get_action_for_user(request, action_pk)
    check_perm(request, "progress.post_update", action)
    form = ProgressUpdateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        progress_update_create(action=action, author=request.user, **form.cleaned_data)
        messages.success(request, "Your progress update has been saved.")
        return redirect("action-detail", pk=action.pk)
    latest = action.progress_updates.order_by(*LATEST_FIRST).select_related("author").first()
    return render(
        request,
        "progress/progressupdate_form.html",
        {"form": form, "action": action, "latest": latest, "nav": "actions"},
    )
