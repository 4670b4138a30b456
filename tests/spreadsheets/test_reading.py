"""Reading uploaded spreadsheets into rows (spreadsheets/reading.py).

Every file is built here, in code: .xlsx with openpyxl, .ods and malicious
files with zipfile and XML strings. No database is needed.
"""

import codecs
import contextlib
import datetime
import io
import random
import zipfile

import openpyxl
import pytest

from spreadsheets import FormulaWithoutValue, SpreadsheetError, read_rows
from spreadsheets.reading_refusals import FORMATS_WE_READ

MB = 1024 * 1024
LIMITS = {"max_bytes": 10 * MB, "max_rows": 20_000, "max_uncompressed_bytes": 50 * MB}
DAMAGED = "The file is damaged and cannot be read."


def read(name: str, data: bytes, **limits) -> list[list[object]]:
    return read_rows(name, data, **{**LIMITS, **limits})


def refusal(name: str, data: bytes, **limits) -> str:
    with pytest.raises(SpreadsheetError) as refused:
        read(name, data, **limits)
    return str(refused.value)


# --- Building files ---------------------------------------------------------


def xlsx(rows=(), *, build=None) -> bytes:
    """A workbook whose first sheet holds the rows; build(workbook) may change it first."""
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(list(row))
    if build:
        build(workbook)
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def with_member(archive: bytes, name: str, content: bytes | str) -> bytes:
    """The zip with one member's content replaced (or added)."""
    output = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(archive)) as source, zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target:
        for member in source.infolist():
            if member.filename != name:
                target.writestr(member, source.read(member))
        target.writestr(name, content)
    return output.getvalue()


def xlsx_with_sheet_xml(sheet_data: str, *, doctype: str = "") -> bytes:
    """A workbook whose first sheet's XML is written by hand."""
    sheet = (
        f'<?xml version="1.0" encoding="UTF-8"?>{doctype}'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f"<sheetData>{sheet_data}</sheetData></worksheet>"
    )
    return with_member(xlsx([["placeholder"]]), "xl/worksheets/sheet1.xml", sheet)


ODS_NAMESPACES = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
    'xmlns:calcext="urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0"'
)


def ods(*tables: str, styles: str = "", doctype: str = "", content: str | None = None) -> bytes:
    """An OpenDocument spreadsheet holding the tables (each from table())."""
    if content is None:
        content = (
            f'<?xml version="1.0" encoding="UTF-8"?>{doctype}<office:document-content {ODS_NAMESPACES} office:version="1.3">'
            f"<office:automatic-styles>{styles}</office:automatic-styles>"
            f"<office:body><office:spreadsheet>{''.join(tables)}</office:spreadsheet></office:body>"
            "</office:document-content>"
        )
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr(
            "META-INF/manifest.xml",
            '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"/>',
        )
        archive.writestr("content.xml", content)
    return output.getvalue()


def table(*rows: str, name: str = "Sheet1", style: str | None = None) -> str:
    style_attribute = f' table:style-name="{style}"' if style else ""
    return f'<table:table table:name="{name}"{style_attribute}>{"".join(rows)}</table:table>'


def row(*cells: str, repeated: int = 1) -> str:
    return f'<table:table-row table:number-rows-repeated="{repeated}">{"".join(cells)}</table:table-row>'


def text(value: str, repeated: int = 1) -> str:
    return f'<table:table-cell office:value-type="string" table:number-columns-repeated="{repeated}"><text:p>{value}</text:p></table:table-cell>'


def empty(repeated: int = 1) -> str:
    return f'<table:table-cell table:number-columns-repeated="{repeated}"/>'


def zip_of(members: dict[str, bytes | str]) -> bytes:
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return output.getvalue()


