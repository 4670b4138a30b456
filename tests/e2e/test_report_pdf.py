"""The board report as printed: Chromium prints it to an A4 PDF, and the
tests read the PDF's own text (pypdf), page by page."""

import io
import re
from dataclasses import dataclass

import pytest
from playwright.sync_api import Page
from pypdf import PdfReader

from tests.e2e.conftest import SCREENSHOTS

pytestmark = pytest.mark.e2e

LINCOLNSHIRE_DRAFT = "/plans/lincolnshire-child-poverty-draft-2012/dashboard/report/"
ALL_PLANS = "/dashboard/report/"
TABLE_HEAD = "Action Owner Due Status Latest update"


@dataclass
class Printed:
    title: str  # the report's <h1>
    as_of: str  # "As of 30 November 2026", as the report says it
    headings: list[str]  # the report's h2 and h3 texts
    pages: list[str]  # each printed page's text, its white space made single spaces


def printed(page: Page, path: str, name: str) -> Printed:
    page.goto(path)
    page.emulate_media(media="print")
    SCREENSHOTS.mkdir(exist_ok=True)
    pdf = page.pdf(path=SCREENSHOTS / f"{name}.pdf", format="A4")
    return Printed(
        title=page.locator("h1").inner_text(),
        as_of=re.match(r"As of [^.]+", page.locator("h1 + p").inner_text()).group(),
        headings=[text.strip() for text in page.locator("main h2, main h3").all_inner_texts()],
        pages=[" ".join(sheet.extract_text().split()) for sheet in PdfReader(io.BytesIO(pdf)).pages],
    )


@pytest.fixture
def chair(page: Page, sign_in, users) -> Page:
    return sign_in(users.chair)


def endings(heading: str) -> list[str]:
    """What a page whose last lines are `heading` (or its first lines, the
    rest gone over to the next page) ends with: the heading, the heading and
    its table's column headings, or two or more of its first words."""
    words = heading.split()
    return [heading, f"{heading} {TABLE_HEAD}"] + [" ".join(words[:count]) for count in range(2, len(words))]


@pytest.mark.parametrize("path", [LINCOLNSHIRE_DRAFT, ALL_PLANS], ids=["plan", "all plans"])
def test_no_page_ends_with_a_heading(chair, path):
    report = printed(chair, path, "report-headings")

    assert report.headings
    for number, text in enumerate(report.pages, start=1):
        for heading in report.headings:
            assert not text.endswith(tuple(endings(heading))), f"page {number} ends with (part of) {heading!r}"


@pytest.mark.parametrize("path", [LINCOLNSHIRE_DRAFT, ALL_PLANS], ids=["plan", "all plans"])
def test_every_page_shows_the_report_its_date_and_its_number(chair, path):
    report = printed(chair, path, "report-running-header")

    count = len(report.pages)
    assert count > 1
    for number, text in enumerate(report.pages, start=1):
        assert report.title in text, f"page {number}"
        assert report.as_of in text, f"page {number}"
        assert f"Page {number} of {count}" in text


def test_the_lincolnshire_draft_plan_prints_on_a_handful_of_pages(chair):
    report = printed(chair, LINCOLNSHIRE_DRAFT, "report-lincolnshire-draft")

    # 21 actions in five themes print on 6 pages: the summary on 3½, the
    # themes' tables running on after it. A page for each theme printed 11;
    # 7 leaves a page for the summary to grow by.
    assert len(report.pages) <= 7


def test_the_latest_update_has_the_widest_column(chair):
    chair.goto(LINCOLNSHIRE_DRAFT)
    chair.emulate_media(media="print")

    head = chair.locator(".app-report__actions").first.locator("thead th")
    widths = {th.inner_text(): th.bounding_box()["width"] for th in head.all()}
    assert max(widths, key=widths.get) == "Latest update"
    assert widths["Action"] > widths["Owner"]  # the action's text next
