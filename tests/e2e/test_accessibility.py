"""Every page, for the roles that see it, against axe-core's WCAG 2.0, 2.1 and
2.2 A and AA rules. Each page is also saved as a full-page screenshot."""

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.e2e

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
PLANS = [
    "lincolnshire-child-poverty-draft-2012",
    "hartlepool-child-poverty-2009",
    "lincolnshire-narrowing-the-gap-2012",
    "nottinghamshire-life-chances-2020-22",
    "thurrock-child-poverty",
]


@dataclass
class Visit:
    role: str | None  # an attribute of the `users` fixture, or None when signed out
    path: Callable  # known_actions -> URL path
    then: Callable[[Page], None] = lambda page: None  # what the user does on the page before it is checked
    status: int = 200


def shows_an_error_summary(page: Page) -> None:
    expect(page.locator(".govuk-error-summary")).to_be_visible()


def submit(button: str) -> Callable[[Page], None]:
    def press(page: Page) -> None:
        page.get_by_role("button", name=button).click()
        shows_an_error_summary(page)

    return press


def post_an_update(page: Page) -> None:
    page.get_by_label("On track").check()
    page.get_by_label("What has happened since the last update?").fill("Checked for accessibility.")
    page.get_by_role("button", name="Save the update").click()
    expect(page.get_by_role("alert")).to_contain_text("Your progress update has been saved.")


VISITS = {
    "sign-in": Visit(None, lambda a: "/accounts/login/"),
    "sign-in-with-errors": Visit(None, lambda a: "/accounts/login/", submit("Sign in")),
    "password-reset": Visit(None, lambda a: "/accounts/password_reset/"),
    "my-actions": Visit("officer", lambda a: "/my-actions/"),
    "plans": Visit("officer", lambda a: "/plans/"),
    "plans-as-chair": Visit("chair", lambda a: "/plans/"),
    **{f"plan-{slug}": Visit("admin", lambda a, slug=slug: f"/plans/{slug}/") for slug in PLANS},
    "actions": Visit("officer", lambda a: "/actions/"),
    "actions-filtered-to-nothing": Visit("officer", lambda a: "/actions/?q=no-action-says-this"),
    "actions-with-a-filter-error": Visit("officer", lambda a: "/actions/?due_after=31-02-2012", shows_an_error_summary),
    "action-with-updates": Visit("officer", lambda a: f"/actions/{a.lincolnshire_with_updates.pk}/"),
    "action-with-updates-as-lead": Visit("lead", lambda a: f"/actions/{a.lincolnshire_with_updates.pk}/"),
    "action-without-updates": Visit("officer", lambda a: f"/actions/{a.lincolnshire_without_updates.pk}/"),
    "action-after-posting-an-update": Visit(
        "officer", lambda a: f"/actions/{a.lincolnshire_without_updates.pk}/updates/new/", post_an_update
    ),
    "update-form": Visit("officer", lambda a: f"/actions/{a.lincolnshire_with_updates.pk}/updates/new/"),
    "update-form-with-errors": Visit(
        "officer", lambda a: f"/actions/{a.lincolnshire_without_updates.pk}/updates/new/", submit("Save the update")
    ),
    "edit-form-as-lead": Visit("lead", lambda a: f"/actions/{a.lincolnshire_without_updates.pk}/edit/"),
    "not-found-for-another-organisations-action": Visit("officer", lambda a: f"/actions/{a.thurrock.pk}/", status=404),
    "dashboard": Visit("chair", lambda a: "/dashboard/"),
    "dashboard-as-of-a-past-day": Visit("chair", lambda a: "/dashboard/?as_of=2013-03-31&since=2012-04-01&stale=90"),
    "plan-dashboard": Visit("chair", lambda a: "/plans/lincolnshire-narrowing-the-gap-2012/dashboard/"),
    "board-report": Visit("chair", lambda a: "/plans/thurrock-child-poverty/dashboard/report/"),
    "dashboard-every-plan": Visit("chair", lambda a: "/dashboard/?plans=all"),
    "overview-board-report": Visit("chair", lambda a: "/dashboard/report/?plans=all"),
    "commentary-with-errors": Visit(
        "chair", lambda a: "/plans/lincolnshire-narrowing-the-gap-2012/dashboard/", submit("Save the commentary")
    ),
    "imports": Visit("admin", lambda a: "/imports/"),
}


@pytest.mark.parametrize("name", VISITS)
def test_the_page_has_no_wcag_a_or_aa_violations(page: Page, sign_in, users, known_actions, screenshot, name):
    visit = VISITS[name]
    if visit.role:
        sign_in(getattr(users, visit.role))
    response = page.goto(visit.path(known_actions))
    assert response.status == visit.status, f"{page.url} answered {response.status}"
    visit.then(page)
    screenshot(page, name)

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]})

    violations = results.response["violations"]
    assert not violations, f"{len(violations)} WCAG violations on {page.url}:\n\n" + describe(violations)


def describe(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}\n  {violation['helpUrl']}")
        for node in violation["nodes"]:
            lines.append(f"  - {' '.join(map(str, node['target']))}\n    {node['html']}")
            lines.append("    " + node["failureSummary"].replace("\n", "\n    "))
        lines.append("")
    return "\n".join(lines)
