"""When an action's next progress update is due."""

import calendar
import datetime


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later, or the month's last day where it is shorter."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def next_update_due(
    *, review_cadence: int | None, last_update_on: datetime.date | None, recorded_on: datetime.date, due_date=None
) -> datetime.date | None:
    """An action reviewed every N months is next due N months after its last
    dated update, or after it was recorded here if it has none. An action with
    no cadence is due for an update by its due date, if it has one."""
    if review_cadence:
        return add_months(last_update_on or recorded_on, review_cadence)
    return due_date


# The same rules as database filters, for lists and dashboards. An action is
# next due for an update `cadence` months after its last activity: its latest
# dated update, or the day it was recorded here if it has none. Month
# arithmetic differs between databases, so the date is moved instead: "last
# activity + N months < day" is "last activity < day − N months", one
# constant per cadence.

def last_activity_annotation():
    from django.db.models.functions import Coalesce, TruncDate

    return Coalesce("latest_update_on", TruncDate("created_at"))


def update_late_q(day: datetime.date):
    """Actions (annotated with `last_activity_on`) whose next update was due before `day`."""
    from django.db.models import Q

    from .models import ReviewCadence

    late = Q(pk__in=[])
    for cadence in ReviewCadence.values:
        late |= Q(review_cadence=cadence, last_activity_on__lt=add_months(day, -cadence))
    return late


def update_due_soon_q(day: datetime.date, within_days: int):
    """Actions whose next update falls due on `day` or in the `within_days` after it."""
    from django.db.models import Q

    from .models import ReviewCadence

    until = day + datetime.timedelta(days=within_days)
    due = Q(pk__in=[])
    for cadence in ReviewCadence.values:
        due |= Q(
            review_cadence=cadence,
            last_activity_on__gte=add_months(day, -cadence),
            last_activity_on__lte=add_months(until, -cadence),
        )
    return due
