"""An indicator's periods. A period is named by the day it ends; how it is
written depends on how often the indicator is measured: "March 2025",
"January to March 2025", "2024/25" (April to March), "2024/25 academic year"
(September to August)."""

import calendar
import datetime
import re

from core.dates import add_months

MONTHS = {name.lower(): number for number, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): number for number, name in enumerate(calendar.month_abbr) if name})
MONTHS["sept"] = 9


class PeriodError(ValueError):
    pass


def month_end(year: int, month: int) -> datetime.date:
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def period_label(frequency: str, period_end: datetime.date) -> str:
    if frequency == "monthly":
        return f"{calendar.month_name[period_end.month]} {period_end.year}"
    if frequency == "quarterly":
        first = add_months(period_end.replace(day=1), -2)
        return f"{calendar.month_name[first.month]} to {calendar.month_name[period_end.month]} {period_end.year}"
    if frequency in ("yearly", "academic_year"):
        label = f"{period_end.year - 1}/{period_end.year % 100:02d}"
        return f"{label} academic year" if frequency == "academic_year" else label
    return f"to {period_end:%-d %B %Y}"


def read_period(text, frequency: str) -> datetime.date:
    """The last day of the period `text` names, for an indicator measured
    `frequency`: a date ("31/03/2025", "2025-03-31"), a month ("March 2025"),
    a quarter ("Q1 2025", January to March) or a year ("2024/25", "2024-25",
    "2025": the year ending then). Raises PeriodError."""
    if isinstance(text, datetime.datetime):
        return text.date()
    if isinstance(text, datetime.date):
        return text
    cleaned = " ".join(str(text or "").split())
    if not cleaned:
        raise PeriodError("Enter the period")
    year_end_month = 8 if frequency == "academic_year" else 3
    if match := re.fullmatch(r"(\d{4})\s*[/-]\s*(\d{2}|\d{4})(?: academic year)?", cleaned, re.IGNORECASE):
        first, second = int(match[1]), int(match[2])
        second = second if second > 99 else (first // 100) * 100 + second
        if second != first + 1:
            raise PeriodError(f"{cleaned!r} is not a year: the second year should follow the first")
        return month_end(second, year_end_month)
    if re.fullmatch(r"\d{4}", cleaned):
        return month_end(int(cleaned), year_end_month)
    if match := re.fullmatch(r"Q([1-4])\s*(\d{4})", cleaned, re.IGNORECASE):
        return month_end(int(match[2]), int(match[1]) * 3)
    if match := re.fullmatch(r"([A-Za-z]+) to ([A-Za-z]+) (\d{4})", cleaned):  # as period_label writes a quarter
        month = MONTHS.get(match[2].lower())
        if month:
            return month_end(int(match[3]), month)
    if match := re.fullmatch(r"([A-Za-z]+)\.?\s+(\d{4})", cleaned):
        month = MONTHS.get(match[1].lower())
        if month:
            return month_end(int(match[2]), month)
    for pattern in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d %B %Y", "%d %b %Y"):
        try:
            return datetime.datetime.strptime(cleaned, pattern).date()
        except ValueError:
            continue
    raise PeriodError(f"{cleaned!r} is not a period: write a date (31/03/2025), a month (March 2025), "
                      "a quarter (Q1 2025) or a year (2024/25)")  # fmt: skip
