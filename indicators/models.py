"""An indicator's figures: targets by period, and observations by period,
each kept as reported. Correcting a published figure adds a restatement
rather than overwriting it, so a board report can show what was known on
any day ("as reported on 3 March") beside the current best figure."""

from django.conf import settings
from django.db import models

from actions.models import Indicator

FIGURE = {"max_digits": 14, "decimal_places": 4}


class Target(models.Model):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="targets")
    period_end = models.DateField("period ending")
    value = models.DecimalField("target", **FIGURE)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    set_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["indicator", "period_end"]
        constraints = [models.UniqueConstraint(fields=["indicator", "period_end"], name="one_target_per_period")]

    def __str__(self) -> str:
        return f"{self.indicator} target for the period ending {self.period_end}: {self.value}"


class Observation(models.Model):
    """A figure for one period as reported on a day. The figure for a period
    is its latest report; earlier ones are what was known before."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="observations")
    period_end = models.DateField("period ending")
    value = models.DecimalField(**FIGURE)
    numerator = models.DecimalField(null=True, blank=True, **FIGURE)
    denominator = models.DecimalField(null=True, blank=True, **FIGURE)
    reported_on = models.DateField(help_text="The day the figure was published or reported.")
    source = models.CharField(max_length=300, blank=True)
    note = models.TextField(blank=True)
    reason = models.TextField(blank=True, help_text="Why an earlier figure for the period was corrected.")
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    entered_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["indicator", "period_end", "reported_on", "entered_at", "pk"]
        indexes = [models.Index(fields=["indicator", "period_end", "reported_on"], name="observation_period_reported")]

    def __str__(self) -> str:
        return f"{self.indicator} for the period ending {self.period_end}: {self.value} (reported {self.reported_on})"


class ObservationPart(models.Model):
    """One part of an observation's breakdown: a ward, an age group."""

    observation = models.ForeignKey(Observation, on_delete=models.CASCADE, related_name="parts")
    dimension = models.CharField(max_length=60, help_text='What the figure is broken down by, e.g. "ward".')
    category = models.CharField(max_length=120)
    value = models.DecimalField(**FIGURE)

    class Meta:
        ordering = ["observation", "dimension", "pk"]

    def __str__(self) -> str:
        return f"{self.dimension} {self.category}: {self.value}"
