import datetime

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from actions.models import Action
from core.access import check_perm
from core.downloads import download
from core.forms import DATE_ERRORS, DateInput
from plans.access import get_plan_for_user
from plans.models import Plan, membership_of

from . import cache as dashboard_cache
from . import figures
from .charts import status_bars
from .forms import CommentaryForm
from .indicators import IndicatorBoard, indicator_board
from .models import BoardCommentary, BoardWorkbook
from .reports import lists_every_action, off_track_of, report_actions, report_workbook
from .scope import overview_scope
from .sections import report_sections
from .services import board_commentary_save
from .tasks import build_board_workbook
from .workbooks import board_workbook_request, get_workbook_for_user, workbook_file_name

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


def overview_data(request: HttpRequest, cached: bool = False) -> dict:
    """`cached`: the figures may come from the cache (dashboards.cache), for the page."""
    form = _period_form(request)
    period = form.period()
    scope = overview_scope(request.user, request.GET.get("plans"))
    plans = scope.plans

    def build() -> tuple[figures.Dashboard, None]:
        board = figures.overview_board(plans, period)
        for row, plan in zip(board.groups, plans, strict=True):
            row.link = reverse("plan-dashboard", args=[plan.slug])  # the plan's themes, one click away
        return board, None

    shown = ",".join(str(plan.pk) for plan in plans)  # the reader's plans, in order
    board, _, board_html = _board(request, f"overview:{shown}", period, build, cached, group_name="Plan")
    title = scope.name if scope.narrowed else "Partnership overview"
    return {
        "form": form, "board": board, "board_html": board_html, "title": title, "group_name": "Plan", "plans": plans,
        "scope": scope,
    }  # fmt: skip


def _board(request: HttpRequest, name: str, period, build, cached: bool, **context):
    """The board and indicators `build` makes, and, where `cached`, their
    section as rendered: from the cache when it has them for this query
    string, period and data version (dashboards.cache)."""
    if not cached:
        return *build(), ""
    return dashboard_cache.cached(
        f"{name}?{request.GET.urlencode()}", period, lambda: _rendered(request, *build(), **context)
    )


def _rendered(request: HttpRequest, board: figures.Dashboard, indicators: IndicatorBoard | None = None, **context):
    """The board, its indicators and its figures rendered as the page shows them
    (dashboards/_board.html): what the cache keeps. Rendered from these and the
    query string alone, never the reader's context (her name, navigation, CSRF token)."""
    context = _with_chart({"board": board, "indicators": indicators, "request": request, **context})
    return board, indicators, render_to_string("dashboards/_board.html", context)


def plan_data(
    request: HttpRequest, plan: Plan, commentary_form: CommentaryForm | None = None, cached: bool = False
) -> dict:
    """`cached`: the figures and indicators may come from the cache (dashboards.cache), for the page;
    the commentaries never do."""
    form = _period_form(request)
    period = form.period()

    def build() -> tuple[figures.Dashboard, IndicatorBoard]:
        return figures.plan_board(plan, period), indicator_board([plan], period.as_of)

    board, indicators, board_html = _board(
        request, f"plan:{plan.pk}", period, build, cached, group_name="Theme", plan=plan
    )
    context = {"form": form, "board": board, "title": plan.title, "group_name": "Theme", "plan": plan}
    context["indicators"], context["board_html"] = indicators, board_html
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
    return render(request, "dashboards/dashboard.html", _with_chart(overview_data(request, cached=True)))


