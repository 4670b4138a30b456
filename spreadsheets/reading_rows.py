"""Collecting a sheet's rows, the same way for every format.

Each format's reader hands its rows to a RowCollector, which cleans the
values, trims the trailing empty cells of each row, keeps empty rows above and
between filled ones (callers find the header row themselves), drops trailing
empty rows, and refuses a sheet that is too big as soon as it knows, so that a
file claiming a million rows is never read to the end nor held in memory.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from . import reading_refusals as refusals
from .reading_refusals import SpreadsheetError

# The most columns a spreadsheet can have (Excel's and LibreOffice's limit).
MAX_COLUMNS = 16_384
# The most cells (filled, or empty between filled ones) we hold for one sheet:
# 100 columns of 20,000 rows. A bound on memory for sparse sheets, whose few
# bytes of XML can place a value in column 16,384 of every row.
MAX_CELLS = 2_000_000
# Empty rows between filled ones count towards this many rows in all,
# `BLANK_ROWS_ALLOWANCE` times the most filled rows we accept.
BLANK_ROWS_ALLOWANCE = 2


@dataclass(frozen=True)
class FormulaWithoutValue:
    """A cell holding a formula the file stores no value for (some tools save
    formulas without calculating them). Given in place of the value, so that
    callers can name the cell and the formula rather than read it as empty."""

    formula: str  # as written, starting "=" ("=HYPERLINK(…)"); "" when the file does not say

    def __str__(self) -> str:
        return ""  # it has no value: as text, an empty cell


def clean(value: object) -> object:
    """A cell's value as callers receive it.

    Text has "\\r\\n" and "\\r" turned into "\\n" and trailing whitespace
    stripped (inner line breaks kept); text that is left empty is None. Whole
    floats become int; a datetime at midnight becomes a date; booleans stay bool.
    A FormulaWithoutValue is kept as it is, a filled cell.
    """
    if value is None:
        return None
    if isinstance(value, str):
        text = value.replace("\r\n", "\n").replace("\r", "\n").rstrip()
        return text or None
    if isinstance(value, bool):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else value
    if isinstance(value, datetime.datetime):
        if value.tzinfo is None and value.time() == datetime.time(0, 0):
            return value.date()
        return value
    return value


class RowCollector:
    """Rows of cleaned values, with the limits checked as they arrive."""

    def __init__(self, max_rows: int, max_columns: int = MAX_COLUMNS):
        self.max_rows = max_rows
        self.max_columns = min(max_columns, MAX_COLUMNS)
        self.rows: list[list[object]] = []
        self.filled_rows = 0
        self.cells = 0
        self._pending_blank_rows = 0

    def add_blank_rows(self, count: int = 1) -> None:
        """Empty rows: kept only if a filled row follows them, and only then made."""
        self._pending_blank_rows += count

    def add(self, values: Iterable[object], repeat: int = 1) -> None:
        """A row of raw values (cleaned here), `repeat` times over."""
        row = [clean(value) for value in values]
        while row and row[-1] is None:
            row.pop()
        if not row:
            self.add_blank_rows(repeat)
            return
        self.add_cleaned(row, repeat)

    def add_cleaned(self, row: list[object], repeat: int = 1) -> None:
        """A row already cleaned, ending in a filled cell, `repeat` times over."""
        if len(row) > MAX_COLUMNS:
            raise SpreadsheetError(refusals.too_many_columns(MAX_COLUMNS))
        if len(row) > self.max_columns:
            # Refused at the first wide row, before the rest is read.
            row_number = len(self.rows) + self._pending_blank_rows + 1
            raise SpreadsheetError(refusals.columns_beyond(row_number, len(row), self.max_columns))
        if self.filled_rows + repeat > self.max_rows:
            raise SpreadsheetError(refusals.too_many_rows(self.max_rows))
        last_row = len(self.rows) + self._pending_blank_rows + repeat
        if last_row > self.max_rows * BLANK_ROWS_ALLOWANCE:
            raise SpreadsheetError(refusals.rows_too_far_apart(last_row, self.max_rows))
        if self.cells + len(row) * repeat > MAX_CELLS:
            raise SpreadsheetError(refusals.too_many_cells(MAX_CELLS))
        self.rows.extend([] for _ in range(self._pending_blank_rows))
        self._pending_blank_rows = 0
        self.rows.append(row)
        self.rows.extend(list(row) for _ in range(repeat - 1))
        self.filled_rows += repeat
        self.cells += len(row) * repeat

    @property
    def is_empty(self) -> bool:
        return self.filled_rows == 0

    def result(self) -> list[list[object]]:
        """The rows, or a refusal if no cell holds anything."""
        if self.is_empty:
            raise SpreadsheetError(refusals.EMPTY)
        return self.rows
