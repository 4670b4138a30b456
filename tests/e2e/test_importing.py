"""An admin imports a council's spreadsheet through the pages: upload, check
the preview, confirm and watch the progress; every page passes axe."""

from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from plans.models import Plan
from tests.e2e.upload_form import upload

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

    upload(page, WORKBOOK, new_plan="Lincolnshire draft, imported")

    expect(page.get_by_role("heading", level=1)).to_contain_text("Check the import of")
    expect(page.get_by_text("21 new, 0 updated, 0 unchanged")).to_be_visible()
    expect(page.get_by_text("Row 3", exact=True)).to_be_visible()  # the header row, below the title rows
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

    upload(page, old, new_plan="Old file")

    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("This is an old Excel file (.xls)")
    summary.get_by_role("link").click()
    expect(page.get_by_label("Spreadsheet")).to_be_focused()
    screenshot(page, "import-upload-error")
    no_violations(page)


def test_an_admin_chooses_the_header_row_and_the_action_column_of_a_file_we_do_not_recognise(
    page: Page, sign_in, users, tmp_path, screenshot
):
    from tests.spreadsheets.files import xlsx
    from tests.test_import_header_row import UNKNOWN_HEADINGS

    workbook = tmp_path / "families-first.xlsx"
    workbook.write_bytes(xlsx(UNKNOWN_HEADINGS))
    sign_in(users.admin)
    page.goto("/imports/new/")
    upload(page, workbook, new_plan="Families First")

    expect(page.get_by_text("We could not tell which row holds the column headings")).to_be_visible()
    screenshot(page, "import-choose-header-row")
    no_violations(page)
    page.set_viewport_size({"width": 320, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 320  # the first rows scroll in their own box
    screenshot(page, "import-choose-header-row-320")
    page.set_viewport_size({"width": 1280, "height": 800})
    page.get_by_label("Which row holds the column headings?").select_option("4")
    page.get_by_role("button", name="Read the headings from this row").click()

    expect(page.get_by_text("No column is read as the action").first).to_be_visible()
    page.get_by_label("Task").select_option(label="Action")
    page.get_by_label("Lead body").select_option(label="Owners or leads (as written)")
    page.get_by_role("button", name="Check the file again").click()

    expect(page.get_by_text("2 new, 0 updated, 0 unchanged")).to_be_visible()
    screenshot(page, "import-columns-chosen")
    no_violations(page)
    page.get_by_role("button", name="Confirm and import").click()
    expect(page.get_by_text("2 of 2 rows imported")).to_be_visible()
    assert [action.text for action in Plan.objects.get(title="Families First").actions.order_by("position")] == [
        "Run a jobs fair in each district",
        "Train staff in debt advice",
    ]


def test_an_admin_removes_an_action_the_file_no_longer_has_then_undoes_the_import(
    page: Page, sign_in, users, tmp_path, screenshot
):
    from tests.spreadsheets.files import small_plan, xlsx

    first, second = tmp_path / "plan.xlsx", tmp_path / "plan-corrected.xlsx"
    first.write_bytes(xlsx(small_plan()))
    second.write_bytes(xlsx(small_plan()[:-1]))  # the last action, "Positive activities", left out
    sign_in(users.admin)
    for file in (first, second):
        page.goto("/imports/new/")
        if file == first:
            upload(page, file, new_plan="Small plan")
        else:
            upload(page, file, into="Small plan")
        if file == second:
            page.get_by_label("Remove this action from the plan").check()
            screenshot(page, "import-remove-not-in-file")
            no_violations(page)
        page.get_by_role("button", name="Confirm and import").click()
        expect(page.get_by_role("heading", name="Import complete")).to_be_visible()

    plan = Plan.objects.get(title="Small plan")
    assert not plan.actions.filter(text="Positive activities").exists()
    page.get_by_role("button", name="Undo this import").click()
    expect(page.get_by_text("1 action the import removed will come back")).to_be_visible()
    screenshot(page, "import-undo")
    no_violations(page)
    page.set_viewport_size({"width": 320, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    screenshot(page, "import-undo-320")
    page.set_viewport_size({"width": 1280, "height": 800})
    page.get_by_role("button", name="Undo this import").click()

    expect(page.get_by_text("Undone by")).to_be_visible()
    no_violations(page)
    assert plan.actions.filter(text="Positive activities").exists()