@login_required
def plan_dashboard(request: HttpRequest, slug: str) -> HttpResponse:
    return render(
        request,
        "dashboards/dashboard.html",
        _with_chart(plan_data(request, get_plan_for_user(request, slug), cached=True)),
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
    """Every action, section by section; or, for a large report, what a board
    reads (dashboards.reports.FULL_LIST_UP_TO) and links to the rest."""
    board = context["board"]
    scope = context.get("scope")
    context["lists_every_action"] = lists_every_action(board)
    if context["lists_every_action"]:
        context["sections"] = report_sections(
            report_actions(actions, board.period.as_of), plans, by_plan="plan" not in context,
            own=scope.circle if scope else set(),
        )  # fmt: skip
    else:
        context["off_track"] = off_track_of(board, actions)
    if "indicators" not in context:  # the plan's come with its dashboard's data
        context["indicators"] = indicator_board(plans, board.period.as_of)
    commentaries = BoardCommentary.objects.for_report(plans, board.period.as_of)
    context["board_commentaries"] = [commentaries[plan.pk] for plan in plans if plan.pk in commentaries]
    return _with_chart(context)


@login_required
def report(request: HttpRequest) -> HttpResponse:
    # The figures are the dashboard's: the chair's way here, from the dashboard, finds them in the cache.
    context = overview_data(request, cached=True)
    actions = Action.objects.filter(plan__in=context["plans"])
    return render(request, "dashboards/report.html", _report_context(context, context["plans"], actions))


@login_required
def plan_report(request: HttpRequest, slug: str) -> HttpResponse:
    plan = get_plan_for_user(request, slug)
    return render(
        request,
        "dashboards/report.html",
        _report_context(plan_data(request, plan, cached=True), [plan], plan.actions.all()),
    )


def _workbook_response(request: HttpRequest, context: dict, actions, file_name: str, plan: Plan | None = None):
    """The board workbook at once; or, for a large report, a page that asks
    for it to be built by a job (POST), and then follows the job."""
    board = context["board"]
    if not lists_every_action(board):
        if request.method != "POST":
            return render(request, "dashboards/report_workbook.html", {**context, "workbook": None})
        workbook, created = board_workbook_request(
            user=request.user, plans=[plan] if plan else context["plans"], plan=plan, period=board.period,
            title=context["title"],
        )  # fmt: skip
        if created:  # committed with this request, so a worker never looks for a record it cannot see yet
            build_board_workbook.enqueue(workbook.pk)
        return redirect("report-workbook", pk=workbook.pk)
    indicators = (
        context["indicators"] if "indicators" in context else indicator_board(context["plans"], board.period.as_of)
    )
    data = report_workbook(
        board, context["title"], context["group_name"], report_actions(actions, board.period.as_of), indicators
    )
    return download(data, workbook_file_name(file_name, board.period.as_of))


@login_required
@require_http_methods(["GET", "POST"])
def report_xlsx(request: HttpRequest) -> HttpResponse:
    context = overview_data(request, cached=True)
    return _workbook_response(request, context, Action.objects.filter(plan__in=context["plans"]), "partnership")


@login_required
@require_http_methods(["GET", "POST"])
def plan_report_xlsx(request: HttpRequest, slug: str) -> HttpResponse:
    plan = get_plan_for_user(request, slug)
    return _workbook_response(request, plan_data(request, plan, cached=True), plan.actions.all(), plan.slug, plan)


@login_required
def workbook_page(request: HttpRequest, pk: int) -> HttpResponse:
    """A workbook being built, and then its download; `?format=json` is its
    status, for the page to poll (frontend/app.js)."""
    workbook = get_workbook_for_user(request, pk)
    building = workbook.status == BoardWorkbook.Status.BUILDING
    if request.GET.get("format") == "json":
        return JsonResponse({"status": workbook.status, "running": building, "progress": ""})
    return render(request, "dashboards/report_workbook.html", {"workbook": workbook, "building": building})


@login_required
def workbook_download(request: HttpRequest, pk: int) -> HttpResponse:
    workbook = get_workbook_for_user(request, pk, with_content=True)
    if workbook.status != BoardWorkbook.Status.READY or workbook.content is None:
        raise Http404("This workbook has not been built.")
    return download(bytes(workbook.content), workbook_file_name(workbook.name, workbook.as_of))


def home(request: HttpRequest) -> HttpResponse:
    """Where signing in lands: a partnership chair on her partnership's
    dashboard, an admin on the partnership overview, an officer on their own actions."""
    if not request.user.is_authenticated:
        return redirect("login")
    membership = membership_of(request.user)
    if membership and membership.reads_everything:
        return redirect("dashboard")
    return redirect("my-actions")
