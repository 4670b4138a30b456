"""Writing sheets into an Excel workbook (.xlsx) made for people, with openpyxl.

- A bold header row with an autofilter (unless the sheet asks for none),
  frozen below it and repeated on each printed page; landscape pages, one
  page wide when the sheet asks to fit its width (Sheet.fit_width).
- Every cell wrapped and aligned to the top; column widths from the content
  (10 to 60 characters) unless given.
- Dates as real dates shown dd/mm/yyyy (datetimes dd/mm/yyyy hh:mm), numbers
  as numbers, booleans as Excel booleans.
- Text starting like a formula (writing_formulas.FORMULA_STARTS) is stored as a text
  cell, never a formula, with Excel's quote prefix (the xf's quotePrefix="1",
  openpyxl's cell.quotePrefix), so Excel shows it as written and keeps it
  text even when someone edits the cell. openpyxl would otherwise store text
  starting "=" as a formula, and "#N/A" and the like as error values.
- The same sheets always give the same bytes (see writing_zip).

openpyxl's write-only mode supports all of this, and streams each sheet's
rows to a temporary file instead of holding every cell in memory.
"""

import contextlib
import datetime
import io
import math
import re
from decimal import Decimal
from typing import TYPE_CHECKING

from openpyxl.cell.cell import ERROR_CODES, Cell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.workbook import Workbook
from openpyxl.writer.excel import ExcelWriter

from .writing_formulas import FORMULA_STARTS
from .writing_zip import FIXED_TIME, FixedTimeZipFile

if TYPE_CHECKING:
    from .writing import Sheet

DATE_FORMAT = "dd/mm/yyyy"
DATETIME_FORMAT = "dd/mm/yyyy hh:mm"
TIME_FORMAT = "hh:mm"
MIN_WIDTH, MAX_WIDTH = 10, 60
WRITABLE = (str, int, float, Decimal, datetime.date, datetime.time, type(None))  # bool is an int; datetime a date
BOLD = Font(bold=True)
WRAPPED = Alignment(wrap_text=True, vertical="top")

# Characters an .xlsx cannot hold (XML 1.0 forbids them): see _xlsx_text.
_LINE_BREAKS = str.maketrans({"\x0b": "\n", "\x0c": "\n"})
_ILLEGAL = re.compile(r"[\x00-\x08\x0e-\x1f]")
# What a sheet title may not contain, and Excel's limit on its length.
_NOT_IN_TITLES = re.compile(r"[*?:\[\]\x00-\x1f]")
MAX_TITLE = 31


def write_xlsx(sheets: "list[Sheet]") -> bytes:
    """An Excel workbook with one worksheet per sheet, made to be read by people.

    Bold header row with an autofilter (unless `sheet.autofilter` is off),
    frozen below it (and repeated on each printed page); landscape pages, one
    page wide where `sheet.fit_width` asks for it; every cell wrapped and aligned to the top; dates as real
    dates shown dd/mm/yyyy; numbers as numbers. The same sheets always give
    the same bytes: the workbook's created and modified times, and the times
    inside the zip, are fixed. Text longer than 32,767 characters (Excel's
    limit for a cell) is cut to that length.
    """
    if not sheets:
        raise ValueError("write_xlsx needs at least one sheet")
    for sheet in sheets:  # before anything is written: a half-written sheet leaves a temporary file
        _check_values(sheet)
    workbook = Workbook(write_only=True)  # each sheet's rows are streamed to a temporary file
    workbook.properties.creator = "Action Plan Tracker"
    workbook.properties.created = workbook.properties.modified = FIXED_TIME
    try:
        titles: set[str] = set()
        for sheet in sheets:
            _write_sheet(workbook, sheet, _sheet_title(sheet.title, titles))
        output = io.BytesIO()
        ExcelWriter(workbook, FixedTimeZipFile(output, "w")).save()
    except BaseException:
        _discard(workbook)
        raise
    return output.getvalue()


def _check_values(sheet: "Sheet") -> None:
    for row in sheet.rows:
        for value in row:
            if not isinstance(value, WRITABLE):
                raise TypeError(f"Cannot write a {type(value).__name__} to a spreadsheet: {value!r}")


def _discard(workbook: Workbook) -> None:
    """Remove the temporary files of a workbook that failed to save.

    openpyxl removes a write-only worksheet's temporary file only once it has
    copied it into the saved workbook (or when Python exits).
    """
    for worksheet in workbook.worksheets:
        writer = worksheet._writer
        if writer is None:
            continue
        with contextlib.suppress(Exception):
            if worksheet._rows is not None:
                worksheet._rows.close()
            writer.close()
        with contextlib.suppress(Exception):
            writer.cleanup()


def _write_sheet(workbook: Workbook, sheet: "Sheet", title: str) -> None:
    worksheet = workbook.create_sheet(title)
    headers = [str(header) for header in sheet.headers]
    columns = max([len(headers)] + [len(row) for row in sheet.rows])
    for index, width in enumerate(_widths(sheet, headers, columns), start=1):
        worksheet.column_dimensions[get_column_letter(index)].width = width
    # A write-only worksheet writes no <dimension> (its size is unknown while
    # streaming); openpyxl's worksheet writer asks for one when the sheet can
    # say it, and without it openpyxl's read-only reader parses the whole
    # sheet once just to size it before reading it.
    dimension = f"A1:{get_column_letter(max(columns, 1))}{len(sheet.rows) + 1}"
    worksheet.calculate_dimension = lambda: dimension
    worksheet.freeze_panes = "A2"
    _set_up_printing(worksheet, sheet, has_headers=bool(headers))
    if headers and sheet.autofilter:
        worksheet.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{len(sheet.rows) + 1}"
    cells = _Cells(worksheet)
    worksheet.append([cells.make(header, header=True) for header in headers])
    for row in sheet.rows:
        worksheet.append([cells.make(value) for value in row])


