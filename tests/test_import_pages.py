import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from actions.models import Action
from imports.models import ColumnMapping, ImportRecord
from plans.models import Plan
from progress.models import ProgressUpdate
from tests.spreadsheets.files import small_plan, xlsx


@pytest.fixture
def admin_client(client, world):
    client.force_login(world.admin)
    return client


def upload(client, world, rows=None, *, name="plan.xlsx", content=None, plan=None):
    data = {"file": SimpleUploadedFile(name, content if content is not None else xlsx(rows or small_plan()))}
    if plan:
        data["plan"] = plan.pk
    else:
        data.update({"new_plan_title": "Imported Plan", "new_plan_organisation": world.lincs.pk})
    return client.post(reverse("import-new"), data)


def confirm(client, record):
    """Confirm, and the record's page the confirmation leads to (the import's job has run: the immediate backend)."""
    response = client.post(reverse("import-confirm", args=[record.pk]))
    assert response.status_code == 302
    return client.get(response.url).text


@pytest.mark.parametrize("role", ["chair", "lead", "officer"])
def test_only_admins_reach_the_import_pages(client, world, role):
    client.force_login(getattr(world, role))

    for url in [reverse("import-list"), reverse("import-new")]:
        assert client.get(url).status_code == 403


def test_anonymous_visitors_are_asked_to_sign_in(client, world):
    assert client.get(reverse("import-new")).status_code == 302


def test_an_upload_is_previewed_and_nothing_is_written(admin_client, world):
    counts = (Plan.objects.count(), Action.objects.count())

    response = upload(admin_client, world)

    record = ImportRecord.objects.get()
    assert response.url == reverse("import-detail", args=[record.pk])
    assert (Plan.objects.count(), Action.objects.count()) == counts
    assert record.header_row == 3 and len(record.checksum) == 64 and record.created_by == world.admin
    assert record.counts["actions_new"] == 4 and record.counts["themes_new"] == 2
    page = admin_client.get(response.url).text
    assert "4 new, 0 updated, 0 unchanged" in page
    assert "Confirm and import" in page


def test_confirming_imports_everything_and_records_it(admin_client, world):
    upload(admin_client, world)
    record = ImportRecord.objects.get()

    page = confirm(admin_client, record)

    assert "Import complete" in page and "4 of 4 rows imported" in page
    plan = Plan.objects.get(title="Imported Plan")
    assert list(plan.actions.values_list("reference", "text")) == [
        ("E1", "Baseline parents on benefits"),
        ("E2", "Target debt advice"),
        ("A4", "Roll out Triple P"),
        ("A4", "Positive activities"),
    ]
    assert [str(theme) for theme in plan.themes.all()] == ["Economic Poverty", "Poverty of Aspiration"]
    assert ProgressUpdate.objects.get(action__plan=plan).narrative == "Baseline agreed"
    record.refresh_from_db()
    assert record.status == "imported" and record.plan == plan and record.content is None


def test_every_problem_is_named_by_row_and_column_and_nothing_can_be_confirmed(admin_client, world):
    rows = [
        [
            "Strategic Theme",
            "Action",
            "Action Owner",
            "Due date",
            "Recommendation Accepted? Yes/No",
            "Owner organisations",
        ],
        ["Economic Poverty", "Baseline", "LCC", "31/02/2026", "Maybe", "Lincolnshire County Council"],
        [None, "Target debt advice", "CAB", None, "Yes", "Citizens Advice Lincoln"],
        [None, None, "LCC", "Annual", None, None],
    ]

    upload(admin_client, world, rows)

    record = ImportRecord.objects.get()
    problems = {(problem["row"], problem["column"]): problem["message"] for problem in record.problems}
    assert problems[(2, "Due date")] == '"31/02/2026" is not a date we can read. Write it like 31/03/2027.'
    assert problems[(2, "Recommendation Accepted? Yes/No")].startswith('"Maybe" is not Yes or No')
    assert problems[(3, "Owner organisations")].startswith('No organisation is called "Citizens Advice Lincoln"')
    assert problems[(4, "Action")] == "This row has no action. Fill in the action, or clear the row."
    page = admin_client.get(reverse("import-detail", args=[record.pk])).text
    assert "Confirm and import" not in page
    assert admin_client.post(reverse("import-confirm", args=[record.pk])).status_code == 302
    assert not Plan.objects.filter(title="Imported Plan").exists()


def test_cancelling_writes_nothing_and_drops_the_file(admin_client, world):
    upload(admin_client, world)
    record = ImportRecord.objects.get()

    admin_client.post(reverse("import-cancel", args=[record.pk]))

    record.refresh_from_db()
    assert record.status == "cancelled" and record.content is None
    assert not Plan.objects.filter(title="Imported Plan").exists()


