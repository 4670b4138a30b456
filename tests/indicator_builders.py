"""Small factories for indicators and their figures: plain functions with the
fields a test cares about. Figures go through the services, as the pages do."""

import datetime
from decimal import Decimal

from actions.models import Indicator
from indicators.models import Observation, Target
from indicators.services import observation_record, target_set


def make_indicator(organisation=None, framework: str = "NI", code: str = "116", **fields) -> Indicator:
    fields.setdefault("name", "Proportion of children in poverty")
    fields.setdefault("unit", Indicator.Unit.PERCENTAGE)
    fields.setdefault("better", Indicator.Better.LOWER)
    fields.setdefault("frequency", Indicator.Frequency.YEARLY)
    return Indicator.objects.create(organisation=organisation, framework=framework, code=code, **fields)


def make_observation(
    indicator: Indicator, period_end: datetime.date, value, reported_on: datetime.date | None = None, **fields
) -> Observation:
    """A figure for the period as reported on `reported_on` (the period's end when not given);
    a second one for the same period needs a `reason`: it is a restatement."""
    user = fields.pop("user", None)
    return observation_record(
        indicator, period_end, Decimal(str(value)), user, reported_on=reported_on or period_end, **fields
    )


def make_target(indicator: Indicator, period_end: datetime.date, value) -> Target:
    return target_set(indicator, period_end, Decimal(str(value)), None)
