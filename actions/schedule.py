"""When an action's next progress update is due, and when it is late: the one
rule every page, dashboard, list filter, report and reminder uses.

An action's next update is due at the earlier of two days:

- its own review: an action reviewed every N months (its review cadence) is
  due N months after its last activity: its latest dated update, or the day
  it was recorded here if it has none. An action with no review cadence is
  due by its due date, unless an update is dated on or after that day;
- its plan's next reporting round (plans.models.ReportingRound): the
  earliest round, by the day updates are due, that the action owes and has
  not answered. An action owes the rounds whose updates are due on or after
  the day it was recorded here; an update dated on or after the day a round
  opens answers it.

With neither, no update is ever due. A completed action is never due. The
update is late when the day it was due has passed; it is due soon when it
falls due today or within the next `settings.UPDATE_DUE_SOON_DAYS` days.

`next_update_due` is the rule in Python, for one action; `update_late_q` and
`update_due_soon_q` are the same rule as database filters, for lists and
dashboards. Both read the round the database finds for each action
(`round_due_on`, `round_board_on`: see `round_annotations`), so that they
cannot disagree about it. A test checks they agree on every case.
"""

import calendar
import datetime

from django.conf import settings
from django.db.models import F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce, TruncDate
from django.db.models.lookups import GreaterThan, IsNull
from django.utils import timezone

from core.dates import add_months
from plans.models import ReportingRound, long_date

from .choices import ReviewCadence, Status

# How pages explain the words, beside the figures and filters that use them.
LATE_HELP = (
    "An update is late when it was due before today: an action is due at the earlier of its plan's next "
    "reporting round and its own review (every few months after its last update, or by its due date)"
)
DUE_SOON_HELP = "Due today or in the next {days} days"
OVERDUE_HELP = "An action is overdue when its own due date has passed and it is not completed"


def due_soon_days() -> int:
    return settings.UPDATE_DUE_SOON_DAYS


def next_update_due(
    *,
    review_cadence: int | None,
    last_update_on: datetime.date | None,
    recorded_on: datetime.date,
    due_date: datetime.date | None = None,
    completed: bool = False,
    round_due_on: datetime.date | None = None,
) -> datetime.date | None:
    """The day the action's next update is due, or None when none is due.
    `round_due_on` is the day updates are due for the plan's next round the
    action owes (see `round_annotations`)."""
    if completed:
        return None
    review = review_due(review_cadence, last_update_on, recorded_on, due_date)
    return min((day for day in (review, round_due_on) if day is not None), default=None)


def review_due(
    review_cadence: int | None,
    last_update_on: datetime.date | None,
    recorded_on: datetime.date,
    due_date: datetime.date | None,
) -> datetime.date | None:
    """When the action's own review asks for an update, leaving rounds aside."""
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


# The database side. Month arithmetic differs between databases, so the
# comparison is turned round: "last activity + N months <= deadline" holds
# exactly when "last activity <= latest_start(deadline, N)", one constant per
# cadence. Querysets need `reported_status`, `latest_update_on`,
# `last_activity_on`, `round_due_on` and `round_board_on`: all given by
# ActionQuerySet.with_latest_update.


def _owed_rounds():
    """The outer action's plan's rounds it owes and has not answered, the
    earliest due first (the outer query needs `latest_update_on` and `recorded_on`)."""
    unanswered = Q(IsNull(OuterRef("latest_update_on"), True)) | Q(
        GreaterThan(F("opens_on"), OuterRef("latest_update_on"))
    )
    return (
        ReportingRound.objects.filter(plan=OuterRef("plan_id"), updates_due_on__gte=OuterRef("recorded_on"))
        .filter(unanswered)
        .order_by("updates_due_on", "pk")
    )


def round_annotations() -> dict:
    """`round_due_on` and `round_board_on`: when updates are due for the
    plan's next round the action owes, and when its board meets (None where
    there is no such round, or the round has no board date)."""
    return {
        "round_due_on": Subquery(_owed_rounds().values("updates_due_on")[:1]),
        "round_board_on": Subquery(_owed_rounds().values("board_on")[:1]),
    }


