"""Approval on and off, in the browser: with it on, an officer's update waits
for a lead officer and sets the action's status only once approved; with it
off, the update counts at once."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.e2e

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def no_violations(page: Page) -> None:
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    assert results.violations_count == 0, results.generate_report()


def post_update(page: Page, action, narrative: str) -> None:
    page.goto(f"/actions/{action.pk}/updates/new/")
    page.get_by_label("Off track").check()
    page.get_by_label("What has happened since the last update?").fill(narrative)
    page.get_by_role("button", name="Save the update").click()


def status_of(action) -> str:
    action.refresh_from_db()
    return action.current_status


def test_with_approval_on_an_update_waits_for_a_lead_officer(page: Page, sign_in, users, known_actions, screenshot):
    action = known_actions.lincolnshire_without_updates
    action.plan.approval_required = True
    action.plan.save(update_fields=["approval_required"])
    before = status_of(action)

    sign_in(users.officer)
    post_update(page, action, "The audit found too few places in two wards.")
    expect(page.get_by_text(re.compile("A newer update is awaiting approval since"))).to_be_visible()
    screenshot(page, "approval-awaiting-on-the-action-page")
    no_violations(page)
    assert status_of(action) == before  # not counted yet

    sign_in(users.lead)
    page.goto("/approvals/")
    expect(page.get_by_text("The audit found too few places in two wards.")).to_be_visible()
    screenshot(page, "approvals")
    no_violations(page)
    page.get_by_role("button", name=re.compile(r"^Approve the update on")).first.click()

    expect(page.get_by_text("No updates are awaiting your approval.")).to_be_visible()
    assert status_of(action) == "off_track"
    page.goto(f"/actions/{action.pk}/")
    expect(page.get_by_text(re.compile("awaiting approval since"))).to_have_count(0)


def test_with_approval_off_an_update_counts_at_once(page: Page, sign_in, users, known_actions):
    action = known_actions.lincolnshire_without_updates
    assert not action.plan.approval_required

    sign_in(users.officer)
    post_update(page, action, "The audit has started in the priority wards.")

    expect(page.get_by_role("alert")).to_contain_text("Your progress update has been saved.")
    expect(page.get_by_text(re.compile("awaiting approval since"))).to_have_count(0)
    assert status_of(action) == "off_track"
