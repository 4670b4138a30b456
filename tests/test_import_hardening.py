"""Imports that go wrong: confirmed twice, left unconfirmed, interrupted, too
wide, or malformed. Each ends in a plain message, from the page and from the
command alike, and nothing half-written."""

import html
import io
import time
from datetime import datetime, timedelta
from io import StringIO
from unittest import mock

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from actions.models import Action
from imports.management.commands.import_plan import Command as ImportPlan
from imports.models import ImportRecord
from imports.services import (
    NotConfirmable,
    import_record_claim,
    import_record_confirm_steps,
    import_records_expire,
)
from plans.models import Membership, Plan
from spreadsheets import SpreadsheetError, read_rows
from tests.spreadsheets.files import small_plan, xlsx
from tests.spreadsheets.test_reading import ods, row, table, text

LIMITS = {"max_bytes": 10 * 1024 * 1024, "max_rows": 20_000, "max_uncompressed_bytes": 50 * 1024 * 1024}


@pytest.fixture
def admin_client(client, world):
    client.force_login(world.admin)
    return client


@pytest.fixture
def grace(make_user):
    return make_user("grace", Membership.Role.ADMIN)


def upload(client, world, content: bytes, name: str = "plan.xlsx"):
    """Post the file as a new plan's; the response."""
    return client.post(
        reverse("import-new"),
        {
            "file": SimpleUploadedFile(name, content),
            "new_plan_title": "Imported Plan",
            "new_plan_organisation": world.lincs.pk,
        },
    )


def refused_by_the_check(client, response) -> str:
    """The page of an upload whose check job could not read it: failed, its file not kept."""
    record = ImportRecord.objects.get(pk=response.url.split("/")[-2])
    assert record.status == ImportRecord.Status.FAILED and record.content is None
    return client.get(response.url).text


def previewed(client, world) -> ImportRecord:
    response = upload(client, world, xlsx(small_plan()))
    return ImportRecord.objects.get(pk=response.url.split("/")[-2])


def confirm(client, record: ImportRecord) -> str:
    """The record's page a confirmation leads to: the outcome (the job has run: the immediate backend), or why not."""
    response = client.post(reverse("import-confirm", args=[record.pk]))
    return client.get(response.url).text


def run_import_plan(path, *args) -> tuple[int, str, str]:
    """import_plan run as from the command line: its exit code, output and error output."""
    out, err = StringIO(), StringIO()
    argv = ["manage.py", "import_plan", str(path), *(args or ["--new-plan", "From a file", "--organisation"])]
    # run_from_argv closes every database connection as it ends: not the test's, here.
    with mock.patch("django.core.management.base.connections.close_all"):
        try:
            ImportPlan(stdout=out, stderr=err).run_from_argv(argv)
        except SystemExit as exit:
            return exit.code, out.getvalue(), err.getvalue()
    return 0, out.getvalue(), err.getvalue()


def command_refusal(world, tmp_path, name: str, content: bytes) -> str:
    """What import_plan says, on its error output with exit code 1 and no traceback, of the file."""
    path = tmp_path / name
    path.write_bytes(content)
    code, _, err = run_import_plan(path, "--plan", world.plan_a.slug, "--user", "admin", "--confirm")
    assert code == 1 and "Traceback" not in err and err.startswith("CommandError: "), err
    return err


def page_says(page: str, message: str) -> bool:
    return html.escape(message) in page


def ago(**delta) -> datetime:
    return timezone.now() - timedelta(**delta)


# --- Confirming once, by one admin -------------------------------------------


def test_confirming_again_is_refused_with_who_confirmed_it_and_writes_nothing(admin_client, world, grace):
    record = previewed(admin_client, world)
    assert "Import complete" in confirm(admin_client, record)
    actions = Action.objects.count()
    admin_client.force_login(grace)

    page = confirm(admin_client, record)

    record.refresh_from_db()
    assert page_says(page, f"This import was confirmed on {record.imported_at:%-d %B %Y} at")
    assert "by admin." in page
    assert Action.objects.count() == actions
    assert record.confirmed_by == world.admin


def test_an_import_being_confirmed_cannot_be_confirmed_cancelled_or_rechecked(admin_client, world, grace):
    record = import_record_claim(record=previewed(admin_client, world), user=grace)
    refusal = "This import is already being confirmed by grace."

    assert page_says(confirm(admin_client, record), refusal)
    cancelled = admin_client.post(reverse("import-cancel", args=[record.pk]), follow=True)
    assert page_says(cancelled.text, refusal)
    rechecked = admin_client.post(reverse("import-mapping", args=[record.pk]), {"column_0": "text"}, follow=True)
    assert page_says(rechecked.text, refusal)
    record.refresh_from_db()
    assert (record.status, record.confirmed_by) == ("importing", grace)
    assert record.content is not None and not Plan.objects.filter(title="Imported Plan").exists()


