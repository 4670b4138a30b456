"""Write the five council plans as the councils keep them: one spreadsheet per
plan, in the council's own column headings, with the habits real sheets have
(title rows, merged theme cells, dates typed as dates, bullets on lines,
Windows-1252 and semicolons, a byte-order mark).

    cd /work/main && .venv/bin/python tests/data/council_plans/make_spreadsheets.py

Reads fixtures/source/*.yaml (PyYAML) and writes, beside this script:

    lincolnshire-child-poverty-draft-2012.xlsx   (openpyxl)
    hartlepool-child-poverty-2009.ods            (written by hand: a zip of XML)
    lincolnshire-narrowing-the-gap-2012.csv      (UTF-8 with a byte-order mark, commas)
    nottinghamshire-life-chances-2020-22.xlsx    (openpyxl)
    thurrock-child-poverty.csv                   (Windows-1252, semicolons)

Every theme and action cell holds exactly the YAML's text (themes as the
product writes them: reference, then title). What a council's sheet does not
hold is left out: owner organisations, indicators, progress statuses and the
transcription notes. The output is the same byte for byte on every run (fixed
dates inside the files and on their zip entries), so it can be committed;
tests/test_council_spreadsheets.py imports each file and compares it with the
fixture. No Django needed.
"""

import csv
import datetime
import io
import re
import sys
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

import openpyxl
import yaml
from openpyxl.styles import Alignment, Font

HERE = Path(__file__).resolve().parent
SOURCE = HERE.parents[2] / "fixtures" / "source"

# Every file says it was last saved at this moment (and its zip entries too).
FIXED_MOMENT = datetime.datetime(2024, 1, 1, 0, 0, 0)
ZIP_DATE_TIME = FIXED_MOMENT.timetuple()[:6]

# Timescales that are one exact day: the council typed them as dates.
EXACT_DATE = re.compile(
    r"^(\d{1,2}) (January|February|March|April|May|June|July|August|September|October|November|December) (\d{4})$"
)


# --- Reading the source ------------------------------------------------------


def clean_text(value) -> str:
    """As the fixture builder cleans text (imports/council_plans.py: clean_text)."""
    if value is None:
        return ""
    if not isinstance(value, str):
        value = str(value)
    return "\n".join(line.rstrip() for line in value.strip().splitlines())


def load(slug: str) -> dict:
    return yaml.safe_load((SOURCE / f"{slug}.yaml").read_text(encoding="utf-8"))


def theme_label(theme: dict) -> str:
    """A theme as the product writes it (Theme.__str__ in plans/models.py)."""
    reference, title = clean_text(theme.get("ref")), clean_text(theme["title"])
    if not reference:
        return title
    separator = " " if reference.endswith((".", ":", ")")) else ": "
    return f"{reference}{separator}{title}"


def action_cells(action: dict) -> dict[str, str]:
    """The cells of an action row, by field, as the YAML writes them."""
    accepted = action.get("recommendation_accepted")
    progress = action.get("progress") or {}
    return {
        "ref": clean_text(action.get("ref")),
        "text": clean_text(action["text"]),
        "owners": clean_text(action.get("owners")),
        "timescale": clean_text(action.get("timescale")),
        "monitoring": clean_text(action.get("monitoring")),
        "outcomes": clean_text(action.get("outcomes")),
        "measures": clean_text(action.get("measures")),
        "links": clean_text(action.get("links")),
        "accepted": {True: "Yes", False: "No"}.get(accepted, ""),
        "initial_response": clean_text(action.get("initial_response")),
        "progress": clean_text(progress.get("narrative")),
    }


# --- Writing files deterministically -----------------------------------------