def _set_up_printing(worksheet, sheet: "Sheet", *, has_headers: bool) -> None:
    """Landscape, the header row on every page, and one page wide if asked.

    Fitting to one page wide leaves the height free (fitToHeight 0): Excel
    and LibreOffice then shrink the sheet until its columns fit across and
    print as many pages down as the rows need. The fit only applies once
    the sheet's fitToPage property is set.
    """
    worksheet.page_setup.orientation = "landscape"
    if has_headers:
        worksheet.print_title_rows = "1:1"
    if sheet.fit_width:
        worksheet.sheet_properties.pageSetUpPr.fitToPage = True
        worksheet.page_setup.fitToWidth = 1
        worksheet.page_setup.fitToHeight = 0


class _Cells:
    """Cells for one worksheet, styled from a few style arrays made once.

    Setting a cell's font and alignment the usual way makes openpyxl hash the
    Font and Alignment objects for every cell, which took half the time of
    writing 10,000 rows; a cell made with a ready style_array is the same cell.
    """

    def __init__(self, worksheet):
        self.worksheet = worksheet
        self.styles = {}

    def make(self, value: object, *, header: bool = False) -> Cell | None:
        if value is None:
            return None
        if isinstance(value, float) and not math.isfinite(value):
            value = str(value)  # Excel has no infinity or "not a number"
        if isinstance(value, datetime.datetime | datetime.time) and value.tzinfo is not None:
            value = value.replace(tzinfo=None)
        quoted = False
        if isinstance(value, str):
            quoted = value.startswith(FORMULA_STARTS)
            value = _xlsx_text(value)
            quoted = quoted or value.startswith(FORMULA_STARTS)
        # The number format comes with the style, before the value: given a
        # date, openpyxl would otherwise add its own format (yyyy-mm-dd) to
        # the workbook's formats.
        cell = Cell(self.worksheet, row=1, column=1, style_array=self._style(header, _number_format(value), quoted))
        cell.value = value
        if quoted or value in ERROR_CODES:
            cell.data_type = "s"  # openpyxl makes "=…" a formula and "#N/A" an error
        return cell

    def _style(self, header: bool, number_format: str, quoted: bool):
        key = (header, number_format, quoted)
        if key not in self.styles:
            cell = Cell(self.worksheet)
            cell.alignment = WRAPPED
            if header:
                cell.font = BOLD
            cell.number_format = number_format
            cell.quotePrefix = quoted  # Excel's "quote prefix": text as written, even once edited
            self.styles[key] = cell._style
        return self.styles[key]


def _xlsx_text(text: str) -> str:
    """The text as a workbook can hold it.

    Line breaks become "\\n", Excel's own ("\\r\\n" and "\\r" in a cell's XML
    would be read as "\\n" by every program anyway); a vertical tab (Word's
    line break within a paragraph) and a form feed become "\\n" too; other
    control characters, which XML cannot hold, are dropped.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").translate(_LINE_BREAKS)
    return _ILLEGAL.sub("", text)


def _number_format(value: object) -> str:
    if isinstance(value, datetime.datetime):
        return DATETIME_FORMAT
    if isinstance(value, datetime.date):
        return DATE_FORMAT
    if isinstance(value, datetime.time):
        return TIME_FORMAT
    return "General"


def _widths(sheet: "Sheet", headers: list[str], columns: int) -> list[int]:
    """Each column's width in characters: as given by header, or as wide as its longest line, within 10–60."""
    given = sheet.widths or {}
    longest = [len(header) + 3 for header in headers] + [0] * (columns - len(headers))  # + the filter button
    for row in sheet.rows:
        for index, value in enumerate(row):
            if value is not None:
                longest[index] = max(longest[index], _display_length(value))
    widths = []
    for index in range(columns):
        header = headers[index] if index < len(headers) else None
        if header in given:
            widths.append(given[header])
        else:
            widths.append(min(MAX_WIDTH, max(MIN_WIDTH, longest[index] + 2)))
    return widths


def _display_length(value: object) -> int:
    if isinstance(value, datetime.datetime):
        return len("31/03/2026 10:00")
    if isinstance(value, datetime.date):
        return len("31/03/2026")
    if isinstance(value, str):
        return max(len(line) for line in value.split("\n"))
    return len(str(value))


def _sheet_title(title: str, used: set[str]) -> str:
    """A title Excel accepts: none of \\ / * ? : [ ], at most 31 characters, not empty, unique."""
    title = _NOT_IN_TITLES.sub(" ", re.sub(r"[\\/]", "-", str(title)))
    title = " ".join(title.split()).strip("'").strip() or "Sheet"
    if title.casefold() == "history":  # Excel reserves it
        title = "History sheet"
    candidate, number = title[:MAX_TITLE].rstrip(), 1
    while candidate.casefold() in used:
        number += 1
        suffix = f" ({number})"
        candidate = title[: MAX_TITLE - len(suffix)].rstrip() + suffix
    used.add(candidate.casefold())
    return candidate
