"""Turning an uploaded file into rows of values.

    rows = read_rows(upload.name, upload.read(), max_bytes=…, max_rows=…, max_uncompressed_bytes=…,
                     max_columns=…)

We read an Excel workbook (.xlsx, also .xlsm and .xltx, which are the same
inside), an OpenDocument spreadsheet (.ods) or a CSV file, and give the first
(visible) worksheet's rows as lists of values: str, int, float, bool,
datetime.date, datetime.datetime, datetime.time, or None for an empty cell;
a formula cell gives the value the file saved with it, or, where the file
saved none, a FormulaWithoutValue (reading_rows) naming the formula, for the
caller to tell the uploader which cell to type out. (CSV has no formulas:
"=SUM(A1)" there is text.)
How each format's values are read: reading_xlsx.py, reading_ods.py,
reading_csv.py; how they are cleaned: reading_rows.clean.

- The format is found from the content, and checked against the name: an old
  .xls is refused whatever it holds; text is read as CSV only from a .csv,
  .tsv or .txt file (or a name without an extension), and a .txt must look
  delimited.
- Rows: each row's trailing empty cells and the sheet's trailing empty rows
  are trimmed; empty rows above and between filled ones are kept (as []), so
  that a row's position in the list is its row number minus one, and callers
  find the header row themselves below any title rows.
- Merged cells: the value is in the range's top-left cell only, the others are
  empty (callers carry values down).
- Limits: the upload's size (max_bytes); for .xlsx and .ods, which are zip
  files, the total unpacked size their zip directory declares
  (max_uncompressed_bytes) and each part's packing ratio, checked before
  anything is unpacked; filled rows (max_rows), counted as they are read so a
  long sheet is refused early; empty rows between filled ones (the sheet may
  reach at most row 2 × max_rows); columns (max_columns, at most the 16,384
  a spreadsheet can have), checked row by row so a wide sheet is refused at
  its first wide row; and cells (reading_rows).
- Anything we will not or cannot read raises SpreadsheetError, whose message
  is written for the person who uploaded the file; no other exception escapes
  for bad input. Their texts are in reading_refusals.py.
"""

import io
import os
import zipfile

from . import reading_refusals as refusals
from .reading_csv import decode, looks_like_text, read_csv
from .reading_ods import read_ods
from .reading_refusals import SpreadsheetError
from .reading_rows import MAX_COLUMNS, RowCollector
from .reading_xlsx import read_xlsx

__all__ = ["SpreadsheetError", "check_file", "read_rows"]

OLE2_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_SIGNATURES = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
TEXT_EXTENSIONS = ("", ".csv", ".tsv", ".txt")
ODS_MIMETYPES = (
    b"application/vnd.oasis.opendocument.spreadsheet",
    b"application/vnd.oasis.opendocument.spreadsheet-template",
)

# A member of a zip (an .xlsx or .ods is one) may unpack to at most this many
# times its packed size, once it is over EXPANSION_FLOOR bytes unpacked.
MAX_EXPANSION_RATIO = 100
EXPANSION_FLOOR = 1024 * 1024

_SIGNATURES = (  # what other files start with, named for the refusal
    (b"%PDF-", "a PDF file"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"RIFF", "a media file"),
    (b"{\\rtf", "a rich text document (.rtf)"),
)
_OTHER_ZIPS = (  # a member that tells what a zip file is
    ("ppt/presentation.xml", "a PowerPoint presentation"),
    ("Index/Document.iwa", "an Apple Numbers or Pages file"),
)


def read_rows(
    file_name: str,
    data: bytes,
    *,
    max_bytes: int,
    max_rows: int,
    max_uncompressed_bytes: int,
    max_columns: int = MAX_COLUMNS,
) -> list[list[object]]:
    """The first worksheet's rows as lists of cell values.

    Sizes are in bytes. max_rows counts filled rows; empty rows between them
    count towards twice that many rows in all. max_columns counts a row's
    cells up to its last filled one.
    """
    kind = check_file(file_name, data, max_bytes=max_bytes, max_uncompressed_bytes=max_uncompressed_bytes)
    collector = RowCollector(max_rows, max_columns)
    if kind == "xlsx":
        read_xlsx(data, collector)
    elif kind == "ods":
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            read_ods(archive, collector)
    else:
        read_csv(decode(data), collector, extension=_extension(file_name))
    return collector.result()


