"""Checking and importing a file run as background jobs (imports/tasks.py):
the pages store the record and queue a job, the job writes its progress on the
record, and the record's page (and its status address) show how far it has got."""

import time
from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from actions.models import Action
from imports import services, tasks
from imports.models import ImportRecord
from imports.services import import_record_claim, import_record_create
from plans.models import Plan
from tests.spreadsheets.files import small_plan, xlsx

DATABASE_QUEUE = override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}})


@pytest.fixture
def admin_client(client, world):
    client.force_login(world.admin)
    return client


def upload(client, world):
    data = {"file": SimpleUploadedFile("plan.xlsx", xlsx(small_plan()))}
    data.update({"new_plan_title": "Imported Plan", "new_plan_organisation": world.lincs.pk})
    return client.post(reverse("import-new"), data)


def uploaded(world) -> ImportRecord:
    """A record as the upload page stores it, before its check has run."""
    content = xlsx(small_plan())
    return import_record_create(
        user=world.admin,
        file_name="plan.xlsx",
        content=content,
        plan=None,
        new_plan={"title": "Imported Plan", "organisation": world.lincs.pk},
    )


def status_of(client, record) -> dict:
    response = client.get(reverse("import-status", args=[record.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    return response.json()


# --- The jobs, run directly ----------------------------------------------------


def test_an_uploaded_file_waits_to_be_checked(world):
    record = uploaded(world)

    assert (record.status, record.stage, record.counts) == ("checking", "Waiting to be checked", {})


def test_the_check_job_reads_and_previews_the_file_and_writes_nothing(world):
    record = uploaded(world)

    assert tasks.check_import.call(record.pk, world.admin.pk) == "previewed"

    record.refresh_from_db()
    assert record.status == "previewed" and record.header_row == 3 and record.counts["actions_new"] == 4
    assert (record.stage, record.rows_done, record.rows_total) == ("", 0, 0)
    assert not Plan.objects.filter(title="Imported Plan").exists()


def test_the_confirm_job_imports_a_claimed_record(world):
    record = uploaded(world)
    tasks.check_import.call(record.pk, world.admin.pk)
    import_record_claim(record=ImportRecord.objects.get(pk=record.pk), user=world.admin)

    assert tasks.confirm_import.call(record.pk, world.admin.pk) == "imported"

    record.refresh_from_db()
    assert record.status == "imported" and record.content is None and record.stage == ""
    assert record.plan.actions.count() == 4


def test_the_confirm_job_does_nothing_for_a_record_nobody_claimed(world):
    record = uploaded(world)
    tasks.check_import.call(record.pk, world.admin.pk)

    assert tasks.confirm_import.call(record.pk, world.admin.pk) == "previewed"
    assert not Plan.objects.filter(title="Imported Plan").exists()


def test_a_job_for_a_record_deleted_meanwhile_ends_quietly(world):
    record = uploaded(world)
    ImportRecord.objects.filter(pk=record.pk).delete()

    assert tasks.check_import.call(record.pk, world.admin.pk) == "gone"
    assert tasks.confirm_import.call(record.pk, world.admin.pk) == "gone"


def test_progress_is_written_on_the_record_as_the_rows_are_checked(world):
    record = uploaded(world)
    seen = []
    real = services.record_progress

    def watch(record, *args, **kwargs):
        real(record, *args, **kwargs)
        seen.append(ImportRecord.objects.values_list("stage", "rows_done", "rows_total").get(pk=record.pk))

    with mock.patch("imports.services.record_progress", side_effect=watch):
        tasks.check_import.call(record.pk, world.admin.pk)

    assert ("Reading the file", 0, 0) in seen and ("Checking the rows", 4, 4) in seen


# --- Failures ------------------------------------------------------------------


def test_a_check_that_fails_marks_the_record_failed_plainly(world):
    record = uploaded(world)

    failing = mock.patch("imports.importing._collect", side_effect=RuntimeError("the database went away"))
    with failing, pytest.raises(RuntimeError):
        tasks.check_import.call(record.pk, world.admin.pk)

    record.refresh_from_db()
    assert record.status == "failed" and record.content is None
    assert record.problems[0]["message"].startswith("Something went wrong while checking this file")


def test_an_import_that_fails_marks_the_record_failed_and_writes_nothing(admin_client, world):
    upload(admin_client, world)
    record = ImportRecord.objects.get()

    with mock.patch("imports.importing._collect", side_effect=RuntimeError("the database went away")):
        response = admin_client.post(reverse("import-confirm", args=[record.pk]))

    record.refresh_from_db()
    assert record.status == "failed" and not Plan.objects.filter(title="Imported Plan").exists()
    page = admin_client.get(response.url).text
    assert "Something went wrong while importing this file, so nothing was imported." in page
    assert "RuntimeError" not in page and "the database went away" not in page


# --- The pages, with the immediate backend (config/settings/test.py) -----------


def test_uploading_checks_the_file_in_a_job_and_shows_the_preview(admin_client, world):
    response = upload(admin_client, world)

    record = ImportRecord.objects.get()
    assert response.url == reverse("import-detail", args=[record.pk])
    assert record.status == "previewed"
    assert "4 new, 0 updated, 0 unchanged" in admin_client.get(response.url).text


def test_confirming_imports_in_a_job_and_the_page_shows_the_outcome(admin_client, world):
    upload(admin_client, world)
    record = ImportRecord.objects.get()

    response = admin_client.post(reverse("import-confirm", args=[record.pk]))

    assert response.url == reverse("import-detail", args=[record.pk])
    page = admin_client.get(response.url).text
    assert "Import complete" in page and "4 of 4 rows imported" in page
    assert Action.objects.filter(plan__title="Imported Plan").count() == 4


def test_choosing_the_columns_again_checks_the_file_again_in_a_job(admin_client, world):
    upload(admin_client, world)
    record = ImportRecord.objects.get()
    choices = {f"column_{index}": field or "" for index, field in record.mapping.items()}
    choices["column_5"] = ""  # leave the progress out

    admin_client.post(reverse("import-mapping", args=[record.pk]), choices)

    record.refresh_from_db()
    assert record.status == "previewed" and record.mapping["5"] is None
    assert record.counts["progress_updates_new"] == 0


# --- The pages, with the database queue: they queue and return at once ---------


@DATABASE_QUEUE
def test_uploading_queues_the_check_and_returns_at_once(admin_client, world):
    started = time.monotonic()
    response = upload(admin_client, world)

    assert time.monotonic() - started < 5  # the reading and checking are left to the worker
    record = ImportRecord.objects.get()
    assert record.status == "checking" and record.counts == {}
    job = DBTaskResult.objects.get()
    assert job.task_path == "imports.tasks.check_import" and job.args_kwargs["args"][0] == record.pk

    page = admin_client.get(response.url).text
    assert "The file is being checked." in page and "Waiting to be checked…" in page
    assert '<meta http-equiv="refresh" content="3">' in page
    assert "Confirm and import" not in page


@DATABASE_QUEUE
def test_confirming_queues_the_import_and_the_page_shows_its_progress(admin_client, world):
    record = uploaded(world)
    tasks.check_import.call(record.pk, world.admin.pk)

    response = admin_client.post(reverse("import-confirm", args=[record.pk]))

    record.refresh_from_db()
    assert record.status == "importing" and response.url == reverse("import-detail", args=[record.pk])
    assert DBTaskResult.objects.get().task_path == "imports.tasks.confirm_import"
    assert not Plan.objects.filter(title="Imported Plan").exists()
    ImportRecord.objects.filter(pk=record.pk).update(stage="Importing the rows", rows_done=500, rows_total=2000)
    page = admin_client.get(response.url).text
    assert "Importing the rows: 500 of 2,000 rows." in page and "being written by" in page
    # A second confirmation is refused, and queues nothing.
    admin_client.post(reverse("import-confirm", args=[record.pk]))
    assert DBTaskResult.objects.count() == 1


@DATABASE_QUEUE
def test_a_finished_record_does_not_refresh_itself(admin_client, world):
    record = uploaded(world)
    tasks.check_import.call(record.pk, world.admin.pk)

    page = admin_client.get(reverse("import-detail", args=[record.pk])).text

    assert 'http-equiv="refresh"' not in page and "data-import-status-url" not in page


# --- The status address ----------------------------------------------------------


@DATABASE_QUEUE
def test_the_status_says_how_far_the_job_has_got(admin_client, world):
    record = uploaded(world)
    ImportRecord.objects.filter(pk=record.pk).update(stage="Checking the rows", rows_done=1500, rows_total=10000)

    assert status_of(admin_client, record) == {
        "status": "checking",
        "status_label": "Being checked",
        "running": True,
        "stage": "Checking the rows",
        "rows_done": 1500,
        "rows_total": 10000,
        "progress": "Checking the rows: 1,500 of 10,000 rows.",
    }
    tasks.check_import.call(record.pk, world.admin.pk)
    ended = status_of(admin_client, record)
    assert (ended["status"], ended["running"], ended["progress"]) == ("previewed", False, "")


def test_the_status_is_never_cached(admin_client, world):
    record = uploaded(world)

    response = admin_client.get(reverse("import-status", args=[record.pk]))

    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


@pytest.mark.parametrize("role", ["chair", "lead", "officer"])
def test_only_admins_may_see_an_imports_status(client, world, role):
    record = uploaded(world)
    client.force_login(getattr(world, role))

    assert client.get(reverse("import-status", args=[record.pk])).status_code == 403


def test_the_status_asks_anonymous_visitors_to_sign_in(client, world):
    record = uploaded(world)

    response = client.get(reverse("import-status", args=[record.pk]))

    assert response.status_code == 302 and "next=" in response.url


def test_the_status_of_no_such_import_is_not_found(admin_client, world):
    assert admin_client.get(reverse("import-status", args=[99999])).status_code == 404


def test_the_status_is_only_read(admin_client, world):
    record = uploaded(world)

    assert admin_client.post(reverse("import-status", args=[record.pk])).status_code == 405


# --- expire_imports still catches a job that was killed --------------------------


def test_a_check_killed_part_way_expires_with_the_preview(world):
    from datetime import timedelta

    from django.utils import timezone

    from imports.services import import_records_expire

    record = uploaded(world)
    ImportRecord.objects.filter(pk=record.pk).update(created_at=timezone.now() - timedelta(days=2))

    assert import_records_expire()["expired"] == 1
    record.refresh_from_db()
    assert (record.status, record.content) == ("expired", None)
