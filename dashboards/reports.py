"""The board report: a dashboard as board papers, to print or as a workbook."""

from dataclasses import dataclass

from django.conf import settings
from django.db.models import BooleanField, ExpressionWrapper, Prefetch

from actions.models import Action, ReviewCadence, Status
from actions.schedule import overdue_q
from plans.models import Organisation, Plan, theme_path
from spreadsheets import Sheet, write_xlsx

from . import figures
from .figures import Dashboard
from .indicators import IndicatorBoard, indicator_board

# A report of up to this many actions lists every one of them, and its
# workbook is built while the page waits. A larger one lists what a board
# reads (the figures, and the overdue, late, off-track and changed actions by
# name, each list capped with a link to the rest), links to the full action
# list, and builds its workbook as a job (dashboards.tasks). At 20,000 actions
# listing every one took 3.6 s and 12.7 MB of HTML; README, "Board report".
FULL_LIST_UP_TO = 200
OFF_TRACK_LENGTH = 20  # like figures.CHANGES_LENGTH: the rest are a link away


def lists_every_action(board: Dashboard) -> bool:
    return board.counts["actions"] <= FULL_LIST_UP_TO


@dataclass
class OffTrack:
    actions: list  # the first OFF_TRACK_LENGTH, each with its latest update
    count: int  # all of them
    link: str  # the action-list query for all of them

    @property
    def more(self) -> int:
        return self.count - len(self.actions)


def off_track_of(board: Dashboard, actions) -> OffTrack:
    """The actions off track as of the board's day, in plan order, each with
    its latest update then: what a board asks about first. One query; how
    many there are in all is the dashboard's own count."""
    as_of = board.period.as_of
    listed = (
        actions.with_latest_narrative(as_of)
        .filter(reported_status=Status.OFF_TRACK)
        .select_related("plan")
        .order_by("plan__title", "plan_id", "position", "pk")
    )
    count = board.totals.counts.get(Status.OFF_TRACK, 0)
    return OffTrack(list(listed[:OFF_TRACK_LENGTH]), count, board.link(status=Status.OFF_TRACK))


def report_board(plans: list[Plan], plan: Plan | None, period: figures.Period) -> tuple[Dashboard, str]:
    """The dashboard a report stands on, and what its rows are ("Plan" or
    "Theme"): one plan's themes, or a row per plan. The same figures as the
    dashboards' own (dashboards.views), for a job that has no request."""
    if plan is not None:
        return figures.plan_board(plan, period), "Theme"
    return figures.overview_board(plans, period), "Plan"


def report_workbook_of(plans: list[Plan], plan: Plan | None, period: figures.Period, title: str) -> bytes:
    """The board workbook of `plans` (or of `plan` alone) for `period`: what
    a job builds for a large report (dashboards.workbooks)."""
    board, group_name = report_board(plans, plan, period)
    actions = plan.actions.all() if plan is not None else Action.objects.filter(plan__in=plans)
    indicators = indicator_board([plan] if plan is not None else plans, period.as_of)
    return report_workbook(board, title, group_name, report_actions(actions, period.as_of), indicators)


def report_actions(actions, as_of):
    """Each action with its latest update as it stood on `as_of`, in plan order,
    whether it was `overdue` then, and its owner organisations by name (one
    query more, however many actions)."""
    return (
        actions.with_latest_narrative(as_of)
        .annotate(overdue=ExpressionWrapper(overdue_q(as_of), output_field=BooleanField()))
        .select_related("plan", theme_path()[-1])
        .prefetch_related(Prefetch("owner_organisations", queryset=Organisation.objects.order_by("name")))
        .order_by("plan__title", "plan_id", "position", "pk")
    )


def top_theme_of(action):
    return action.theme.top() if action.theme else None