def check_file(file_name: str, data: bytes, *, max_bytes: int, max_uncompressed_bytes: int) -> str:
    """What kind of spreadsheet the file is ("xlsx", "ods" or "csv"), found
    without reading its cells, or a SpreadsheetError: the quick checks
    `read_rows` begins with, for an upload to be refused at once, before the
    slow reading (which may still refuse it, for its rows, columns or cells)."""
    if len(data) > max_bytes:
        raise SpreadsheetError(refusals.too_large(len(data), max_bytes))
    if not data:
        raise SpreadsheetError(refusals.EMPTY)
    extension = _extension(file_name)
    if extension == ".xls" or data.startswith(OLE2_SIGNATURE):
        raise SpreadsheetError(_ole2_refusal(data))
    if data.startswith(ZIP_SIGNATURES):
        return _check_zip(data, max_uncompressed_bytes)
    if looks_like_text(data) and not _starts_with_known_signature(data):
        if extension not in TEXT_EXTENSIONS:
            raise SpreadsheetError(refusals.text_with_wrong_extension(extension))
        return "csv"
    raise SpreadsheetError(refusals.not_a_spreadsheet(_what(data)))


def _extension(file_name: str) -> str:
    return os.path.splitext(file_name or "")[1].lower()


def _check_zip(data: bytes, max_uncompressed_bytes: int) -> str:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except Exception as error:  # BadZipFile, and worse for a mangled directory
        raise SpreadsheetError(refusals.DAMAGED) from error
    with archive:
        names = {member.filename for member in members}
        kind = _zip_kind(archive, names)
        if sum(member.file_size for member in members) > max_uncompressed_bytes:
            raise SpreadsheetError(refusals.expands_beyond(max_uncompressed_bytes))
        for member in members:
            if member.file_size > EXPANSION_FLOOR and member.file_size > MAX_EXPANSION_RATIO * max(
                member.compress_size, 1
            ):
                raise SpreadsheetError(refusals.EXPANDS_TOO_MUCH)
    # zipfile stops each member at the size the directory declares (and
    # fails its checksum if it says more), so the checks above hold.
    return kind


def _zip_kind(archive: zipfile.ZipFile, names: set[str]) -> str:
    """'xlsx' or 'ods'; any other zip file is refused, named where we can tell what it is."""
    if "xl/workbook.xml" in names:
        return "xlsx"
    if "xl/workbook.bin" in names:
        raise SpreadsheetError(refusals.XLSB)
    if "mimetype" in names and archive.getinfo("mimetype").file_size < 200:
        try:
            mimetype = archive.read("mimetype").strip()
        except Exception as error:
            raise SpreadsheetError(refusals.DAMAGED) from error
        if mimetype in ODS_MIMETYPES:
            return "ods"
        if mimetype.startswith(b"application/vnd.oasis.opendocument.text"):
            raise SpreadsheetError(refusals.not_a_spreadsheet("an OpenDocument text document (.odt)"))
        if mimetype.startswith(b"application/vnd.oasis.opendocument.presentation"):
            raise SpreadsheetError(refusals.not_a_spreadsheet("an OpenDocument presentation (.odp)"))
    if "word/document.xml" in names:
        raise SpreadsheetError(refusals.WORD)
    for member, what in _OTHER_ZIPS:
        if member in names:
            raise SpreadsheetError(refusals.not_a_spreadsheet(what))
    raise SpreadsheetError(refusals.not_a_spreadsheet("a zip file" if names else None))


def _ole2_refusal(data: bytes) -> str:
    """Old Office files and password-protected new ones are both OLE2 compound files."""
    if "EncryptedPackage".encode("utf-16-le") in data:
        return refusals.PASSWORD
    if "WordDocument".encode("utf-16-le") in data:
        return refusals.WORD
    return refusals.OLD_XLS


def _starts_with_known_signature(data: bytes) -> bool:
    return any(data.startswith(signature) for signature, _ in _SIGNATURES)


def _what(data: bytes) -> str | None:
    for signature, what in _SIGNATURES:
        if data.startswith(signature):
            return what
    return None
