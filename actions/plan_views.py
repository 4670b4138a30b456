"""The plan pages: each plan with its actions, so they live with the actions."""

from collections import defaultdict

from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from core.access import SignInRequired
from plans.access import get_plan_for_user
from plans.models import Plan

from .models import Action, Status
from .selectors import count_by_reported_status


def plan_list(request: HttpRequest) -> HttpResponse:
    plans = list(
        Plan.objects.visible_to(request.user)
        .select_related("organisation")
        .annotate(action_count=Count("actions"))
        .order_by("organisation__name", "title")
    )
    if not plans and not request.user.is_authenticated:
        raise SignInRequired
    counts = count_by_reported_status(Action.objects.filter(plan__in=[plan.pk for plan in plans]), by="plan_id")
    for plan in plans:
        plan.status_counts = [(status, status.label, counts[plan.pk][status]) for status in Status]
    return render(request, "plans/plan_list.html", {"plans": plans, "nav": "plans"})


def plan_detail(request: HttpRequest, slug: str) -> HttpResponse:
    plan = get_plan_for_user(request, slug)
    themes = list(plan.themes.all())
    actions = plan.actions.with_latest_update().order_by("position", "pk")
    actions_by_theme = defaultdict(list)
    for action in actions:
        actions_by_theme[action.theme_id].append(action)
    children = defaultdict(list)
    for theme in themes:
        theme.theme_actions = actions_by_theme[theme.pk]
        children[theme.parent_id].append(theme)
    for theme in themes:
        theme.child_themes = children[theme.pk]
    return render(
        request,
        "plans/plan_detail.html",
        {
            "plan": plan,
            "top_themes": children[None],
            "unthemed_actions": actions_by_theme[None],
            "action_count": len(actions),
            "nav": "plans",
        },
    )
