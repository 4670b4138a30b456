"""When an action's next progress update is due, and when it is late: the one
rule every page, dashboard, list filter and report uses.

- An action reviewed every N months (its review cadence) is next due for an
  update N months after its last activity: its latest dated update, or the
  day it was recorded here if it has none.
- An action with no review cadence is due for an update by its due date,
  unless an update is dated on or after that day; with neither, no update is
  ever due.
- A completed action is never due.
- The update is late when the day it was due has passed; it is due soon when
  it falls due today or within the next `settings.UPDATE_DUE_SOON_DAYS` days.

`next_update_due` is the rule in Python, for one action; `update_late_q` and
`update_due_soon_q` are the same rule as database filters, for lists and
dashboards. A test checks they agree on every case.
"""

import calendar
import datetime

from django.conf import settings
from django.db.models import F, Q
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone

from .choices import ReviewCadence, Status

# How pages explain the words, beside the figures and filters that use them.
LATE_HELP = (
    "An update is late when it was due before today: an action reviewed every few months is due that long "
    "after its last update; one with no review cadence is due by its due date"
)
DUE_SOON_HELP = "Due today or in the next {days} days"
OVERDUE_HELP = "An action is overdue when its own due date has passed and it is not completed"


def due_soon_days() -> int:
    return settings.UPDATE_DUE_SOON_DAYS


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later, or the month's last day where it is shorter."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def next_update_due(
    *,
    review_cadence: int | None,
    last_update_on: datetime.date | None,
    recorded_on: datetime.date,
    due_date: datetime.date | None = None,
    completed: bool = False,
) -> datetime.date | None:
    """The day the action's next update is due, or None when none is due."""
    if completed:
        return None
    if review_cadence:
        return add_months(last_update_on or recorded_on, review_cadence)
    if due_date and (last_update_on is None or last_update_on < due_date):
        return due_date
    return None


def update_is_late(next_due: datetime.date | None, today: datetime.date) -> bool:
    return next_due is not None and next_due < today


def update_is_due_soon(next_due: datetime.date | None, today: datetime.date, within_days: int | None = None) -> bool:
    within_days = due_soon_days() if within_days is None else within_days
    return next_due is not None and today <= next_due <= today + datetime.timedelta(days=within_days)


# The database filters. Month arithmetic differs between databases, so the
# comparison is turned round: "last activity + N months <= deadline" holds
# exactly when "last activity <= latest_start(deadline, N)", one constant per
# cadence. Querysets need `last_activity_on` (see last_activity_annotation)
# and `reported_status` (ActionQuerySet.with_latest_update).


def last_activity_annotation():
    return Coalesce("latest_update_on", TruncDate("created_at"))


def latest_start(deadline: datetime.date, months: int) -> datetime.date:
    """The last day whose `add_months(day, months)` is on or before `deadline`."""
    if deadline.day == calendar.monthrange(deadline.year, deadline.month)[1]:
        # Every day of the month `months` earlier lands on or before a month's last day.
        earlier = add_months(deadline.replace(day=1), -months)
        return earlier.replace(day=calendar.monthrange(earlier.year, earlier.month)[1])
    return add_months(deadline, -months)


def open_q() -> Q:
    """Actions not completed: the only ones an update or the work can be late for."""
    return ~Q(reported_status=Status.COMPLETED)


def _due_between(first: datetime.date | None, last: datetime.date) -> Q:
    """Actions whose next update is due on or before `last`, and on or after
    `first` when it is given (completed ones included)."""
    dated = Q(due_date__lte=last) if first is None else Q(due_date__gte=first, due_date__lte=last)
    due = (
        Q(review_cadence__isnull=True)
        & dated
        & (Q(latest_update_on__isnull=True) | Q(latest_update_on__lt=F("due_date")))
    )
    for cadence in ReviewCadence.values:
        window = Q(last_activity_on__lte=latest_start(last, cadence))
        if first is not None:
            window &= Q(last_activity_on__gt=latest_start(first - datetime.timedelta(days=1), cadence))
        due |= Q(review_cadence=cadence) & window
    return due


def update_late_q(day: datetime.date) -> Q:
    """Actions whose next update was due before `day`."""
    return _due_between(None, day - datetime.timedelta(days=1)) & open_q()


def update_due_soon_q(day: datetime.date, within_days: int | None = None) -> Q:
    """Actions whose next update falls due on `day` or in the `within_days` after it."""
    within_days = due_soon_days() if within_days is None else within_days
    until = day + datetime.timedelta(days=within_days)
    return _due_between(day, until) & open_q()


def next_update_due_of(action) -> datetime.date | None:
    """`next_update_due` for an action annotated by `with_latest_update`."""
    return next_update_due(
        review_cadence=action.review_cadence,
        last_update_on=action.latest_update_on,
        recorded_on=timezone.localdate(action.created_at),
        due_date=action.due_date,
        completed=action.reported_status == Status.COMPLETED,
    )


def overdue_q(day: datetime.date) -> Q:
    """Open actions whose own due date (for the work, not an update) passed before `day`."""
    return Q(due_date__lt=day) & open_q()
