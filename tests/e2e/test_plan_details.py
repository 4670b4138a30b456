"""A plan's details in a browser: the lead officer of the organisation that
owns a plan publishes it and turns approval on from its settings page, after
a mistake. Checked with axe-core and at a phone's width."""

import pytest
from playwright.sync_api import Page, expect

from plans.models import Plan
from tests.e2e.test_plan_settings import assert_accessible

pytestmark = pytest.mark.e2e

PLAN = "lincolnshire-narrowing-the-gap-2012"  # owned by Lincolnshire County Council


@pytest.mark.parametrize("width", [1280, 320])
def test_the_details_form_fits_the_screen_and_passes_axe(page: Page, sign_in, users, screenshot, width):
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(users.lead)

    page.goto(f"/plans/{PLAN}/settings/details/")

    expect(page.get_by_role("heading", name="Change the plan details")).to_be_visible()
    screenshot(page, f"plan-details-{width}")
    assert page.evaluate("document.documentElement.scrollWidth") == width
    assert_accessible(page)


def test_a_lead_officer_publishes_their_plan_after_a_mistake(page: Page, sign_in, users, screenshot):
    sign_in(users.lead)
    page.goto(f"/plans/{PLAN}/")
    page.get_by_role("link", name="Plan settings").click()
    page.get_by_role("link", name="Change the plan details").click()

    page.get_by_label("Title").fill("")
    page.get_by_label("Published: anyone may read this plan without signing in").check()
    page.get_by_label("Updates need approval").check()
    page.get_by_role("button", name="Save the plan details").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the plan's title")
    screenshot(page, "plan-details-with-errors")
    assert_accessible(page)

    page.get_by_label("Title").fill("Narrowing the Gap")
    page.get_by_role("button", name="Save the plan details").click()

    expect(page.get_by_role("alert")).to_contain_text("The plan's details are saved.")
    expect(page.locator(".app-plan-details")).to_contain_text("Yes: anyone may read this plan without signing in")
    plan = Plan.objects.get(slug=PLAN)
    assert (plan.title, plan.is_public, plan.approval_required) == ("Narrowing the Gap", True, True)
