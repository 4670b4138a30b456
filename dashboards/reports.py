"""The board report: a dashboard as board papers, to print or as a workbook."""

from django.conf import settings

from actions.models import ReviewCadence, Status
from plans.models import theme_path
from spreadsheets import Sheet, write_xlsx

from .figures import Dashboard


def report_actions(actions, as_of):
    """Each action with its latest update as it stood on `as_of`, in plan order."""
    return (
        actions.with_latest_narrative(as_of)
        .select_related("plan", theme_path()[-1])
        .order_by("plan__title", "plan_id", "position", "pk")
    )


def top_theme_of(action):
    return action.theme.top() if action.theme else None


def report_workbook(board: Dashboard, title: str, group_name: str, actions) -> bytes:
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
    rows = [
        [
            action.plan.title,
            str(top_theme_of(action) or ""),
            action.reference,
            action.text,
            action.owners,
            action.due_date,
            ReviewCadence(action.review_cadence).label if action.review_cadence else "",
            Status(action.reported_status).label,
            action.latest_update_on,
            action.latest_narrative or "",
        ]
        for action in actions
    ]
    headers = ["Plan", "Theme", "Reference", "Action", "Owners", "Due date", "Review cadence", "Latest status",
               "Latest update date", "Latest update"]  # fmt: skip
    widths = {"Plan": 30, "Theme": 30, "Action": 60, "Owners": 30, "Latest update": 60}
    return write_xlsx([
        Sheet("Summary", ["Board report", ""], summary, widths={"Board report": 45, "": 30}),
        Sheet("Actions", headers, rows, widths=widths),
    ])  # fmt: skip
