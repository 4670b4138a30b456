"""An indicator's figures over time as a chart drawn on the server as SVG:
the figures as a solid line with round points, the targets as a dashed line
with square points, the baseline as a dotted level line. Shape and dash tell
them apart as well as colour, a key names each, and the page shows the same
numbers in a table beside it.

As in dashboards/charts.py there is no viewBox: heights are in CSS pixels and
positions across in percentages of the chart's width, so the chart stretches
to its box but its text stays at 12 and 14 pixels on a 320-pixel phone (WCAG
1.4.4 and 1.4.10). The value labels sit on their grid lines at the left, so
that no margin is needed for them at any width."""

import math
from decimal import Decimal

from django.utils.html import format_html, format_html_join, mark_safe

from .numbers import show_figure

PLOT_TOP, PLOT_HEIGHT, AXIS_HEIGHT = 24, 200, 30
HEIGHT = PLOT_TOP + PLOT_HEIGHT + AXIS_HEIGHT
# Where the first and last periods sit, in per cent of the width: far enough
# in that a period's label, centred on it, is not cut off on a phone.
LEFT, RIGHT = 11.0, 89.0
NARROWEST, CHARACTER = 290, 7  # the chart's width on a 320-pixel phone; a 12-pixel character's width, at most
TEXT = 'font-family="Arial, sans-serif" fill="#0b0c0c"'
FIGURE_COLOUR, TARGET_COLOUR, BASELINE_COLOUR = "#1d70b8", "#0b0c0c", "#505a5f"


def short_label(frequency: str, period_end) -> str:
    """The period as the chart's axis names it: "2024/25", "Mar 2025", "Jan–Mar 25"."""
    if frequency in ("yearly", "academic_year"):
        return f"{period_end.year - 1}/{period_end.year % 100:02d}"
    if frequency == "quarterly":
        first = (period_end.month - 3) % 12 + 1
        return f"{_month(first)}–{period_end:%b %y}"
    return f"{period_end:%b %Y}"


def _month(number: int) -> str:
    return ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")[number - 1]


def nice_ticks(low: Decimal, high: Decimal, count: int = 4) -> list[Decimal]:
    """Round values for the grid lines, from at or below `low` to at or above `high`."""
    if high == low:
        high = low + (abs(low) or Decimal(1))
    raw = (high - low) / count
    power = Decimal(10) ** math.floor(math.log10(raw))
    step = next(
        power * m for m in (Decimal(1), Decimal(2), Decimal("2.5"), Decimal(5), Decimal(10)) if power * m >= raw
    )
    first = (low / step).to_integral_value(rounding="ROUND_FLOOR") * step
    ticks = [first]
    while ticks[-1] < high:
        ticks.append(ticks[-1] + step)
    return ticks


def figures_chart(figures, *, title: str) -> str:
    """The chart of one indicator's IndicatorFigures, or "" when it has no figure and no target."""
    indicator = figures.indicator
    periods = figures.periods
    if not periods:
        return ""
    unit, frequency = indicator.unit, indicator.frequency
    baseline = indicator.baseline_value
    values = [p.value for p in periods if p.value is not None] + [p.target for p in periods if p.target is not None]
    if baseline is not None:
        values.append(baseline)
    low, high = min(values), max(values)
    if low >= 0 and low <= high / 2:
        low = Decimal(0)  # near enough to zero to show the whole scale honestly
    ticks = nice_ticks(low, high)
    bottom, top = ticks[0], ticks[-1]

    def y(value: Decimal) -> str:
        return f"{PLOT_TOP + PLOT_HEIGHT * float((top - value) / (top - bottom)):.1f}"

    def x(index: int) -> str:
        across = (LEFT + RIGHT) / 2 if len(periods) == 1 else LEFT + (RIGHT - LEFT) * index / (len(periods) - 1)
        return f"{across:.2f}"

    parts = []
    for tick in ticks:
        parts.append(
            format_html(
                '<line x1="0" x2="100%" y1="{y}" y2="{y}" stroke="#b1b4b6" stroke-width="1"></line>'
                '<text x="0" y="{label_y}" font-size="12" {text}>{label}</text>',
                y=y(tick),
                label_y=f"{float(y(tick)) - 4:.1f}",
                text=mark_safe(TEXT),
                label=show_figure(tick, unit),
            )  # fmt: skip
        )
    if baseline is not None:
        parts.append(
            format_html(
                '<line x1="0" x2="100%" y1="{}" y2="{}" stroke="{}" stroke-width="2" stroke-dasharray="2 4"></line>',
                y(baseline),
                y(baseline),
                BASELINE_COLOUR,
            )  # fmt: skip
        )
    parts += _series(periods, lambda p: p.target, x, y, TARGET_COLOUR, dash="8 5", shape="square")
    parts += _series(periods, lambda p: p.value, x, y, FIGURE_COLOUR, dash="", shape="circle")
    labels = [short_label(frequency, period.period_end) for period in periods]
    for index in labelled_periods(labels):
        parts.append(
            format_html(
                '<text x="{}%" y="{}" font-size="12" text-anchor="middle" {}>{}</text>',
                x(index),
                HEIGHT - 8,
                mark_safe(TEXT),
                labels[index],
            )  # fmt: skip
        )
    chart_id = f"indicator-{indicator.pk}-chart"
    return format_html(
        '<svg class="app-chart app-indicator-chart" role="img" aria-labelledby="{id}-title {id}-desc" width="100%" '
        'height="{h}" xmlns="http://www.w3.org/2000/svg"><title id="{id}-title">{title}</title>'
        '<desc id="{id}-desc">{desc}</desc>{parts}</svg>{legend}',
        id=chart_id, h=HEIGHT, title=title, desc=describe(figures), parts=mark_safe("".join(parts)),
        legend=legend(baseline is not None, any(p.target is not None for p in periods)),
    )  # fmt: skip


