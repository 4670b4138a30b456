"""Writing an indicator's figures: every change in one transaction, checked
first, so that a wrong figure writes nothing."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from actions.models import Indicator

from .models import Observation, ObservationPart, Target

# Units whose parts add up to the whole: a rate or a percentage of the parts does not.
ADDITIVE_UNITS = {Indicator.Unit.NUMBER, Indicator.Unit.MONEY}


@dataclass(frozen=True)
class Part:
    dimension: str
    category: str
    value: Decimal


def check_parts(indicator: Indicator, value: Decimal, parts: list[Part]) -> None:
    """Each breakdown (all the parts by one dimension) adds up to the figure, where the unit allows."""
    if indicator.unit not in ADDITIVE_UNITS:
        return
    totals: dict[str, Decimal] = {}
    for part in parts:
        totals[part.dimension] = totals.get(part.dimension, Decimal(0)) + part.value
    for dimension, total in totals.items():
        if total != value:
            raise ValidationError(
                f"The parts by {dimension} add up to {total.normalize():f}, not the figure {value.normalize():f}",
                code="parts_sum",
            )


@transaction.atomic
def observation_record(
    indicator: Indicator, period_end: datetime.date, value: Decimal, user, *, reported_on: datetime.date | None = None,
    numerator: Decimal | None = None, denominator: Decimal | None = None, source: str = "", note: str = "",
    reason: str = "", parts: list[Part] = (),
) -> Observation:  # fmt: skip
    """Record a figure for a period. A figure for a period that already has one
    is a restatement: it needs a reason, and the earlier figure is kept."""
    if denominator is not None and denominator == 0:
        raise ValidationError("The denominator cannot be 0", code="denominator")
    check_parts(indicator, value, list(parts))
    earlier = Observation.objects.select_for_update().filter(indicator=indicator, period_end=period_end).exists()
    if earlier and not reason.strip():
        raise ValidationError(
            "This period already has a figure: give the reason it is being corrected", code="reason_required"
        )
    observation = Observation.objects.create(
        indicator=indicator, period_end=period_end, value=value, numerator=numerator, denominator=denominator,
        reported_on=reported_on or timezone.localdate(), source=source.strip(), note=note.strip(),
        reason=reason.strip() if earlier else "", entered_by=user if getattr(user, "pk", None) else None,
    )  # fmt: skip
    ObservationPart.objects.bulk_create(
        [ObservationPart(observation=observation, dimension=p.dimension, category=p.category, value=p.value)
         for p in parts]
    )  # fmt: skip
    return observation


@transaction.atomic
def target_set(indicator: Indicator, period_end: datetime.date, value: Decimal | None, user) -> Target | None:
    """Set the target for a period; no value takes it away."""
    if value is None:
        Target.objects.filter(indicator=indicator, period_end=period_end).delete()
        return None
    target, _ = Target.objects.update_or_create(
        indicator=indicator, period_end=period_end,
        defaults={"value": value, "set_by": user if getattr(user, "pk", None) else None},
    )  # fmt: skip
    return target
