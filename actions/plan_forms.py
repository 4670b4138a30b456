"""The plan's details on its settings page: what the plan is called and
covers, whether it is public, and whether its updates need approval. Plain
labels, a hint each, errors that name the field."""

from django import forms

from core.forms import GovukDateField
from plans.models import Organisation, Plan
from plans.services import PLAN_DETAILS


class PlanDetailsForm(forms.ModelForm):
    title = forms.CharField(
        label="Title",
        max_length=300,
        widget=forms.TextInput(),
        error_messages={
            "required": "Enter the plan's title",
            "max_length": "The plan's title must be 300 characters or fewer",
        },
    )
    period = forms.CharField(
        label="Period",
        help_text='As the plan writes it. For example, "2024 to 2027" or "April 2012"',
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-20"}),
        error_messages={"max_length": "The period must be 100 characters or fewer"},
    )
    starts_on = GovukDateField(label="Date the plan starts", help_text="For example, 1 4 2024", required=False)
    ends_on = GovukDateField(
        label="Date the plan ends",
        help_text="Reporting rounds repeat up to this day. For example, 31 3 2027",
        required=False,
    )
    status = forms.ChoiceField(
        label="Plan status",
        choices=Plan.Status.choices,
        widget=forms.RadioSelect,
        help_text="A draft plan is still being set up; a closed plan is finished and kept for the record",
        error_messages={"required": "Choose the plan's status"},
    )
    partnership = forms.ModelChoiceField(
        label="Partnership",
        queryset=Organisation.objects.filter(kind=Organisation.Kind.PARTNERSHIP),
        required=False,
        empty_label="No partnership",
        help_text="The partnership that oversees the plan. Officers of its member organisations read the plan",
        error_messages={"invalid_choice": "Choose a partnership from the list"},
    )
    is_public = forms.BooleanField(
        label="Published: anyone may read this plan without signing in",
        required=False,
        help_text="Public pages show the plan, its actions and only their approved updates (every update, "
        "when updates need no approval); never internal notes or people's names",
    )
    approval_required = forms.BooleanField(
        label="Updates need approval",
        required=False,
        help_text="An officer's update is shown on dashboards, reports and public pages once a lead officer "
        "of an owning organisation or an admin approves it. Nobody approves their own update",
    )
    accessibility_contact = forms.CharField(
        label="Accessibility contact",
        help_text="How to report a problem with the accessibility of the plan's public pages: an email address "
        "or telephone number. Shown on its accessibility statement",
        required=False,
        max_length=300,
        widget=forms.TextInput(),
        error_messages={"max_length": "The accessibility contact must be 300 characters or fewer"},
    )

    class Meta:
        model = Plan
        fields = list(PLAN_DETAILS)  # what plans.services.plan_details_save accepts
