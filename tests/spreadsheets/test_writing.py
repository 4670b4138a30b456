"""Writing rows into downloadable spreadsheets (spreadsheets/writing.py).

Each written file is read back with openpyxl, and with zipfile and the XML
itself where what matters is how a cell is stored. No database is needed.
"""

import codecs
import datetime
import io
import re
import tempfile
import zipfile
from decimal import Decimal

import openpyxl
import pytest

from spreadsheets import FORMULA_STARTS, Sheet, neutralise, read_rows, unneutralise, write_csv, write_xlsx, writing_xlsx

LIMITS = {"max_bytes": 10 * 1024 * 1024, "max_rows": 20_000, "max_uncompressed_bytes": 50 * 1024 * 1024}
MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


def plan_sheet(**changes) -> Sheet:
    fields = {
        "title": "Actions",
        "headers": ["Ref", "Action", "Due", "Done"],
        "rows": [["1.1", "Map need", datetime.date(2026, 3, 31), 40], ["1.2", "Consult\nfamilies", None, 2.5]],
    }
    return Sheet(**{**fields, **changes})


def workbook(sheets: list[Sheet]) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(write_xlsx(sheets)))


def sheet_xml(data: bytes, number: int = 1) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read(f"xl/worksheets/sheet{number}.xml").decode()


# --- neutralise and unneutralise ----------------------------------------------


@pytest.mark.parametrize("start", FORMULA_STARTS)
def test_neutralise_puts_an_apostrophe_before_text_starting_like_a_formula(start):
    assert neutralise(f"{start}SUM(A1:A9)") == f"'{start}SUM(A1:A9)"


@pytest.mark.parametrize("start", FORMULA_STARTS)
def test_unneutralise_takes_the_apostrophe_away_again(start):
    assert unneutralise(f"'{start}SUM(A1:A9)") == f"{start}SUM(A1:A9)"


@pytest.mark.parametrize("text", ["Map need", "", "3 - 4", "1.1", "50%", "Children’s centres", "'"])
def test_ordinary_text_is_left_alone(text):
    assert neutralise(text) == text
    assert unneutralise(text) == text


@pytest.mark.parametrize("text", ["'tis the season", "'Quoted'", "'1.1"])
def test_text_starting_with_an_apostrophe_and_no_formula_start_is_left_alone(text):
    assert neutralise(text) == text
    assert unneutralise(text) == text


@pytest.mark.parametrize("text", ["'=1+1", "''-3", "'@home"])
def test_text_already_starting_with_an_apostrophe_and_a_formula_start_survives_the_round_trip(text):
    assert neutralise(text) == "'" + text
    assert unneutralise(neutralise(text)) == text


# --- Excel workbooks (.xlsx) ---------------------------------------------------


def test_the_header_row_is_bold_frozen_and_filtered():
    sheet = workbook([plan_sheet()]).active

    assert [cell.font.b for cell in sheet[1]] == [True] * 4
    assert not sheet["A2"].font.b
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:D3"
    assert sheet.print_title_rows == "$1:$1"


def test_a_sheet_prints_landscape_with_its_header_row_on_every_page_at_its_own_size():
    sheet = workbook([plan_sheet()]).active

    assert (sheet.page_setup.orientation, sheet.print_title_rows) == ("landscape", "$1:$1")
    assert not sheet.sheet_properties.pageSetUpPr.fitToPage


def test_a_sheet_can_ask_to_print_one_page_wide_and_as_many_pages_long_as_it_needs():
    sheet = workbook([plan_sheet(fit_width=True)]).active

    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert (sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight) == (1, 0)
    assert (sheet.page_setup.orientation, sheet.print_title_rows) == ("landscape", "$1:$1")


def test_a_sheet_can_do_without_the_autofilter():
    sheet = workbook([plan_sheet(autofilter=False)]).active

    assert sheet.auto_filter.ref is None
    assert sheet.print_title_rows == "$1:$1"


def test_every_cell_wraps_its_text_and_aligns_to_the_top():
    sheet = workbook([plan_sheet()]).active

    for row in sheet.iter_rows():
        for cell in row:
            if cell.value is not None:
                assert (cell.alignment.wrap_text, cell.alignment.vertical) == (True, "top")


def test_dates_are_real_dates_shown_day_month_year():
    sheet = workbook(
        [plan_sheet(rows=[["1.1", "Map", datetime.date(2026, 3, 31), datetime.datetime(2026, 4, 1, 9, 30)]])]
    ).active

    assert sheet["C2"].value == datetime.datetime(2026, 3, 31)
    assert sheet["C2"].number_format == "dd/mm/yyyy"
    assert sheet["D2"].value == datetime.datetime(2026, 4, 1, 9, 30)
    assert sheet["D2"].number_format == "dd/mm/yyyy hh:mm"


