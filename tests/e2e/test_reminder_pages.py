"""The reminder pages in a browser: a person's settings, the page behind
"No change since the last update", unsubscribe and the admins' preview, each
checked with axe-core (WCAG 2.2 A and AA), at 1280 and 320 pixels wide
without sideways scrolling, and saved as screenshots."""

import datetime

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone
from playwright.sync_api import Page, expect

from progress.models import ProgressUpdate
from reminders.links import no_change_url, unsubscribe_url
from reminders.models import ReminderSettings
from tests.e2e.test_accessibility import WCAG_TAGS, describe

pytestmark = pytest.mark.e2e

WIDTHS = [1280, 320]


def check(page: Page, screenshot, name: str) -> None:
    """No WCAG A or AA violation, and no sideways scrolling, at each width."""
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        screenshot(page, f"reminders-{name}-{width}")
        assert page.evaluate("document.documentElement.scrollWidth") == width, f"{name} scrolls sideways at {width}"
        results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
        violations = results.response["violations"]
        assert not violations, f"{len(violations)} WCAG violations on {page.url}:\n\n" + describe(violations)


def test_a_lead_officer_pauses_reminders_for_leave(page, sign_in, users, screenshot):
    sign_in(users.lead)
    page.goto("/my-actions/")
    page.get_by_role("link", name="Email reminders").click()
    check(page, screenshot, "settings")

    page.get_by_label("Remind me of updates due within").fill("0")
    page.get_by_role("button", name="Save settings").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Days must be 1 or more")
    check(page, screenshot, "settings-with-errors")

    back = timezone.localdate() + datetime.timedelta(days=14)
    page.get_by_label("Remind me of updates due within").fill("21")
    page.get_by_label("Day", exact=True).fill(str(back.day))
    page.get_by_label("Month", exact=True).fill(back.strftime("%B"))
    page.get_by_label("Year", exact=True).fill(str(back.year))
    page.get_by_role("button", name="Save settings").click()

    expect(page.get_by_role("alert")).to_contain_text("Your reminder settings have been saved.")
    choices = ReminderSettings.objects.get(user=users.lead)
    assert (choices.due_within_days, choices.paused_until) == (21, back)


def test_an_officer_records_no_change_from_the_email_link_without_signing_in(
    page, live_server, users, known_actions, screenshot
):
    action = known_actions.lincolnshire_with_updates
    before = action.progress_updates.count()
    page.goto(no_change_url(users.officer, action))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Record “No change since")
    check(page, screenshot, "no-change")

    page.get_by_role("button", name="Record no change").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("No change recorded")
    check(page, screenshot, "no-change-recorded")
    assert ProgressUpdate.objects.filter(action=action).count() == before + 1


def test_unsubscribe_and_preview_pages(page, sign_in, users, known_actions, screenshot):
    page.goto(unsubscribe_url(users.lead, "escalation"))
    check(page, screenshot, "unsubscribe")
    page.get_by_role("button", name="Turn off this email").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Reminder emails turned off")
    check(page, screenshot, "unsubscribe-done")

    users.officer.email = "olive@example.org"
    users.officer.save()
    sign_in(users.admin)
    page.goto(f"/reminders/preview/?person={users.officer.pk}&kind=digest")
    check(page, screenshot, "preview")
