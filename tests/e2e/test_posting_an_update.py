"""Journey 1: an officer signs in, finds an action through the filters and posts an update on it."""

import datetime
import re

import pytest
from playwright.sync_api import Page, expect

from .conftest import PASSWORD

pytestmark = pytest.mark.e2e


def test_an_officer_posts_an_update_found_through_the_filters(
    page: Page, live_server, users, known_actions, screenshot
):
    action = known_actions.lincolnshire_without_updates

    page.goto("/")
    page.get_by_label("Username").fill(users.officer.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My actions")

    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Actions", exact=True).click()
    page.get_by_label("Search").fill("childcare")
    page.get_by_label("Plan", exact=True).select_option(label=action.plan.title)
    page.get_by_role("button", name="Apply filters").click()
    expect(page).to_have_url(re.compile(r"/actions/\?.*q=childcare"))
    screenshot(page, "actions-list-filtered")

    page.get_by_role("link", name=re.compile("sufficient and affordable childcare")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Action {action.reference}")

    page.get_by_role("link", name="Post a progress update").click()
    page.get_by_label("On track").check()
    page.get_by_label("What has happened since the last update?").fill(
        "Childcare audit of the priority wards is under way."
    )
    day, month, year = (int(page.get_by_label(part, exact=True).input_value()) for part in ("Day", "Month", "Year"))
    date = datetime.date(year, month, day)  # today's, as the form fills it in
    page.get_by_role("button", name="Save the update").click()

    expect(page).to_have_url(f"{live_server.url}/actions/{action.pk}/")
    expect(page.get_by_role("alert")).to_contain_text("Your progress update has been saved.")
    latest = page.get_by_role("list", name="Progress updates").get_by_role("listitem").first
    expect(latest.get_by_role("heading")).to_have_text(re.compile(rf"On track\s+{date:%-d %B %Y}"))
    expect(latest).to_contain_text("Childcare audit of the priority wards is under way.")
    screenshot(page, "action-page-after-posting-an-update")
