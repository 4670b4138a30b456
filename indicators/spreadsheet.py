"""Indicator figures as a spreadsheet: one row per indicator and period, the
same columns out and in, so that an exported file imported again changes
nothing.

- figures_sheet: the rows for an export (each period's current figure and target).
- check_rows: a pure function from a file's rows to what importing it would
  change and every bad cell, named by row number and column; figures_check
  gathers what it needs from the database for a user.
- figures_write: the changes, all in one transaction through indicators.services.

A figure differing from the period's current one is a restatement: it needs a
reason (other than the one the last correction gave), and is reported today
unless the file gives a later day. A blank figure or target leaves the period's
as it is: the import adds figures and sets targets; it removes nothing. There
is no breakdown in the sheet: a restatement carries none.
"""

import datetime
import hashlib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from actions.models import Indicator
from spreadsheets import FormulaWithoutValue, Sheet, unneutralise

from .figures import IndicatorFigures, PeriodFigure, figures_for
from .numbers import FigureError, read_figure, show_figure
from .periods import PeriodError, period_label, read_period
from .rules import readable_indicators
from .services import observation_record, target_set

COLUMNS = (
    "Framework", "Code", "Indicator", "Period", "Figure", "Numerator", "Denominator", "Target",
    "Reported on", "Source", "Note", "Reason",
)  # fmt: skip
REQUIRED = ("Framework", "Code", "Period")
MAX_ROWS = 2000  # filled rows in a file; a file is checked while the uploader waits
HEADER_SEARCH_ROWS = 10  # title rows above the header row are skipped
WIDTHS = {"Indicator": 50, "Period": 24, "Source": 40, "Note": 50, "Reason": 50}
THOUSANDS = re.compile(r"[^\d,]*\d{1,3}(,\d{3})+(\.\d*)?[^\d,]*")  # "1,234", "£1,200.50": read_figure drops commas
DAY_FORMATS = ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d %B %Y", "%d %b %Y")


# Writing


def figures_sheet(figures: Iterable[IndicatorFigures]) -> Sheet:
    """Each indicator's periods with a figure or a target, in code then time order."""
    rows = []
    for figure in sorted(figures, key=lambda f: (f.indicator.framework, f.indicator.code)):
        rows += [_export_row(figure.indicator, period) for period in figure.periods]
    return Sheet(title="Indicator figures", headers=list(COLUMNS), rows=rows, widths=WIDTHS)


def _export_row(indicator: Indicator, period: PeriodFigure) -> list:
    observation = period.observation
    row = [indicator.framework, indicator.code, indicator.name, _period_text(indicator, period.period_end)]
    row.append(_number(observation.value if observation else None, indicator.unit))
    row += [_number(observation.numerator, "number"), _number(observation.denominator, "number")] if observation else [None, None]  # fmt: skip
    row.append(_number(period.target, indicator.unit))
    if observation:
        return [*row, observation.reported_on, observation.source, observation.note, observation.reason]
    return [*row, None, "", "", ""]


def _period_text(indicator: Indicator, period_end: datetime.date) -> str:
    """The period as people name it ("2024/25"); its last day where the name would read back as another day."""
    label = period_label(indicator.frequency, period_end)
    try:
        if read_sheet_period(label, indicator.frequency) == period_end:
            return label
    except PeriodError:
        pass
    return f"{period_end:%d/%m/%Y}"


def _number(value: Decimal | None, unit: str):
    if value is None:
        return None
    if unit == "yes_no":
        return show_figure(value, unit)
    return Decimal(f"{value.normalize():f}")  # "12.5", not "12.5000" or "1E+2"


# Reading


@dataclass(frozen=True)
class Problem:
    row: int | None  # the row number in the file; None for the file as a whole
    column: str
    message: str


