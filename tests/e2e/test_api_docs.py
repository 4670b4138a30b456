"""The API's documentation page (/api/v1/docs/) and its schema, in the
browser: the page passes axe-core's WCAG A and AA rules, and the schema as
JSON, which Chromium shows as text, does not scroll sideways on a phone.
(The YAML schema is a download, not a page.) The page at 320 and 1280 pixels
is in test_small_screens."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.e2e.test_accessibility import WCAG_TAGS, describe

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("role", [None, "officer"])
def test_the_documentation_has_no_wcag_a_or_aa_violations(page, sign_in, users, screenshot, role):
    if role:
        sign_in(getattr(users, role))
    response = page.goto("/api/v1/docs/")
    assert response.status == 200
    screenshot(page, f"api-docs-{role or 'anonymous'}")

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]})

    violations = results.response["violations"]
    assert not violations, f"{len(violations)} WCAG violations on {page.url}:\n\n" + describe(violations)


def test_the_schema_as_json_does_not_scroll_sideways_on_a_phone(page, screenshot):
    page.set_viewport_size({"width": 320, "height": 800})
    response = page.goto("/api/v1/schema/?format=json")
    assert response.status == 200
    screenshot(page, "api-schema-json-320")

    assert page.evaluate("document.documentElement.scrollWidth") == 320
