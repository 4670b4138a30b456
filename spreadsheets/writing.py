"""Turning rows into a file to download: an Excel workbook (.xlsx) or a CSV file.

    sheet = Sheet(title="Actions", headers=["Reference", "Action", "Due"], rows=[["1.1", "Map need", date(2026, 3, 31)]])
    write_xlsx([sheet])  # bytes of an .xlsx (writing_xlsx.py)
    write_csv(sheet)     # bytes of a .csv

Values may be str, int, float, Decimal, bool, datetime.date, datetime.datetime
(an aware one is written as its own wall-clock time: convert it to local time
first), datetime.time or None; anything else raises TypeError. We write what
we are given: showing a boolean as "Yes"/"No" is the caller's choice.

Formula injection (writing_formulas.py): text beginning with one of FORMULA_STARTS
could be run as a formula by a spreadsheet program. In an .xlsx it is stored
as a text cell with Excel's "quote prefix", unchanged; in a CSV it is
prefixed with an apostrophe (neutralise), which the importer removes again
(unneutralise).
"""

import csv
import datetime
import io
from dataclasses import dataclass
from decimal import Decimal

from .writing_formulas import FORMULA_STARTS, neutralise, unneutralise
from .writing_xlsx import write_xlsx

__all__ = ["FORMULA_STARTS", "Sheet", "neutralise", "unneutralise", "write_csv", "write_xlsx"]


@dataclass
class Sheet:
    title: str
    headers: list[str]
    rows: list[list[object]]  # str, int, float, bool, datetime.date, datetime.datetime, Decimal or None
    widths: dict[str, int] | None = None  # column width in characters by header; default: from the content, 10–60
    # How it prints and filters (writing_xlsx; a CSV has neither). Every sheet
    # prints landscape with its header row repeated on each page.
    autofilter: bool = True  # a filter button on each header; off for a sheet that is not a table of rows
    fit_width: bool = False  # print one page wide (as many pages long as it needs), shrinking it to fit


def write_csv(sheet: Sheet) -> bytes:
    """A CSV file: UTF-8 with a byte-order mark (so Excel reads accents right), CRLF line ends.

    Every text cell, headers included, is neutralised; dates are written ISO
    (2026-03-31, and 2026-03-31 10:15:00 for a datetime), booleans as TRUE and
    FALSE, None as an empty cell.
    """
    output = io.StringIO(newline="")
    writer = csv.writer(output, lineterminator="\r\n")
    writer.writerow([neutralise(str(header)) for header in sheet.headers])
    for row in sheet.rows:
        writer.writerow([_csv_text(value) for value in row])
    return output.getvalue().encode("utf-8-sig")


def _csv_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return neutralise(value)
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, datetime.datetime):
        return value.replace(tzinfo=None).isoformat(sep=" ")
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, int | float | Decimal):
        return str(value)
    raise TypeError(f"Cannot write a {type(value).__name__} to a spreadsheet: {value!r}")