@dataclass
class Change:
    """What one row changes: a figure recorded (new, or restating `was`), a target set, or both."""

    row: int
    indicator: Indicator
    period_end: datetime.date
    value: Decimal | None = None  # the figure to record, or None for none
    figure: dict = field(default_factory=dict)  # observation_record's other arguments
    restates: Decimal | None = None  # the current figure, where `value` corrects it
    target: Decimal | None = None  # the target to set, or None for no change
    target_was: Decimal | None = None

    @property
    def period(self) -> str:
        return period_label(self.indicator.frequency, self.period_end)

    def describe(self) -> list[str]:
        unit, said = self.indicator.unit, []
        if self.value is not None and self.restates is not None:
            said.append(f"Figure corrected from {show_figure(self.restates, unit)} to "
                        f"{show_figure(self.value, unit)}: {self.figure['reason']}")  # fmt: skip
        elif self.value is not None:
            said.append(f"New figure {show_figure(self.value, unit)}")
        if self.target is not None and self.target_was is not None:
            said.append(f"Target changed from {show_figure(self.target_was, unit)} to {show_figure(self.target, unit)}")
        elif self.target is not None:
            said.append(f"Target set at {show_figure(self.target, unit)}")
        return said

    @property
    def key(self) -> tuple:
        """What the change writes, to tell whether a check gives the same changes as the one previewed."""
        return (self.row, self.indicator.pk, self.period_end, self.value, self.restates, self.target,
                tuple(sorted(self.figure.items())))  # fmt: skip


@dataclass
class Checked:
    rows: int = 0  # rows with an indicator and period
    changes: list[Change] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def unchanged(self) -> int:
        return self.rows - len(self.changes)

    @property
    def new_figures(self) -> int:
        return sum(1 for change in self.changes if change.value is not None and change.restates is None)

    @property
    def restated(self) -> int:
        return sum(1 for change in self.changes if change.restates is not None)

    @property
    def targets(self) -> int:
        return sum(1 for change in self.changes if change.target is not None)

    def digest(self) -> str:
        return hashlib.sha256(repr([change.key for change in self.changes]).encode()).hexdigest()


def cell_text(value) -> str:
    """A cell as text, the same whether the file was a workbook or CSV: dates ISO, numbers plainly."""
    if value is None:
        return ""
    if isinstance(value, FormulaWithoutValue):
        return "=" + value.formula.lstrip("=") if value.formula else "="
    if isinstance(value, datetime.datetime) and value.time() == datetime.time():
        value = value.date()
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return unneutralise(str(value)).strip()


def read_sheet_period(text: str, frequency: str) -> datetime.date:
    """read_period, which also reads a quarter as period_label writes it ("January to March 2025")."""
    match = re.fullmatch(r"\s*([A-Za-z]+)\s+to\s+([A-Za-z]+\.?\s+\d{4})\s*", str(text))
    if not match:
        return read_period(text, frequency)
    end = read_period(match[2], frequency)
    if frequency != "quarterly" or period_label(frequency, end).lower() != " ".join(text.split()).lower():
        raise PeriodError(f"{text.strip()!r} is not a quarter: write the months of a quarter "
                          "(January to March 2025) or its last day (31/03/2025)")  # fmt: skip
    return end


def read_day(text: str) -> datetime.date:
    for pattern in DAY_FORMATS:
        try:
            return datetime.datetime.strptime(text.strip(), pattern).date()
        except ValueError:
            continue
    raise ValueError(f"{text!r} is not a date: write the day as 31/03/2025")


def _find_header(rows: list[list[str]]) -> int | None:
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        headings = {cell.lower() for cell in row}
        if all(name.lower() in headings for name in REQUIRED):
            return index
    return None


