"""The board report prints cleanly: saved as an A4 PDF and a screenshot."""

import pytest
from playwright.sync_api import Page

from tests.e2e.conftest import SCREENSHOTS

pytestmark = pytest.mark.e2e


def test_the_board_report_prints_to_a4_with_a_page_per_theme(page: Page, sign_in, users, screenshot):
    sign_in(users.chair)
    page.goto("/plans/thurrock-child-poverty/dashboard/report/")

    page.emulate_media(media="print")
    screenshot(page, "board-report-print")
    SCREENSHOTS.mkdir(exist_ok=True)
    pdf = page.pdf(path=SCREENSHOTS / "board-report.pdf", format="A4", print_background=True)

    assert page.locator(".app-report__tools").is_hidden()  # no navigation or tools on paper
    pages = pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages")
    assert pages >= 11  # the summary, then each of the ten priorities from a new page
