"""Journey 3: everything with the keyboard alone (Tab, Shift+Tab, Space, Enter,
arrow keys), checking where the focus is at each step."""

import re

import pytest
from playwright.sync_api import Page, expect

from .conftest import PASSWORD

pytestmark = pytest.mark.e2e


def test_the_skip_link_is_the_first_tab_stop_and_moves_focus_to_the_main_content(
    page: Page, sign_in, users, known_actions
):
    sign_in(users.officer)
    page.goto(f"/actions/{known_actions.lincolnshire_without_updates.pk}/")

    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to main content")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Post a progress update")).to_be_focused()


def test_an_officer_signs_in_and_posts_an_update_with_the_keyboard_only(page: Page, live_server, users, known_actions):
    action = known_actions.lincolnshire_without_updates
    page.goto(f"/accounts/login/?next=/actions/{action.pk}/")

    # Sign in: the skip link first, then the Username box.
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to main content")).to_be_focused()
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    expect(page.locator("#id_username")).to_be_focused()
    page.keyboard.type(users.officer.username)
    page.keyboard.press("Tab")
    expect(page.locator("#id_password")).to_be_focused()
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{live_server.url}/actions/{action.pk}/")

    # From the action, through the skip link, to its update form.
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to main content")).to_be_focused()
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Post a progress update")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Post a progress update")

    # The form, field by field.
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # the skip link
    page.keyboard.press("Tab")
    expect(page.locator("#id_status_0")).to_be_focused()
    page.keyboard.press("Space")
    expect(page.get_by_label("Not started")).to_be_checked()
    page.keyboard.press("ArrowDown")
    expect(page.locator("#id_status_1")).to_be_focused()
    expect(page.get_by_label("On track")).to_be_checked()
    page.keyboard.press("Tab")
    expect(page.locator("#id_narrative")).to_be_focused()
    page.keyboard.type("Typed without a mouse: the childcare audit has started.")
    for field in [
        "id_date_of_update",
        "id_date_of_update_month",
        "id_date_of_update_year",
        "id_percent_complete",
        "id_evidence_url",
    ]:
        page.keyboard.press("Tab")
        expect(page.locator(f"#{field}")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Save the update")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Save and go to my next action due")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Cancel")).to_be_focused()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Shift+Tab")
    expect(page.get_by_role("button", name="Save the update")).to_be_focused()
    page.keyboard.press("Enter")

    # The form was sent from .../updates/new/#main-content, and a redirect keeps the fragment.
    expect(page).to_have_url(re.compile(rf"{live_server.url}/actions/{action.pk}/(#main-content)?$"))
    expect(page.get_by_role("alert")).to_contain_text("Your progress update has been saved.")
    latest = page.get_by_role("list", name="Progress updates").get_by_role("listitem").first
    expect(latest.get_by_role("heading")).to_have_text(re.compile(r"^\s*On track"))
    expect(latest).to_contain_text("Typed without a mouse: the childcare audit has started.")


def test_the_error_summary_of_an_empty_update_links_to_the_first_field_in_error(
    page: Page, sign_in, users, known_actions
):
    sign_in(users.officer)
    page.goto(f"/actions/{known_actions.lincolnshire_without_updates.pk}/updates/new/")
    page.keyboard.press("Shift+Tab")  # backwards from the end of the page
    expect(page.get_by_role("link", name="Cancel")).to_be_focused()
    page.keyboard.press("Shift+Tab")
    expect(page.get_by_role("button", name="Save and go to my next action due")).to_be_focused()
    page.keyboard.press("Shift+Tab")
    expect(page.get_by_role("button", name="Save the update")).to_be_focused()
    page.keyboard.press("Enter")

    summary = page.locator(".govuk-error-summary")
    expect(summary.get_by_role("alert")).to_contain_text("There is a problem")
    expect(summary).to_be_focused()  # GOV.UK Frontend moves focus to the summary
    page.keyboard.press("Tab")
    expect(summary.get_by_role("link", name="Select how the action is going")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("#id_status_0")).to_be_focused()


def test_the_error_summary_takes_the_focus_after_the_skip_link_was_used(page: Page, sign_in, users, known_actions):
    sign_in(users.officer)
    page.goto(f"/actions/{known_actions.lincolnshire_without_updates.pk}/updates/new/")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # the skip link
    for _ in range(8):  # status, narrative, day, month, year, percentage, evidence link, Save
        page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Save the update")).to_be_focused()
    page.keyboard.press("Enter")

    expect(page.locator(".govuk-error-summary")).to_be_focused(timeout=2_000)