def test_a_claim_is_taken_once(admin_client, world, grace):
    record = previewed(admin_client, world)
    import_record_claim(record=record, user=world.admin)

    with pytest.raises(NotConfirmable, match="already being confirmed by admin"):
        import_record_claim(record=ImportRecord.objects.get(pk=record.pk), user=grace)


def test_the_command_claims_its_record_as_the_page_does(world, tmp_path):
    path = tmp_path / "plan.xlsx"
    path.write_bytes(xlsx(small_plan()))

    code, out, _ = run_import_plan(path, "--plan", world.plan_a.slug, "--user", "admin", "--confirm")

    record = ImportRecord.objects.get()
    assert code == 0 and "Imported into" in out
    assert (record.status, record.confirmed_by) == ("imported", world.admin) and record.confirmed_at


# --- Previews that expire, imports that are interrupted ----------------------


def test_expire_imports_expires_old_previews_and_interrupted_imports_and_drops_their_files(admin_client, world):
    old, fresh, stuck, running, done = [previewed(admin_client, world) for _ in range(5)]
    ImportRecord.objects.filter(pk=old.pk).update(created_at=ago(hours=25))
    ImportRecord.objects.filter(pk=stuck.pk).update(status="importing", confirmed_at=ago(hours=2))
    ImportRecord.objects.filter(pk=running.pk).update(status="importing", confirmed_at=ago(minutes=5))
    ImportRecord.objects.filter(pk=done.pk).update(status="failed")  # kept its file, as older versions did
    out = StringIO()

    call_command("expire_imports", stdout=out)

    states = {record.pk: (record.status, record.content is None) for record in ImportRecord.objects.all()}
    assert states == {
        old.pk: ("expired", True),
        fresh.pk: ("previewed", False),
        stuck.pk: ("interrupted", True),
        running.pk: ("importing", False),
        done.pk: ("failed", True),
    }
    assert "1 preview(s) older than 24 hour(s) expired; 1 import(s) that never finished marked interrupted (each wrote nothing); 3 uploaded file(s) dropped; 0 undo(s) that never finished given up (the import stands)." in out.getvalue()  # fmt: skip


@override_settings(IMPORT_PREVIEW_EXPIRES_HOURS=2)
def test_how_long_a_preview_lasts_is_a_setting(admin_client, world):
    record = previewed(admin_client, world)
    ImportRecord.objects.filter(pk=record.pk).update(created_at=ago(hours=3))

    import_records_expire()

    assert ImportRecord.objects.get(pk=record.pk).status == "expired"


def test_an_expired_preview_says_so_and_cannot_be_confirmed(admin_client, world):
    record = previewed(admin_client, world)
    ImportRecord.objects.filter(pk=record.pk).update(status="expired", content=None)

    page = admin_client.get(reverse("import-detail", args=[record.pk])).text
    refused = confirm(admin_client, record)

    expired = "This preview has expired: it was not confirmed within 24 hours of the upload. Upload the file again."
    assert page_says(page, expired) and "Confirm and import" not in page
    assert f'href="{reverse("import-new")}"' in page
    assert page_says(refused, expired)
    assert not Plan.objects.filter(title="Imported Plan").exists()


def test_a_preview_past_its_time_is_expired_when_confirmed_even_before_the_command_runs(admin_client, world):
    record = previewed(admin_client, world)
    ImportRecord.objects.filter(pk=record.pk).update(created_at=ago(hours=25))

    page = confirm(admin_client, record)

    record.refresh_from_db()
    assert page_says(page, "This preview has expired") and (record.status, record.content) == ("expired", None)
    assert not Plan.objects.filter(title="Imported Plan").exists()


def test_an_interrupted_import_says_nothing_was_imported(admin_client, world):
    record = previewed(admin_client, world)
    ImportRecord.objects.filter(pk=record.pk).update(status="interrupted", content=None)

    page = admin_client.get(reverse("import-detail", args=[record.pk])).text

    assert page_says(page, "This import was interrupted before it finished, so nothing was imported.")
    assert "Confirm and import" not in page and "What the import would have changed" in page


def test_an_import_whose_page_is_closed_part_way_writes_nothing_and_is_marked_interrupted(admin_client, world):
    record = import_record_claim(record=previewed(admin_client, world), user=world.admin)
    steps = import_record_confirm_steps(record=record, user=world.admin)

    assert next(steps) == (4, 4)  # inside the import's transaction
    steps.close()  # as the server does when the browser goes away

    record.refresh_from_db()
    assert (record.status, record.content) == ("interrupted", None)
    assert not Plan.objects.filter(title="Imported Plan").exists()


