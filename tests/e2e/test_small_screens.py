"""On a 320-pixel phone, no page scrolls sideways (WCAG 1.4.10, reflow): a wide
table scrolls inside its own box, which a keyboard user can focus and scroll,
with its first column kept in view. Every page a user can reach is checked at
320 and 1280 pixels, as the roles that see it differently."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlparse

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page

from plans.models import Plan
from progress.models import ProgressUpdate
from tests.builders import make_update

pytestmark = pytest.mark.e2e

WIDTHS = [1280, 320]
THURROCK = "thurrock-child-poverty"
NARROWING_THE_GAP = "lincolnshire-narrowing-the-gap-2012"


@dataclass
class Visit:
    role: str | None  # an attribute of the `users` fixture, or None when signed out
    path: Callable  # known_actions -> URL path


def action(which: str) -> Callable:
    return lambda known: f"/actions/{getattr(known, which).pk}/"


VISITS = {
    "my-actions-as-officer": Visit("officer", lambda a: "/my-actions/"),
    "my-actions-as-admin": Visit("admin", lambda a: "/my-actions/"),
    "plans-as-officer": Visit("officer", lambda a: "/plans/"),
    "plans-as-admin": Visit("admin", lambda a: "/plans/"),
    "plan-as-officer": Visit("officer", lambda a: f"/plans/{NARROWING_THE_GAP}/"),
    "plan-as-admin": Visit("admin", lambda a: f"/plans/{THURROCK}/"),
    "plan-settings": Visit("admin", lambda a: f"/plans/{THURROCK}/settings/"),
    "plan-details": Visit("admin", lambda a: f"/plans/{THURROCK}/settings/details/"),
    "plan-pattern": Visit("admin", lambda a: f"/plans/{THURROCK}/settings/pattern/"),
    "plan-round-new": Visit("admin", lambda a: f"/plans/{THURROCK}/settings/rounds/new/"),
    "actions-as-officer": Visit("officer", lambda a: "/actions/"),
    "actions-as-admin": Visit("admin", lambda a: "/actions/"),
    "action-as-officer": Visit("officer", action("lincolnshire_with_updates")),
    "action-as-admin": Visit("admin", action("lincolnshire_with_updates")),
    "action-without-updates": Visit("officer", action("lincolnshire_without_updates")),
    "action-edit": Visit("lead", lambda a: f"/actions/{a.lincolnshire_with_updates.pk}/edit/"),
    "update-form": Visit("officer", lambda a: f"/actions/{a.lincolnshire_with_updates.pk}/updates/new/"),
    "approvals": Visit("lead", lambda a: "/approvals/"),
    "dashboard-as-chair": Visit("chair", lambda a: "/dashboard/"),
    "dashboard-as-officer": Visit("officer", lambda a: "/dashboard/"),
    "plan-dashboard": Visit("chair", lambda a: f"/plans/{NARROWING_THE_GAP}/dashboard/"),
    "plan-dashboard-thurrock": Visit("admin", lambda a: f"/plans/{THURROCK}/dashboard/"),
    "board-report": Visit("chair", lambda a: "/dashboard/report/"),
    "plan-board-report": Visit("chair", lambda a: f"/plans/{THURROCK}/dashboard/report/"),
    "imports": Visit("admin", lambda a: "/imports/"),
    "import-new": Visit("admin", lambda a: "/imports/new/"),
    "reminder-settings": Visit("officer", lambda a: "/account/reminders/"),
    "reminder-preview": Visit("admin", lambda a: "/reminders/preview/"),
    "public-plans": Visit(None, lambda a: "/public/plans/"),
    "public-plan": Visit(None, lambda a: f"/public/plans/{NARROWING_THE_GAP}/"),
    "public-action": Visit(
        None, lambda a: f"/public/plans/{NARROWING_THE_GAP}/actions/{a.lincolnshire_with_updates.pk}/"
    ),
    "public-accessibility": Visit(None, lambda a: f"/public/plans/{NARROWING_THE_GAP}/accessibility/"),
    "sign-in": Visit(None, lambda a: "/accounts/login/"),
    "password-reset": Visit(None, lambda a: "/accounts/password_reset/"),
    "password-reset-sent": Visit(None, lambda a: "/accounts/password_reset/done/"),
    "api-docs": Visit(None, lambda a: "/api/v1/docs/"),
}
TWO_FACTOR_VISITS = {
    "two-factor-set-up": Visit("admin", lambda a: "/accounts/two-factor/set-up/"),
    "two-factor-code": Visit("lead", lambda a: "/accounts/two-factor/code/"),  # `two_factor` makes the lead staff
}


@pytest.fixture
def published(known_actions):
    """Narrowing the Gap is public, so that its public pages show."""
    Plan.objects.filter(slug=NARROWING_THE_GAP).update(is_public=True)


@pytest.fixture
def awaiting_approval(users, known_actions):
    """An officer's update that the lead has to approve, so that approvals lists a row."""
    make_update(
        known_actions.lincolnshire_with_updates, "off_track", datetime.date(2026, 6, 1),
        narrative="Awaiting approval", author=users.officer, state=ProgressUpdate.State.SUBMITTED,
    )  # fmt: skip


@pytest.fixture
def two_factor(settings, users):
    """Second factor required; the admin has no app set up yet (the set-up
    page), and the lead, made staff here, has one (the code page)."""
    settings.ADMIN_TWO_FACTOR_REQUIRED = True
    users.lead.is_staff = True
    users.lead.save(update_fields=["is_staff"])
    TOTPDevice.objects.create(user=users.lead, name="Authenticator app", confirmed=True)


def widths_at_each_size(page: Page, sign_in, users, known_actions, screenshot, name: str, visit: Visit) -> dict:
    """The page's scroll width at each viewport width, and a screenshot of each."""
    if visit.role:
        sign_in(getattr(users, visit.role))
    path = visit.path(known_actions)
    response = page.goto(path)
    assert (response.status, urlparse(page.url).path) == (200, path)  # the page itself, not a redirect
    widths = {}
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 800})
        screenshot(page, f"small-screens-{name}-{width}")
        widths[width] = page.evaluate("document.documentElement.scrollWidth")
    return widths


@pytest.mark.parametrize("name", VISITS)
def test_no_page_scrolls_sideways(page, sign_in, users, known_actions, published, awaiting_approval, screenshot, name):
    widths = widths_at_each_size(page, sign_in, users, known_actions, screenshot, name, VISITS[name])

    assert widths == {width: width for width in WIDTHS}


@pytest.mark.parametrize("name", TWO_FACTOR_VISITS)
def test_the_two_factor_pages_do_not_scroll_sideways(page, sign_in, users, known_actions, two_factor, screenshot, name):
    widths = widths_at_each_size(page, sign_in, users, known_actions, screenshot, name, TWO_FACTOR_VISITS[name])

    assert widths == {width: width for width in WIDTHS}


def test_a_wide_table_scrolls_in_a_box_the_keyboard_can_reach(page, sign_in, users):
    page.set_viewport_size({"width": 320, "height": 800})
    sign_in(users.chair)
    page.goto("/plans/")

    box = page.locator(".app-table-scroll").first
    box.focus()
    page.keyboard.press("ArrowRight")

    assert box.evaluate("box => box.scrollWidth > box.clientWidth")
    # Chromium scrolls smoothly: the arrow key starts an animation, so wait for it to move.
    page.wait_for_function("box => box.scrollLeft > 0", arg=box.element_handle(), timeout=5000)
