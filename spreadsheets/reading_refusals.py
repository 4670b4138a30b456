"""Why we refuse an uploaded file, in words for the person who uploaded it.

Every message a refusal can carry is written here, in one place, so that they
can be read (and reviewed) together. Each says what is wrong and what to do.
"""

import math

FORMATS_WE_READ = "an Excel workbook (.xlsx), an OpenDocument spreadsheet (.ods) or a CSV file (.csv)"

EMPTY = "The file is empty."
OLD_XLS = (
    "This is an old Excel file (.xls). Open it in Excel or LibreOffice, save it as an "
    "Excel Workbook (.xlsx), and upload that."
)
XLSB = (
    "This is an Excel Binary Workbook (.xlsb). Open it in Excel, save it as an Excel Workbook (.xlsx), and upload that."
)
PASSWORD = (
    "This file is protected with a password, so we cannot read it. Open it in Excel, remove the "
    "password (File > Info > Protect Workbook > Encrypt with Password, then clear the password), "
    "save it, and upload it again."
)
WORD = (
    "This is a Word document, not a spreadsheet. Upload " + FORMATS_WE_READ + ". If the plan is a "
    "table in Word, copy the table into Excel and save it as an Excel Workbook (.xlsx)."
)
DAMAGED = (
    "The file is damaged and cannot be read. Check that it opens in Excel or LibreOffice, save it "
    "again under a new name, and upload that copy."
)
UNSAFE_XML = (
    "The file contains XML that we do not accept for security reasons (entity or document type "
    "declarations). Open it in Excel or LibreOffice, save it again as an Excel Workbook (.xlsx), "
    "and upload that."
)
EXPANDS_TOO_MUCH = (
    "The file expands to far more than its size when opened (part of it is more than 100 times "
    "larger unpacked), which is more than we accept. Open it in Excel or LibreOffice, save it "
    "again, and upload the new copy."
)
ENCODING = (
    "We cannot read the text in this file: it is not in UTF-8 or Windows-1252. In Excel, choose "
    "Save As with the type \u201cCSV UTF-8 (Comma delimited)\u201d, or save it as an Excel Workbook "
    "(.xlsx), and upload that."
)
NOT_CSV_LIKE = (
    "This text file does not look like a spreadsheet saved as CSV: no commas, semicolons or tabs "
    "separate its columns. Upload " + FORMATS_WE_READ + "."
)
CSV_UNREADABLE = (
    "This CSV file cannot be read: a cell is longer than 131,072 characters, or a quotation mark "
    "is never closed. Open it in Excel or LibreOffice, check it, save it again, and upload that."
)


class SpreadsheetError(Exception):
    """A file we will not read, with a message for the person who uploaded it (plain English, saying what to do)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


def not_a_spreadsheet(what: str | None = None) -> str:
    """'This is a PDF file, not a spreadsheet. …' or, when we cannot tell what it is, 'We cannot read this file. …'."""
    if what is None:
        return f"We cannot read this file. Upload {FORMATS_WE_READ}."
    return f"This is {what}, not a spreadsheet. Upload {FORMATS_WE_READ}."


def text_with_wrong_extension(extension: str) -> str:
    return (
        f"This file\u2019s name ends in {extension}, but it holds plain text, not a spreadsheet in that "
        "format. If it is a CSV file, rename it to end in .csv and upload it again; otherwise upload "
        f"{FORMATS_WE_READ}."
    )


def too_large(size: int, max_bytes: int) -> str:
    return f"The file is {file_size(size, up=True)}. The largest file we accept is {file_size(max_bytes)}."


def expands_beyond(max_uncompressed_bytes: int) -> str:
    return (
        f"The file expands to more than {file_size(max_uncompressed_bytes)} when opened, which is more "
        "than we accept. If it really holds that much, split it into smaller files; if not, open it "
        "in Excel or LibreOffice, save it again, and upload the new copy."
    )


def too_many_rows(max_rows: int) -> str:
    return (
        f"The spreadsheet has more than {max_rows:,} rows. The most we accept in one file is "
        f"{max_rows:,}: split it into smaller files."
    )


def rows_too_far_apart(last_row: int, max_rows: int) -> str:
    return (
        f"The spreadsheet\u2019s rows reach row {last_row:,}, with many empty rows between them. The most "
        f"we accept in one file is {max_rows:,} rows: delete the empty rows, or split it into smaller "
        "files, and upload it again."
    )


def too_many_columns(max_columns: int) -> str:
    return (
        f"The spreadsheet has more than {max_columns:,} columns. Delete the columns you do not need, "
        "save it, and upload it again."
    )


def columns_beyond(row_number: int, columns: int, max_columns: int) -> str:
    return (
        f"Row {row_number:,} of the spreadsheet has {columns:,} columns. The most we accept is "
        f"{max_columns:,}: delete the columns you do not need, save the file, and upload it again."
    )


def too_many_cells(max_cells: int) -> str:
    return (
        f"The spreadsheet has more than {max_cells:,} cells, counting the empty cells between filled "
        "ones. Delete the rows and columns you do not need, or split it into smaller files, and "
        "upload it again."
    )


def first_sheet_empty(sheet_name: str) -> str:
    return (
        f"The first worksheet (\u201c{sheet_name}\u201d) is empty. We read only the first worksheet: "
        "move the plan to it, save the file, and upload it again."
    )


def file_size(size: int, *, up: bool = False) -> str:
    """A size for people, in units of 1,024 as Windows shows them: '980 bytes', '12 KB', '12.4 MB'.

    up=True rounds up (for the size of a file that is too large), so a file just
    over the limit never reads as the limit itself; otherwise rounds down.
    """
    rounding = math.ceil if up else math.floor
    if size < 1024:
        return f"{size:,} bytes"
    for unit, scale in (("GB", 1024**3), ("MB", 1024**2), ("KB", 1024)):
        if size >= scale:
            amount = rounding(size * 10 / scale) / 10
            text = f"{amount:,.1f}".removesuffix(".0")
            return f"{text} {unit}"
    raise AssertionError("unreachable")  # pragma: no cover
