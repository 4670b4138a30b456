"""A plan's settings page in a browser: an admin sees the reporting rounds and
sets how they repeat; the action page then says when the next update is due
and for which board. Checked with axe-core and at a phone's width."""

import datetime

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone
from playwright.sync_api import Page, expect

from actions.models import Action
from plans.demo import demo_reporting_patterns_set
from plans.models import Plan, ReportingRound, long_date
from tests.e2e.test_accessibility import WCAG_TAGS, describe

pytestmark = pytest.mark.e2e

PLAN = "hartlepool-child-poverty-2009"
PLAN_WITHOUT_DUE_DATES = "lincolnshire-narrowing-the-gap-2012"  # most of its actions have no due date or cadence


@pytest.fixture
def rounds(transactional_db, council_plans):
    """The demo's quarterly patterns, and a past round set by hand."""
    today = timezone.localdate()
    demo_reporting_patterns_set(today)
    plan = Plan.objects.get(slug=PLAN)
    ReportingRound.objects.create(
        plan=plan,
        name="Last quarter",
        opens_on=today - datetime.timedelta(days=100),
        updates_due_on=today - datetime.timedelta(days=80),
        board_on=today - datetime.timedelta(days=70),
    )
    return plan


def assert_accessible(page: Page) -> None:
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]})
    violations = results.response["violations"]
    assert not violations, f"{len(violations)} WCAG violations on {page.url}:\n\n" + describe(violations)


@pytest.mark.parametrize("width", [1280, 320])
def test_the_settings_page_shows_the_rounds_and_passes_axe(page, sign_in, users, rounds, screenshot, width):
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(users.admin)

    page.goto(f"/plans/{PLAN}/settings/")

    expect(page.get_by_role("heading", name="Plan settings")).to_be_visible()
    expect(page.locator(".app-pattern")).to_contain_text("The board meets every quarter")
    expect(page.get_by_role("table", name="Past rounds, latest first")).to_contain_text("Last quarter")
    screenshot(page, f"plan-settings-{width}")
    assert page.evaluate("document.documentElement.scrollWidth") == width
    assert_accessible(page)


def test_an_admin_changes_the_pattern_after_a_mistake(page, sign_in, users, rounds, screenshot):
    sign_in(users.admin)
    page.goto(f"/plans/{PLAN}/settings/")
    page.get_by_role("link", name="Change the pattern").click()

    page.get_by_label("Updates are due on which day of the month before each meeting?").fill("31")
    page.get_by_role("button", name="Save the pattern").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("must be a number from 1 to 28")
    screenshot(page, "plan-pattern-with-errors")
    assert_accessible(page)

    page.get_by_label("Updates are due on which day of the month before each meeting?").fill("1")
    page.get_by_role("button", name="Save the pattern").click()

    expect(page.get_by_role("alert")).to_contain_text("The pattern is saved")
    expect(page.locator(".app-pattern")).to_contain_text("updates are due on the 1st of the month before")


@pytest.mark.parametrize("width", [1280, 320])
def test_the_action_page_says_when_the_next_update_is_due_and_for_which_board(
    page, sign_in, users, rounds, screenshot, width
):
    action = (
        Action.objects.filter(plan__slug=PLAN_WITHOUT_DUE_DATES, review_cadence__isnull=True, due_date__isnull=True)
        .with_latest_update()
        .first()
    )
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(users.admin)

    page.goto(f"/actions/{action.pk}/")

    expected = f"Next update due {long_date(action.round_due_on)}, for the board on {long_date(action.round_board_on)}"
    expect(page.locator(".app-next-update")).to_have_text(expected)
    screenshot(page, f"action-next-update-{width}")
    assert_accessible(page)
