"""The public pages in Chromium, signed out: no WCAG 2.2 A or AA violations
(axe-core) at 1280 and 320 pixels, nothing wider than a small screen, and
readable without JavaScript. Each is saved as a screenshot."""

import datetime

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from actions.models import Action
from plans.models import Plan
from progress.models import ProgressUpdate
from tests.builders import make_update
from tests.e2e.conftest import SCREENSHOTS
from tests.e2e.test_accessibility import WCAG_TAGS, describe

pytestmark = pytest.mark.e2e

NARROWING_THE_GAP = "lincolnshire-narrowing-the-gap-2012"
PAGES = {
    "plan": lambda plan, action: f"/public/plans/{plan.slug}/",
    "action": lambda plan, action: f"/public/plans/{plan.slug}/actions/{action.pk}/",
    "statement": lambda plan, action: f"/public/plans/{plan.slug}/accessibility/",
}
WIDTHS = [1280, 320]


@pytest.fixture
def published(transactional_db, council_plans, users):
    """Narrowing the Gap published, one action with an approved update and a newer one awaiting approval."""
    plan = Plan.objects.get(slug=NARROWING_THE_GAP)
    plan.is_public = True
    plan.accessibility_contact = "accessibility@lincolnshire.example"
    plan.save()
    action = Action.objects.filter(plan=plan).order_by("position", "pk").first()
    make_update(action, "on_track", datetime.date(2026, 5, 1), narrative="Approved in May", author=users.officer)
    make_update(
        action, "off_track", datetime.date(2026, 6, 1), narrative="Awaiting approval in June",
        author=users.officer, state=ProgressUpdate.State.SUBMITTED,
    )  # fmt: skip
    return plan, action


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", PAGES)
def test_the_public_page_has_no_wcag_violations(page: Page, published, screenshot, name, width):
    page.set_viewport_size({"width": width, "height": 900})
    response = page.goto(PAGES[name](*published))
    assert response.status == 200
    screenshot(page, f"public-{name}-{width}")
    page.screenshot(path=SCREENSHOTS / f"public-{name}-{width}-top.png")  # what a visitor sees first

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]})

    violations = results.response["violations"]
    assert not violations, f"{len(violations)} WCAG violations on {page.url}:\n\n" + describe(violations)
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= width, f"{page.url} is {scroll_width}px wide at {width}px"


def test_the_plan_page_reads_the_same_without_javascript(browser, live_server, published):
    plan, action = published
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()

    page.goto(PAGES["action"](plan, action))

    expect(page.get_by_text("Approved in May")).to_be_visible()
    expect(page.get_by_text("Awaiting approval in June")).to_have_count(0)
    page.get_by_role("link", name="Accessibility statement for this plan's pages").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Accessibility statement")
    context.close()
