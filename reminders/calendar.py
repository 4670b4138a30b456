"""Working days in England and Wales: Monday to Friday, except bank holidays.
Reminders go out on working days only."""

import datetime
from functools import lru_cache

import holidays


@lru_cache(maxsize=16)
def _bank_holidays(year: int) -> holidays.HolidayBase:
    return holidays.UK(subdiv="ENG", years=year)


def is_bank_holiday(day: datetime.date) -> bool:
    return day in _bank_holidays(day.year)


def is_working_day(day: datetime.date) -> bool:
    return day.weekday() < 5 and not is_bank_holiday(day)


def first_working_day_of_week(day: datetime.date) -> datetime.date | None:
    """The first working day of `day`'s ISO week (Monday to Sunday), or None
    in a week without one."""
    monday = day - datetime.timedelta(days=day.weekday())
    for offset in range(5):
        candidate = monday + datetime.timedelta(days=offset)
        if is_working_day(candidate):
            return candidate
    return None
