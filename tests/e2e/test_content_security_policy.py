"""In a real browser, the Content-Security-Policy blocks nothing the pages
need: an admin visits the main pages, the admin's too, and the browser reports
no violation. The script that marks <body> for GOV.UK Frontend's enhanced
styles, once inline and now a file, still runs first, and GOV.UK Frontend's
JavaScript still starts."""

import re

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.e2e

# Added to every document before its own scripts run (Playwright's init
# scripts are not subject to the page's policy): keeps each violation the
# browser reports, for violations() to read.
RECORD_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener('securitypolicyviolation', (event) => {
  window.cspViolations.push(
    `${event.effectiveDirective} blocked ${event.blockedURI || 'inline code'}` +
      ` (${event.sourceFile || document.location.pathname}:${event.lineNumber}) ${event.sample}`.trimEnd()
  );
});
"""

PAGES = {
    "home": lambda a: "/",
    "my actions": lambda a: "/my-actions/",
    "plans": lambda a: "/plans/",
    "plan": lambda a: f"/plans/{a.lincolnshire_with_updates.plan.slug}/",
    "action list": lambda a: "/actions/",
    "action": lambda a: f"/actions/{a.lincolnshire_with_updates.pk}/",
    "update form": lambda a: f"/actions/{a.lincolnshire_without_updates.pk}/updates/new/",
    "action edit form": lambda a: f"/actions/{a.lincolnshire_without_updates.pk}/edit/",
    "dashboard overview": lambda a: "/dashboard/",
    "plan dashboard": lambda a: "/plans/lincolnshire-narrowing-the-gap-2012/dashboard/",
    "board report": lambda a: "/plans/thurrock-child-poverty/dashboard/report/",
    "imports": lambda a: "/imports/",
    "new import": lambda a: "/imports/new/",
    "admin index": lambda a: "/admin/",
    "admin action list": lambda a: "/admin/actions/action/",
    "admin action change form": lambda a: f"/admin/actions/action/{a.lincolnshire_with_updates.pk}/change/",
    "admin plan change form": lambda a: f"/admin/plans/plan/{a.lincolnshire_with_updates.plan.pk}/change/",
}


@pytest.fixture
def watched(page: Page) -> tuple[Page, list[str]]:
    """`page`, recording violations, and the console's CSP messages so far."""
    console = []
    page.on(
        "console", lambda message: console.append(message.text) if "Content Security Policy" in message.text else None
    )
    page.add_init_script(RECORD_VIOLATIONS)
    return page, console


def violations(page: Page) -> list[str]:
    # The browser reports a violation in a task of its own: let those queued
    # while the page loaded run first.
    return page.evaluate("new Promise((done) => setTimeout(() => done(window.cspViolations), 100))")


def test_no_page_breaks_the_policy(watched, sign_in, users, known_actions):
    page, console = watched
    sign_in(users.admin)

    found = {}
    for name, path in PAGES.items():
        response = page.goto(path(known_actions))
        assert response.status == 200, f"{name}: {page.url} answered {response.status}"
        found[name] = violations(page)

    # A form posts (form-action 'self') and the page after it shows a banner.
    page.goto(PAGES["update form"](known_actions))
    page.get_by_label("On track").check()
    page.get_by_label("What has happened since the last update?").fill("Checked against the policy.")
    page.get_by_role("button", name="Save the update").click()
    expect(page.get_by_role("alert")).to_contain_text("Your progress update has been saved.")
    found["after posting an update"] = violations(page)

    # The admin's forms post too; saving gives the action a history to show.
    action = known_actions.lincolnshire_with_updates
    page.goto(PAGES["admin action change form"](known_actions))
    page.get_by_role("button", name="Save and continue editing").click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    found["admin after saving"] = violations(page)

    assert {name: found for name, found in found.items() if found} == {}
    assert console == []

    # django-simple-history's history list has one style attribute (a
    # paginator's "border-top: 0"); the policy drops it, which changes nothing
    # but a border. Nothing else there is blocked: no script.
    page.goto(f"/admin/actions/action/{action.pk}/history/")
    expect(page.locator("#change-history")).to_be_visible()
    assert {violation.split()[0] for violation in violations(page)} <= {"style-src-attr"}


def test_signed_out_pages_break_no_policy(watched, users):
    page, console = watched

    found = {}
    for path in ["/accounts/login/", "/accounts/password_reset/", "/no-such-page/"]:
        page.goto(path)
        found[path] = violations(page)
    page.goto("/accounts/login/")
    page.get_by_role("button", name="Sign in").click()  # with nothing filled in: the error summary
    expect(page.locator(".govuk-error-summary")).to_be_focused()
    found["sign-in with errors"] = violations(page)

    assert {path: found for path, found in found.items() if found} == {}
    assert console == []


def test_the_browser_enforces_the_policy(watched, sign_in, users):
    """Proves the recording above sees what the policy blocks: script or
    style written into a page does not run or apply."""
    page, _ = watched
    sign_in(users.admin)
    page.goto("/my-actions/")

    page.evaluate("""() => {
        const script = document.createElement('script');
        script.textContent = 'window.injectedScriptRan = true';
        document.body.append(script);
        document.body.insertAdjacentHTML('beforeend', '<p id="injected" style="color: rgb(255, 0, 0)">Injected</p>');
    }""")

    assert page.evaluate("window.injectedScriptRan") is None
    assert page.locator("#injected").evaluate("p => getComputedStyle(p).color") != "rgb(255, 0, 0)"
    directives = {violation.split()[0] for violation in violations(page)}
    assert {"script-src-elem", "style-src-attr"} <= directives


def test_the_body_is_marked_before_govuk_frontend_starts(watched, sign_in, users):
    page, _ = watched
    page.set_viewport_size({"width": 320, "height": 800})
    sign_in(users.admin)
    page.goto("/my-actions/")

    expect(page.locator("body")).to_have_class(re.compile(r"\bjs-enabled\b.*\bgovuk-frontend-supported\b"))
    # GOV.UK Frontend's JavaScript collapses the Service navigation into a
    # "Menu" button on a small screen, and the button opens it.
    menu = page.get_by_role("button", name="Menu")
    links = page.get_by_role("navigation", name="Menu").get_by_role("list")
    expect(menu).to_be_visible()
    expect(links).to_be_hidden()
    menu.click()
    expect(menu).to_have_attribute("aria-expanded", "true")
    expect(links.get_by_role("link", name="Plans")).to_be_visible()
    assert violations(page) == []
