"""The indicator pages: the list, one indicator's page (its chart, its figures
as a table, the actions and themes working towards it, and every report of
its figures), and the forms that enter figures and targets.

Every view fetches the indicator for the user first, so that one who may not
read it learns nothing (404), then checks they may enter figures (403)."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from actions.models import Action, Indicator
from core.access import check_perm, refuse_to_read
from plans.models import Plan, Theme

from .charts import figures_chart
from .figures import figures_for, target_for
from .filters import IndicatorFilter
from .forms import ObservationForm, TargetsForm
from .models import ObservationPart, Target
from .numbers import show_figure
from .periods import period_label
from .rules import readable_indicators
from .services import observation_record, target_set
from .status import status_against


def get_indicator_for_user(request: HttpRequest, pk: int, perm: str | None = None) -> Indicator:
    """The indicator, if the user may read it (and has `perm` on it, when given); otherwise sign-in, 404 or 403."""
    indicator = get_object_or_404(Indicator.objects.select_related("organisation"), pk=pk)
    if not request.user.has_perm("indicators.read_indicator", indicator):
        refuse_to_read(request)
    if perm:
        check_perm(request, perm, indicator)
    return indicator


@login_required
def indicator_list(request: HttpRequest) -> HttpResponse:
    indicators = readable_indicators(request.user, Indicator.objects.all()).select_related("organisation")
    indicator_filter = IndicatorFilter(request.GET or None, queryset=indicators, user=request.user)
    as_of, as_of_error = read_as_of(request)  # so that a dashboard's "as of" count leads to the same indicators
    if as_of and as_of >= timezone.localdate():
        as_of = None
    figures = figures_for(indicator_filter.qs, as_of=as_of)
    rows = [row for row in figures.values() if indicator_filter.keeps(row)]
    return render(
        request,
        "indicators/indicator_list.html",
        {
            "filter": indicator_filter,
            "rows": rows,
            "filtered": bool(request.GET),
            "nav": "indicators",
            "may_import": request.user.has_perm("indicators.import_figures"),
        },
    )


def read_as_of(request: HttpRequest) -> tuple[datetime.date | None, str]:
    """The day asked for in ?as_of=YYYY-MM-DD, or None for today; and an error when it is not a date."""
    text = request.GET.get("as_of", "").strip()
    if not text:
        return None, ""
    try:
        return datetime.date.fromisoformat(text), ""
    except ValueError:
        return None, f"“{text}” is not a date like 2025-03-31: showing the figures as known today"


@login_required
def indicator_detail(request: HttpRequest, pk: int) -> HttpResponse:
    indicator = get_indicator_for_user(request, pk)
    as_of, as_of_error = read_as_of(request)
    figures = figures_for([indicator], as_of=as_of)[indicator.pk]
    plans = Plan.objects.visible_to(request.user)
    actions = (
        Action.objects.filter(indicators=indicator, plan__in=plans)
        .with_latest_update(as_of)
        .select_related("plan")
        .order_by("plan__title", "position", "pk")
    )
    themes = Theme.objects.filter(indicators=indicator, plan__in=plans).select_related("plan").order_by("plan__title")
    history = [report for period in reversed(figures.periods) for report in reversed(period.reports)]
    parts: dict[int, list] = {}
    for part in ObservationPart.objects.filter(observation__in=[report.pk for report in history]):
        parts.setdefault(part.observation_id, []).append(part)
    for report in history:
        report.breakdown = parts.get(report.pk, [])
        report.label = period_label(indicator.frequency, report.period_end)
    return render(
        request,
        "indicators/indicator_detail.html",
        {
            "indicator": indicator,
            "figures": figures,
            "rows": rows_of(figures),
            "chart": figures_chart(figures, title=f"{indicator}: figures against targets over time"),
            "actions": actions,
            "themes": themes,
            "history": history,
            "as_of": as_of,
            "as_of_error": as_of_error,
            "can_enter": request.user.has_perm("indicators.enter_figures", indicator),
            "nav": "indicators",
        },
    )


def rows_of(figures) -> list[dict]:
    """The table of figures: each period's figure and target, and its status against the target
    set for that period or, where none was, the latest one set before it (as figures_for measures)."""
    indicator = figures.indicator
    targets = {period.period_end: period.target for period in figures.periods if period.target is not None}
    rows = []
    for period in figures.periods:
        target = target_for(targets, period.period_end)
        status = status_against(period.value, target, indicator.better, indicator.tolerance)
        rows.append({"period": period, "target": target, "carried": period.target is None, "status": status})
    return rows


@login_required
@require_http_methods(["GET", "POST"])
def observation_new(request: HttpRequest, pk: int) -> HttpResponse:
    indicator = get_indicator_for_user(request, pk, "indicators.enter_figures")
    form = ObservationForm(request.POST or None, indicator=indicator)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            observation = observation_record(
                indicator, data["period"], data["value"], request.user, reported_on=data["reported_on"],
                numerator=data["numerator"], denominator=data["denominator"], source=data["source"],
                note=data["note"], reason=data["reason"], parts=data["parts"],
            )  # fmt: skip
        except ValidationError as error:
            form.add_error(field_of(error), error)
        else:
            what = "correction" if observation.reason else "figure"
            label = period_label(indicator.frequency, observation.period_end)
            messages.success(
                request, f"The {what} for {label} is saved: {show_figure(observation.value, indicator.unit)}."
            )
            return redirect("indicator-detail", pk=indicator.pk)
    return render(
        request, "indicators/observation_form.html", {"indicator": indicator, "form": form, "nav": "indicators"}
    )


def field_of(error: ValidationError) -> str | None:
    """The form field a service's refusal is about, so the error summary links to it."""
    return {"reason_required": "reason", "denominator": "denominator", "parts_sum": "part_1_value"}.get(
        getattr(error, "code", None)
    )


@login_required
@require_http_methods(["GET", "POST"])
def targets_edit(request: HttpRequest, pk: int) -> HttpResponse:
    indicator = get_indicator_for_user(request, pk, "indicators.enter_figures")
    targets = list(Target.objects.filter(indicator=indicator).order_by("period_end"))
    form = TargetsForm(request.POST or None, indicator=indicator, targets=targets)
    if request.method == "POST" and form.is_valid():
        current = {target.period_end: target.value for target in targets}
        changes = {day: value for day, value in form.cleaned_data["changes"].items() if current.get(day) != value}
        targets_save(indicator, changes, request.user)
        messages.success(request, f"The targets are saved: {changed_in_words(len(changes))}.")
        return redirect("indicator-detail", pk=indicator.pk)
    return render(request, "indicators/targets_form.html", {"indicator": indicator, "form": form, "nav": "indicators"})


@transaction.atomic
def targets_save(indicator, changes: dict, user) -> None:
    """All the changed targets, or none."""
    for day, value in changes.items():
        target_set(indicator, day, value, user)


def changed_in_words(count: int) -> str:
    return "nothing changed" if not count else f"{count} period{'s' if count != 1 else ''} changed"