def recorded_on_annotation():
    """The day the action was recorded here, in the site's time zone."""
    return TruncDate("created_at")


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


def _review_due_by(last: datetime.date) -> Q:
    """Actions whose own review asks for an update on or before `last`
    (`review_due`; completed ones included)."""
    due = (
        Q(review_cadence__isnull=True)
        & Q(due_date__lte=last)
        & (Q(latest_update_on__isnull=True) | Q(latest_update_on__lt=F("due_date")))
    )
    for cadence in ReviewCadence.values:
        due |= Q(review_cadence=cadence) & Q(last_activity_on__lte=latest_start(last, cadence))
    return due


def _review_not_due_before(first: datetime.date) -> Q:
    """Actions whose own review asks for no update, or for one on or after
    `first`: `_review_due_by(first - 1 day)` turned round, written out so that
    no NULL can make both false."""
    before = first - datetime.timedelta(days=1)
    not_due = Q(review_cadence__isnull=True) & (
        Q(due_date__isnull=True) | Q(due_date__gte=first) | Q(latest_update_on__gte=F("due_date"))
    )
    for cadence in ReviewCadence.values:
        not_due |= Q(review_cadence=cadence) & Q(last_activity_on__gt=latest_start(before, cadence))
    return not_due


def update_late_q(day: datetime.date) -> Q:
    """Actions whose next update was due before `day`: the earlier of two
    days is before `day` when either is."""
    before = day - datetime.timedelta(days=1)
    return (_review_due_by(before) | Q(round_due_on__lte=before)) & open_q()


def update_due_soon_q(day: datetime.date, within_days: int | None = None) -> Q:
    """Actions whose next update falls due on `day` or in the `within_days`
    after it: the earlier of the two days is in that window when either is
    due by its end and neither before its start."""
    within_days = due_soon_days() if within_days is None else within_days
    until = day + datetime.timedelta(days=within_days)
    due_by_the_end = _review_due_by(until) | Q(round_due_on__lte=until)
    none_before = _review_not_due_before(day) & (Q(round_due_on__isnull=True) | Q(round_due_on__gte=day))
    return due_by_the_end & none_before & open_q()


def next_update_due_of(action) -> datetime.date | None:
    """`next_update_due` for an action annotated by `with_latest_update`."""
    return next_update_due(
        review_cadence=action.review_cadence,
        last_update_on=action.latest_update_on,
        recorded_on=timezone.localdate(action.created_at),
        due_date=action.due_date,
        completed=action.reported_status == Status.COMPLETED,
        round_due_on=action.round_due_on,
    )


def next_board_of(action) -> datetime.date | None:
    """The day the board meets to read the action's next update, when that
    update is due for a reporting round (annotated by `with_latest_update`)."""
    due = next_update_due_of(action)
    return action.round_board_on if due is not None and due == action.round_due_on else None


REVIEWED = {1: "monthly", 3: "quarterly", 4: "termly", 6: "every six months", 12: "annually"}


def next_update_in_words(action, today: datetime.date) -> str:
    """The action's next update in a sentence, as its page shows it: "Next
    update due 15 March 2027, for the board on 2 April 2027", "Next update was
    due 15 March 2027: late", "Next update due 1 June 2027 (reviewed quarterly)"."""
    if action.reported_status == Status.COMPLETED:
        return "No update due: the action is completed"
    due = next_update_due_of(action)
    if due is None:
        return "No update due: the action has no review cadence or due date, and its plan no reporting round"
    board = next_board_of(action)
    if due == action.round_due_on:
        why = f", for the board on {long_date(board)}" if board else ", for the plan's reporting round"
    elif action.review_cadence:
        why = f" (reviewed {REVIEWED.get(action.review_cadence, 'regularly')})"
    else:
        why = " (the action's due date)"
    if update_is_late(due, today):
        return f"Next update was due {long_date(due)}{why}: late"
    return f"Next update due {long_date(due)}{why}"


def overdue_q(day: datetime.date) -> Q:
    """Open actions whose own due date (for the work, not an update) passed before `day`."""
    return Q(due_date__lt=day) & open_q()
