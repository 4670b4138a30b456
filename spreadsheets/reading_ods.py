"""Reading the first sheet of an OpenDocument spreadsheet (.ods).

We parse content.xml ourselves, streamed with defusedxml (a document type or
entity declaration is refused, so a "billion laughs" file never expands), and
keep only the current row in memory.

- The first table that is not hidden is read (LibreOffice hides a sheet with a
  table style whose table:display is "false").
- table:number-columns-repeated and table:number-rows-repeated are honoured,
  but runs of empty cells or rows are only counted, never made, unless
  something follows them: "1,048,576 empty rows" costs nothing.
- A cell's paragraphs (text:p, text:h, list items) are joined by "\\n";
  text:line-break is "\\n", text:tab a tab, text:s one or more spaces (at most
  MAX_SPACES). Comments (office:annotation), notes and drawings are left out.
- office:value-type float, percentage and currency give a number (a
  percentage as its value: 50% is 0.5), date a date or datetime, time a
  datetime.time, boolean a bool, string the text. A formula cell gives the
  value saved with it; one that failed gives the error text shown
  ("#DIV/0!"), as Excel files do; one saved with no value at all (no
  office:value-type and no text, as some tools write them) gives a
  FormulaWithoutValue naming the formula.
- Covered cells (the cells a merged cell spans) are empty: a merged cell's
  value is in its top-left cell only, as with .xlsx.
"""

import datetime
import re
import zipfile

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse

from . import reading_refusals as refusals
from .reading_refusals import SpreadsheetError
from .reading_rows import MAX_COLUMNS, FormulaWithoutValue, RowCollector, clean

OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
STYLE = "{urn:oasis:names:tc:opendocument:xmlns:style:1.0}"
DRAW = "{urn:oasis:names:tc:opendocument:xmlns:drawing:1.0}"
CALCEXT = "{urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0}"

# Spaces one text:s may stand for: a few bytes of XML must not become megabytes.
MAX_SPACES = 100

_CELLS = (f"{TABLE}table-cell", f"{TABLE}covered-table-cell")
_PARAGRAPHS = (f"{TEXT}p", f"{TEXT}h")
_LEFT_OUT = (f"{OFFICE}annotation", f"{TEXT}note", f"{TEXT}tracked-changes")
_DURATION = re.compile(r"^PT(\d+)H(\d+)M(\d+)(?:\.(\d+))?S$")


def read_ods(archive: zipfile.ZipFile, collector: RowCollector) -> None:
    """Add the first visible sheet's rows to the collector."""
    try:
        with archive.open("content.xml") as source:
            _read_first_table(source, collector)
    except SpreadsheetError:
        raise
    except DefusedXmlException as error:
        raise SpreadsheetError(refusals.UNSAFE_XML) from error
    except Exception as error:  # a missing content.xml, bad XML, a bad number…
        raise SpreadsheetError(refusals.DAMAGED) from error


def _read_first_table(source, collector: RowCollector) -> None:
    hidden_styles: set[str] = set()
    open_elements = []
    depth = 0  # of tables: a cell may hold a sub-table
    reading = done = False
    sheet_name = ""
    for event, element in iterparse(source, events=("start", "end"), forbid_dtd=True):
        tag = element.tag
        if event == "start":
            open_elements.append(element)
            if tag == f"{TABLE}table":
                depth += 1
                if depth == 1:
                    if done:  # another sheet after an empty first one
                        raise SpreadsheetError(refusals.first_sheet_empty(sheet_name))
                    reading = element.get(f"{TABLE}style-name") not in hidden_styles
                    sheet_name = element.get(f"{TABLE}name", "")
            continue
        open_elements.pop()
        if tag == f"{TABLE}table-row" and depth == 1:
            if reading:
                _add_row(element, collector)
            element.clear()
            open_elements[-1].remove(element)
        elif tag == f"{TABLE}table":
            depth -= 1
            if depth == 0 and reading:
                reading, done = False, True
                if not collector.is_empty:
                    return
        elif tag == f"{STYLE}style" and element.get(f"{STYLE}family") == "table":
            properties = element.find(f"{STYLE}table-properties")
            if properties is not None and properties.get(f"{TABLE}display") == "false":
                hidden_styles.add(element.get(f"{STYLE}name"))


