"""A plan's settings page: its details, its reporting rounds, the pattern they
repeat on, and one round at a time. Admins, and the lead officers of the
organisation that owns the plan (`plans.change_plan_settings`).
Every view fetches the plan for the user first, so that one who may not read
it learns nothing (404), then checks they may change its settings (403)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from core.access import check_perm
from plans.access import get_plan_for_user
from plans.models import Plan, ReportingPattern, ReportingRound, long_date
from plans.services import (
    plan_details_save,
    reporting_horizon,
    reporting_pattern_remove,
    reporting_pattern_save,
    reporting_round_delete,
    reporting_round_save,
)

from .plan_forms import PlanDetailsForm
from .round_forms import ReportingPatternForm, ReportingRoundForm


def get_plan_to_set(request: HttpRequest, slug: str) -> Plan:
    plan = get_plan_for_user(request, slug)
    check_perm(request, "plans.change_plan_settings", plan)
    return plan


@login_required
def plan_settings(request: HttpRequest, slug: str) -> HttpResponse:
    plan = get_plan_to_set(request, slug)
    today = timezone.localdate()
    rounds = list(plan.reporting_rounds.all())
    return render(
        request,
        "plans/plan_settings.html",
        {
            "plan": plan,
            "pattern": ReportingPattern.objects.filter(plan=plan).first(),
            "horizon": reporting_horizon(plan, today),
            "plan_has_ended": bool(plan.ends_on and plan.ends_on < today),
            "coming_rounds": [r for r in rounds if r.updates_due_on >= today],
            "past_rounds": [r for r in rounds if r.updates_due_on < today][::-1],
            "nav": "plans",
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def plan_details_edit(request: HttpRequest, slug: str) -> HttpResponse:
    plan = get_plan_to_set(request, slug)
    # The form changes its own copy, so that a refused save leaves the page's plan as it was.
    form = PlanDetailsForm(request.POST or None, instance=Plan.objects.get(pk=plan.pk))
    if request.method == "POST" and form.is_valid():
        try:
            plan_details_save(plan=form.instance, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "The plan's details are saved.")
            return redirect("plan-settings", slug=plan.slug)
    return render(request, "plans/plan_details_form.html", {"plan": plan, "form": form, "nav": "plans"})


@login_required
@require_http_methods(["GET", "POST"])
def pattern_edit(request: HttpRequest, slug: str) -> HttpResponse:
    plan = get_plan_to_set(request, slug)
    pattern = ReportingPattern.objects.filter(plan=plan).first() or ReportingPattern(plan=plan)
    form = ReportingPatternForm(request.POST or None, instance=pattern)
    if request.method == "POST" and form.is_valid():
        try:
            written = reporting_pattern_save(plan=plan, pattern=form.instance, today=timezone.localdate())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            rounds = f"{len(written)} round{'s' if len(written) != 1 else ''}"
            messages.success(request, f"The pattern is saved, with {rounds} from today on.")
            return redirect("plan-settings", slug=plan.slug)
    return render(request, "plans/pattern_form.html", {"plan": plan, "form": form, "nav": "plans"})


@login_required
@require_POST
def pattern_remove(request: HttpRequest, slug: str) -> HttpResponse:
    plan = get_plan_to_set(request, slug)
    removed = reporting_pattern_remove(plan=plan, today=timezone.localdate())
    messages.success(request, f"Rounds no longer repeat; {removed} round{'s' if removed != 1 else ''} to come removed.")
    return redirect("plan-settings", slug=plan.slug)


@login_required
@require_http_methods(["GET", "POST"])
def round_edit(request: HttpRequest, slug: str, pk: int | None = None) -> HttpResponse:
    """Add a round (no `pk`) or change one."""
    plan = get_plan_to_set(request, slug)
    reporting_round = get_object_or_404(ReportingRound, plan=plan, pk=pk) if pk else ReportingRound(plan=plan)
    form = ReportingRoundForm(request.POST or None, instance=reporting_round)
    if request.method == "POST" and form.is_valid():
        try:
            saved = reporting_round_save(reporting_round=form.instance, plan=plan)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"The round with updates due {long_date(saved.updates_due_on)} is saved.")
            return redirect("plan-settings", slug=plan.slug)
    return render(
        request,
        "plans/round_form.html",
        {"plan": plan, "form": form, "reporting_round": reporting_round, "nav": "plans"},
    )


@login_required
@require_http_methods(["GET", "POST"])
def round_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    plan = get_plan_to_set(request, slug)
    reporting_round = get_object_or_404(ReportingRound, plan=plan, pk=pk)
    if request.method == "POST":
        reporting_round_delete(reporting_round=reporting_round)
        messages.success(request, f"The round with updates due {long_date(reporting_round.updates_due_on)} is deleted.")
        return redirect("plan-settings", slug=plan.slug)
    return render(
        request, "plans/round_delete.html", {"plan": plan, "reporting_round": reporting_round, "nav": "plans"}
    )