def check_rows(
    rows: list[list], indicators: Iterable[Indicator], figures: dict[int, IndicatorFigures],
    may_enter: Callable[[Indicator], bool], today: datetime.date,
) -> Checked:  # fmt: skip
    """What importing `rows` (a file's rows of cells, as read) would change,
    and every problem, named by row number and column. `indicators` are those
    the importer may read (others are reported as unknown), `figures` their
    figures by id, `may_enter` says whether the importer enters an indicator's figures."""
    rows = [[cell_text(cell) for cell in row] for row in rows]
    checked = Checked()
    header = _find_header(rows)
    if header is None:
        first = next((index for index, row in enumerate(rows) if any(row)), None)
        if first is None:
            checked.problems = [Problem(None, "", "The file has no rows: export the figures to see the columns")]
            return checked
        headings = {cell.lower() for cell in rows[first]}
        checked.problems = [
            Problem(first + 1, name, f"There is no {name} column: the header row names the columns {', '.join(COLUMNS)}")
            for name in REQUIRED if name.lower() not in headings
        ]  # fmt: skip
        return checked
    where: dict[str, int] = {}
    for index, heading in enumerate(rows[header]):
        name = next((column for column in COLUMNS if column.lower() == heading.lower()), None)
        if name in where:
            checked.problems.append(Problem(header + 1, name, f"There are two {name} columns: keep one"))
        elif name:
            where[name] = index
    by_code = {(i.framework.lower(), i.code.lower()): i for i in indicators}
    frameworks = {text.lower(): value for value, label in Indicator.Framework.choices for text in (value, label)}
    seen: dict[tuple, int] = {}
    for index in range(header + 1, len(rows)):
        cells = {name: rows[index][column] if column < len(rows[index]) else "" for name, column in where.items()}
        if not any(cells.values()):
            continue
        row = RowReader(index + 1, cells, checked.problems)
        framework = frameworks.get(cells.get("Framework", "").lower())
        code = cells.get("Code", "")
        if not framework:
            row.problem("Framework", f"{cells.get('Framework')!r} is not a framework: write NI, PHOF or LOCAL"
                        if cells.get("Framework") else "Enter the framework: NI, PHOF or LOCAL")  # fmt: skip
            continue
        indicator = by_code.get((framework.lower(), code.lower()))
        if indicator is None:
            row.problem("Code", f"There is no indicator {framework} {code}" if code else "Enter the indicator's code")
            continue
        try:
            period_end = read_sheet_period(cells.get("Period", ""), indicator.frequency)
        except PeriodError as error:
            row.problem("Period", str(error))
            continue
        checked.rows += 1
        if (indicator.pk, period_end) in seen:
            row.problem("Period", f"Row {seen[indicator.pk, period_end]} is for {indicator} "
                                  f"{period_label(indicator.frequency, period_end)} too: give each period one row")  # fmt: skip
            continue
        seen[indicator.pk, period_end] = row.number
        change = row.change(indicator, period_end, _period_of(figures.get(indicator.pk), period_end), today)
        if change and not may_enter(indicator):
            whose = f"the officers of {indicator.organisation}" if indicator.organisation else "admins"
            row.problem("Code", f"You may not enter figures for {indicator}: they are entered by {whose}")
        elif change:
            checked.changes.append(change)
    return checked


def _period_of(figures: IndicatorFigures | None, period_end: datetime.date) -> PeriodFigure | None:
    return next((period for period in (figures.periods if figures else []) if period.period_end == period_end), None)


def _same(current, value: Decimal, facts: dict) -> bool:
    """Whether the row gives the current figure again (line ends aside: a file keeps "\n" alone)."""

    def text(words: str) -> str:
        return words.replace("\r\n", "\n").strip()

    return (value, facts["numerator"], facts["denominator"], text(facts["source"]), text(facts["note"])) == (
        current.value, current.numerator, current.denominator, text(current.source), text(current.note))  # fmt: skip


