"""An indicator's page in Chromium: a figure entered through the form, the
page at phone and desktop widths without sideways scroll, and axe-core's
WCAG A and AA rules on the page and its forms. Also saves the README's
picture of the page (docs/indicator-page.png)."""

import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from actions.models import Indicator
from indicators.models import Observation
from tests.e2e.conftest import SCREENSHOTS
from tests.indicator_builders import make_observation, make_target

pytestmark = pytest.mark.e2e

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
DOCS = Path(__file__).resolve().parents[2] / "docs"


@pytest.fixture
def children_in_poverty(users) -> Indicator:
    """Hartlepool's NI 116 with five years of figures, a target for each, a
    baseline and one figure corrected after it was first published."""
    indicator = Indicator.objects.get(framework="NI", code="116")
    indicator.baseline_value, indicator.baseline_on = Decimal("28.1"), datetime.date(2019, 3, 31)
    indicator.baseline_source = "HMRC, Personal tax credits: children in low-income families local measure, 2018"
    indicator.source = "HMRC and DWP, Children in low income families: local area statistics"
    indicator.save()
    figures = {2020: "27.4", 2021: "26.9", 2022: "27.8", 2023: "25.9", 2024: "24.6"}
    for year, figure in figures.items():
        period = datetime.date(year, 3, 31)
        make_target(indicator, period, Decimal("28") - (year - 2020) * Decimal("0.75"))
        make_observation(indicator, period, figure, reported_on=datetime.date(year, 9, 28), source="DWP release")
    make_observation(
        indicator, datetime.date(2023, 3, 31), "26.3", reported_on=datetime.date(2024, 3, 21),
        source="DWP release (revised)", reason="DWP revised 2022/23 after late benefit records",
    )  # fmt: skip
    make_target(indicator, datetime.date(2025, 3, 31), "24.5")
    return indicator


def test_an_admin_enters_a_figure_through_the_form(page: Page, sign_in, users, children_in_poverty, screenshot):
    sign_in(users.admin)
    page.goto(f"/indicators/{children_in_poverty.pk}/")

    page.get_by_role("link", name="Enter a figure").click()
    page.get_by_label("Period").fill("2024/25")
    page.get_by_label("Figure", exact=True).fill("23.9%")
    page.get_by_label("Source").fill("DWP release")
    page.get_by_role("button", name="Save the figure").click()

    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "The figure for 2024/25 is saved: 23.9%"
    )
    assert Observation.objects.filter(period_end=datetime.date(2025, 3, 31), value=Decimal("23.9")).exists()
    screenshot(page, "indicator after entering a figure")


def test_a_missing_reason_for_a_correction_is_shown_in_the_error_summary(
    page: Page, sign_in, users, children_in_poverty
):
    sign_in(users.admin)
    page.goto(f"/indicators/{children_in_poverty.pk}/figures/new/")

    page.get_by_label("Period").fill("2023/24")
    page.get_by_label("Figure", exact=True).fill("25")
    page.get_by_role("button", name="Save the figure").click()

    expect(page.locator(".govuk-error-summary")).to_contain_text("This period already has a figure")


@pytest.mark.parametrize("width", [320, 1280])
def test_the_page_does_not_scroll_sideways(page: Page, sign_in, users, children_in_poverty, screenshot, width):
    sign_in(users.admin)
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"/indicators/{children_in_poverty.pk}/")

    assert page.evaluate("document.documentElement.scrollWidth") <= width
    smallest = page.evaluate(
        "Math.min(...[...document.querySelectorAll('.app-indicator-chart text')]"
        ".map(text => parseFloat(getComputedStyle(text).fontSize)))"
    )
    assert smallest >= 12
    screenshot(page, f"indicator page at {width}")
    page.locator("#figures ~ .app-table-scroll").first.scroll_into_view_if_needed()
    page.screenshot(path=SCREENSHOTS / f"indicator-chart-at-{width}.png")


OTHER_PAGES = {"list": "/indicators/", "import": "/indicators/import/"}


@pytest.mark.parametrize("path", ["", "figures/new/", "targets/", "?as_of=2023-12-31", "list", "import"])
def test_the_pages_have_no_wcag_a_or_aa_violations(page: Page, sign_in, users, children_in_poverty, path):
    sign_in(users.admin)
    url = OTHER_PAGES.get(path) or f"/indicators/{children_in_poverty.pk}/{path}"
    assert page.goto(url).status == 200

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]})

    violations = results.response["violations"]
    assert not violations, f"{len(violations)} WCAG violations on {page.url}:\n\n" + "\n".join(
        f"{v['id']}: {v['help']} {[node['target'] for node in v['nodes']]}" for v in violations
    )


def test_the_readme_picture_of_the_indicator_page(page: Page, sign_in, users, children_in_poverty):
    sign_in(users.admin)
    page.set_viewport_size({"width": 1280, "height": 1100})
    page.goto(f"/indicators/{children_in_poverty.pk}/")

    DOCS.mkdir(exist_ok=True)
    page.screenshot(path=DOCS / "indicator-page.png")