def _add_row(row, collector: RowCollector) -> None:
    cells: list[object] = []
    empty_run = 0
    for cell in row:
        if cell.tag not in _CELLS:
            continue
        repeat = _count(cell, f"{TABLE}number-columns-repeated")
        value = clean(_value(cell)) if cell.tag == _CELLS[0] else None
        if value is None and cell.tag == _CELLS[0]:
            value = _formula_without_value(cell)
        if value is None:
            empty_run += repeat
            continue
        if len(cells) + empty_run + repeat > MAX_COLUMNS:
            raise SpreadsheetError(refusals.too_many_columns(MAX_COLUMNS))
        cells.extend([None] * empty_run)
        cells.extend([value] * repeat)
        empty_run = 0
    repeat = _count(row, f"{TABLE}number-rows-repeated")
    if cells:
        collector.add_cleaned(cells, repeat)
    else:
        collector.add_blank_rows(repeat)


def _formula_without_value(cell) -> FormulaWithoutValue | None:
    formula = cell.get(f"{TABLE}formula")
    if not formula or cell.get(f"{OFFICE}value-type") is not None:
        return None  # no formula, or one whose saved value is empty
    # "of:=HYPERLINK(…)": the namespace prefix says which formula syntax it is.
    prefix, separator, rest = formula.partition(":")
    if separator and rest.startswith("=") and prefix.isalpha():
        formula = rest
    return FormulaWithoutValue(formula if formula.startswith("=") else f"={formula}")


def _count(element, attribute: str) -> int:
    return max(1, int(element.get(attribute, "1")))


def _value(cell) -> object:
    kind = cell.get(f"{OFFICE}value-type")
    if kind is None or kind == "string" or cell.get(f"{CALCEXT}value-type") == "error":
        string_value = cell.get(f"{OFFICE}string-value") if kind == "string" else None
        return string_value if string_value is not None else _text(cell)
    if kind in ("float", "percentage", "currency"):
        value = _number(cell.get(f"{OFFICE}value", ""))
    elif kind == "date":
        value = _date(cell.get(f"{OFFICE}date-value", ""))
    elif kind == "time":
        value = _time(cell.get(f"{OFFICE}time-value", ""))
    elif kind == "boolean":
        value = {"true": True, "false": False}.get(cell.get(f"{OFFICE}boolean-value", ""))
    else:
        value = None
    return value if value is not None else _text(cell)


def _number(text: str) -> int | float | None:
    try:
        return int(text)
    except ValueError:
        pass
    try:
        return float(text)
    except ValueError:
        return None


def _date(text: str) -> datetime.date | datetime.datetime | None:
    try:
        if "T" in text:
            return datetime.datetime.fromisoformat(text)
        return datetime.date.fromisoformat(text)
    except ValueError:
        return None


def _time(text: str) -> datetime.time | None:
    match = _DURATION.match(text)
    if not match:
        return None
    hours, minutes, seconds = (int(part) for part in match.groups()[:3])
    microseconds = int((match.group(4) or "0")[:6].ljust(6, "0"))
    if hours > 23 or minutes > 59 or seconds > 59:
        return None  # a duration: keep the text shown
    return datetime.time(hours, minutes, seconds, microseconds)


def _text(cell) -> str:
    """The cell's paragraphs, joined by line breaks."""
    return "\n".join(_paragraphs(cell))


def _paragraphs(element):
    for child in element:
        if child.tag in _PARAGRAPHS:
            yield _inline(child)
        elif child.tag in (f"{TEXT}list", f"{TEXT}list-item", f"{TEXT}list-header", f"{TEXT}section"):
            yield from _paragraphs(child)


def _inline(element) -> str:
    parts = [element.text or ""]
    for child in element:
        tag = child.tag
        if tag == f"{TEXT}s":
            parts.append(" " * min(MAX_SPACES, _count(child, f"{TEXT}c")))
        elif tag == f"{TEXT}tab":
            parts.append("\t")
        elif tag == f"{TEXT}line-break":
            parts.append("\n")
        elif tag not in _LEFT_OUT and not tag.startswith(DRAW):
            parts.append(_inline(child))
        parts.append(child.tail or "")
    return "".join(parts)
