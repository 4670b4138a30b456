"""The warning before an idle session ends (WCAG 2.2.1), with the limits cut
to seconds: idle after 9 seconds, warned 4 seconds before. (Not much less: a
page can take seconds to load on a busy machine, and the warning must not open
before the test has typed.)"""

import re
import time

import pytest
from playwright.sync_api import Page, expect

from progress.models import ProgressUpdate

pytestmark = pytest.mark.e2e

IDLE = 9
WARNING = 4
NARRATIVE = "A long narrative about the childcare audit of the priority wards, typed slowly."
KEEP_ALIVE = "/accounts/session/keep-alive/"


@pytest.fixture
def short_sessions(settings):
    # The live server runs in a thread of this process, so it sees these.
    settings.SESSION_IDLE_SECONDS = IDLE
    settings.SESSION_WARNING_SECONDS = WARNING


def test_the_warning_keeps_a_long_update_safe(page: Page, live_server, sign_in, users, known_actions, short_sessions):
    action = known_actions.lincolnshire_without_updates
    sign_in(users.officer)
    page.goto(f"/actions/{action.pk}/updates/new/")
    first_deadline = time.monotonic() + IDLE
    narrative = page.get_by_label("What has happened since the last update?")
    narrative.fill(NARRATIVE)

    warning = page.get_by_role("dialog", name="You will be signed out soon")
    expect(warning).to_be_visible()
    expect(warning).to_be_focused()
    expect(warning).to_contain_text(re.compile(r"We will sign you out in \d seconds?\."))
    expect(warning.locator("[aria-live=polite]")).to_have_text(re.compile(r"We will sign you out in \d seconds?\."))
    expect(warning.get_by_role("button", name="Sign out")).to_be_visible()

    warning.get_by_role("button", name="Stay signed in").click()
    expect(warning).to_be_hidden()
    expect(narrative).to_be_focused()

    page.wait_for_timeout(max(0, first_deadline + 1 - time.monotonic()) * 1000)
    still = page.request.get(KEEP_ALIVE)  # only asks; does not count as use
    assert still.status == 200 and still.json()["signed_in"], "the session should outlive its first idle limit"
    expect(narrative).to_have_value(NARRATIVE)

    # Now do nothing: the warning comes back, and the time runs out.
    signed_out = page.get_by_role("dialog", name="You have been signed out")
    expect(signed_out).to_be_visible()
    expect(signed_out.get_by_role("heading", name="You have been signed out")).to_be_focused()
    expect(signed_out).to_contain_text(
        "What you typed is still on this page, but it will not be saved until you sign in"
    )
    expect(page).to_have_url(re.compile(rf"/actions/{action.pk}/updates/new/$"))
    assert page.request.get(KEEP_ALIVE).status == 401

    signed_out.get_by_role("button", name="Go back to the page to copy your work").click()
    expect(narrative).to_be_focused()
    expect(narrative).to_have_value(NARRATIVE)

    # Sending it now would lose it on the way to the sign-in page: the page stays.
    page.get_by_role("button", name="Save the update").click()
    expect(signed_out).to_be_visible()
    expect(narrative).to_have_value(NARRATIVE)
    assert not ProgressUpdate.objects.filter(narrative=NARRATIVE).exists()


def test_a_page_without_a_form_gets_no_warning(page: Page, live_server, sign_in, make_user, organisation, settings):
    settings.SESSION_IDLE_SECONDS, settings.SESSION_WARNING_SECONDS = 3, 2
    sign_in(make_user("olive", organisation=organisation))
    page.goto("/my-actions/")
    expect(page.locator('meta[name="app-session-timeout"]')).to_have_count(1)

    page.wait_for_timeout(2_000)  # past the time a page with a form would warn

    expect(page.locator("dialog")).to_have_count(0)
