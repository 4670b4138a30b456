"""Spreadsheets in and out: an uploaded file into rows, and rows into a download.

- reading.read_rows: an uploaded .xlsx, .ods or .csv file's first worksheet,
  as rows of values, or a SpreadsheetError whose message tells the uploader
  what to do.
- writing.write_xlsx and writing.write_csv: sheets of rows into the bytes of
  a file to download; writing.neutralise and writing.unneutralise keep text
  such as "=SUM(A1)" from being run as a formula, and undo that on import.
"""

from .reading import SpreadsheetError, read_rows
from .writing import FORMULA_STARTS, Sheet, neutralise, unneutralise, write_csv, write_xlsx

__all__ = [
    "FORMULA_STARTS",
    "Sheet",
    "SpreadsheetError",
    "neutralise",
    "read_rows",
    "unneutralise",
    "write_csv",
    "write_xlsx",
]
