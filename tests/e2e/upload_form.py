"""Filling in the import's upload form as an admin does, for the end-to-end tests."""

from pathlib import Path

from playwright.sync_api import Page


def upload(page: Page, file: Path, *, new_plan: str = "", into: str = "") -> None:
    """On the upload page: choose `file`, into the plan titled `into` or a new
    plan titled `new_plan` owned by Lincolnshire County Council, and send it."""
    page.get_by_label("Spreadsheet").set_input_files(file)
    if into:
        page.get_by_label("Import into").select_option(label=into)
    else:
        page.get_by_label("Title of the new plan").fill(new_plan)
        page.get_by_label("Council or organisation that owns the new plan").select_option(
            label="Lincolnshire County Council"
        )
    page.get_by_role("button", name="Upload and check").click()
