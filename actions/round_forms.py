"""The forms of a plan's settings page: its repeating pattern of reporting
rounds, and one round at a time. Plain labels, a hint each, errors that name
the field; the dates typed as day, month and year."""

from django import forms

from core.forms import GovukDateField
from plans.models import ReportingPattern, ReportingRound


def _number_input() -> forms.TextInput:
    # GOV.UK asks for a text box with a numeric keypad, not <input type="number">.
    return forms.TextInput(attrs={"class": "govuk-input--width-2", "inputmode": "numeric", "autocomplete": "off"})


class ReportingPatternForm(forms.ModelForm):
    every_months = forms.TypedChoiceField(
        label="How often does the board meet?",
        choices=ReportingPattern.Every.choices,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how often the board meets"},
    )
    first_board_on = GovukDateField(
        label="Date of the first board meeting",
        help_text="Rounds repeat from this meeting on. For example, 2 4 2027",
    )
    due_day = forms.IntegerField(
        label="Updates are due on which day of the month before each meeting?",
        help_text="A number from 1 to 28. For example, 15: for a board on 2 April, updates are due on 15 March",
        widget=_number_input(),
        min_value=1,
        max_value=ReportingPattern.LAST_DUE_DAY,
        error_messages={
            "required": "Enter the day of the month updates are due",
            "invalid": "The day updates are due must be a number, like 15",
            "min_value": "The day updates are due must be a number from 1 to 28",
            "max_value": "The day updates are due must be a number from 1 to 28",
        },
    )
    opens_weeks_before = forms.IntegerField(
        label="How many weeks before updates are due does each round open?",
        help_text="A number from 0 to 12. An update dated on or after the day a round opens counts for that round",
        widget=_number_input(),
        min_value=0,
        max_value=ReportingPattern.MOST_WEEKS,
        error_messages={
            "required": "Enter how many weeks before updates are due each round opens",
            "invalid": "The weeks before updates are due must be a number, like 2",
            "min_value": "The weeks before updates are due must be a number from 0 to 12",
            "max_value": "The weeks before updates are due must be a number from 0 to 12",
        },
    )

    class Meta:
        model = ReportingPattern
        fields = ["every_months", "first_board_on", "due_day", "opens_weeks_before"]


class ReportingRoundForm(forms.ModelForm):
    name = forms.CharField(
        label="Name",
        help_text='For example, "Quarter 1 2027"',
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-20"}),
    )
    opens_on = GovukDateField(
        label="Date the round opens",
        help_text="An update dated on or after this day counts for the round. For example, 1 3 2027",
    )
    updates_due_on = GovukDateField(label="Date updates are due", help_text="For example, 15 3 2027")
    board_on = GovukDateField(
        label="Date the board meets",
        help_text="Leave empty if no board meets for this round. For example, 2 4 2027",
        required=False,
    )

    class Meta:
        model = ReportingRound
        fields = ["name", "opens_on", "updates_due_on", "board_on"]
