"""The status chart's text (dashboards/charts.py) stays at least 12 pixels
high on screen at any width: the chart stretches to its box, but its text does
not shrink with it, as it would in an SVG scaled by its viewBox."""

import pytest
from playwright.sync_api import Page

from plans.models import Plan

pytestmark = pytest.mark.e2e

WIDTHS = [320, 700, 1280]

# Each text's size as drawn: its font size times the scale from the SVG's
# user units to the screen's pixels.
SMALLEST_TEXT = """svg => Math.min(...[...svg.querySelectorAll("text")].map(
    text => parseFloat(getComputedStyle(text).fontSize) * text.getScreenCTM().a
))"""


def smallest_text_at_each_width(page: Page, path: str) -> dict:
    sizes = {}
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 800})
        page.goto(path)
        sizes[width] = round(page.locator("svg.app-chart").evaluate(SMALLEST_TEXT), 1)
    return sizes


def test_the_dashboards_chart_text_is_at_least_12_pixels_at_any_width(page, sign_in, users):
    sign_in(users.chair)

    sizes = smallest_text_at_each_width(page, "/plans/thurrock-child-poverty/dashboard/")

    assert sizes == dict.fromkeys(WIDTHS, 12.0)


def test_the_public_pages_chart_text_is_at_least_12_pixels_at_any_width(page, council_plans):
    Plan.objects.filter(slug="thurrock-child-poverty").update(is_public=True)

    sizes = smallest_text_at_each_width(page, "/public/plans/thurrock-child-poverty/")

    assert sizes == dict.fromkeys(WIDTHS, 12.0)


def test_the_chart_fits_its_box_on_a_phone(page, sign_in, users):
    page.set_viewport_size({"width": 320, "height": 800})
    sign_in(users.chair)
    page.goto("/plans/thurrock-child-poverty/dashboard/")

    overflow = page.locator("svg.app-chart").evaluate(
        """svg => Math.max(...[...svg.querySelectorAll("text, rect")].map(
            shape => shape.getBoundingClientRect().right)) - svg.getBoundingClientRect().right"""
    )

    assert overflow <= 0
