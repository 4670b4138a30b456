from django import forms

from core.forms import GovukDateField
from plans.models import Organisation

from .models import Action, ReviewCadence


class ActionForm(forms.ModelForm):
    """An action's own fields, for admins and lead officers of its owners."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    due_date = GovukDateField(label="Due date", help_text="For example, 31 3 2027", required=False)
    review_cadence = forms.TypedChoiceField(
        label="How often is progress reviewed?",
        choices=[("", "Not set"), *ReviewCadence.choices],
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect(attrs={"class": "govuk-radios--small"}),
    )
    owner_organisations = forms.ModelMultipleChoiceField(
        label="Organisations that own this action",
        help_text="Their officers can post progress updates on it.",
        queryset=Organisation.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "govuk-checkboxes--small"}),
    )

    class Meta:
        model = Action
        fields = [
            "reference", "text", "outcomes", "measures", "owners", "owner_organisations",
            "timescale", "due_date", "review_cadence", "monitoring", "links",
        ]  # fmt: skip
        labels = {
            "reference": "Reference",
            "text": "Action",
            "outcomes": "Outputs or outcomes",
            "measures": "Measures of success",
            "owners": "Owners or leads, as the plan writes them",
            "timescale": "Timescale, as the plan writes it",
            "monitoring": "Monitoring",
            "links": "Links to plans and targets",
        }
        help_texts = {"reference": "", "owners": "", "timescale": ""}
        widgets = {
            "reference": forms.TextInput(attrs={"class": "govuk-input--width-10"}),
            **{name: forms.Textarea(attrs={"rows": 3}) for name in ["outcomes", "measures", "owners", "timescale", "monitoring", "links"]},
            "text": forms.Textarea(attrs={"rows": 5}),
        }  # fmt: skip
        error_messages = {"text": {"required": "Enter the action"}}

    def __init__(self, *args, can_change_owners: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = self.instance.version
        # Which organisations own an action decides who may update it: that is
        # set up by admins, not changed by the owners themselves.
        if not can_change_owners:
            del self.fields["owner_organisations"]
