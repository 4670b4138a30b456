"""Entering an indicator's figures and targets: plain text boxes, read as
people type ("12.5%", "1,234", "March 2025", "2024/25"); every mistake named
on its field, and nothing written until the whole form is right."""

from django import forms
from django.utils import timezone

from core.forms import GovukDateField

from .models import Observation
from .numbers import FigureError, read_figure
from .periods import PeriodError, period_label, read_period
from .services import Part

PART_ROWS = 5  # blank breakdown rows on the form: enough for a few wards or age groups
TARGET_ROWS = 5  # blank rows for new targets, below the ones already set

PERIOD_HINTS = {
    "monthly": 'For example "March 2025" or "31/03/2025"',
    "quarterly": 'For example "Q1 2025" (January to March) or "31/03/2025", the day the quarter ends',
    "yearly": 'For example "2024/25" (April to March) or "31/03/2025", the day the year ends',
    "academic_year": 'For example "2024/25" (September to August) or "31/08/2025", the day the year ends',
}


def text(label: str, *, required: bool = False, width: int = 10, hint: str = "", **attrs) -> forms.CharField:
    return forms.CharField(
        label=label, required=required, help_text=hint, max_length=300,
        widget=forms.TextInput({"class": f"govuk-input--width-{width}", "spellcheck": "false", **attrs}),
    )  # fmt: skip


class PeriodField(forms.CharField):
    """A period typed as text, read for the indicator's frequency into the day it ends."""

    def __init__(self, frequency: str, **kwargs):
        self.frequency = frequency
        kwargs.setdefault("help_text", PERIOD_HINTS.get(frequency, ""))
        kwargs.setdefault("widget", forms.TextInput({"class": "govuk-input--width-10", "spellcheck": "false"}))
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        try:
            return read_period(value, self.frequency)
        except PeriodError as error:
            raise forms.ValidationError(str(error), code="period") from None


class FigureField(forms.CharField):
    """A figure typed as text, read forgivingly for the indicator's unit."""

    def __init__(self, unit: str, **kwargs):
        self.unit = unit
        kwargs.setdefault("widget", forms.TextInput({"class": "govuk-input--width-10", "spellcheck": "false"}))
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        try:
            return read_figure(value, self.unit)
        except FigureError as error:
            raise forms.ValidationError(f"{self.label}: {error}", code="figure") from None


class ObservationForm(forms.Form):
    """A figure for one period. A period that already has one needs a reason: it is a restatement."""

    def __init__(self, *args, indicator, **kwargs):
        super().__init__(*args, **kwargs)
        self.indicator = indicator
        unit = indicator.unit
        figure_hint = {
            "percentage": 'A percentage, like "12.5%" or "12.5"',
            "money": 'An amount in pounds, like "£1,200" or "1200.50"',
            "yes_no": '"Yes" or "No"',
            "rate_1000": 'A rate per 1,000, like "4.2"',
        }.get(unit, 'A number, like "1,234"')
        self.fields["period"] = PeriodField(indicator.frequency, label="Period", error_messages={
            "required": "Enter the period the figure is for"})  # fmt: skip
        self.fields["value"] = FigureField(unit, label="Figure", help_text=figure_hint, error_messages={
            "required": "Enter the figure"})  # fmt: skip
        self.fields["numerator"] = FigureField("number", label="Numerator", required=False,
                                               help_text="What the figure counts, where it is a proportion")  # fmt: skip
        self.fields["denominator"] = FigureField("number", label="Denominator", required=False,
                                                 help_text="What the figure is out of")  # fmt: skip
        self.fields["reported_on"] = GovukDateField(
            label="Reported on", initial=timezone.localdate(), not_in_future=True,
            help_text="The day the figure was published or reported, for example 27 3 2025",
        )  # fmt: skip
        self.fields["source"] = text("Source", width=30, hint="Where the figure comes from, e.g. a statistics release")
        self.fields["note"] = forms.CharField(
            label="Note", required=False, widget=forms.Textarea({"rows": 3}), help_text="Anything a reader should know"
        )
        self.fields["reason"] = forms.CharField(
            label="Reason for the correction", required=False, widget=forms.Textarea({"rows": 3}),
            help_text="Needed when the period already has a figure: why it is being corrected",
        )  # fmt: skip
        for row in range(1, PART_ROWS + 1):
            self.fields[f"part_{row}_dimension"] = text(f"Breakdown {row}: by", width=10, hint="")
            self.fields[f"part_{row}_category"] = text(f"Breakdown {row}: part", width=20)
            self.fields[f"part_{row}_value"] = FigureField(unit, label=f"Breakdown {row}: figure", required=False)

    @property
    def main_fields(self):
        return [self[name] for name in ("period", "value", "numerator", "denominator", "reported_on", "source", "note")]

    @property
    def part_rows(self):
        return [
            (row, self[f"part_{row}_dimension"], self[f"part_{row}_category"], self[f"part_{row}_value"])
            for row in range(1, PART_ROWS + 1)
        ]

    @property
    def breakdown_used(self) -> bool:
        return any(
            self.data.get(self.add_prefix(f"part_{row}_{what}"))
            for row in range(1, PART_ROWS + 1)
            for what in ("dimension", "category", "value")
        )

    def clean(self):
        cleaned = super().clean()
        period = cleaned.get("period")
        earlier = Observation.objects.filter(indicator=self.indicator, period_end=period)
        if period and not cleaned.get("reason", "").strip() and earlier.exists():
            self.add_error("reason", "This period already has a figure: give the reason it is being corrected")
        cleaned["parts"] = self.clean_parts(cleaned)
        return cleaned

    def clean_parts(self, cleaned) -> list[Part]:
        parts = []
        for row in range(1, PART_ROWS + 1):
            names = [f"part_{row}_{what}" for what in ("dimension", "category", "value")]
            if any(name in self.errors for name in names):
                continue
            dimension, category, value = (cleaned.get(name) for name in names)
            dimension, category = (dimension or "").strip(), (category or "").strip()
            if not (dimension or category or value is not None):
                continue
            if not dimension:
                self.add_error(names[0], f"Breakdown {row}: enter what the figure is broken down by, like ward")
            elif not category:
                self.add_error(names[1], f"Breakdown {row}: enter the part, like the ward's name")
            elif value is None:
                self.add_error(names[2], f"Breakdown {row}: enter the part's figure")
            else:
                parts.append(Part(dimension, category, value))
        return parts


