"""The indicators a board answers to, beside its actions: each one's latest
figure as known on the board's day, its target, which way is better and its
status, and how many stand at each status. One list for the dashboard, the
printed report and its workbook alike; three queries for any number."""

import datetime
from dataclasses import dataclass

from actions.models import Indicator
from indicators.figures import IndicatorFigures, figures_for, indicators_of_plans, status_counts
from indicators.numbers import show_figure
from indicators.status import IndicatorStatus
from plans.models import Plan


@dataclass
class IndicatorRow:
    indicator: Indicator
    figures: IndicatorFigures
    period: str  # the latest figure's period, "2024/25"; "" without a figure
    figure: str  # "21.5%", or "–" without one
    target: str
    better: str  # "Lower is better"
    status: IndicatorStatus
    first_reported: str  # "as reported on 3 March 2025: 22.1%" where the figure was since restated; else ""


@dataclass
class IndicatorBoard:
    rows: list[IndicatorRow]
    counts: list[tuple[IndicatorStatus, int]]  # every status, in the order boards read them


def indicator_board(plans: list[Plan], as_of: datetime.date) -> IndicatorBoard:
    """The plans' indicators with their figures as they stood on `as_of`."""
    figures = figures_for(indicators_of_plans(plans).order_by("framework", "code"), as_of=as_of)
    counts = status_counts(figures)
    return IndicatorBoard(
        rows=[indicator_row(figure) for figure in figures.values()],
        counts=[(IndicatorStatus(status), count) for status, count in counts.items()],
    )


def indicator_row(figures: IndicatorFigures) -> IndicatorRow:
    indicator, latest = figures.indicator, figures.latest
    first = latest.first_reported if latest and latest.restated else None
    return IndicatorRow(
        indicator=indicator,
        figures=figures,
        period=latest.label if latest else "",
        figure=show_figure(latest.value if latest else None, indicator.unit),
        target=show_figure(figures.target, indicator.unit),
        better=indicator.get_better_display(),
        status=figures.status,
        first_reported=(
            f"as reported on {first.reported_on:%-d %B %Y}: {show_figure(first.value, indicator.unit)}" if first else ""
        ),
    )
