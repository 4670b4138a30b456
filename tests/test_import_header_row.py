"""No dead end: where the importer does not recognise a file's headings, the
preview shows the file's first rows, the admin chooses which row holds the
headings and what each column holds (the action column too), and the file is
checked again with those choices."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from actions.models import Action
from imports import tasks
from imports.models import ImportRecord
from plans.models import Plan
from tests.spreadsheets.files import small_plan, xlsx

DATABASE_QUEUE = override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}})

# A council's own headings, none of which names the action column.
UNKNOWN_HEADINGS = [
    ["Families First: what we will do in 2026"],
    ["Agreed by the partnership board, March 2026"],
    [],
    ["Task", "Lead body", "Finish by"],
    ["Run a jobs fair in each district", "Jobcentre Plus", "June 2026"],
    ["Train staff in debt advice", "Citizens Advice", "March 2027"],
]


@pytest.fixture
def admin_client(client, world):
    client.force_login(world.admin)
    return client


def upload(client, world, rows) -> ImportRecord:
    data = {"file": SimpleUploadedFile("families-first.xlsx", xlsx(rows))}
    data.update({"new_plan_title": "Families First", "new_plan_organisation": world.lincs.pk})
    response = client.post(reverse("import-new"), data)
    return ImportRecord.objects.get(pk=response.url.split("/")[-2])


def choose_header_row(client, record, number) -> ImportRecord:
    client.post(reverse("import-header-row", args=[record.pk]), {"header_row": number})
    record.refresh_from_db()
    return record


def choose_columns(client, record, *fields) -> ImportRecord:
    choices = {f"column_{index}": field for index, field in enumerate(fields)}
    client.post(reverse("import-mapping", args=[record.pk]), choices)
    record.refresh_from_db()
    return record


def test_a_file_whose_headings_are_not_recognised_shows_its_first_rows_to_choose_from(admin_client, world):
    record = upload(admin_client, world, UNKNOWN_HEADINGS)

    page = admin_client.get(reverse("import-detail", args=[record.pk])).text
    assert record.status == "previewed" and record.header_row == 0
    assert "We could not tell which row holds the column headings" in page
    assert "Run a jobs fair in each district" in page
    assert "Which row holds the column headings?" in page
    assert '<option value="4">Row 4: Task | Lead body | Finish by</option>' in page
    assert '<option value="3">Row 3: (empty)</option>' in page


def test_choosing_the_header_row_reads_its_headings_and_asks_for_the_action_column(admin_client, world):
    record = choose_header_row(admin_client, upload(admin_client, world, UNKNOWN_HEADINGS), 4)

    assert record.status == "previewed"
    assert (record.header_row, record.headings) == (4, ["Task", "Lead body", "Finish by"])
    assert [problem["message"] for problem in record.problems] == [
        "No column is read as the action: choose the column that holds the actions."
    ]
    page = admin_client.get(reverse("import-detail", args=[record.pk])).text
    assert "What each column holds" in page and 'name="column_0"' in page
    assert "Confirm and import" not in page


def test_any_column_can_be_chosen_by_hand_the_action_column_too(admin_client, world):
    record = choose_header_row(admin_client, upload(admin_client, world, UNKNOWN_HEADINGS), 4)

    record = choose_columns(admin_client, record, "text", "owners", "timescale")

    assert record.status == "previewed" and record.problems == []
    assert (record.counts["actions_new"], record.counts["rows"]) == (2, 2)
    admin_client.post(reverse("import-confirm", args=[record.pk]))
    imported = Action.objects.filter(plan__title="Families First").order_by("position")
    assert [(action.text, action.owners, action.timescale) for action in imported] == [
        ("Run a jobs fair in each district", "Jobcentre Plus", "June 2026"),
        ("Train staff in debt advice", "Citizens Advice", "March 2027"),
    ]


def test_a_found_header_row_can_be_changed_and_changed_back(admin_client, world):
    record = upload(admin_client, world, small_plan())
    assert record.header_row == 3

    record = choose_header_row(admin_client, record, 1)
    assert record.headings == ["Child Poverty – Draft Action Plan"] and record.problems

    record = choose_header_row(admin_client, record, 3)
    assert record.header_row == 3 and record.problems == [] and record.counts["actions_new"] == 4


def test_the_page_marks_the_row_read_as_the_headings(admin_client, world):
    record = upload(admin_client, world, small_plan())

    page = admin_client.get(reverse("import-detail", args=[record.pk])).text
    assert "Row 3 (headings)" in page and "The file's first 7 rows" in page
    assert '<option value="3" selected>' in page


@pytest.mark.parametrize("chosen", ["", "0", "8", "four"])
def test_a_header_row_that_is_not_one_of_the_first_rows_is_refused_plainly(admin_client, world, chosen):
    record = upload(admin_client, world, small_plan())

    response = admin_client.post(reverse("import-header-row", args=[record.pk]), {"header_row": chosen}, follow=True)

    record.refresh_from_db()
    assert record.status == "previewed" and record.header_row == 3
    assert "Choose the row that holds the column headings" in response.text


def test_the_header_row_cannot_be_chosen_once_the_import_is_confirmed(admin_client, world):
    record = upload(admin_client, world, small_plan())
    admin_client.post(reverse("import-confirm", args=[record.pk]))

    response = admin_client.post(reverse("import-header-row", args=[record.pk]), {"header_row": 1})

    record.refresh_from_db()
    assert response.status_code == 302 and record.status == "imported" and record.header_row == 3


@pytest.mark.parametrize("role", ["chair", "lead", "officer", "stranger"])
def test_only_admins_may_choose_the_header_row(client, world, role):
    client.force_login(world.admin)
    record = upload(client, world, small_plan())
    client.force_login(getattr(world, role))

    assert client.post(reverse("import-header-row", args=[record.pk]), {"header_row": 1}).status_code == 403
    record.refresh_from_db()
    assert record.header_row == 3


def test_the_command_refuses_a_file_it_cannot_map_naming_the_action_column(world, tmp_path):
    from io import StringIO

    from django.core.management import CommandError, call_command

    path = tmp_path / "families-first.xlsx"
    path.write_bytes(xlsx(UNKNOWN_HEADINGS))

    with pytest.raises(CommandError) as refusal:
        call_command(
            "import_plan", str(path), new_plan="Families First", organisation=world.lincs.slug,
            user=world.admin.username, stdout=StringIO(),
        )  # fmt: skip

    assert 'no row names an action column (such as "Action"' in str(refusal.value)
    assert "where the header row and each column can be chosen" in str(refusal.value)
    assert not Plan.objects.filter(title="Families First").exists()


# --- Stopping a check ------------------------------------------------------------


@DATABASE_QUEUE
def test_a_check_still_running_can_be_stopped_and_its_job_then_changes_nothing(admin_client, world):
    record = upload(admin_client, world, small_plan())
    assert record.status == "checking"
    page = admin_client.get(reverse("import-detail", args=[record.pk])).text
    assert "Stop checking: import nothing" in page

    admin_client.post(reverse("import-cancel", args=[record.pk]))
    tasks.check_import.call(record.pk, world.admin.pk)

    record.refresh_from_db()
    assert (record.status, record.content, record.counts) == ("cancelled", None, {})


@DATABASE_QUEUE
def test_uploading_reads_no_cell_of_the_file(admin_client, world, monkeypatch):
    def read_in_the_request(*args, **kwargs):
        raise AssertionError("the upload request read the file's rows")

    monkeypatch.setattr("spreadsheets.reading.RowCollector", read_in_the_request)

    record = upload(admin_client, world, small_plan())

    assert record.status == "checking" and record.first_rows == []
