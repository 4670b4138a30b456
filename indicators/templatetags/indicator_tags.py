"""Indicators shown on other apps' pages. A tag rather than the page's view,
so that pages in apps below this one (an action's page) can show figures
without importing it."""

from django import template

from indicators.figures import figures_for
from indicators.numbers import show_figure as shown

register = template.Library()


@register.inclusion_tag("indicators/_action_indicators.html")
def action_indicators(action) -> dict:
    """The action's indicators with their latest figure and status as known
    today. Two queries however many (with `indicators` prefetched, as the
    action's page does)."""
    return {"figures": list(figures_for(action.indicators.all()).values())}


@register.filter
def show_figure(value, unit: str) -> str:
    """A figure in its unit: "12.5%", "£1,200", "4.2 per 1,000"; "–" for none."""
    return shown(value, unit)