class RowReader:
    """One row's cells read for an indicator, each problem named by its column."""

    def __init__(self, number: int, cells: dict[str, str], problems: list[Problem]):
        self.number, self.cells, self.problems = number, cells, problems
        self.fine = True

    def problem(self, column: str, message: str) -> None:
        self.problems.append(Problem(self.number, column, message))
        self.fine = False

    def figure(self, column: str, unit: str) -> Decimal | None:
        text = self.cells.get(column, "")
        if text.startswith("="):
            self.problem(column, f"The cell holds the formula {text} without its value: type the figure instead")
            return None
        if "," in text and not THOUSANDS.fullmatch(text):
            self.problem(column, f"{text!r} is not a number: commas go between thousands, as in 1,234")
            return None
        try:
            return read_figure(text, unit)
        except FigureError as error:
            self.problem(column, str(error))
            return None

    def day(self, column: str, today: datetime.date) -> datetime.date | None:
        text = self.cells.get(column, "")
        if not text:
            return None
        try:
            day = read_day(text)
        except ValueError as error:
            self.problem(column, str(error))
            return None
        if day > today:
            self.problem(column, f"{day:%-d %B %Y} is in the future: give the day the figure was reported")
        return day

    def change(self, indicator, period_end, period: PeriodFigure | None, today) -> Change | None:
        """What the row changes for the period, or None where nothing (or where it has a problem)."""
        unit, text = indicator.unit, {name: self.cells.get(name, "") for name in ("Source", "Note", "Reason")}
        value, target = self.figure("Figure", unit), self.figure("Target", unit)
        numerator, denominator = self.figure("Numerator", "number"), self.figure("Denominator", "number")
        reported_on = self.day("Reported on", today)
        if denominator == 0:
            self.problem("Denominator", "The denominator cannot be 0")
        goes_with_a_figure = (numerator, denominator, reported_on) != (None, None, None) or any(text.values())
        if not self.cells.get("Figure") and goes_with_a_figure:
            self.problem("Figure", "Enter the figure: the numerator, denominator, reported on, source, "
                                   "note and reason go with one")  # fmt: skip
        change = Change(self.number, indicator, period_end)
        current = period.observation if period else None
        facts = {"numerator": numerator, "denominator": denominator, "source": text["Source"], "note": text["Note"]}
        if value is not None and (current is None or not _same(current, value, facts)):
            change.value, change.restates = value, current.value if current else None
            change.figure = {**facts, "reason": text["Reason"], "reported_on": reported_on or today}
            if current:
                self._restatement(change, current, reported_on, today)
        if target is not None and target != (period.target if period else None):
            change.target, change.target_was = target, period.target if period else None
        if not self.fine or (change.value is None and change.target is None):
            return None
        return change

    def _restatement(self, change: Change, current, reported_on, today) -> None:
        reason = change.figure["reason"]
        if not reason:
            self.problem("Reason", f"Give the reason the figure is corrected from "
                                   f"{show_figure(current.value, change.indicator.unit)}")  # fmt: skip
        elif reason == current.reason:
            self.problem("Reason", "That is the reason given for the last correction: say why this one is made")
        if reported_on is not None and reported_on < current.reported_on:
            self.problem("Reported on", f"A correction is reported after the figure it corrects, which was "
                                        f"reported on {current.reported_on:%-d %B %Y}")  # fmt: skip
        elif reported_on is None or reported_on == current.reported_on:
            change.figure["reported_on"] = today


# The database side


def may_enter_for(user) -> Callable[[Indicator], bool]:
    return lambda indicator: user.has_perm("indicators.enter_figures", indicator)


def figures_check(rows: list[list], user, today: datetime.date | None = None) -> Checked:
    """check_rows against the indicators `user` may read and their figures today: three queries."""
    readable = list(readable_indicators(user, Indicator.objects.select_related("organisation")))
    today = today or timezone.localdate()
    return check_rows(rows, readable, figures_for(readable), may_enter_for(user), today)


class NotWritten(Exception):
    def __init__(self, problems: list[Problem]):
        super().__init__(problems)
        self.problems = problems


@transaction.atomic
def figures_write(changes: list[Change], user) -> None:
    """Every change or none: a figure the services refuse undoes the rest, raising NotWritten."""
    for change in changes:
        try:
            if change.value is not None:
                observation_record(change.indicator, change.period_end, change.value, user, **change.figure)
            if change.target is not None:
                target_set(change.indicator, change.period_end, change.target, user)
        except ValidationError as error:  # leaving the transaction by an exception undoes it
            raise NotWritten([Problem(change.row, "Figure", message) for message in error.messages]) from error
