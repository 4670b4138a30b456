"""An admin imports a council's spreadsheet through the pages: upload, check
the preview, confirm and watch the progress; every page passes axe."""

from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from plans.models import Plan

pytestmark = pytest.mark.e2e

WORKBOOK = (
    Path(__file__).resolve().parent.parent / "data" / "council_plans" / "lincolnshire-child-poverty-draft-2012.xlsx"
)
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def no_violations(page: Page) -> None:
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    assert results.violations_count == 0, results.generate_report()


def test_an_admin_imports_a_council_workbook_into_a_new_plan(page: Page, sign_in, users, screenshot):
    sign_in(users.admin)
    page.goto("/imports/new/")
    no_violations(page)

    page.get_by_label("Spreadsheet").set_input_files(WORKBOOK)
    page.get_by_label("Title of the new plan").fill("Lincolnshire draft, imported")
    page.get_by_label("Council or organisation that owns the new plan").select_option(
        label="Lincolnshire County Council"
    )
    page.get_by_role("button", name="Upload and check").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Check the import of")
    expect(page.get_by_text("21 new, 0 updated, 0 unchanged")).to_be_visible()
    expect(page.get_by_text("Row 3")).to_be_visible()  # the header row, below the title rows
    screenshot(page, "import-preview")
    no_violations(page)
    assert not Plan.objects.filter(title="Lincolnshire draft, imported").exists()

    page.get_by_role("button", name="Confirm and import").click()

    expect(page.get_by_role("heading", name="Import complete")).to_be_visible()
    expect(page.get_by_text("21 of 21 rows imported")).to_be_visible()
    screenshot(page, "import-complete")
    no_violations(page)
    assert Plan.objects.get(title="Lincolnshire draft, imported").actions.count() == 21


def test_an_upload_that_is_not_a_spreadsheet_is_explained_on_the_form(page: Page, sign_in, users, tmp_path, screenshot):
    old = tmp_path / "plan.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    sign_in(users.admin)
    page.goto("/imports/new/")

    page.get_by_label("Spreadsheet").set_input_files(old)
    page.get_by_label("Title of the new plan").fill("Old file")
    page.get_by_label("Council or organisation that owns the new plan").select_option(
        label="Lincolnshire County Council"
    )
    page.get_by_role("button", name="Upload and check").click()

    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("This is an old Excel file (.xls)")
    summary.get_by_role("link").click()
    expect(page.get_by_label("Spreadsheet")).to_be_focused()
    screenshot(page, "import-upload-error")
    no_violations(page)