def labelled_periods(labels: list[str]) -> list[int]:
    """Which periods the axis names: every `step`-th back from the latest, the
    step wide enough that the labels never touch on a 320-pixel phone."""
    count = len(labels)
    if count <= 1:
        return list(range(count))
    room = NARROWEST * (RIGHT - LEFT) / 100 / (count - 1)  # pixels between neighbouring periods there
    widest = max(len(label) for label in labels) * CHARACTER + 8
    step = max(1, math.ceil(widest / room))
    return sorted(range(count - 1, -1, -step))


def _series(periods, value_of, x, y, colour: str, *, dash: str, shape: str) -> list[str]:
    """One line through the periods that have a value, broken where a period has none, with its points."""
    parts, previous = [], None
    dashing = format_html(' stroke-dasharray="{}"', dash) if dash else ""
    for index, period in enumerate(periods):
        value = value_of(period)
        if value is None:
            previous = None
            continue
        if previous is not None:
            parts.append(
                format_html(
                    '<line x1="{}%" y1="{}" x2="{}%" y2="{}" stroke="{}" stroke-width="3"{}></line>',
                    x(previous[0]),
                    y(previous[1]),
                    x(index),
                    y(value),
                    colour,
                    dashing,
                )  # fmt: skip
            )
        previous = (index, value)
    for index, period in enumerate(periods):
        value = value_of(period)
        if value is None:
            continue
        if shape == "circle":
            parts.append(
                format_html(
                    '<circle cx="{}%" cy="{}" r="5" fill="{}" stroke="#ffffff" stroke-width="1.5"></circle>',
                    x(index),
                    y(value),
                    colour,
                )  # fmt: skip
            )
        else:
            # A square centred on the point: x is a percentage, so the square is an inner svg placed there.
            parts.append(
                format_html(
                    '<svg x="{}%" y="{}" width="1" height="1" overflow="visible">'
                    '<rect x="-5" y="-5" width="10" height="10" fill="#ffffff" stroke="{}" stroke-width="2"></rect>'
                    "</svg>",
                    x(index),
                    y(value),
                    colour,
                )  # fmt: skip
            )
    return parts


def describe(figures) -> str:
    """The chart's text alternative: every figure and target by period, and the baseline."""
    indicator = figures.indicator
    unit = indicator.unit
    sentences = []
    measured = [
        f"{p.label}: {show_figure(p.value, unit)}"
        + (f" against a target of {show_figure(p.target, unit)}" if p.target is not None else "")
        for p in figures.periods
        if p.value is not None
    ]
    if measured:
        sentences.append("Figures by period. " + "; ".join(measured) + ".")
    else:
        sentences.append("No figures yet.")
    unmeasured = [f"{p.label}: {show_figure(p.target, unit)}" for p in figures.periods if p.value is None]
    if unmeasured:
        sentences.append("Targets for periods without a figure. " + "; ".join(unmeasured) + ".")
    if indicator.baseline_value is not None:
        when = f" ({indicator.baseline_on:%-d %B %Y})" if indicator.baseline_on else ""
        sentences.append(f"Baseline: {show_figure(indicator.baseline_value, unit)}{when}.")
    sentences.append(f"{indicator.get_better_display()}.")
    return " ".join(sentences)


def legend(with_baseline: bool, with_targets: bool) -> str:
    samples = [
        ("Figure", format_html(
            '<line x1="0" y1="7" x2="28" y2="7" stroke="{c}" stroke-width="3"></line>'
            '<circle cx="14" cy="7" r="5" fill="{c}" stroke="#ffffff" stroke-width="1.5"></circle>', c=FIGURE_COLOUR,
        )),
    ]  # fmt: skip
    if with_targets:
        samples.append(("Target", format_html(
            '<line x1="0" y1="7" x2="28" y2="7" stroke="{c}" stroke-width="3" stroke-dasharray="8 5"></line>'
            '<rect x="9" y="2" width="10" height="10" fill="#ffffff" stroke="{c}" stroke-width="2"></rect>',
            c=TARGET_COLOUR,
        )))  # fmt: skip
    if with_baseline:
        samples.append(("Baseline", format_html(
            '<line x1="0" y1="7" x2="28" y2="7" stroke="{}" stroke-width="2" stroke-dasharray="2 4"></line>',
            BASELINE_COLOUR,
        )))  # fmt: skip
    items = format_html_join(
        "",
        '<li class="app-chart-legend__item"><svg width="28" height="14" aria-hidden="true" focusable="false">{}</svg>'
        "{}</li>",
        ((sample, label) for label, sample in samples),
    )
    return format_html('<ul class="app-chart-legend" aria-label="Key to the chart\'s lines">{}</ul>', items)