def report_workbook(board: Dashboard, title: str, group_name: str, actions, indicators: IndicatorBoard) -> bytes:
    period = board.period
    summary = [
        ["Report", title],
        ["As of", period.as_of],
        ["Changes since", period.since],
        [],
        ["Actions", board.counts["actions"]],
        ["Overdue (due date passed, not completed)", board.counts["overdue"]],
        ["Updates late", board.counts["late"]],
        [f"Updates due in the next {settings.UPDATE_DUE_SOON_DAYS} days", board.counts["due_soon"]],
        [f"Stale (no update since {period.stale_before:%d/%m/%Y})", board.counts["stale"]],
        ["New progress updates since", board.counts["new_updates"]],
        ["Newly overdue since", board.counts["newly_overdue"]],
        ["Newly completed since", board.counts["newly_completed"]],
        [],
        [group_name, *[label for _, label, _, _ in board.totals.cells], "All"],
    ]
    for row in [*board.groups, board.totals]:
        summary.append([row.label, *[count for _, _, count, _ in row.cells], row.total])
    summary += [[], ["Owner organisation", "Owns", "Off track", "Overdue", "Updates late", "Stale"]]
    summary += [[o["name"], o["owned"], o["off_track"], o["overdue"], o["late"], o["stale"]] for o in board.owners]
    summary += [[], ["Status changed from", "To", "Actions"]]
    summary += [[t["from_label"], t["to_label"], t["count"]] for t in board.transitions]
    return write_xlsx([
        Sheet("Summary", ["Board report", ""], summary, widths={"Board report": 45, "": 30}, autofilter=False,
              fit_width=True),
        _actions_sheet(actions, period.as_of),
        _indicators_sheet(indicators),
    ])  # fmt: skip


def _actions_sheet(actions, as_of) -> Sheet:
    """One row per action (from `report_actions`); the days counted as of the report's day."""
    rows = [
        [
            action.plan.title,
            str(top_theme_of(action) or ""),
            action.reference,
            action.text,
            action.owners,
            "; ".join(organisation.name for organisation in action.owner_organisations.all()),
            action.due_date,
            _days_since(action.due_date, as_of) if action.overdue else None,
            ReviewCadence(action.review_cadence).label if action.review_cadence else "",
            Status(action.reported_status).label,
            action.latest_update_on,
            _days_since(action.latest_update_on, as_of),
            action.latest_narrative or "",
        ]
        for action in actions
    ]
    headers = ["Plan", "Theme", "Reference", "Action", "Owners", "Owner organisations", "Due date", "Days overdue",
               "Review cadence", "Latest status", "Latest update date", "Days since last update", "Latest update"]  # fmt: skip
    # Narrow enough that, shrunk to one landscape page wide, the text stays readable.
    widths = {"Plan": 18, "Theme": 18, "Reference": 10, "Action": 40, "Owners": 22, "Owner organisations": 22,
              "Due date": 11, "Days overdue": 9, "Review cadence": 11, "Latest status": 12,
              "Latest update date": 11, "Days since last update": 9, "Latest update": 40}  # fmt: skip
    return Sheet("Actions", headers, rows, widths=widths, fit_width=True)


def _indicators_sheet(indicators: IndicatorBoard) -> Sheet:
    """One row per indicator, as the printed report's indicators table: its
    latest figure as known on the report's day, and where that was since
    restated, what was first reported."""
    rows = [
        [
            row.indicator.title,
            row.period,
            row.figure if row.figures.latest else None,
            row.first_reported,
            row.target if row.figures.target is not None else None,
            row.better,
            row.status.label,
        ]
        for row in indicators.rows
    ]
    headers = ["Indicator", "Period", "Latest figure", "First reported", "Target", "Which way is better", "Status"]
    widths = {"Indicator": 45, "Period": 18, "Latest figure": 14, "First reported": 28, "Target": 14,
              "Which way is better": 16, "Status": 16}  # fmt: skip
    return Sheet("Indicators", headers, rows, widths=widths, fit_width=True)


def _days_since(day, as_of) -> int | None:
    return (as_of - day).days if day is not None else None