def rezip(data: bytes, *, first: str | None = None, stored: tuple[str, ...] = ()) -> bytes:
    """The same zip with every entry dated FIXED_MOMENT (and `first` first)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    names = source.namelist()
    if first:
        names = [first] + [name for name in names if name != first]
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w") as target:
        for name in names:
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE_TIME)
            info.compress_type = zipfile.ZIP_STORED if name in stored else zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            target.writestr(info, source.read(name))
    return output.getvalue()


def save_xlsx(workbook: openpyxl.Workbook) -> bytes:
    workbook.properties.creator = "Action Plan Tracker test data"
    workbook.properties.lastModifiedBy = None
    workbook.properties.created = FIXED_MOMENT
    buffer = io.BytesIO()
    workbook.save(buffer)  # stamps properties.modified with the time now: put back below
    data = rezip(buffer.getvalue())
    source = zipfile.ZipFile(io.BytesIO(data))
    core = source.read("docProps/core.xml").decode("utf-8")
    core = re.sub(
        r"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
        lambda match: f"{match[1]}{FIXED_MOMENT:%Y-%m-%dT%H:%M:%SZ}{match[2]}",
        core,
    )
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w") as target:
        for info in source.infolist():
            content = core.encode("utf-8") if info.filename == "docProps/core.xml" else source.read(info.filename)
            target.writestr(info, content)
    return output.getvalue()


WRAP = Alignment(wrap_text=True, vertical="top")
BOLD = Font(bold=True)


def style_sheet(sheet, header_row: int, widths: list[int]) -> None:
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[openpyxl.utils.get_column_letter(index)].width = width
    for row in sheet.iter_rows(min_row=header_row):
        for cell in row:
            cell.alignment = WRAP
    for cell in sheet[header_row]:
        cell.font = BOLD
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1)


def write_row(sheet, row_number: int, values: list, *, first_column: int = 1) -> None:
    """Values from `first_column` on; an empty text leaves the cell empty."""
    for column, value in enumerate(values, start=first_column):
        if value not in (None, ""):
            sheet.cell(row=row_number, column=column, value=value)


def merge_down(sheet, column: int, first_row: int, last_row: int) -> None:
    """Merge a theme cell over its rows, as councils do: the value stays in the top cell."""
    if last_row > first_row:
        sheet.merge_cells(start_row=first_row, start_column=column, end_row=last_row, end_column=column)


# --- Lincolnshire's Child Poverty draft action plan (.xlsx) -------------------


def lincolnshire_child_poverty() -> bytes:
    source = load("lincolnshire-child-poverty-draft-2012")
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Action Plan"
    sheet["A1"] = clean_text(source["plan"]["title"])
    sheet["A1"].font = Font(bold=True, size=14)
    # Row 2 is blank; the header is row 3.
    header_row = 3
    write_row(sheet, header_row, ["Strategic Theme", "Action Reference", "Action", "Action Owner", "Timescale"])
    row_number = header_row
    for theme in source["themes"]:
        title = theme_label(theme)
        group_start, group_title = None, None
        for action in theme.get("actions") or []:
            cells = action_cells(action)
            row_number += 1
            written = title
            # The source writes "Best use of Resources" on BR1–BR2 and "Best
            # Use of Resources" on BR3–BR5 (see the theme's note): two merged
            # cells, differently capitalised, for one theme.
            if title == "Best use of Resources" and cells["ref"] in {"BR3", "BR4", "BR5"}:
                written = "Best Use of Resources"
            if written != group_title:
                if group_start is not None:
                    merge_down(sheet, 1, group_start, row_number - 1)
                group_start, group_title = row_number, written
                sheet.cell(row=row_number, column=1, value=written)
            write_row(sheet, row_number, [cells["ref"], cells["text"], cells["owners"]], first_column=2)
            timescale = sheet.cell(row=row_number, column=5)
            if EXACT_DATE.match(cells["timescale"]):
                timescale.value = datetime.datetime.strptime(cells["timescale"], "%d %B %Y").date()
                timescale.number_format = "dd/mm/yyyy"
            else:
                timescale.value = cells["timescale"] or None
        merge_down(sheet, 1, group_start, row_number)
    style_sheet(sheet, header_row, [24, 12, 70, 40, 16])
    return save_xlsx(workbook)


# --- Hartlepool's Town Wide Child Poverty Action Plan (.ods) ------------------

ODS_NAMESPACES = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"'
)


def ods_paragraph(line: str) -> str:
    """One line of a cell as a text:p. XML collapses spaces, so a run of them
    is one literal space and a text:s for the rest (all of it at the start of
    the line); a tab is a text:tab."""
    parts = []
    for piece in re.split(r"( {2,}|^ +|\t)", line):
        if not piece:
            continue
        if piece == "\t":
            parts.append("<text:tab/>")
        elif piece.strip(" ") == "":
            literal = "" if not parts else " "
            count = len(piece) - len(literal)
            parts.append(literal + (f'<text:s text:c="{count}"/>' if count > 1 else "<text:s/>"))
        else:
            parts.append(escape(piece))
    return f"<text:p>{''.join(parts)}</text:p>" if parts else "<text:p/>"


def ods_cell(value: str, *, style: str = "Wrap", rows_spanned: int = 1) -> str:
    span = f' table:number-rows-spanned="{rows_spanned}" table:number-columns-spanned="1"' if rows_spanned > 1 else ""
    if not value:
        return f'<table:table-cell table:style-name="{style}"{span}/>'
    paragraphs = "".join(ods_paragraph(line) for line in value.split("\n"))
    return (
        f'<table:table-cell table:style-name="{style}" office:value-type="string"{span}>{paragraphs}</table:table-cell>'
    )


def hartlepool_child_poverty() -> bytes:
    source = load("hartlepool-child-poverty-2009")
    headings = ["Theme", "Themed Priority", "Action", "Responsibility", "Outputs to be achieved",
                "Milestones/Timescales", "Links – plans/targets"]  # fmt: skip
    widths = ["5cm", "4cm", "8cm", "5cm", "8cm", "4cm", "6cm"]
    rows = [
        "<table:table-row>" + ods_cell(clean_text(source["plan"]["title"]), style="Title") + "</table:table-row>",
        "<table:table-row>"
        + "".join(ods_cell(heading, style="Heading") for heading in headings)
        + "</table:table-row>",
    ]
    for theme in source["themes"]:
        label = theme_label(theme)
        actions = theme.get("actions") or []
        for number, action in enumerate(actions):
            cells = action_cells(action)
            # The theme is one merged cell over its actions' rows; the cells it
            # covers are table:covered-table-cell.
            first = ods_cell(label, rows_spanned=len(actions)) if number == 0 else "<table:covered-table-cell/>"
            rest = [cells["text"], cells["owners"], cells["outcomes"], cells["timescale"], cells["links"]]
            rows.append(
                "<table:table-row>"
                + first
                + ods_cell("")
                + "".join(ods_cell(value) for value in rest)
                + "</table:table-row>"
            )
        for child in theme.get("themes") or []:
            # A themed priority with no actions yet: only the Theme and Themed Priority cells.
            if child.get("actions") or child.get("themes"):
                raise SystemExit(f"Hartlepool: {theme_label(child)!r} has actions; this layout has no row for them")
            rows.append("<table:table-row>" + ods_cell(label) + ods_cell(theme_label(child)) + "</table:table-row>")
    columns = "".join(f'<table:table-column table:style-name="co{index}"/>' for index in range(len(widths)))
    column_styles = "".join(
        f'<style:style style:name="co{index}" style:family="table-column">'
        f'<style:table-column-properties style:column-width="{width}"/></style:style>'
        for index, width in enumerate(widths)
    )
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<office:document-content {ODS_NAMESPACES} office:version="1.2">'
        "<office:automatic-styles>"
        f"{column_styles}"
        '<style:style style:name="Wrap" style:family="table-cell">'
        '<style:table-cell-properties fo:wrap-option="wrap" style:vertical-align="top"/></style:style>'
        '<style:style style:name="Heading" style:family="table-cell">'
        '<style:table-cell-properties fo:wrap-option="wrap" style:vertical-align="top"/>'
        '<style:text-properties fo:font-weight="bold"/></style:style>'
        '<style:style style:name="Title" style:family="table-cell">'
        '<style:text-properties fo:font-weight="bold" fo:font-size="14pt"/></style:style>'
        "</office:automatic-styles>"
        "<office:body><office:spreadsheet>"
        f"<table:table table:name={quoteattr('Action Plan')}>{columns}{''.join(rows)}</table:table>"
        "</office:spreadsheet></office:body></office:document-content>\n"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" manifest:version="1.2" '
        'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>\n"
    )
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w") as archive:
        # The mimetype comes first and is stored uncompressed (ODF 1.2, part 3, 3.3).
        for name, content_bytes, compression in [
            ("mimetype", b"application/vnd.oasis.opendocument.spreadsheet", zipfile.ZIP_STORED),
            ("content.xml", content.encode("utf-8"), zipfile.ZIP_DEFLATED),
            ("META-INF/manifest.xml", manifest.encode("utf-8"), zipfile.ZIP_DEFLATED),
        ]:
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE_TIME)
            info.compress_type = compression
            info.external_attr = 0o644 << 16
            archive.writestr(info, content_bytes)
    return output.getvalue()


# --- Lincolnshire's Executive Response to Narrowing the Gap (.csv, UTF-8) ----


def csv_bytes(rows: list[list[str]], *, delimiter: str, encoding: str) -> bytes:
    """Rows as Excel saves them: every row as wide as the widest (title rows
    padded with delimiters), CRLF between records, LF inside quoted cells."""
    width = max(len(row) for row in rows)
    text = io.StringIO(newline="")
    writer = csv.writer(text, delimiter=delimiter, lineterminator="\r\n")
    for row in rows:
        writer.writerow([*row, *[""] * (width - len(row))])
    return text.getvalue().encode(encoding)


def lincolnshire_narrowing_the_gap() -> bytes:
    source = load("lincolnshire-narrowing-the-gap-2012")
    rows = [
        [clean_text(source["plan"]["title"])],
        [
            "Recommendation",
            "Recommendation Accepted? Yes/No",
            "Initial Response",
            "Action",
            "Timescale",
            "Who",
            "Progress",
        ],
    ]
    for theme in source["themes"]:
        actions = theme.get("actions") or []
        if not actions:
            # The heading of the nationally significant points: a row with only the Recommendation cell.
            rows.append([theme_label(theme)])
        for number, action in enumerate(actions):
            cells = action_cells(action)
            # The recommendation is written once, on its first action's row
            # (the cell was merged before the sheet was saved as CSV).
            recommendation = theme_label(theme) if number == 0 else ""
            rows.append([recommendation, cells["accepted"], cells["initial_response"], cells["text"],
                         cells["timescale"], cells["owners"], cells["progress"]])  # fmt: skip
    return csv_bytes(rows, delimiter=",", encoding="utf-8-sig")


# --- Nottinghamshire's Life Chances action plan (.xlsx) -----------------------


def nottinghamshire_life_chances() -> bytes:
    source = load("nottinghamshire-life-chances-2020-22")
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Appendix 2"
    headings = ["Expected Outcome", "Aims (what do we want to achieve?)", "Objectives (How)", "Lead (By Who)",
                "Deadline (By When)", "Measure of success"]  # fmt: skip
    write_row(sheet, 1, headings)
    row_number = 1
    for number, outcome in enumerate(source["themes"]):
        if outcome.get("actions"):
            raise SystemExit(f"Nottinghamshire: outcome {theme_label(outcome)!r} has actions outside an aim")
        if number:
            row_number += 1  # a blank row between outcomes
        outcome_start = row_number + 1
        sheet.cell(row=outcome_start, column=1, value=theme_label(outcome))
        for aim in outcome.get("themes") or []:
            aim_start = row_number + 1
            sheet.cell(row=aim_start, column=2, value=theme_label(aim))
            for action in aim.get("actions") or []:
                cells = action_cells(action)
                row_number += 1
                write_row(sheet, row_number, [cells["text"], cells["owners"], cells["timescale"], cells["measures"]],
                          first_column=3)  # fmt: skip
            merge_down(sheet, 2, aim_start, row_number)
        merge_down(sheet, 1, outcome_start, row_number)
    style_sheet(sheet, 1, [30, 36, 70, 30, 20, 60])
    return save_xlsx(workbook)


# --- Thurrock's Child Poverty Action Plan (.csv, Windows-1252, semicolons) ----


def thurrock_child_poverty() -> bytes:
    source = load("thurrock-child-poverty")
    rows = [["Priority", "Child Poverty Strategy Objective", "Outcomes", "Action / Outputs", "Resources/Lead",
             "Monitoring", "Progress"]]  # fmt: skip
    for priority in source["themes"]:
        if priority.get("actions"):
            raise SystemExit(f"Thurrock: priority {theme_label(priority)!r} has actions outside an objective")
        for objective in priority.get("themes") or []:
            for index, action in enumerate(objective.get("actions") or []):
                cells = action_cells(action)
                # The priority is repeated on every row (so that the sheet can be
                # filtered by it); the objective is written once, on its first row.
                rows.append([theme_label(priority), theme_label(objective) if index == 0 else "", cells["outcomes"],
                             cells["text"], cells["owners"], cells["monitoring"], cells["progress"]])  # fmt: skip
    for row in rows:
        for cell in row:
            try:
                cell.encode("cp1252")
            except UnicodeEncodeError as error:
                message = f"Thurrock: {cell[error.start : error.end]!r} has no Windows-1252 code, in {cell!r}"
                raise SystemExit(message) from error
    return csv_bytes(rows, delimiter=";", encoding="cp1252")


FILES = {
    "lincolnshire-child-poverty-draft-2012.xlsx": lincolnshire_child_poverty,
    "hartlepool-child-poverty-2009.ods": hartlepool_child_poverty,
    "lincolnshire-narrowing-the-gap-2012.csv": lincolnshire_narrowing_the_gap,
    "nottinghamshire-life-chances-2020-22.xlsx": nottinghamshire_life_chances,
    "thurrock-child-poverty.csv": thurrock_child_poverty,
}


def main() -> int:
    for name, make in FILES.items():
        data = make()
        (HERE / name).write_bytes(data)
        print(f"Wrote {name} ({len(data):,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