def test_importing_the_same_file_again_changes_nothing(admin_client, world):
    upload(admin_client, world)
    confirm(admin_client, ImportRecord.objects.get())
    plan = Plan.objects.get(title="Imported Plan")

    upload(admin_client, world, plan=plan)

    record = ImportRecord.objects.latest("pk")
    assert record.counts["actions_unchanged"] == 4 and record.counts["actions_new"] == 0
    assert record.counts["progress_updates_new"] == 0 and not record.changes


def test_a_corrected_file_updates_the_changed_actions_and_says_what_changed(admin_client, world):
    upload(admin_client, world)
    confirm(admin_client, ImportRecord.objects.get())
    plan = Plan.objects.get(title="Imported Plan")
    rows = small_plan()
    rows[4][3] = "Citizens Advice"  # E2's owner
    rows[3][5] = "Baseline agreed; first ward mapped"  # E1's progress

    upload(admin_client, world, rows, plan=plan)
    record = ImportRecord.objects.latest("pk")
    confirm(admin_client, record)

    assert {change["reference"]: change["fields"] for change in record.changes} == {
        "E1": ["new progress update"],
        "E2": ["Owners or leads (as written)"],
    }
    assert plan.actions.get(reference="E2").owners == "Citizens Advice"
    assert plan.actions.get(reference="E1").progress_updates.count() == 2


def test_a_column_we_do_not_know_is_mapped_by_hand_and_the_choice_saved(admin_client, world):
    rows = [["Strategic Theme", "Action", "Lead Agency", "By"], ["Economic Poverty", "Baseline", "LCC", "Annual"]]
    upload(admin_client, world, rows)
    record = ImportRecord.objects.get()
    assert record.mapping == {"0": "theme", "1": "text", "2": None, "3": None}

    admin_client.post(
        reverse("import-mapping", args=[record.pk]),
        {"column_0": "theme", "column_1": "text", "column_2": "owners", "column_3": "timescale", "save_mapping": "on"},
    )

    record.refresh_from_db()
    assert record.mapping == {"0": "theme", "1": "text", "2": "owners", "3": "timescale"}
    assert ColumnMapping.objects.get(organisation=world.lincs).headings["lead agency"] == "owners"
    upload(admin_client, world, rows)
    assert ImportRecord.objects.latest("pk").mapping["2"] == "owners"


def test_two_columns_read_as_the_same_field_is_a_problem(admin_client, world):
    upload(admin_client, world)
    record = ImportRecord.objects.get()

    admin_client.post(
        reverse("import-mapping", args=[record.pk]),
        {
            "column_0": "theme",
            "column_1": "reference",
            "column_2": "text",
            "column_3": "text",
            "column_4": "",
            "column_5": "",
        },
    )

    record.refresh_from_db()
    assert "are both read as Action" in record.problems[0]["message"]


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("plan.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "This is an old Excel file (.xls)"),
        ("plan.xlsx", b"", "The file is empty."),
        ("plan.xlsx", b"PK\x03\x04 not really a zip", "damaged"),
        ("plan.pdf", b"%PDF-1.4 a report", "This is a PDF file, not a spreadsheet."),
    ],
)
def test_a_file_we_cannot_read_gets_a_clear_message_on_the_form(admin_client, world, name, content, message):
    response = upload(admin_client, world, name=name, content=content)

    assert response.status_code == 200
    assert message in str(response.context["form"].errors["file"])
    assert "There is a problem" in response.text
    assert not ImportRecord.objects.exists()


@override_settings(IMPORT_MAX_UPLOAD_BYTES=1000)
def test_a_file_over_the_size_limit_is_refused(admin_client, world):
    response = upload(admin_client, world, content=b"x" * 2000, name="plan.csv")

    assert "The largest file we accept is" in str(response.context["form"].errors["file"])


@override_settings(IMPORT_MAX_ROWS=3)
def test_a_file_with_more_rows_than_the_limit_fails_its_check(admin_client, world):
    response = upload(admin_client, world)
    record = ImportRecord.objects.get(pk=response.url.split("/")[-2])

    assert record.status == ImportRecord.Status.FAILED
    assert "The spreadsheet has more than 3 rows." in admin_client.get(response.url).text


def test_a_new_plan_needs_a_title_and_an_owner(admin_client, world):
    response = admin_client.post(reverse("import-new"), {"file": SimpleUploadedFile("p.xlsx", xlsx(small_plan()))})

    errors = response.context["form"].errors
    assert errors["new_plan_title"] == ["Enter the title of the new plan, or choose a plan to import into"]
    assert errors["new_plan_organisation"] == ["Choose the council or organisation that owns the new plan"]


def test_a_file_with_no_header_row_is_explained(admin_client, world):
    upload(admin_client, world, [["Just a title"], ["Some", "numbers", 3]])

    assert "could not find the header row" in ImportRecord.objects.get().problems[0]["message"]
