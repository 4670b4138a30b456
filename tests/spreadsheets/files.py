"""Spreadsheets built in tests, as councils would send them."""

import io

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
