from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from core.access import SignInRequired, check_perm, refuse_to_read
from plans.models import Plan, membership_of, theme_path

from .filters import MORE_FILTERS, ActionFilter
from .forms import ActionForm
from .models import Action, updates_latest_first
from .schedule import next_update_due_of, next_update_in_words, update_is_late
from .selectors import with_next_update_due
from .services import EditConflict, action_update

PAGE_SIZE = 25


def get_action_for_user(request: HttpRequest, pk: int, queryset=None) -> Action:
    """The action, if the user may read it; otherwise sign-in or 404."""
    queryset = queryset if queryset is not None else Action.objects.all()
    action = get_object_or_404(queryset.select_related("plan"), pk=pk)
    if not request.user.has_perm("actions.read_action", action):
        refuse_to_read(request)
    return action


def action_list(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated and not Plan.objects.visible_to(request.user).exists():
        raise SignInRequired
    action_filter = ActionFilter(request.GET or None, user=request.user)
    actions = action_filter.qs.select_related("plan", "theme")
    page = Paginator(actions, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "actions/action_list.html",
        {
            "filter": action_filter,
            "page_obj": page,
            "querystring": _without(request.GET, "page"),
            "sort_querystring": _without(request.GET, "page", "sort"),
            "current_sort": request.GET.get("sort", ""),
            "more_filters": MORE_FILTERS,
            "more_filters_used": any(request.GET.get(name) for name in MORE_FILTERS),
            "nav": "actions",
        },
    )


def _without(params, *names: str) -> str:
    query = params.copy()
    for name in names:
        query.pop(name, None)
    return query.urlencode()


def action_detail(request: HttpRequest, pk: int) -> HttpResponse:
    queryset = (
        Action.objects.with_latest_update()
        .select_related(theme_path()[-1], "continues__plan")
        .prefetch_related(
            "owner_organisations",
            "indicators",
            Prefetch("continued_by", queryset=Action.objects.select_related("plan")),
        )
    )
    action = get_action_for_user(request, pk, queryset)
    updates = action.progress_updates.select_related("author").order_by(*updates_latest_first())
    return render(
        request,
        "actions/action_detail.html",
        {
            "action": action,
            "updates": updates,
            "next_update": next_update_in_words(action, timezone.localdate()),
            "update_is_late": update_is_late(next_update_due_of(action), timezone.localdate()),
            "can_post_update": request.user.has_perm("progress.post_update", action),
            "can_edit": request.user.has_perm("actions.edit_action", action),
            "nav": "actions",
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def action_edit(request: HttpRequest, pk: int) -> HttpResponse:
    action = get_action_for_user(request, pk)
    check_perm(request, "actions.edit_action", action)
    can_change_owners = membership_of(request.user).is_admin
    form = ActionForm(request.POST or None, instance=action, can_change_owners=can_change_owners)
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            action_update(
                action=form.instance,
                user=request.user,
                expected_version=form.cleaned_data["version"],
                m2m={"owner_organisations": form.cleaned_data["owner_organisations"]} if can_change_owners else None,
            )
        except EditConflict as error:
            conflict = error.current
            # Keep their text, but against the version now saved, so that saving
            # again after checking it goes through.
            data = request.POST.copy()
            data["version"] = conflict.version
            form = ActionForm(data, instance=Action.objects.get(pk=action.pk), can_change_owners=can_change_owners)
            form.is_valid()
            form.add_error(None, _conflict_message(conflict))
        else:
            messages.success(request, "The action has been saved.")
            return redirect("action-detail", pk=action.pk)
    return render(
        request, "actions/action_form.html", {"form": form, "action": action, "conflict": conflict, "nav": "actions"}
    )


def _conflict_message(current: Action) -> str:
    record = current.history.select_related("history_user").first()
    who = (
        f" by {record.history_user.get_full_name() or record.history_user.username}"
        if record and record.history_user
        else ""
    )
    return (
        f"Someone else saved changes to this action{who} while you were editing it, so your changes have not "
        "been saved. Your text is still in the form below: check it against the saved version shown, then "
        "save again."
    )


@login_required
def my_actions(request: HttpRequest) -> HttpResponse:
    membership = membership_of(request.user)
    organisation = membership.organisation if membership else None
    actions = []
    if organisation:
        owned = (
            Action.objects.owned_by(organisation)
            .visible_to(request.user)
            .with_latest_update()
            .select_related("plan", "theme")
        )
        actions = with_next_update_due(owned)
    page = Paginator(actions, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "actions/my_actions.html",
        {"organisation": organisation, "page_obj": page, "querystring": "", "nav": "my-actions"},
    )
