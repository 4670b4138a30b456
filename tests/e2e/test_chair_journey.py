"""The chair's ten minutes before a board, in Chromium: she signs in and sees
her partnership, finds the late actions and who owns them, reads what changed
since the last board, writes her commentary and prints the report."""

import datetime
import re

import pytest
from playwright.sync_api import Page, expect

from tests.builders import make_update
from tests.e2e.conftest import PASSWORD, SCREENSHOTS

pytestmark = pytest.mark.e2e

PARTNERSHIP = "Lincolnshire Children & Young People's Strategic Partnership"
NARROWING_THE_GAP = "/plans/lincolnshire-narrowing-the-gap-2012/dashboard/"


def figure(page: Page, words) -> int:
    """The number of a headline figure, e.g. figure(page, "updates late")."""
    link = page.locator(".app-figure__link", has_text=words).first
    return int(link.locator(".app-figure__number").inner_text())


def test_a_chair_gets_ready_for_her_board(page: Page, users, known_actions, screenshot):
    today = datetime.date.today()
    changed = known_actions.lincolnshire_with_updates
    make_update(changed, "off_track", today - datetime.timedelta(days=3),
                narrative="Funding for the second year is not yet agreed with the schools forum.")  # fmt: skip

    # She signs in and lands on her partnership's dashboard: its two plans, and a switch to all five.
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(users.chair.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/dashboard/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(PARTNERSHIP)
    plans = page.locator(".app-status-table tbody th")
    expect(plans).to_have_count(2)
    expect(page.get_by_role("link", name="Show every plan you may read (5)")).to_be_visible()
    screenshot(page, "chair-journey-1-her-partnership")

    # One click to a plan's dashboard: its themes, each with its late updates.
    page.get_by_role("link", name=re.compile(r"narrowing the gap.*: its dashboard", re.IGNORECASE)).click()
    expect(page).to_have_url(re.compile(re.escape(NARROWING_THE_GAP)))
    late = figure(page, re.compile(r"updates? late"))
    assert late > 0

    # The late actions and who owns them, one click away.
    page.locator(".app-figure__link", has_text=re.compile(r"updates? late")).click()
    expect(page.locator("#results-heading")).to_have_text(f"{late} action{'s' if late != 1 else ''}")
    expect(page.get_by_role("columnheader", name="Owner").first).to_be_visible()
    screenshot(page, "chair-journey-2-late-actions")
    page.go_back()

    # What changed since the last board, by name.
    page.get_by_label("Changes since").fill((today - datetime.timedelta(days=30)).isoformat())
    page.get_by_role("button", name="Show the dashboard").click()
    changes = page.locator("#changes ~ .app-table-scroll").first
    expect(changes).to_contain_text(changed.text[:40])
    expect(page.locator("#new-updates ~ ul").first).to_contain_text("Funding for the second year")
    screenshot(page, "chair-journey-3-what-changed")

    # Her commentary for the board, which then heads the printed report.
    board = today + datetime.timedelta(days=1)
    page.get_by_role("textbox", name="Day", exact=True).fill(str(board.day))
    page.get_by_role("textbox", name="Month", exact=True).fill(str(board.month))
    page.get_by_role("textbox", name="Year", exact=True).fill(str(board.year))
    page.get_by_label("Chair's commentary").fill(
        "Childcare take-up is behind; ask the schools forum to report in March."
    )
    page.get_by_role("button", name="Save the commentary").click()
    expect(page.get_by_role("alert")).to_contain_text("The commentary for the board on")

    page.get_by_role("link", name="Board report to print").click()
    expect(page.locator("main")).to_contain_text("Childcare take-up is behind")
    page.emulate_media(media="print")
    SCREENSHOTS.mkdir(exist_ok=True)
    pdf = page.pdf(path=SCREENSHOTS / "chair-journey-report.pdf", format="A4")
    screenshot(page, "chair-journey-4-report")
    assert pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages") >= 1
