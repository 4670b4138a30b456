"""Keeping text that starts like a formula from being run as one.

A cell whose text begins with one of FORMULA_STARTS can be taken for a formula
by a spreadsheet program: "=HYPERLINK(…)" or "@SUM(…)" in an exported file
could run when someone opens it (OWASP, "CSV Injection"). A CSV file has no
cell types, so writing.write_csv puts an apostrophe in front of such text
(neutralise), and the importer takes it away again (unneutralise), so that an
export imported again changes nothing. (An .xlsx has cell types: there the text
is stored as text, with Excel's "quote prefix", and not changed.)
"""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _needs_prefix(text: str) -> bool:
    """Whether the text, after any apostrophes it starts with, starts like a formula."""
    rest = text.lstrip("'")
    return bool(rest) and rest[0] in FORMULA_STARTS


def neutralise(text: str) -> str:
    """The text with an apostrophe in front if it starts like a formula ("=1+1" → "'=1+1").

    Text already starting with apostrophes followed by a formula start ("'=1")
    gets one more ("''=1"), so that unneutralise gives back exactly what was
    written; any other text ("'tis", "Plan") is left alone.
    """
    return "'" + text if _needs_prefix(text) else text


def unneutralise(text: str) -> str:
    """The inverse of neutralise: one leading apostrophe removed when a formula start follows ("'=1+1" → "=1+1")."""
    if text.startswith("'") and _needs_prefix(text):
        return text[1:]
    return text
