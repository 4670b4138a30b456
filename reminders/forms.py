import datetime

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone

from core.forms import GovukDateField
from plans.models import membership_of

from . import digests
from .links import KINDS
from .models import ReminderSettings, SentReminder


def kind_label(kind: str) -> str:
    """What each email is called on the settings and unsubscribe pages."""
    return {
        SentReminder.Kind.DIGEST: "A daily email of your organisation's actions with updates due soon, due today or late",
        SentReminder.Kind.ESCALATION: (
            f"Your organisation's actions more than {settings.ESCALATE_AFTER_DAYS} days late (for lead officers)"
        ),
        SentReminder.Kind.CHAIR_SUMMARY: "A weekly summary of your partnership's plans (for partnership chairs)",
    }[kind]


def kinds_for(user) -> list[str]:
    """The emails that apply to this person's role: reminders.digests decides, for sending too."""
    return digests.kinds_for(membership_of(user))


class ReminderSettingsForm(forms.Form):
    emails = forms.MultipleChoiceField(
        label="Which emails do you want?",
        help_text="Select all that apply. Emails go out on working days only.",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    due_within_days = forms.IntegerField(
        label="Remind me of updates due within",
        help_text="A number of days, from 1 to 60",
        min_value=1,
        max_value=60,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-3"}),
        error_messages={
            "required": "Enter how many days before an update is due to remind you",
            "invalid": "Days must be a whole number, like 14",
            "min_value": "Days must be 1 or more",
            "max_value": "Days must be 60 or fewer",
        },
    )
    paused_until = GovukDateField(
        label="Pause all reminder emails until",
        help_text="For example, while you are on leave: 24 12 2026. No emails up to and including this day.",
        required=False,
    )

    def __init__(self, *args, user, **kwargs):
        self.user = user
        self.choices = _settings_of(user)
        self.kinds = kinds_for(user)
        kwargs["initial"] = {
            "emails": [kind for kind in self.kinds if getattr(self.choices, kind)],
            "due_within_days": self.choices.due_within_days,
            # A pause that has ended is not shown, so that saving does not trip over it.
            "paused_until": self.choices.paused_until if self._is_current(self.choices.paused_until) else None,
        }
        super().__init__(*args, **kwargs)
        self.fields["emails"].choices = [(kind, kind_label(kind)) for kind in self.kinds]
        if SentReminder.Kind.DIGEST not in self.kinds:
            del self.fields["due_within_days"]

    @staticmethod
    def _is_current(day: datetime.date | None) -> bool:
        return day is not None and day >= timezone.localdate()

    def clean_paused_until(self):
        day = self.cleaned_data["paused_until"]
        if day is not None and not self._is_current(day):
            raise forms.ValidationError("Pause all reminder emails until must be today or a later date")
        return day

    def save(self) -> ReminderSettings:
        """Save the choices shown; those that do not apply to the role keep their values."""
        choices = self.choices
        for kind in self.kinds:
            setattr(choices, kind, kind in self.cleaned_data["emails"])
        if "due_within_days" in self.fields:
            choices.due_within_days = self.cleaned_data["due_within_days"]
        choices.paused_until = self.cleaned_data["paused_until"]
        choices.full_clean()
        choices.save()
        return choices


def _settings_of(user) -> ReminderSettings:
    # Fetched afresh rather than through user.reminder_settings, which may be cached unsaved.
    return ReminderSettings.objects.filter(user=user).first() or ReminderSettings(user=user)


class PreviewForm(forms.Form):
    """Whose email, of which kind, an admin wants to see."""

    person = forms.ModelChoiceField(
        label="Person",
        queryset=get_user_model().objects.filter(is_active=True).order_by("username"),
        error_messages={"required": "Select a person", "invalid_choice": "Select a person from the list"},
    )
    kind = forms.ChoiceField(
        label="Email",
        choices=[(kind, SentReminder.Kind(kind).label) for kind in KINDS],
        widget=forms.RadioSelect,
        error_messages={"required": "Select which email", "invalid_choice": "Select which email"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].label_from_instance = _person_label


def _person_label(user) -> str:
    name = user.get_full_name() or user.username
    return f"{name} ({user.email})" if user.email else f"{name} (no email address)"