def billion_laughs(levels: int) -> str:
    """A document type declaring entities that each stand for ten of the one before."""
    entities = ['<!ENTITY lol0 "lol">'] + [f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' for n in range(1, levels + 1)]
    return f"<!DOCTYPE lolz [{''.join(entities)}]>"


# --- Excel workbooks (.xlsx) ---------------------------------------------------


def test_title_rows_above_the_header_and_blank_rows_between_are_kept():
    data = xlsx([["Child Poverty Action Plan"], [], ["Ref", "Action"], ["1.1", "Map need"], [], ["1.2", "Consult"]])

    assert read("plan.xlsx", data) == [
        ["Child Poverty Action Plan"],
        [],
        ["Ref", "Action"],
        ["1.1", "Map need"],
        [],
        ["1.2", "Consult"],
    ]


def test_trailing_empty_cells_and_rows_are_trimmed():
    def build(workbook):
        sheet = workbook.active
        sheet["F2"].font = openpyxl.styles.Font(bold=True)  # styled, but empty
        sheet["A9"].number_format = "0.00"

    data = xlsx([["Ref", "Action", None, None], ["1.1", "Map need", "  "]], build=build)

    assert read("plan.xlsx", data) == [["Ref", "Action"], ["1.1", "Map need"]]


def test_a_merged_cell_gives_its_value_in_its_top_left_cell_only():
    def build(workbook):
        workbook.active.merge_cells("A2:A3")

    data = xlsx([["Theme", "Action"], ["Jobs", "Apprenticeships"], [None, "Skills fund"]], build=build)

    assert read("plan.xlsx", data) == [["Theme", "Action"], ["Jobs", "Apprenticeships"], [None, "Skills fund"]]


def test_dates_typed_as_dates_are_dates_and_datetimes_with_a_time_are_kept():
    data = xlsx(
        [[datetime.date(2026, 3, 31), datetime.datetime(2026, 4, 1, 0, 0), datetime.datetime(2026, 4, 1, 9, 30)]]
    )

    assert read("plan.xlsx", data) == [
        [datetime.date(2026, 3, 31), datetime.date(2026, 4, 1), datetime.datetime(2026, 4, 1, 9, 30)]
    ]


def test_dates_typed_as_text_stay_text():
    assert read("plan.xlsx", xlsx([["31/03/2026", "March 2026"]])) == [["31/03/2026", "March 2026"]]


def test_whole_numbers_are_ints_and_other_numbers_floats():
    data = xlsx_with_sheet_xml(
        '<row r="1"><c r="A1"><v>3.0</v></c><c r="B1"><v>2.5</v></c><c r="C1"><v>7</v></c></row>'
    )

    values = read("plan.xlsx", data)[0]

    assert values == [3, 2.5, 7]
    assert [type(value) for value in values] == [int, float, int]


def test_booleans_are_bools():
    assert read("plan.xlsx", xlsx([[True, False]])) == [[True, False]]


def test_line_breaks_in_an_xlsx_cell_are_kept_and_trailing_whitespace_is_stripped():
    data = xlsx([["Step one\r\nStep two\rStep three\n  indented  \n\n"]])

    assert read("plan.xlsx", data) == [["Step one\nStep two\nStep three\n  indented"]]


def test_a_carriage_return_excel_escapes_as_x000d_is_a_line_break():
    data = xlsx_with_sheet_xml('<row r="1"><c r="A1" t="inlineStr"><is><t>One_x000D_\nTwo</t></is></c></row>')

    assert read("plan.xlsx", data) == [["One\nTwo"]]


def test_a_formula_gives_the_value_excel_saved_never_the_formula():
    data = xlsx_with_sheet_xml(
        '<row r="1"><c r="A1"><f>1+2</f><v>3</v></c><c r="B1" t="str"><f>"a"&amp;"b"</f><v>ab</v></c></row>'
    )

    assert read("plan.xlsx", data) == [[3, "ab"]]


def test_the_first_visible_worksheet_is_read():
    def build(workbook):
        workbook.active.sheet_state = "hidden"
        workbook.create_sheet("Plan").append(["Ref", "Action"])
        workbook.create_sheet("Notes").append(["Not this"])

    data = xlsx([["Lookup list"]], build=build)

    assert read("plan.xlsx", data) == [["Ref", "Action"]]


def test_an_empty_first_worksheet_is_refused_when_others_have_data():
    def build(workbook):
        workbook.active.title = "Cover"
        workbook.create_sheet("Plan").append(["Ref", "Action"])

    assert refusal("plan.xlsx", xlsx(build=build)) == (
        "The first worksheet (\u201cCover\u201d) is empty. We read only the first worksheet: move the plan "
        "to it, save the file, and upload it again."
    )


def test_an_xlsm_workbook_is_read_by_its_content():
    assert read("plan.xlsm", xlsx([["Ref"]])) == [["Ref"]]


# --- OpenDocument spreadsheets (.ods) ----------------------------------------


def test_an_ods_sheet_is_read_with_its_values_typed():
    cells = (
        '<table:table-cell office:value-type="float" office:value="3"><text:p>3</text:p></table:table-cell>'
        '<table:table-cell office:value-type="float" office:value="2.5"><text:p>2.5</text:p></table:table-cell>'
        '<table:table-cell office:value-type="percentage" office:value="0.5"><text:p>50%</text:p></table:table-cell>'
        '<table:table-cell office:value-type="currency" office:value="10"><text:p>£10.00</text:p></table:table-cell>'
        '<table:table-cell office:value-type="date" office:date-value="2026-03-31"><text:p>31/03/26</text:p></table:table-cell>'
        '<table:table-cell office:value-type="date" office:date-value="2026-03-31T09:30:00"><text:p>…</text:p></table:table-cell>'
        '<table:table-cell office:value-type="boolean" office:boolean-value="true"><text:p>TRUE</text:p></table:table-cell>'
        '<table:table-cell office:value-type="string"><text:p>Map need</text:p></table:table-cell>'
        '<table:table-cell office:value-type="time" office:time-value="PT09H30M00S"><text:p>09:30</text:p></table:table-cell>'
    )

    assert read("plan.ods", ods(table(row(cells)))) == [
        [
            3,
            2.5,
            0.5,
            10,
            datetime.date(2026, 3, 31),
            datetime.datetime(2026, 3, 31, 9, 30),
            True,
            "Map need",
            datetime.time(9, 30),
        ]
    ]


def test_ods_repeated_cells_and_rows_are_expanded():
    data = ods(table(row(text("Ref"), empty(2), text("x", repeated=2)), row(text("Same"), repeated=2)))

    assert read("plan.ods", data) == [["Ref", None, None, "x", "x"], ["Same"], ["Same"]]


def test_ods_title_rows_and_blank_rows_between_are_kept():
    data = ods(table(row(text("Action Plan")), row(empty(1024), repeated=2), row(text("Ref"), text("Action"))))

    assert read("plan.ods", data) == [["Action Plan"], [], [], ["Ref", "Action"]]


def test_ods_runs_of_a_million_empty_rows_and_columns_are_counted_not_made():
    data = ods(table(row(text("Ref"), empty(16_000)), row(empty(16_384), repeated=1_048_575)))

    assert read("plan.ods", data) == [["Ref"]]


def test_ods_paragraphs_line_breaks_and_spaces_make_the_cell_text():
    cell = (
        '<table:table-cell office:value-type="string"><text:p>Step<text:s text:c="2"/>one<text:line-break/>'
        "<text:span>continued</text:span></text:p><text:p>Step <text:a>two</text:a><text:s/></text:p></table:table-cell>"
    )

    assert read("plan.ods", ods(table(row(cell)))) == [["Step  one\ncontinued\nStep two"]]


def test_ods_covered_cells_of_a_merged_cell_are_empty():
    merged = '<table:table-cell office:value-type="string" table:number-columns-spanned="2"><text:p>Jobs</text:p></table:table-cell>'
    covered = '<table:covered-table-cell office:value-type="string"><text:p>Jobs</text:p></table:covered-table-cell>'

    assert read("plan.ods", ods(table(row(merged, covered, text("Action"))))) == [["Jobs", None, "Action"]]


def test_ods_comments_are_left_out_of_the_cell_text():
    cell = (
        '<table:table-cell office:value-type="string"><office:annotation><text:p>Check with Sue</text:p>'
        "</office:annotation><text:p>Map need</text:p></table:table-cell>"
    )

    assert read("plan.ods", ods(table(row(cell)))) == [["Map need"]]


def test_ods_a_failed_formula_gives_the_error_shown():
    cell = '<table:table-cell table:formula="of:=1/0" office:value-type="float" office:value="0" calcext:value-type="error"><text:p>#DIV/0!</text:p></table:table-cell>'

    assert read("plan.ods", ods(table(row(cell)))) == [["#DIV/0!"]]


def test_ods_the_first_visible_sheet_is_read():
    hidden = '<style:style style:name="ta2" style:family="table"><style:table-properties table:display="false"/></style:style>'
    data = ods(
        table(row(text("Lookup")), name="Lists", style="ta2"),
        table(row(text("Ref"))),
        table(row(text("Notes"))),
        styles=hidden,
    )

    assert read("plan.ods", data) == [["Ref"]]


def test_ods_an_empty_first_sheet_is_refused_when_another_follows():
    assert refusal("plan.ods", ods(table(row(empty()), name="Cover"), table(row(text("Ref"))))).startswith(
        "The first worksheet (\u201cCover\u201d) is empty."
    )


# --- CSV files -----------------------------------------------------------------


def test_a_csv_in_utf_8_is_read():
    assert read("plan.csv", "Ref,Owner\r\n1.1,Children’s Services\r\n".encode()) == [
        ["Ref", "Owner"],
        ["1.1", "Children’s Services"],
    ]


def test_a_csv_in_utf_8_with_a_byte_order_mark_is_read():
    data = codecs.BOM_UTF8 + "Ref,Owner\r\n1.1,Café\r\n".encode()

    assert read("plan.csv", data) == [["Ref", "Owner"], ["1.1", "Café"]]


def test_a_csv_in_windows_1252_is_read():
    data = "Ref,Action\r\n1.1,£10 challenge\r\n1.2,Children’s centres\r\n".encode("cp1252")
    assert b"\xa3" in data and b"\x92" in data

    assert read("plan.csv", data) == [["Ref", "Action"], ["1.1", "£10 challenge"], ["1.2", "Children’s centres"]]


def test_a_semicolon_delimited_csv_is_read():
    data = b"Ref;Action;Cost\r\n1.1;Map need, then act;1,5\r\n"

    assert read("plan.csv", data) == [["Ref", "Action", "Cost"], ["1.1", "Map need, then act", "1,5"]]


def test_a_tab_delimited_text_file_is_read():
    assert read("plan.txt", b"Ref\tAction\r\n1.1\tMap need, then act\r\n") == [
        ["Ref", "Action"],
        ["1.1", "Map need, then act"],
    ]


def test_a_utf_16_text_file_from_excel_is_read():
    data = codecs.BOM_UTF16_LE + "Ref\tAction\r\n1.1\tCafé\r\n".encode("utf-16-le")

    assert read("plan.txt", data) == [["Ref", "Action"], ["1.1", "Café"]]


def test_quoted_csv_fields_keep_line_breaks_delimiters_and_quotes():
    data = b'Ref,Action\r\n1.1,"Step one\r\nStep two, then ""three"""\r\n'

    assert read("plan.csv", data) == [["Ref", "Action"], ["1.1", 'Step one\nStep two, then "three"']]


def test_csv_title_rows_and_blank_rows_are_kept_and_values_stay_text():
    data = b"Action Plan,,\r\n,,\r\nRef,Due,Cost\r\n1.10,31/03/2026,3\r\n,,\r\n"

    assert read("plan.csv", data) == [["Action Plan"], [], ["Ref", "Due", "Cost"], ["1.10", "31/03/2026", "3"]]


def test_a_single_column_csv_is_read():
    assert read("owners.csv", b"Owner\r\nLCC\r\n") == [["Owner"], ["LCC"]]


# --- Refusals --------------------------------------------------------------------


def test_an_empty_file_is_refused():
    assert refusal("plan.xlsx", b"") == "The file is empty."


def test_a_workbook_without_a_filled_cell_is_refused_as_empty():
    assert refusal("plan.xlsx", xlsx([[None, "   "]])) == "The file is empty."


def test_an_ods_without_a_filled_cell_is_refused_as_empty():
    assert refusal("plan.ods", ods(table(row(empty(5), repeated=10)))) == "The file is empty."


def test_a_csv_of_only_delimiters_is_refused_as_empty():
    assert refusal("plan.csv", b",,,\r\n,,,\r\n") == "The file is empty."


OLD_XLS = "This is an old Excel file (.xls). Open it in Excel or LibreOffice, save it as an Excel Workbook (.xlsx), and upload that."


def test_an_old_xls_file_is_refused_with_advice():
    data = bytes.fromhex("D0CF11E0A1B11AE1") + bytes(504) + "Workbook".encode("utf-16-le")

    assert refusal("plan.xls", data) == OLD_XLS


def test_an_old_xls_file_under_another_name_is_refused_with_advice():
    assert refusal("plan.xlsx", bytes.fromhex("D0CF11E0A1B11AE1") + bytes(504)) == OLD_XLS


def test_a_file_named_xls_is_refused_with_advice_whatever_it_holds():
    assert refusal("plan.xls", b"Ref,Action\r\n1.1,Map need\r\n") == OLD_XLS


def test_a_password_protected_workbook_is_refused_with_advice():
    data = bytes.fromhex("D0CF11E0A1B11AE1") + bytes(504) + "EncryptedPackage".encode("utf-16-le")

    assert refusal("plan.xlsx", data).startswith("This file is protected with a password, so we cannot read it.")


def test_a_pdf_is_refused_naming_the_formats_we_read():
    assert (
        refusal("plan.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj")
        == f"This is a PDF file, not a spreadsheet. Upload {FORMATS_WE_READ}."
    )


def test_a_word_document_renamed_xlsx_is_refused():
    docx = zip_of({"[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document/>"})

    assert refusal("plan.xlsx", docx) == (
        f"This is a Word document, not a spreadsheet. Upload {FORMATS_WE_READ}. If the plan is a table in "
        "Word, copy the table into Excel and save it as an Excel Workbook (.xlsx)."
    )


def test_an_excel_binary_workbook_is_refused_with_advice():
    xlsb = zip_of({"[Content_Types].xml": "<Types/>", "xl/workbook.bin": b"\x83\x01\x00"})

    assert refusal("plan.xlsb", xlsb) == (
        "This is an Excel Binary Workbook (.xlsb). Open it in Excel, save it as an Excel Workbook (.xlsx), and upload that."
    )


def test_an_image_is_refused():
    assert (
        refusal("plan.png", b"\x89PNG\r\n\x1a\n" + bytes(100))
        == f"This is a PNG image, not a spreadsheet. Upload {FORMATS_WE_READ}."
    )


def test_random_bytes_are_refused():
    assert (
        refusal("plan.xlsx", random.Random(1).randbytes(4096)) == f"We cannot read this file. Upload {FORMATS_WE_READ}."
    )


def test_a_zip_of_other_files_is_refused():
    assert (
        refusal("plan.zip", zip_of({"notes.txt": "hello"}))
        == f"This is a zip file, not a spreadsheet. Upload {FORMATS_WE_READ}."
    )


def test_a_text_file_that_is_not_csv_like_is_refused():
    data = b"Dear colleague\r\nPlease find attached the plan\r\nThanks\r\n"

    assert refusal("notes.txt", data).startswith("This text file does not look like a spreadsheet saved as CSV")


def test_text_named_as_a_workbook_is_refused():
    assert refusal("plan.xlsx", b"Ref,Action\r\n1.1,Map need\r\n").startswith(
        "This file\u2019s name ends in .xlsx, but it holds plain text, not a spreadsheet in that format."
    )


def test_bytes_that_are_neither_utf_8_nor_windows_1252_are_refused():
    data = b"Ref,Action\r\n1.1,Caf\x81\x8d\r\n"  # 0x81 and 0x8D mean nothing in Windows-1252

    assert refusal("plan.csv", data).startswith(
        "We cannot read the text in this file: it is not in UTF-8 or Windows-1252."
    )


def test_a_truncated_workbook_is_refused_as_damaged():
    data = xlsx([["Ref", "Action"]] * 50)

    assert refusal("plan.xlsx", data[: len(data) // 2]).startswith(DAMAGED)


def test_a_workbook_of_junk_is_refused_as_damaged():
    junk = random.Random(2)
    data = zip_of({"[Content_Types].xml": junk.randbytes(200), "xl/workbook.xml": junk.randbytes(200)})

    assert refusal("plan.xlsx", data).startswith(DAMAGED)


def test_malformed_xml_in_a_workbook_is_refused_as_damaged():
    data = xlsx_with_sheet_xml('<row r="1"><c r="A1" t="inlineStr"><is><t>Ref</is></c></row>')

    assert refusal("plan.xlsx", data).startswith(DAMAGED)


def test_malformed_xml_in_an_ods_is_refused_as_damaged():
    assert refusal("plan.ods", ods(content="<office:document-content><table:table>")).startswith(DAMAGED)


def test_a_damaged_zip_is_refused_as_damaged():
    assert refusal("plan.xlsx", b"PK\x03\x04" + random.Random(3).randbytes(300)).startswith(DAMAGED)


@pytest.mark.parametrize("kind", ["xlsx", "ods"])
def test_a_file_cut_or_changed_anywhere_is_read_or_refused_never_crashes(kind):
    data = (
        xlsx([["Ref", "Action", 3, datetime.date(2026, 3, 31)]] * 20)
        if kind == "xlsx"
        else ods(table(row(text("Ref"), text("Action")), row(text("1.1"))))
    )
    step = max(1, len(data) // 150)
    damaged = [data[:cut] for cut in range(1, len(data), step)]
    damaged += [data[:at] + bytes([data[at] ^ 0x55]) + data[at + 1 :] for at in range(0, len(data), step)]
    for version in damaged:
        with contextlib.suppress(SpreadsheetError):
            read(f"plan.{kind}", version)


def test_a_file_over_the_size_limit_is_refused_with_both_sizes():
    data = bytes(int(12.4 * MB))

    assert refusal("plan.xlsx", data, max_bytes=10 * MB) == "The file is 12.4 MB. The largest file we accept is 10 MB."


def zip_bomb(unpacked_bytes: int) -> bytes:
    """A workbook-looking zip whose sheet is that many zeros, written a megabyte at a time."""
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        with archive.open("xl/worksheets/sheet1.xml", "w") as sheet:
            for _ in range(unpacked_bytes // MB):
                sheet.write(bytes(MB))
    return output.getvalue()


def test_a_zip_bomb_expanding_past_the_limit_is_refused():
    bomb = zip_bomb(20 * MB)
    assert len(bomb) < 100 * 1024

    assert refusal("plan.xlsx", bomb, max_uncompressed_bytes=5 * MB).startswith(
        "The file expands to more than 5 MB when opened, which is more than we accept."
    )


def test_a_zip_member_expanding_more_than_a_hundredfold_is_refused():
    assert refusal("plan.xlsx", zip_bomb(2 * MB), max_uncompressed_bytes=50 * MB).startswith(
        "The file expands to far more than its size when opened"
    )


UNSAFE_XML = "The file contains XML that we do not accept for security reasons"


def test_openpyxl_parses_xml_with_defusedxml():
    from defusedxml import ElementTree as defused
    from openpyxl.xml import functions

    assert openpyxl.xml.DEFUSEDXML is True
    assert functions.iterparse.__module__ == defused.iterparse.__module__


def test_billion_laughs_in_a_workbook_is_refused_not_expanded():
    data = xlsx_with_sheet_xml(
        '<row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row>', doctype=billion_laughs(9)
    )

    assert refusal("plan.xlsx", data).startswith(UNSAFE_XML)


def test_even_a_small_entity_in_a_workbook_is_refused():
    # Small enough that expat's own amplification limit would let it through:
    # only defusedxml refuses it.
    data = xlsx_with_sheet_xml(
        '<row r="1"><c r="A1" t="inlineStr"><is><t>&lol2;</t></is></c></row>', doctype=billion_laughs(2)
    )

    assert refusal("plan.xlsx", data).startswith(UNSAFE_XML)


def test_an_external_entity_in_a_workbook_is_refused():
    doctype = '<!DOCTYPE worksheet [<!ENTITY secret SYSTEM "file:///etc/passwd">]>'
    data = xlsx_with_sheet_xml('<row r="1"><c r="A1" t="inlineStr"><is><t>&secret;</t></is></c></row>', doctype=doctype)

    assert refusal("plan.xlsx", data).startswith(UNSAFE_XML)


def test_billion_laughs_in_an_ods_is_refused_not_expanded():
    data = ods(table(row(text("&lol9;"))), doctype=billion_laughs(9))

    assert refusal("plan.ods", data).startswith(UNSAFE_XML)


def test_even_a_small_entity_in_an_ods_is_refused():
    assert refusal("plan.ods", ods(table(row(text("&lol2;"))), doctype=billion_laughs(2))).startswith(UNSAFE_XML)


def test_reading_a_workbook_is_refused_if_openpyxl_would_not_use_defusedxml(monkeypatch):
    monkeypatch.setattr(openpyxl.xml, "DEFUSEDXML", False)

    with pytest.raises(RuntimeError):
        read("plan.xlsx", xlsx([["Ref"]]))


TOO_MANY_ROWS = (
    "The spreadsheet has more than 5 rows. The most we accept in one file is 5: split it into smaller files."
)


def test_more_filled_rows_than_the_limit_are_refused():
    assert refusal("plan.xlsx", xlsx([[n] for n in range(6)]), max_rows=5) == TOO_MANY_ROWS


def test_the_row_limit_is_written_for_people():
    data = "\r\n".join(str(n) for n in range(20_001)).encode()

    assert refusal("plan.csv", data, max_rows=20_000) == (
        "The spreadsheet has more than 20,000 rows. The most we accept in one file is 20,000: split it into smaller files."
    )


def test_blank_rows_do_not_count_towards_the_row_limit():
    rows = [["Title"], [], [], ["Ref"], [], ["1.1"], ["1.2"], ["1.3"]]

    assert read("plan.xlsx", xlsx(rows), max_rows=5) == rows


def test_an_ods_row_repeated_past_the_limit_is_refused_before_it_is_made():
    assert refusal("plan.ods", ods(table(row(text("x"), repeated=1_000_000_000))), max_rows=5) == TOO_MANY_ROWS


def test_filled_rows_far_below_many_empty_ones_are_refused():
    data = xlsx_with_sheet_xml(
        '<row r="1"><c r="A1"><v>1</v></c></row><row r="900000"><c r="A900000"><v>2</v></c></row>'
    )

    assert refusal("plan.xlsx", data).startswith(
        "The spreadsheet\u2019s rows reach row 900,000, with many empty rows between them."
    )


def test_a_row_number_beyond_excels_last_row_is_refused_as_damaged():
    data = xlsx_with_sheet_xml(
        '<row r="1"><c r="A1"><v>1</v></c></row><row r="2000000000"><c r="A2000000000"><v>2</v></c></row>'
    )

    assert refusal("plan.xlsx", data).startswith(DAMAGED)


def test_an_ods_row_wider_than_a_spreadsheet_can_be_is_refused():
    assert refusal("plan.ods", ods(table(row(text("x", repeated=20_000))))).startswith(
        "The spreadsheet has more than 16,384 columns."
    )


def test_a_sparse_sheet_of_too_many_cells_is_refused():
    rows = "".join(f'<row r="{n}"><c r="XFD{n}"><v>1</v></c></row>' for n in range(1, 200))

    assert refusal("plan.xlsx", xlsx_with_sheet_xml(rows)).startswith("The spreadsheet has more than 2,000,000 cells")


# --- Formulas saved without a value ------------------------------------------


def test_an_xlsx_formula_saved_without_a_value_names_its_formula():
    # openpyxl, like some other tools, saves a formula without calculating it.
    data = xlsx([["Ref", "Action"], ["A1", '=HYPERLINK("https://example.org/plan", "Read the plan")']])

    assert read("plan.xlsx", data) == [
        ["Ref", "Action"],
        ["A1", FormulaWithoutValue('=HYPERLINK("https://example.org/plan", "Read the plan")')],
    ]


def test_an_xlsx_formula_whose_saved_value_is_empty_is_an_empty_cell():
    data = xlsx_with_sheet_xml(
        '<row r="1"><c r="A1"><v>1</v></c><c r="B1" t="str"><f>IF(A1=1,"","x")</f><v></v></c><c r="C1"><v>3</v></c></row>'
    )

    assert read("plan.xlsx", data) == [[1, None, 3]]


def test_each_cell_of_a_shared_xlsx_formula_without_values_names_its_own_formula():
    data = xlsx_with_sheet_xml(
        '<row r="1"><c r="A1"><v>1</v></c><c r="B1"><f t="shared" ref="B1:B2" si="0">A1*2</f><v>2</v></c></row>'
        '<row r="2"><c r="A2"><v>5</v></c><c r="B2"><f t="shared" si="0"/></c></row>'
    )

    assert read("plan.xlsx", data) == [[1, 2], [5, FormulaWithoutValue("=A2*2")]]


def test_an_ods_formula_gives_the_value_saved_with_it():
    data = ods(
        table(
            row(
                '<table:table-cell table:formula="of:=[.B1]&amp;&quot;!&quot;" office:value-type="string" '
                'calcext:value-type="string"><text:p>Hello!</text:p></table:table-cell>'
            )
        )
    )

    assert read("plan.ods", data) == [["Hello!"]]


def test_an_ods_formula_saved_without_a_value_names_its_formula():
    data = ods(
        table(row(text("A1"), '<table:table-cell table:formula="of:=HYPERLINK(&quot;https://example.org&quot;)"/>'))
    )

    assert read("plan.ods", data) == [["A1", FormulaWithoutValue('=HYPERLINK("https://example.org")')]]


def test_a_csv_cell_starting_with_an_equals_sign_is_text():
    assert read("plan.csv", b"Ref,Action\nA1,=HYPERLINK(x)\n") == [["Ref", "Action"], ["A1", "=HYPERLINK(x)"]]
