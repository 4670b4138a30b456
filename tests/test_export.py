import csv
import datetime
import io

import openpyxl
import pytest
from django.urls import reverse

from imports.exporting import plan_sheet, spreadsheet_bytes
from imports.forms import read_upload
from imports.importing import NewPlan, run_import
from imports.tabulate import read_table
from plans.models import Plan
from tests.builders import make_update


def workbook(response):
    return openpyxl.load_workbook(
        io.BytesIO(b"".join(response.streaming_content) if response.streaming else response.content)
    )


@pytest.mark.parametrize("file_format", ["xlsx", "csv"])
def test_a_plan_downloads_as_a_spreadsheet(client, world, file_format):
    client.force_login(world.officer)

    response = client.get(reverse(f"plan-export-{file_format}", args=[world.plan_a.slug]))

    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="plan-a.{file_format}"'
    rows = read_upload(f"x.{file_format}", response.content)
    assert rows[0][:6] == ["Theme", "Theme kind", "Sub-theme", "Sub-theme kind", "Reference", "Action"]
    assert [row[4] for row in rows[1:]] == ["E1", "E2"]


def test_a_plan_the_user_may_not_read_cannot_be_downloaded(client, world):
    client.force_login(world.thurrock_officer)

    assert client.get(reverse("plan-export-xlsx", args=[world.plan_a.slug])).status_code == 404


def test_the_xlsx_is_made_for_people(client, world):
    world.action_a.due_date = datetime.date(2027, 3, 31)
    world.action_a.save()
    make_update(world.action_a, "at_risk", datetime.date(2026, 5, 1), narrative="Behind in two wards")
    client.force_login(world.officer)

    sheet = openpyxl.load_workbook(io.BytesIO(client.get(reverse("plan-export-xlsx", args=["plan-a"])).content)).active

    headers = [cell.value for cell in sheet[1]]
    assert all(cell.font.bold for cell in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["F"].width >= 30  # the action column
    due = sheet.cell(row=2, column=headers.index("Due date") + 1)
    assert due.value == datetime.datetime(2027, 3, 31) and due.is_date
    assert sheet.cell(row=2, column=headers.index("Latest status") + 1).value == "At risk"
    assert sheet.cell(row=2, column=headers.index("Action") + 1).alignment.wrap_text


def test_the_filtered_action_list_downloads_with_its_filters(client, world):
    client.force_login(world.officer)

    response = client.get(reverse("action-export-csv"), {"q": "debt"})

    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][0] == "Plan"
    assert [row[0] for row in rows[1:]] == ["Lincolnshire Plan"]


def test_the_action_list_download_never_holds_what_the_user_may_not_read(client, world):
    client.force_login(world.officer)

    response = client.get(reverse("action-export-csv"))

    assert b"Wishes" not in response.content


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_text_that_a_spreadsheet_would_run_as_a_formula_is_neutralised(client, world, start):
    world.action_a.text = f'{start}HYPERLINK("http://evil.example","Click")'
    world.action_a.save()
    client.force_login(world.officer)

    csv_text = client.get(reverse("plan-export-csv", args=["plan-a"])).content.decode("utf-8-sig")
    book = client.get(reverse("plan-export-xlsx", args=["plan-a"])).content

    assert f"'{start}HYPERLINK" in csv_text
    cell = [c for c in openpyxl.load_workbook(io.BytesIO(book)).active[2] if c.value and "HYPERLINK" in str(c.value)][0]
    assert cell.data_type == "s"
    # XML keeps a carriage return as a line feed; the text otherwise reads the same.
    assert cell.value == world.action_a.text.replace("\r", "\n")


@pytest.mark.parametrize("file_format", ["xlsx", "csv"])
def test_exporting_then_importing_a_plan_into_a_new_one_gives_the_same_plan(world, file_format):
    make_update(world.action_a, "completed", datetime.date(2026, 1, 1), narrative="Done")
    world.action_a.due_date = datetime.date(2027, 3, 31)
    world.action_a.review_cadence = 3
    world.action_a.save()
    rows = read_upload(f"x.{file_format}", spreadsheet_bytes(plan_sheet(world.plan_a), file_format))

    outcome = run_import(table=read_table(rows), new_plan=NewPlan("Copy", world.lincs), write=True)

    copy = Plan.objects.get(title="Copy")
    fields = ["reference", "text", "owners", "due_date", "review_cadence", "theme__title"]
    assert list(copy.actions.values_list(*fields)) == list(world.plan_a.actions.values_list(*fields))
    assert list(copy.actions.values_list("owner_organisations__name", flat=True)) == [
        "Lincolnshire County Council",
        "Jobcentre Plus",
    ]
    latest = copy.actions.get(reference="E1").progress_updates.get()
    assert (latest.status, latest.date_of_update, latest.narrative) == ("completed", datetime.date(2026, 1, 1), "Done")
    assert outcome.counts["actions_new"] == 2
