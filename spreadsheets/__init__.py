"""Spreadsheets in and out: an uploaded file into rows, and rows into a download.

A plain Python package: it imports nothing from Django or from the project's
apps (only the standard library, openpyxl and defusedxml), so that it can be
read, tested and reused on its own. tests/spreadsheets/ holds its tests, one
of which checks that importing it brings in no Django.

- reading.read_rows: an uploaded .xlsx, .ods or .csv file's first worksheet,
  as rows of values, or a SpreadsheetError whose message tells the uploader
  what to do (texts in reading_refusals, e.g. `too_large` for refusing an
  upload before it is read). A formula cell gives the value the file saved
  with it; where it saved none, a FormulaWithoutValue naming the formula.
- reading.check_file: the quick checks alone (the file's kind and sizes,
  without reading a cell), for an upload to be refused at once while the
  reading is left to a background job.
- writing.write_xlsx and writing.write_csv: sheets of rows into the bytes of
  a file to download; writing.neutralise and writing.unneutralise keep text
  such as "=SUM(A1)" from being run as a formula, and undo that on import.
"""

from .reading import SpreadsheetError, check_file, read_rows
from .reading_refusals import FORMATS_WE_READ, too_large
from .reading_rows import FormulaWithoutValue
from .writing import FORMULA_STARTS, Sheet, neutralise, unneutralise, write_csv, write_xlsx

__all__ = [
    "FORMATS_WE_READ",
    "FORMULA_STARTS",
    "FormulaWithoutValue",
    "Sheet",
    "SpreadsheetError",
    "check_file",
    "neutralise",
    "read_rows",
    "too_large",
    "unneutralise",
    "write_csv",
    "write_xlsx",
]
