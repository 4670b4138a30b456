"""Each indicator's figures as known on a day: for every period its figure
(the latest report up to that day), what was first reported where it was
since restated, its target, and the latest period's status. Two queries
for any number of indicators."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q

from actions.models import Indicator

from .models import Observation, Target
from .periods import period_label
from .status import IndicatorStatus, status_against


@dataclass
class PeriodFigure:
    period_end: datetime.date
    label: str
    observation: Observation | None  # the figure as known on the day
    reports: list[Observation] = field(default_factory=list)  # every report up to the day, earliest first
    target: Decimal | None = None

    @property
    def value(self) -> Decimal | None:
        return self.observation.value if self.observation else None

    @property
    def restated(self) -> bool:
        return len(self.reports) > 1

    @property
    def first_reported(self) -> Observation | None:
        return self.reports[0] if self.reports else None


@dataclass
class IndicatorFigures:
    indicator: Indicator
    periods: list[PeriodFigure]  # in time order, with a figure or a target or both
    latest: PeriodFigure | None  # the latest period with a figure
    target: Decimal | None  # what the latest figure is measured against
    status: IndicatorStatus


def target_for(targets: dict[datetime.date, Decimal], period_end: datetime.date) -> Decimal | None:
    """The target for the period, or else the latest one set for an earlier period."""
    if period_end in targets:
        return targets[period_end]
    earlier = [day for day in targets if day <= period_end]
    return targets[max(earlier)] if earlier else None


def figures_for(indicators, as_of: datetime.date | None = None) -> dict[int, IndicatorFigures]:
    """Each indicator's figures as known on `as_of` (today's when None), by its id."""
    indicators = list(indicators)
    ids = [indicator.pk for indicator in indicators]
    observations = Observation.objects.filter(indicator__in=ids).select_related("entered_by")
    if as_of is not None:
        observations = observations.filter(reported_on__lte=as_of)
    reports: dict[int, dict[datetime.date, list[Observation]]] = {}
    for observation in observations.order_by("indicator", "period_end", "reported_on", "entered_at", "pk"):
        reports.setdefault(observation.indicator_id, {}).setdefault(observation.period_end, []).append(observation)
    targets: dict[int, dict[datetime.date, Decimal]] = {}
    for target in Target.objects.filter(indicator__in=ids).order_by("indicator", "period_end"):
        targets.setdefault(target.indicator_id, {})[target.period_end] = target.value

    result = {}
    for indicator in indicators:
        mine, aims = reports.get(indicator.pk, {}), targets.get(indicator.pk, {})
        periods = [
            PeriodFigure(
                day, period_label(indicator.frequency, day), mine[day][-1] if day in mine else None,
                mine.get(day, []), aims.get(day),
            )
            for day in sorted(set(mine) | set(aims))
        ]  # fmt: skip
        measured = [period for period in periods if period.observation]
        latest = measured[-1] if measured else None
        target = target_for(aims, latest.period_end) if latest else None
        status = status_against(latest.value if latest else None, target, indicator.better, indicator.tolerance)
        result[indicator.pk] = IndicatorFigures(indicator, periods, latest, target, status)
    return result


def status_counts(figures: dict[int, IndicatorFigures]) -> dict[str, int]:
    """How many indicators stand at each status, in the order boards read them."""
    counts = dict.fromkeys(IndicatorStatus.values, 0)
    for figure in figures.values():
        counts[figure.status] += 1
    return counts


def indicators_of_plans(plans):
    """The indicators the plans' actions or themes work towards."""
    return (
        Indicator.objects.filter(Q(actions__plan__in=plans) | Q(themes__plan__in=plans))
        .distinct()
        .select_related("organisation")
    )


def indicators_of_plan(plan):
    return indicators_of_plans([plan])
