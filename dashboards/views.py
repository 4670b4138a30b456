import datetime

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from actions.models import Action
from core.access import check_perm
from core.forms import DATE_ERRORS, DateInput
from plans.access import get_plan_for_user
from plans.models import Plan, membership_of

from . import figures
from .charts import status_bars
from .forms import CommentaryForm
from .indicators import indicator_board
from .models import BoardCommentary
from .reports import report_actions, report_workbook
from .scope import overview_scope
from .sections import report_sections
from .services import board_commentary_save

STALE_CHOICES = [(30, "1 month"), (90, "3 months"), (180, "6 months"), (365, "a year")]


class PeriodForm(forms.Form):
    as_of = forms.DateField(
        label="As of", required=False, widget=DateInput, error_messages=DATE_ERRORS,
        help_text="Today, or an earlier day to see what a past board saw",
    )  # fmt: skip
    since = forms.DateField(
        label="Changes since", required=False, widget=DateInput, error_messages=DATE_ERRORS,
    )  # fmt: skip
    stale = forms.TypedChoiceField(label="Stale after no update for", choices=STALE_CHOICES, coerce=int, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[
            "since"
        ].help_text = (
            f"Usually the last board meeting; {settings.DASHBOARD_CHANGES_SINCE_DAYS} days before if left empty"
        )
        self.fields["stale"].empty_value = settings.DASHBOARD_STALE_AFTER_DAYS

    def period(self) -> figures.Period:
        data = self.cleaned_data if self.is_valid() else {}
        as_of = data.get("as_of") or timezone.localdate()
        since = data.get("since") or as_of - datetime.timedelta(days=settings.DASHBOARD_CHANGES_SINCE_DAYS)
        stale_days = data.get("stale") or settings.DASHBOARD_STALE_AFTER_DAYS
        return figures.Period(as_of=as_of, since=min(since, as_of), stale_days=stale_days)


def _period_form(request: HttpRequest) -> PeriodForm:
    return PeriodForm(request.GET or None, initial={"stale": settings.DASHBOARD_STALE_AFTER_DAYS})


def overview_data(request: HttpRequest) -> dict:
    form = _period_form(request)
    period = form.period()
    scope = overview_scope(request.user, request.GET.get("plans"))
    plans = scope.plans
    actions = Action.objects.filter(plan__in=[plan.pk for plan in plans])
    board = figures.build(
        actions, period, groups=[(plan.pk, plan.title) for plan in plans], group_by="plan_id", base_filters={}
    )
    for row, plan in zip(board.groups, plans, strict=True):
        row.link = reverse("plan-dashboard", args=[plan.slug])  # the plan's themes, one click away
    title = scope.name if scope.narrowed else "Partnership overview"
    return {"form": form, "board": board, "title": title, "group_name": "Plan", "plans": plans, "scope": scope}


def plan_data(request: HttpRequest, plan: Plan, commentary_form: CommentaryForm | None = None) -> dict:
    form = _period_form(request)
    period = form.period()
    themes = [(theme.pk, str(theme)) for theme in plan.themes.filter(parent=None)]
    board = figures.build(
        plan.actions.all(), period, groups=themes, group_by="top_theme", base_filters={"plan": plan.pk}
    )
    context = {"form": form, "board": board, "title": plan.title, "group_name": "Theme", "plan": plan}
    context["indicators"] = indicator_board([plan], period.as_of)
    context["commentaries"] = list(plan.board_commentaries.all())
    if request.user.has_perm("dashboards.write_commentary", plan):
        next_board = (
            plan.reporting_rounds.filter(board_on__gte=timezone.localdate())
            .order_by("board_on")
            .values_list("board_on", flat=True)
            .first()
        )
        context["commentary_form"] = commentary_form or CommentaryForm(next_board=next_board)
    return context


def _with_chart(context: dict) -> dict:
    board = context["board"]
    context["chart"] = status_bars(board.groups, title=f"Actions by latest status, by {context['group_name'].lower()}")
    context["nav"] = "dashboard"
    return context


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    return render(request, "dashboards/dashboard.html", _with_chart(overview_data(request)))


@login_required
def plan_dashboard(request: HttpRequest, slug: str) -> HttpResponse:
    return render(
        request, "dashboards/dashboard.html", _with_chart(plan_data(request, get_plan_for_user(request, slug)))
    )


@require_POST
@login_required
def plan_commentary(request: HttpRequest, slug: str) -> HttpResponse:
    plan = get_plan_for_user(request, slug)
    check_perm(request, "dashboards.write_commentary", plan)
    form = CommentaryForm(request.POST)
    if not form.is_valid():
        context = _with_chart(plan_data(request, plan, commentary_form=form))
        return render(request, "dashboards/dashboard.html", context, status=400)
    board_on = form.cleaned_data["board_on"]
    saved = board_commentary_save(plan, board_on, form.cleaned_data["text"], request.user)
    done = "saved" if saved else "taken away"
    messages.success(request, f"The commentary for the board on {board_on:%-d %B %Y} is {done}.")
    return redirect(f"{reverse('plan-dashboard', args=[plan.slug])}#commentary")


def _report_context(context: dict, plans: list[Plan], actions) -> dict:
    board = context["board"]
    scope = context.get("scope")
    context["sections"] = report_sections(
        report_actions(actions, board.period.as_of), plans, by_plan="plan" not in context,
        own=scope.circle if scope else set(),
    )  # fmt: skip
    if "indicators" not in context:  # the plan's come with its dashboard's data
        context["indicators"] = indicator_board(plans, board.period.as_of)
    commentaries = BoardCommentary.objects.for_report(plans, board.period.as_of)
    context["board_commentaries"] = [commentaries[plan.pk] for plan in plans if plan.pk in commentaries]
    return _with_chart(context)


@login_required
def report(request: HttpRequest) -> HttpResponse:
    context = overview_data(request)
    actions = Action.objects.filter(plan__in=context["plans"])
    return render(request, "dashboards/report.html", _report_context(context, context["plans"], actions))


@login_required
def plan_report(request: HttpRequest, slug: str) -> HttpResponse:
    plan = get_plan_for_user(request, slug)
    return render(
        request, "dashboards/report.html", _report_context(plan_data(request, plan), [plan], plan.actions.all())
    )


def _workbook_response(context: dict, actions, file_name: str) -> HttpResponse:
    board = context["board"]
    indicators = (
        context["indicators"] if "indicators" in context else indicator_board(context["plans"], board.period.as_of)
    )
    data = report_workbook(
        board, context["title"], context["group_name"], report_actions(actions, board.period.as_of), indicators
    )
    response = HttpResponse(data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = (
        f'attachment; filename="{file_name}-board-report-{board.period.as_of:%Y-%m-%d}.xlsx"'
    )
    return response


@login_required
def report_xlsx(request: HttpRequest) -> HttpResponse:
    context = overview_data(request)
    return _workbook_response(context, Action.objects.filter(plan__in=context["plans"]), "partnership")


@login_required
def plan_report_xlsx(request: HttpRequest, slug: str) -> HttpResponse:
    plan = get_plan_for_user(request, slug)
    return _workbook_response(plan_data(request, plan), plan.actions.all(), plan.slug)


def home(request: HttpRequest) -> HttpResponse:
    """Where signing in lands: a partnership chair on her partnership's
    dashboard, an admin on the partnership overview, an officer on their own actions."""
    if not request.user.is_authenticated:
        return redirect("login")
    membership = membership_of(request.user)
    if membership and membership.reads_everything:
        return redirect("dashboard")
    return redirect("my-actions")
