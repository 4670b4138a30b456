"""End-to-end tests: the app served by pytest-django's live server, driven in
Debian's Chromium (/usr/bin/chromium) through Playwright's sync API.

Without Chromium the tests are skipped, unless REQUIRE_BROWSER=1 (as in CI),
when they fail. Never run `playwright install`: the browser is the system's.
"""

import os
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import Page, expect, sync_playwright

from actions.models import Action
from plans.models import Membership, Organisation

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "screenshots"
PASSWORD = "correct horse battery staple"  # the one tests/conftest.py's make_user sets

expect.set_options(timeout=10_000)


# One browser for all the end-to-end tests. Scoped to this package rather than
# the whole session so that it, and the setting below, end with the last of
# them: pytest-django runs the tests that use no database after these.
@pytest.fixture(scope="package")
def browser():
    if not CHROMIUM.exists():
        reason = f"Chromium is not installed at {CHROMIUM} (Debian: apt-get install chromium)"
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(f"{reason}, and REQUIRE_BROWSER=1 requires it.", pytrace=False)
        pytest.skip(reason)
    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        # Playwright's sync API keeps an event loop running in the test thread,
        # where Django would otherwise refuse the tests' (and the database
        # teardown's) ORM calls. Not set for the whole run: in a subprocess,
        # `manage.py check --deploy` rightly fails when it is set (async.E001).
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server, transactional_db) -> Page:
    """A fresh, signed-out browser tab whose relative URLs go to the live server."""
    context = browser.new_context(base_url=live_server.url, locale="en-GB", timezone_id="Europe/London")
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


@dataclass
class Users:
    officer: object  # an officer of Lincolnshire County Council
    lead: object  # a lead officer of Lincolnshire County Council
    thurrock_officer: object
    chair: object  # chair of the Lincolnshire partnership: reads everything
    admin: object


@pytest.fixture
def users(transactional_db, council_plans, make_user) -> Users:
    def organisation(slug):
        return Organisation.objects.get(slug=slug)

    lincolnshire = organisation("lincolnshire-county-council")
    return Users(
        officer=make_user("olive", Membership.Role.OFFICER, lincolnshire),
        lead=make_user("leah", Membership.Role.LEAD, lincolnshire),
        thurrock_officer=make_user("theo", Membership.Role.OFFICER, organisation("thurrock-council")),
        chair=make_user(
            "charlotte",
            Membership.Role.CHAIR,
            organisation("lincolnshire-children-young-peoples-strategic-partnership"),
        ),
        admin=make_user("ada", Membership.Role.ADMIN),
    )


@dataclass
class KnownActions:
    lincolnshire_without_updates: Action  # A1 of the Lincolnshire draft plan: childcare; no updates
    lincolnshire_with_updates: Action  # a Narrowing the Gap action with progress from the plan
    thurrock: Action  # owned by Thurrock Council, in a plan Lincolnshire's officers may not read


@pytest.fixture
def known_actions(transactional_db, council_plans) -> KnownActions:
    lincolnshire_owns = Action.objects.filter(owner_organisations__slug="lincolnshire-county-council")
    return KnownActions(
        lincolnshire_without_updates=lincolnshire_owns.get(
            plan__slug="lincolnshire-child-poverty-draft-2012", reference="A1"
        ),
        lincolnshire_with_updates=lincolnshire_owns.filter(
            plan__slug="lincolnshire-narrowing-the-gap-2012", progress_updates__isnull=False
        )
        .order_by("position", "pk")
        .first(),
        thurrock=Action.objects.filter(
            plan__slug="thurrock-child-poverty", owner_organisations__slug="thurrock-council"
        )
        .order_by("position", "pk")
        .first(),
    )


@pytest.fixture
def sign_in(page, live_server):
    """Signs `page` in as a user without going through the form (tests of the
    form itself sign in through it)."""

    def sign_in(user) -> Page:
        client = Client()
        client.force_login(user)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])
        return page

    return sign_in


@pytest.fixture(scope="session")
def screenshot():
    """Saves a full-page PNG of the page in screenshots/ (git-ignored)."""
    SCREENSHOTS.mkdir(exist_ok=True)

    def save(page: Page, name: str) -> Path:
        path = SCREENSHOTS / f"{re.sub(r'[^a-z0-9]+', '-', name.lower()).strip('-')}.png"
        page.screenshot(path=path, full_page=True)
        return path

    return save