def test_numbers_are_numbers_and_booleans_booleans():
    sheet = workbook([plan_sheet(rows=[[3, 2.5, Decimal("1.25"), True]])]).active

    assert [(cell.value, cell.data_type) for cell in sheet[2]] == [(3, "n"), (2.5, "n"), (1.25, "n"), (True, "b")]


def test_column_widths_follow_the_content_between_10_and_60_characters():
    rows = [["1", "x" * 30, "y" * 200]]
    sheet = workbook([Sheet("Actions", ["A", "Action", "Notes"], rows)]).active

    assert [sheet.column_dimensions[letter].width for letter in "ABC"] == [10, 32, 60]


def test_column_widths_can_be_given_by_header():
    sheet = workbook([plan_sheet(widths={"Action": 80})]).active

    assert sheet.column_dimensions["B"].width == 80


@pytest.mark.parametrize("start", FORMULA_STARTS)
def test_text_starting_like_a_formula_is_stored_as_quote_prefixed_text(start):
    value = f'{start}HYPERLINK("http://evil.example","Click")'
    data = write_xlsx([plan_sheet(rows=[[value]])])

    cell = openpyxl.load_workbook(io.BytesIO(data)).active["A2"]
    # A carriage return is a line break, written as Excel's own "\n".
    assert (cell.value, cell.data_type, cell.quotePrefix) == (value.replace("\r", "\n"), "s", True)
    xml = sheet_xml(data)
    assert "<f>" not in xml and "<f " not in xml
    assert re.search(r'<c r="A2" s="\d+" t="inlineStr">', xml)


def test_a_quote_prefixed_cell_carries_excels_quote_prefix_style():
    data = write_xlsx([plan_sheet(rows=[["=1+1", "plain"]])])

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        styles = archive.read("xl/styles.xml").decode()
    style_of = {cell: int(index) for cell, index in re.findall(r'<c r="([A-Z]+2)" s="(\d+)"', sheet_xml(data))}
    formats = re.findall(r"<xf [^>]*?quotePrefix=\"(\d)\"", styles.split("<cellXfs")[1])
    assert formats[style_of["A2"]] == "1"
    assert formats[style_of["B2"]] == "0"


def test_text_that_looks_like_an_error_stays_text():
    cell = workbook([plan_sheet(rows=[["#N/A"]])]).active["A2"]

    assert (cell.value, cell.data_type) == ("#N/A", "s")


def test_characters_a_workbook_cannot_hold_are_dropped_and_vertical_tabs_become_line_breaks():
    cell = workbook([plan_sheet(rows=[["One\x0bTwo\x01\x1f"]])]).active["A2"]

    assert cell.value == "One\nTwo"


def test_line_breaks_are_written_as_excels_own():
    cell = workbook([plan_sheet(rows=[["One\r\nTwo\rThree\nFour"]])]).active["A2"]

    assert cell.value == "One\nTwo\nThree\nFour"


def test_a_value_of_another_type_is_refused_before_anything_is_written(tmp_path, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))

    with pytest.raises(TypeError):
        write_xlsx([plan_sheet(), plan_sheet(rows=[["1.1", object()]])])

    assert list(tmp_path.iterdir()) == []


def test_a_workbook_that_fails_to_save_leaves_no_temporary_file(tmp_path, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))

    class FailingWriter:
        def __init__(self, workbook, archive):
            assert len(list(tmp_path.iterdir())) == 2  # one per worksheet, so far

        def save(self):
            raise OSError("disk full")

    monkeypatch.setattr(writing_xlsx, "ExcelWriter", FailingWriter)

    with pytest.raises(OSError):
        write_xlsx([plan_sheet(), plan_sheet()])

    assert list(tmp_path.iterdir()) == []


def test_sheet_titles_are_made_acceptable_to_excel():
    sheets = [plan_sheet(title=title) for title in ("Actions: 2026/27 [draft]", "A" * 40, "a" * 40, "", "History")]

    assert workbook(sheets).sheetnames == [
        "Actions 2026-27 draft",
        "A" * 31,
        "a" * 27 + " (2)",
        "Sheet",
        "History sheet",
    ]


def test_the_same_sheets_always_give_the_same_bytes():
    assert write_xlsx([plan_sheet()]) == write_xlsx([plan_sheet()])


def test_the_workbook_properties_are_fixed():
    properties = workbook([plan_sheet()]).properties

    assert (properties.creator, properties.created, properties.modified) == (
        "Action Plan Tracker",
        datetime.datetime(2000, 1, 1),
        datetime.datetime(2000, 1, 1),
    )


