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
