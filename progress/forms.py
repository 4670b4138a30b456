import datetime

from django import forms

from core.forms import GovukDateField

from .models import Status


class ProgressUpdateForm(forms.Form):
    status = forms.ChoiceField(
        label="How is the action going?",
        choices=Status.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select how the action is going"},
    )
    narrative = forms.CharField(
        label="What has happened since the last update?",
        help_text="Say what has been done, what is next, and anything that is holding it up.",
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"required": "Enter what has happened since the last update"},
    )
    date_of_update = GovukDateField(label="Date of the update", help_text="For example, 27 3 2026", not_in_future=True)
    percent_complete = forms.IntegerField(
        label="Percentage complete",
        help_text="A whole number from 0 to 100",
        required=False,
        min_value=0,
        max_value=100,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-3"}),
        error_messages={
            "invalid": "Percentage complete must be a whole number, like 40",
            "min_value": "Percentage complete must be 0 or more",
            "max_value": "Percentage complete must be 100 or less",
        },
    )
    evidence_url = forms.URLField(
        label="Link to evidence",
        help_text="For example, a report or minutes on your organisation's website",
        required=False,
        assume_scheme="https",
        max_length=500,
        error_messages={"invalid": "Enter the link in full, like https://www.example.org/report"},
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("date_of_update", datetime.date.today())
        super().__init__(*args, **kwargs)


class ReturnForm(forms.Form):
    note = forms.CharField(
        label="Why are you returning this update?",
        help_text="Its author sees this note and is emailed it. Say what to correct or add.",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Enter a note saying why the update is returned"},
    )