def test_an_aware_datetime_is_written_as_its_own_wall_clock_time():
    british_summer_time = datetime.timezone(datetime.timedelta(hours=1))
    cell = workbook([plan_sheet(rows=[[datetime.datetime(2026, 6, 1, 9, 30, tzinfo=british_summer_time)]])]).active[
        "A2"
    ]

    assert cell.value == datetime.datetime(2026, 6, 1, 9, 30)


def test_several_sheets_make_several_worksheets():
    book = workbook([plan_sheet(title="Actions"), plan_sheet(title="Updates")])

    assert book.sheetnames == ["Actions", "Updates"]


ROUND_TRIP_ROWS = [
    ["1.1", "Map need\nacross the county", datetime.date(2026, 3, 31), 40, 2.5, True, None, "Children’s £10 challenge"],
    [None, None, None, None, None, None, None, None],
    ["1.2", "=SUM(A1:A9)", datetime.datetime(2026, 4, 1, 9, 30), -3, Decimal("0.5"), False, "-5 families", "@mention"],
    ["1.3", "+44 1234", None, 0, 1e-05, None, "\tindented", "'tis"],
]


def test_a_workbook_written_reads_back_the_same():
    data = write_xlsx([Sheet("Actions", ["Ref", "Action", "Due", "N", "X", "Yes", "Note", "Owner"], ROUND_TRIP_ROWS)])

    rows = read_rows("actions.xlsx", data, **LIMITS)

    assert rows[0] == ["Ref", "Action", "Due", "N", "X", "Yes", "Note", "Owner"]
    assert [[unneutralise(value) if isinstance(value, str) else value for value in row] for row in rows[1:]] == [
        [
            "1.1",
            "Map need\nacross the county",
            datetime.date(2026, 3, 31),
            40,
            2.5,
            True,
            None,
            "Children’s £10 challenge",
        ],
        [],
        ["1.2", "=SUM(A1:A9)", datetime.datetime(2026, 4, 1, 9, 30), -3, 0.5, False, "-5 families", "@mention"],
        ["1.3", "+44 1234", None, 0, 1e-05, None, "\tindented", "'tis"],
    ]


# --- CSV files -----------------------------------------------------------------


def test_a_csv_is_utf_8_with_a_byte_order_mark_and_crlf_line_ends():
    data = write_csv(plan_sheet(rows=[["1.1", "Café\nau lait"]]))

    assert data.startswith(codecs.BOM_UTF8)
    assert data.decode("utf-8-sig") == 'Ref,Action,Due,Done\r\n1.1,"Café\nau lait"\r\n'


@pytest.mark.parametrize("start", FORMULA_STARTS)
def test_every_csv_text_cell_starting_like_a_formula_is_neutralised(start):
    data = write_csv(Sheet("Actions", [f"{start}Header"], [[f"{start}cmd|' /C calc'!A0"]]))

    lines = data.decode("utf-8-sig").split("\r\n")
    assert lines[0].strip('"') == f"'{start}Header"
    assert lines[1].strip('"') == f"'{start}cmd|' /C calc'!A0"


def test_csv_numbers_are_not_neutralised():
    assert write_csv(Sheet("N", ["N"], [[-3], [Decimal("-0.5")]])).decode("utf-8-sig") == "N\r\n-3\r\n-0.5\r\n"


def test_csv_dates_are_iso_and_empty_cells_empty():
    data = write_csv(
        Sheet(
            "D",
            ["Due", "When", "Note", "Done"],
            [[datetime.date(2026, 3, 31), datetime.datetime(2026, 4, 1, 9, 30), None, True]],
        )
    )

    assert data.decode("utf-8-sig") == "Due,When,Note,Done\r\n2026-03-31,2026-04-01 09:30:00,,TRUE\r\n"


def test_a_csv_written_reads_back_the_same_as_text():
    data = write_csv(Sheet("Actions", ["Ref", "Action", "Due", "N", "X", "Yes", "Note", "Owner"], ROUND_TRIP_ROWS))

    rows = read_rows("actions.csv", data, **LIMITS)

    assert [[unneutralise(value) if value is not None else None for value in row] for row in rows[1:]] == [
        ["1.1", "Map need\nacross the county", "2026-03-31", "40", "2.5", "TRUE", None, "Children’s £10 challenge"],
        [],
        ["1.2", "=SUM(A1:A9)", "2026-04-01 09:30:00", "-3", "0.5", "FALSE", "-5 families", "@mention"],
        ["1.3", "+44 1234", None, "0", "1e-05", None, "\tindented", "'tis"],
    ]
