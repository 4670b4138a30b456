"""An import through the pages with a real worker process on the PostgreSQL
queue: the upload is checked by the worker while the page shows its progress,
and the confirmed import is written by the worker too."""

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection
from playwright.sync_api import Page, expect

from plans.models import Plan
from tests.e2e.upload_form import upload

pytestmark = [pytest.mark.e2e]

ROOT = Path(__file__).resolve().parents[2]
WORKBOOK = ROOT / "tests" / "data" / "council_plans" / "lincolnshire-child-poverty-draft-2012.xlsx"


@pytest.fixture
def worker(transactional_db, settings):
    """`manage.py db_worker` on the test database, and the live server queueing jobs for it."""
    if connection.vendor != "postgresql":
        pytest.skip(
            "PostgreSQL only: the worker process must share the test database, and SQLite tests use one in memory"
        )
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    db = connection.settings_dict
    url = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "config.settings.test"}
    env["TEST_WORKER_PROCESS"] = "1"
    process = subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--interval", "0.2", "--no-startup-delay", "--no-reload"],
        cwd=ROOT,
        env=env,
    )
    yield process
    process.send_signal(signal.SIGINT)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def test_a_real_worker_checks_and_imports_a_council_workbook(page: Page, worker, sign_in, users, screenshot):
    sign_in(users.admin)
    page.goto("/imports/new/")
    upload(page, WORKBOOK, new_plan="Lincolnshire draft, imported by the worker")

    # The page the upload leads to is the record's; the worker checks it, and the page shows the preview.
    expect(page.get_by_role("heading", level=1)).to_contain_text("Check the import of", timeout=30_000)
    expect(page.get_by_text("21 new, 0 updated, 0 unchanged")).to_be_visible()
    assert worker.poll() is None, "the worker stopped"
    assert not Plan.objects.filter(title="Lincolnshire draft, imported by the worker").exists()

    page.get_by_role("button", name="Confirm and import").click()

    expect(page.get_by_role("heading", name="Import complete")).to_be_visible(timeout=30_000)
    expect(page.get_by_text("21 of 21 rows imported")).to_be_visible()
    screenshot(page, "import-complete-by-worker")
    assert Plan.objects.get(title="Lincolnshire draft, imported by the worker").actions.count() == 21


def test_the_page_shows_progress_while_the_worker_is_busy(page: Page, worker, sign_in, users):
    """With the worker stopped, a queued check waits; the page says so and polls, and shows the preview once it runs."""
    worker.send_signal(signal.SIGSTOP)
    try:
        sign_in(users.admin)
        page.goto("/imports/new/")
        upload(page, WORKBOOK, new_plan="Lincolnshire draft, waiting")
        expect(page.get_by_role("status")).to_have_text("Waiting to be checked…")
        expect(page.get_by_text("The file is being checked.")).to_be_visible()
    finally:
        worker.send_signal(signal.SIGCONT)
    expect(page.get_by_text("21 new, 0 updated, 0 unchanged")).to_be_visible(timeout=30_000)