def test_an_import_that_fails_with_an_error_writes_nothing_and_is_marked_interrupted(admin_client, world):
    record = import_record_claim(record=previewed(admin_client, world), user=world.admin)

    failing = mock.patch("imports.importing._collect", side_effect=RuntimeError("the database went away"))
    with failing, pytest.raises(RuntimeError):
        list(import_record_confirm_steps(record=record, user=world.admin))

    record.refresh_from_db()
    assert record.status == "interrupted" and not Plan.objects.filter(title="Imported Plan").exists()


# --- Too many columns ---------------------------------------------------------


def wide_csv(columns: int = 5000, rows: int = 5) -> bytes:
    """A CSV of about 154 KB with `columns` columns, the first two an action and its owner."""
    header = ["Action", "Owner", *[f"Extra {n}" for n in range(3, columns + 1)]]
    lines = [header] + [[f"Action {r}", "Council", *["x"] * (columns - 2)] for r in range(rows)]
    return "\n".join(",".join(line) for line in lines).encode()


def test_a_csv_of_five_thousand_columns_is_refused_quickly_from_the_page(admin_client, world):
    started = time.monotonic()

    response = upload(admin_client, world, wide_csv(), "wide.csv")

    assert time.monotonic() - started < 3
    page = refused_by_the_check(admin_client, response)
    assert page_says(page, "Row 1 of the spreadsheet has 5,000 columns. The most we accept is 200")
    assert not Plan.objects.filter(title="Imported Plan").exists()


def test_a_csv_of_five_thousand_columns_is_refused_by_the_command(world, tmp_path):
    started = time.monotonic()

    err = command_refusal(world, tmp_path, "wide.csv", wide_csv())

    assert time.monotonic() - started < 3
    assert "Row 1 of the spreadsheet has 5,000 columns. The most we accept is 200" in err
    assert not ImportRecord.objects.exists()


def test_a_workbook_with_too_many_columns_is_refused(admin_client, world, tmp_path):
    workbook = xlsx([["Action", "Owner"], ["Run a jobs fair", "Council", *["x"] * 199]])
    message = "Row 2 of the spreadsheet has 201 columns. The most we accept is 200"

    assert page_says(refused_by_the_check(admin_client, upload(admin_client, world, workbook)), message)
    assert message in command_refusal(world, tmp_path, "wide.xlsx", workbook)


@override_settings(IMPORT_MAX_COLUMNS=5)
def test_the_most_columns_is_a_setting(admin_client, world):
    response = upload(admin_client, world, xlsx(small_plan()))

    assert page_says(refused_by_the_check(admin_client, response), "has 6 columns. The most we accept is 5")


def test_a_sheet_as_wide_as_the_limit_is_read():
    assert len(read_rows("plan.csv", b",".join([b"x"] * 200), **LIMITS, max_columns=200)[0]) == 200


def test_an_ods_sheet_with_too_many_columns_is_refused():
    data = ods(table(row(text("Action"), text("x", repeated=300))))

    with pytest.raises(SpreadsheetError, match="Row 1 of the spreadsheet has 301 columns. The most we accept is 200"):
        read_rows("plan.ods", data, **LIMITS, max_columns=200)


def test_a_wide_row_is_refused_where_it_is_found():
    data = b"Action,Owner\nA,B\n\nC,D," + b"x," * 300 + b"x\n" + b"E,F\n" * 1000

    with pytest.raises(SpreadsheetError, match="Row 4 of the spreadsheet has 303 columns"):
        read_rows("plan.csv", data, **LIMITS, max_columns=200)


# --- Malformed files: a plain message, never a traceback ----------------------


def merged_header_over_two_rows() -> bytes:
    """ "Action" merged down two rows beside "Delivery" merged across "Owner" and "Timescale"."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Action", "Delivery", None])
    sheet.append([None, "Owner", "Timescale"])
    sheet.append(["Run a jobs fair", "Council", "2026"])
    sheet.merge_cells("A1:A2")
    sheet.merge_cells("B1:C1")
    return save(workbook)


def merged_header_across_columns() -> bytes:
    """ "Action" merged across two columns, the action written in the first."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Action", None, "Owner"])
    sheet.append(["Run a jobs fair", None, "Council"])
    sheet.merge_cells("A1:B1")
    sheet.merge_cells("A2:B2")
    return save(workbook)


