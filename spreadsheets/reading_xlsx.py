"""Reading the first worksheet of an Excel workbook (.xlsx), with openpyxl.

openpyxl is opened with read_only=True (rows are streamed from the sheet's XML,
never the whole sheet in memory) and data_only=True (a formula cell gives the
value Excel last calculated and saved, never the formula). A formula saved
with no value at all (no <v>, as some tools and openpyxl itself write them)
gives a FormulaWithoutValue naming the formula, so that the uploader is told
which cell to type out instead of the cell reading as empty. To see both the
value and the formula, the sheet's rows are parsed with a subclass of
openpyxl's own WorkSheetParser (a private class, so openpyxl is pinned:
tests/spreadsheets/test_reading.py covers it).

Merged cells: in read-only mode openpyxl gives a merged range's value in its
top-left cell only, and the other cells of the range are empty. That is what
callers want: they carry values down themselves (a theme written once in a
merged cell spanning its actions' rows).

XML safety: openpyxl parses XML with defusedxml whenever defusedxml is
installed and the environment variable OPENPYXL_DEFUSEDXML is not set to
something other than "True" (openpyxl/xml/__init__.py, DEFUSEDXML; used by
openpyxl/xml/functions.py for both fromstring and iterparse). We refuse to
read a workbook at all if that is not so, rather than parse it unsafely. (Were
lxml ever installed, openpyxl would parse the small parts, such as
workbook.xml, with lxml and resolve_entities=False instead; sheets and shared
strings would still go through defusedxml's iterparse.)

Warnings openpyxl gives while reading (features it drops, missing styles) are
silenced with warnings.catch_warnings, which changes the process's warning
filters while a workbook is read: harmless, but not thread-safe.
"""

import io
import re
import warnings

import openpyxl
import openpyxl.xml
from defusedxml import DefusedXmlException
from openpyxl.worksheet._reader import FORMULA_TAG, VALUE_TAG, WorkSheetParser

from . import reading_refusals as refusals
from .reading_refusals import SpreadsheetError
from .reading_rows import FormulaWithoutValue, RowCollector

# Excel's limit; openpyxl would otherwise pad the gap before a row numbered,
# say, 2,000,000,000 with as many empty rows.
MAX_EXCEL_ROWS = 1_048_576

# Excel escapes characters XML cannot hold (and "\r") as _xHHHH_; openpyxl
# leaves them as written.
_ESCAPED_CHARACTER = re.compile(r"_x([0-9A-Fa-f]{4})_")


def read_xlsx(data: bytes, collector: RowCollector) -> None:
    """Add the first visible worksheet's rows to the collector."""
    if not openpyxl.xml.DEFUSEDXML:
        raise RuntimeError(
            "openpyxl is not parsing XML with defusedxml (is defusedxml installed, and "
            "OPENPYXL_DEFUSEDXML unset or 'True'?); refusing to read Excel files unsafely."
        )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # we want only the values
            workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True, keep_links=False)
            try:
                _read_first_sheet(workbook, collector)
            finally:
                workbook.close()
    except SpreadsheetError:
        raise
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        if _caused_by(error, DefusedXmlException):
            raise SpreadsheetError(refusals.UNSAFE_XML) from error
        raise SpreadsheetError(refusals.DAMAGED) from error


def _read_first_sheet(workbook, collector: RowCollector) -> None:
    sheets = workbook.worksheets  # worksheets only: chart sheets are left out
    if not sheets:
        raise SpreadsheetError(refusals.EMPTY)
    visible = [sheet for sheet in sheets if sheet.sheet_state == "visible"]
    sheet = (visible or sheets)[0]
    # The <dimension> a file declares may be wrong, and openpyxl pads every row
    # to it; here each row is as long as its last cell, and missing rows are
    # counted as empty without being made.
    expected = 1
    for number, values in _rows(sheet):
        if number > MAX_EXCEL_ROWS:
            raise SpreadsheetError(refusals.DAMAGED)
        if number < expected:
            continue  # a row out of order, left out as openpyxl leaves it out
        if number > expected:
            collector.add_blank_rows(number - expected)
        expected = number + 1
        if not values:
            collector.add_blank_rows()
            continue
        collector.add(_unescape(value) if isinstance(value, str) else value for value in values)
    if collector.is_empty and len(sheets) > 1:
        raise SpreadsheetError(refusals.first_sheet_empty(sheet.title))


class _Parser(WorkSheetParser):
    """openpyxl's parser, data_only, but a formula without a saved value gives a FormulaWithoutValue."""

    def parse_cell(self, element):
        cell = super().parse_cell(element)
        if element.find(FORMULA_TAG) is None:
            return cell
        try:
            # Called for every formula, so that a shared formula's first cell is
            # known when a later cell of it has no value.
            formula = self.parse_formula(element)
        except Exception:  # a shared formula openpyxl cannot translate
            formula = ""
        if _saves_no_value(element):
            text = getattr(formula, "text", formula)  # an ArrayFormula's text
            cell["value"] = FormulaWithoutValue(text if isinstance(text, str) and text != "=" else "")
        return cell


def _saves_no_value(element) -> bool:
    """No <v>, or an empty one where only text may be empty (openpyxl writes <v/>
    for a formula it did not calculate; Excel writes t="str" and <v></v> for a
    formula whose value is the empty text)."""
    kind = element.get("t", "n")
    if kind == "inlineStr":
        return False
    value = element.find(VALUE_TAG)
    return value is None or (not value.text and kind != "str")


def _rows(sheet):
    """(row number, values up to the row's last cell), for each row the sheet's XML has."""
    workbook = sheet.parent
    with sheet._get_source() as source:
        parser = _Parser(
            source,
            sheet._shared_strings,
            data_only=True,
            epoch=workbook.epoch,
            date_formats=workbook._date_formats,
            timedelta_formats=workbook._timedelta_formats,
        )
        for number, cells in parser.parse():
            values: list[object] = []
            for cell in cells:
                column = cell["column"]
                if column > len(values):
                    values.extend([None] * (column - len(values)))
                values[column - 1] = cell["value"]
            yield number, values


def _unescape(text: str) -> str:
    if "_x" not in text:
        return text
    return _ESCAPED_CHARACTER.sub(lambda match: chr(int(match.group(1), 16)), text)


def _caused_by(error: BaseException, kind: type[BaseException]) -> bool:
    """Whether `error`, or an exception it was raised from or during, is a `kind`.

    openpyxl re-raises a ValueError from the XML parser as its own
    ValueError("Unable to read workbook…") from the original.
    """
    seen = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        if isinstance(current, kind):
            return True
        seen.add(id(current))
        current = current.__cause__ or current.__context__
    return False
