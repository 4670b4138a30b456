"""The board report prints cleanly: saved as an A4 PDF and a screenshot."""

import io

import pytest
from playwright.sync_api import Page
from pypdf import PdfReader

from tests.e2e.conftest import SCREENSHOTS

pytestmark = pytest.mark.e2e


def test_the_board_report_prints_to_a4_with_its_sections_running_on(page: Page, sign_in, users, screenshot):
    sign_in(users.chair)
    page.goto("/plans/thurrock-child-poverty/dashboard/report/")

    page.emulate_media(media="print")
    screenshot(page, "board-report-print")
    SCREENSHOTS.mkdir(exist_ok=True)
    pdf = page.pdf(path=SCREENSHOTS / "board-report.pdf", format="A4", print_background=True)

    assert page.locator(".app-report__tools").is_hidden()  # no navigation or tools on paper
    # 54 actions in ten priorities print on 9 pages; with each priority
    # starting a new page they took 25, most of them part empty.
    assert len(PdfReader(io.BytesIO(pdf)).pages) <= 10
