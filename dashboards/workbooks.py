"""A large board report's workbook, built by a job: asking for it, building
it, and who may download it (README, "Board report").

Who may see a workbook, its page or its file: anyone who may read every one
of the plans it covers (the person who asked too, only while they still may).
Everyone else is told it does not exist, as for a plan they may not read."""

import datetime
import logging

from django.db import transaction
from django.shortcuts import get_object_or_404
from django.utils import timezone

from core.access import refuse_to_read
from plans.models import Plan

from .figures import Period
from .models import BoardWorkbook
from .reports import report_workbook_of

logger = logging.getLogger(__name__)

NO_LONGER_READABLE = (
    "It was not built: the person who asked for it may no longer read every plan it covers. Ask for it again."
)
# A built workbook is a snapshot for one board; a week on, anyone who wants it asks
# again, and the megabytes it holds in the database go.
KEEP_DAYS = 7

BUILD_FAILED = "Something went wrong while building it. Ask for it again, or ask for help if it fails again."


def workbook_file_name(name: str, as_of) -> str:
    """A board workbook's file name, built at once or by the job: `name` is the plan's slug, or "partnership"."""
    return f"{name}-board-report-{as_of:%Y-%m-%d}.xlsx"


def _readable_by(user, plan_ids: set[int]) -> bool:
    return Plan.objects.visible_to(user).filter(pk__in=plan_ids).count() == len(plan_ids)


def may_read_workbook(user, workbook: BoardWorkbook) -> bool:
    plan_ids = {plan.pk for plan in workbook.plans.all()}
    if not plan_ids:  # its plans were deleted since
        return workbook.requested_by_id == user.pk
    return _readable_by(user, plan_ids)


def get_workbook_for_user(request, pk: int, *, with_content: bool = False) -> BoardWorkbook:
    """The workbook, if the user may read it; otherwise sign-in or 404. Its
    file (megabytes) is read only `with_content`."""
    workbooks = BoardWorkbook.objects.select_related("plan", "requested_by")
    workbook = get_object_or_404(workbooks if with_content else workbooks.defer("content"), pk=pk)
    if not request.user.is_authenticated or not may_read_workbook(request.user, workbook):
        refuse_to_read(request)
    return workbook


@transaction.atomic
def board_workbook_request(
    *, user, plans: list[Plan], plan: Plan | None, period: Period, title: str
) -> tuple[BoardWorkbook, bool]:
    """The workbook of this report for `user`, and whether it is new: the one
    already being built for the same plans and days, or a new record for the
    job to build (the caller queues it). Workbooks older than KEEP_DAYS are
    removed on the way."""
    BoardWorkbook.objects.filter(requested_at__lt=timezone.now() - datetime.timedelta(days=KEEP_DAYS)).delete()
    plan_ids = {p.pk for p in plans}
    waiting = BoardWorkbook.objects.filter(
        requested_by=user, plan=plan, status=BoardWorkbook.Status.BUILDING,
        as_of=period.as_of, since=period.since, stale_days=period.stale_days,
    ).prefetch_related("plans")  # fmt: skip
    for workbook in waiting:
        if {p.pk for p in workbook.plans.all()} == plan_ids:
            return workbook, False
    workbook = BoardWorkbook.objects.create(
        requested_by=user, plan=plan, title=title,
        as_of=period.as_of, since=period.since, stale_days=period.stale_days,
    )  # fmt: skip
    workbook.plans.set(plans)
    return workbook, True


def board_workbook_build(workbook: BoardWorkbook) -> BoardWorkbook:
    """Build the workbook, as the person who asked for it may see it now;
    mark it ready, or not built and why."""
    plans = list(workbook.plans.select_related("organisation", "partnership").order_by("organisation__name", "title"))
    if not _readable_by(workbook.requested_by, {plan.pk for plan in plans}):
        return _finish(workbook, BoardWorkbook.Status.FAILED, message=NO_LONGER_READABLE)
    period = Period(as_of=workbook.as_of, since=workbook.since, stale_days=workbook.stale_days)
    try:
        content = report_workbook_of(plans, workbook.plan, period, workbook.title)
    except Exception:
        logger.exception("Building board workbook %s failed", workbook.pk)
        _finish(workbook, BoardWorkbook.Status.FAILED, message=BUILD_FAILED)
        raise
    return _finish(workbook, BoardWorkbook.Status.READY, content=content)


def _finish(workbook: BoardWorkbook, status: str, *, message: str = "", content: bytes | None = None) -> BoardWorkbook:
    workbook.status, workbook.message, workbook.content = status, message, content
    workbook.finished_at = timezone.now()
    workbook.save(update_fields=["status", "message", "content", "finished_at"])
    return workbook
