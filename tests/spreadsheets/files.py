"""Spreadsheets built in tests, as councils would send them."""

import io
import zipfile
from xml.sax.saxutils import escape

import openpyxl


def xlsx(rows: list[list]) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


HEADINGS = ["Strategic Theme", "Action Reference", "Action", "Action Owner", "Timescale", "Progress"]


def small_plan(*extra_rows: list) -> list[list]:
    """A title row, a blank row, the header and three actions (two sharing a reference)."""
    return [
        ["Child Poverty – Draft Action Plan"],
        [],
        HEADINGS,
        ["Economic Poverty", "E1", "Baseline parents on benefits", "Job Centre Plus", "Annual", "Baseline agreed"],
        [None, "E2", "Target debt advice", "District Councils", "31 March 2013", None],
        ["Poverty of Aspiration", "A4", "Roll out Triple P", "LCC Children's Services", "31 March 2013", None],
        [None, "A4", "Positive activities", "Child Poverty Champions", "Annual", None],
        *extra_rows,
    ]


def xlsx_with_saved_values(rows: list[list], values: dict[str, str]) -> bytes:
    """A workbook whose formula cells (by coordinate, "C4") have the text a
    spreadsheet program would have calculated and saved with them; openpyxl
    itself saves formulas without values."""
    data = xlsx(rows)
    source, output = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with source, zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive:
        for member in source.infolist():
            content = source.read(member)
            if member.filename == "xl/worksheets/sheet1.xml":
                text = content.decode()
                for coordinate, value in values.items():
                    start = text.index(f'<c r="{coordinate}"')
                    end = text.index("</c>", start)
                    cell = text[start:end].replace(f'<c r="{coordinate}"', f'<c r="{coordinate}" t="str"', 1)
                    cell = cell.replace("<v />", f"<v>{escape(value)}</v>")
                    text = text[:start] + cell + text[end:]
                content = text.encode()
            archive.writestr(member, content)
    return output.getvalue()


ODS_NAMESPACES = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
)


def ods(rows: list[list]) -> bytes:
    """An OpenDocument spreadsheet of text cells; a cell given as
    ods_formula(…) holds a formula, with or without a saved value."""

    def cell(value) -> str:
        if value is None:
            return "<table:table-cell/>"
        if isinstance(value, str) and not value.startswith("<table:table-cell"):
            return f'<table:table-cell office:value-type="string"><text:p>{escape(value)}</text:p></table:table-cell>'
        return value  # already XML

    body = "".join(f"<table:table-row>{''.join(cell(value) for value in row)}</table:table-row>" for row in rows)
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ODS_NAMESPACES} office:version="1.3">'
        f'<office:body><office:spreadsheet><table:table table:name="Plan">{body}</table:table>'
        "</office:spreadsheet></office:body></office:document-content>"
    )
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", content)
    return output.getvalue()


def ods_formula(formula: str, saved: str | None = None) -> str:
    """A cell holding `formula` ("=HYPERLINK(…)"), with the text `saved` as its value, or none."""
    attribute = f'table:formula="{escape("of:" + formula, {chr(34): "&quot;"})}"'
    if saved is None:
        return f"<table:table-cell {attribute}/>"
    return (
        f'<table:table-cell {attribute} office:value-type="string"><text:p>{escape(saved)}</text:p></table:table-cell>'
    )