class TargetsForm(forms.Form):
    """The indicator's targets by period: each one set (an empty figure takes it away),
    and a few blank rows to add more."""

    def __init__(self, *args, indicator, targets, **kwargs):
        super().__init__(*args, **kwargs)
        self.indicator = indicator
        self.rows = []
        for index, target in enumerate(targets, start=1):
            label = period_label(indicator.frequency, target.period_end)
            self.fields[f"target_{index}_period"] = forms.DateField(widget=forms.HiddenInput, initial=target.period_end)
            self.fields[f"target_{index}_value"] = FigureField(
                indicator.unit, label=f"Target for {label}", required=False, initial=_shown(target.value)
            )
            self.rows.append((label, None, self[f"target_{index}_value"]))
        self.existing = len(targets)
        for row in range(1, TARGET_ROWS + 1):
            index = self.existing + row
            self.fields[f"target_{index}_period"] = PeriodField(
                indicator.frequency, label=f"New target {row}: period", required=False,
                **({} if row == 1 else {"help_text": ""}),  # the examples once, not five times
            )  # fmt: skip
            self.fields[f"target_{index}_value"] = FigureField(
                indicator.unit, label=f"New target {row}: target", required=False
            )
            self.rows.append((f"New target {row}", self[f"target_{index}_period"], self[f"target_{index}_value"]))

    @property
    def existing_rows(self):
        return self.rows[: self.existing]

    @property
    def new_rows(self):
        return self.rows[self.existing :]

    def clean(self):
        cleaned = super().clean()
        changes, seen = {}, {}
        for index in range(1, len(self.rows) + 1):
            period_name, value_name = f"target_{index}_period", f"target_{index}_value"
            if period_name in self.errors or value_name in self.errors:
                continue
            period, value = cleaned.get(period_name), cleaned.get(value_name)
            new = index > self.existing
            if new and period is None and value is None:
                continue
            if new and period is None:
                self.add_error(period_name, f"New target {index - self.existing}: enter the period")
                continue
            if new and value is None:
                self.add_error(value_name, f"New target {index - self.existing}: enter the target")
                continue
            if period in seen and seen[period] != index:
                self.add_error(period_name if new else value_name, "This period's target is given twice")
                continue
            seen[period] = index
            changes[period] = value
        cleaned["changes"] = changes
        return cleaned


def _shown(value) -> str:
    return f"{value.normalize():f}"
