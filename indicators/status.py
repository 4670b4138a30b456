"""An indicator's status against its target: the one rule, used by its page,
the dashboards, the board report and its workbook."""

from decimal import Decimal

from django.db import models


class IndicatorStatus(models.TextChoices):
    ON_TARGET = "on_target", "On target"
    WITHIN_TOLERANCE = "within_tolerance", "Within tolerance"
    OFF_TARGET = "off_target", "Off target"
    NO_TARGET = "no_target", "No target set"
    NO_DATA = "no_data", "No data"

    @property
    def tag(self) -> str:
        """The GOV.UK tag colour that says it at a glance."""
        return {"on_target": "green", "within_tolerance": "yellow", "off_target": "red"}.get(self.value, "grey")


def status_against(value: Decimal | None, target: Decimal | None, better: str, tolerance: Decimal | None = None):
    """On target when the figure meets or beats the target in the better
    direction; within tolerance when it falls short by no more than the
    indicator's tolerance; off target otherwise. No data without a figure;
    no target set without a target."""
    if value is None:
        return IndicatorStatus.NO_DATA
    if target is None:
        return IndicatorStatus.NO_TARGET
    ahead = value - target if better == "higher" else target - value
    if ahead >= 0:
        return IndicatorStatus.ON_TARGET
    if tolerance is not None and -ahead <= tolerance:
        return IndicatorStatus.WITHIN_TOLERANCE
    return IndicatorStatus.OFF_TARGET
