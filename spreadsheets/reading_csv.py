"""Reading a CSV file (or a spreadsheet saved as delimited text).

- Text: UTF-8 with or without a byte-order mark, else Windows-1252 (what
  Excel's plain "CSV (Comma delimited)" writes in the UK); UTF-16 with a
  byte-order mark (Excel's "Unicode Text") is read too. A file that is none of
  these is refused rather than read with wrong characters.
- Delimiter: comma, semicolon or tab, whichever splits the first records most
  consistently into two or more columns (Excel pads title rows with
  delimiters, so its rows all have the same number of fields).
- Quoted fields may hold delimiters, doubled quotes and line breaks.
- Every value is text (or None when empty): "3" stays "3" and "31/03/2026"
  stays text, because only the caller knows which column holds what (an
  action reference "1.10" is not the number 1.1).
"""

import codecs
import csv
import io
from collections import Counter

from . import reading_refusals as refusals
from .reading_refusals import SpreadsheetError
from .reading_rows import RowCollector

DELIMITERS = (",", ";", "\t")
# How much of the text the delimiter is guessed from.
SAMPLE_CHARACTERS = 64 * 1024

# Bytes that do not occur in text, other than tab, line feed, vertical tab,
# form feed, carriage return, and Ctrl-Z and escape (seen in old DOS files).
_CONTROL_BYTES = bytes(set(range(0x20)) - {0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x1A, 0x1B})


def looks_like_text(data: bytes) -> bool:
    """Whether the bytes could be text in one of the encodings we read."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return True
    sample = data[: 64 * 1024]
    if b"\x00" in sample:
        return False
    controls = sum(sample.count(byte) for byte in _CONTROL_BYTES)
    return controls * 100 <= len(sample)


def decode(data: bytes) -> str:
    """The text, or a refusal naming the encodings we read."""
    if data.startswith(codecs.BOM_UTF8):
        encodings = ["utf-8-sig"]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encodings = ["utf-16"]
    else:
        encodings = ["utf-8", "cp1252"]
    for encoding in encodings:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise SpreadsheetError(refusals.ENCODING)


def sniff_delimiter(text: str) -> str | None:
    """The delimiter that splits the sample most consistently into two or more columns, or None."""
    sample = text[:SAMPLE_CHARACTERS]
    if len(text) > SAMPLE_CHARACTERS and "\n" in sample:
        sample = sample[: sample.rindex("\n")]  # whole records only
    best, best_score = None, None
    for delimiter in DELIMITERS:
        counts = [
            len(record)
            for record in csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter)
            if any(field.strip() for field in record)
        ]
        if not counts:
            continue
        columns, agreeing = Counter(counts).most_common(1)[0]
        if columns < 2:
            continue
        score = (agreeing / len(counts), columns)
        if best_score is None or score > best_score:
            best, best_score = delimiter, score
    return best


def read_csv(text: str, collector: RowCollector, *, extension: str) -> None:
    """Add the text's records to the collector.

    A .txt file must look like delimited text; a .csv (or a name without an
    extension) may be a single column.
    """
    delimiter = sniff_delimiter(text)
    if delimiter is None:
        if extension == ".txt":
            raise SpreadsheetError(refusals.NOT_CSV_LIKE)
        delimiter = "\t" if extension == ".tsv" else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for record in reader:
            collector.add(record)
    except csv.Error as error:
        raise SpreadsheetError(refusals.CSV_UNREADABLE) from error
