"""Reading a plan's timescale text: the due date and review cadence it gives,
and nothing where it gives neither ("Await consultation", "To Be Confirmed")."""

import calendar
import datetime
import re

from .choices import ReviewCadence

_MONTHS = {name.lower(): number for number, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.lower(): number for number, name in enumerate(calendar.month_abbr) if name})
_MONTHS["sept"] = 9

_DATE = re.compile(
    r"\b(?:(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+)?(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
    r"\s+(?P<year>(?:19|20)\d{2})\b",
    re.IGNORECASE,
)

# Most specific first, and each match is removed before the next pattern is
# tried, so that "6 monthly" is never also read as "monthly".
_CADENCES = [
    (
        re.compile(r"\b(?:6|six)[\s-]?month(?:ly|s)?\b|\bbi-?annual(?:ly)?\b|\bhalf[\s-]?year(?:ly)?\b", re.I),
        ReviewCadence.SIX_MONTHLY,
    ),
    (re.compile(r"\b(?:3|three)[\s-]?month(?:ly|s)?\b|\bquarter(?:ly)?\b", re.I), ReviewCadence.QUARTERLY),
    (re.compile(r"\b(?:12|twelve)[\s-]?month(?:ly|s)?\b|\bannual(?:ly)?\b|\byearly\b", re.I), ReviewCadence.ANNUAL),
    (re.compile(r"\btermly\b|\b(?:each|every|per)\s+term\b", re.I), ReviewCadence.TERMLY),
    (re.compile(r"\bmonthly\b", re.I), ReviewCadence.MONTHLY),
]


def read_due_date(text: str) -> datetime.date | None:
    """The latest date the text names; a month without a day means its last day."""
    dates = []
    for match in _DATE.finditer(text or ""):
        year = int(match["year"])
        month = _MONTHS[match["month"].lower()]
        last_day = calendar.monthrange(year, month)[1]
        day = int(match["day"]) if match["day"] else last_day
        if 1 <= day <= last_day:
            dates.append(datetime.date(year, month, day))
    return max(dates, default=None)


def read_review_cadence(*texts: str) -> ReviewCadence | None:
    """The most frequent cadence named by the first text that names any."""
    for text in texts:
        remaining = text or ""
        found = []
        for pattern, cadence in _CADENCES:
            remaining, count = pattern.subn(" ", remaining)
            if count:
                found.append(cadence)
        if found:
            return min(found)
    return None