def save(workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


UNREADABLE = [
    pytest.param("empty.csv", b"", "The file is empty.", id="empty file"),
    pytest.param("plan.xlsx", bytes(range(256)) * 8, "We cannot read this file.", id="binary garbage named .xlsx"),
    pytest.param("plan.xlsx", b"PK\x03\x04" + b"\x17" * 500, "The file is damaged", id="damaged zip named .xlsx"),
    pytest.param(
        "plan.csv", "Action,Owner\nJobs,Council\n".encode("utf-16-le"), "We cannot read this file.", id="UTF-16, no BOM"
    ),
]
# Refused only once read, by the check job: the upload looks at the file's kind alone.
UNREADABLE_CELLS = [
    pytest.param(
        "plan.csv", b"Action,Owner\n\x81\x8d\x90,Council\n", "We cannot read the text in this file", id="not UTF-8"
    ),
]


@pytest.mark.parametrize("name, content, message", UNREADABLE)
def test_an_unreadable_file_is_refused_plainly_by_the_page(admin_client, world, name, content, message):
    response = upload(admin_client, world, content, name)

    assert response.status_code == 200 and "There is a problem" in response.text
    assert page_says(response.text, message)
    assert not ImportRecord.objects.exists()


@pytest.mark.parametrize("name, content, message", UNREADABLE_CELLS)
def test_a_file_whose_cells_cannot_be_read_fails_its_check_plainly(admin_client, world, name, content, message):
    response = upload(admin_client, world, content, name)

    assert page_says(refused_by_the_check(admin_client, response), message)


@pytest.mark.parametrize("name, content, message", UNREADABLE + UNREADABLE_CELLS)
def test_an_unreadable_file_is_refused_plainly_by_the_command(world, tmp_path, name, content, message):
    assert message in command_refusal(world, tmp_path, name, content)
    assert not ImportRecord.objects.exists()


NO_HEADER = "We could not find the header row: no row names an action column"
REFUSED_AS_A_WHOLE = [
    pytest.param(
        xlsx([["Theme", "Owner", "Timescale"], ["Jobs", "Council", "2026"]]), NO_HEADER, id="no Action column"
    ),
    pytest.param(xlsx([["Colour", "Shape"], ["Red", "Round"]]), NO_HEADER, id="only unknown columns"),
    pytest.param(xlsx([["Action", "Owner"]]), "There are no rows under the header row.", id="header only"),
    pytest.param(merged_header_over_two_rows(), NO_HEADER, id="header merged over two rows"),
]


@pytest.mark.parametrize("content, message", REFUSED_AS_A_WHOLE)
def test_a_file_that_cannot_be_a_plan_is_explained_in_the_pages_error_summary(admin_client, world, content, message):
    response = upload(admin_client, world, content)
    page = admin_client.get(response.url).text

    summary = page[page.index('class="govuk-error-summary"') : page.index("Correct the file and upload it again")]
    assert page_says(summary, message)
    assert "Confirm and import" not in page


@pytest.mark.parametrize("content, message", REFUSED_AS_A_WHOLE)
def test_a_file_that_cannot_be_a_plan_is_explained_by_the_command(world, tmp_path, content, message):
    err = command_refusal(world, tmp_path, "plan.xlsx", content)

    assert f"CommandError: 1 problem: nothing was imported. {message}" in err
    assert world.plan_a.actions.count() == 2


def test_a_workbook_without_an_action_column_is_previewed_by_the_command_without_a_traceback(world, tmp_path):
    path = tmp_path / "no-action.xlsx"
    path.write_bytes(xlsx([["Theme", "Owner", "Timescale"], ["Jobs", "Council", "2026"]]))

    code, out, err = run_import_plan(path, "--plan", world.plan_a.slug, "--user", "admin")

    assert code == 1 and "Traceback" not in err
    assert "header on row 0, 0 action rows" in out and NO_HEADER in out


def test_a_header_merged_across_columns_is_read(admin_client, world, tmp_path):
    record = ImportRecord.objects.get(pk=upload(admin_client, world, merged_header_across_columns()).url.split("/")[-2])
    path = tmp_path / "merged.xlsx"
    path.write_bytes(merged_header_across_columns())

    _, out, _ = run_import_plan(path, "--plan", world.plan_a.slug, "--user", "admin")

    assert record.problems == [] and record.counts["rows"] == 1
    assert "1 action rows" in out


def test_a_windows_1252_csv_is_read_with_its_pound_signs(admin_client, world):
    csv = "Action,Owner\nPay £50 to each family,Council\n".encode("cp1252")

    record = ImportRecord.objects.get(pk=upload(admin_client, world, csv, "plan.csv").url.split("/")[-2])

    assert record.problems == [] and record.changes[0]["text"] == "Pay £50 to each family"
