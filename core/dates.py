"""Calendar arithmetic shared by the apps: months have different lengths."""

import calendar
import datetime


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later (or earlier, when negative), or the month's
    last day where it is shorter: 31 January + 1 month is 28 or 29 February."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def day_of_month(year: int, month: int, day: int) -> datetime.date:
    """Day `day` of the month, or its last day where the month is shorter."""
    return datetime.date(year, month, min(day, calendar.monthrange(year, month)[1]))
