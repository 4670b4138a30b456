"""Each person's reminder choices, and the log of every reminder sent.

The log is what makes "never twice" hold: a run claims each occasion by
inserting its row before sending, and the database refuses a second row for
the same occasion, so two runs at once (two machines) send each email once.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

from actions.models import Action


class ReminderSettings(models.Model):
    """What reminders one person wants. Created the first time they save it;
    until then `settings_for` gives the defaults."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminder_settings")
    digest = models.BooleanField(
        "Daily reminders of my organisation's actions due and late, and of updates awaiting my approval",
        default=True,
    )
    escalation = models.BooleanField("Late actions of my organisation (lead officers)", default=True)
    chair_summary = models.BooleanField("Weekly summary (partnership chairs)", default=True)
    due_within_days = models.PositiveSmallIntegerField(
        "Remind me of updates due within (days)",
        default=14,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
    )
    paused_until = models.DateField(
        "No emails until (for leave)", null=True, blank=True, help_text="No reminders up to and including this day."
    )

    class Meta:
        verbose_name = "reminder settings"
        verbose_name_plural = "reminder settings"

    def __str__(self) -> str:
        return f"Reminder settings of {self.user}"

    def wants(self, kind: str) -> bool:
        """Whether this person chose to receive reminders of this kind."""
        return {
            SentReminder.Kind.DIGEST: self.digest,
            SentReminder.Kind.ESCALATION: self.escalation,
            SentReminder.Kind.CHAIR_SUMMARY: self.chair_summary,
        }.get(kind, True)

    def is_paused_on(self, day) -> bool:
        return self.paused_until is not None and self.paused_until >= day


def settings_for(user) -> ReminderSettings:
    """The person's saved reminder settings, or the defaults (unsaved)."""
    try:
        return user.reminder_settings
    except ReminderSettings.DoesNotExist:
        return ReminderSettings(user=user)


class SentReminder(models.Model):
    """One occasion a person was reminded of: an action in a digest (one row
    per action), the day's email itself, or a weekly summary."""

    class Kind(models.TextChoices):
        DIGEST = "digest", "Daily digest"
        ESCALATION = "escalation", "Escalation to lead officers"
        CHAIR_SUMMARY = "chair_summary", "Weekly summary for chairs"
        TEST = "test", "Test email"

    class Rule(models.TextChoices):
        DUE_SOON = "due_soon", "Update due soon"
        DUE_TODAY = "due_today", "Update due today"
        LATE = "late", "Update late"
        LATE_ESCALATED = "late_escalated", "Update late, escalated"
        APPROVAL = "approval", "Update awaiting approval"
        SUMMARY = "summary", "Weekly summary"
        DAILY = "daily", "The day's email"
        TEST = "test", "Test email"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sent_reminders")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    rule = models.CharField(max_length=20, choices=Rule.choices)
    action = models.ForeignKey(Action, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    # What the occasion is about, never NULL so that the unique constraint
    # holds on every database: "action:<id>" for an action, "" otherwise.
    subject = models.CharField(max_length=40, blank=True, default="")
    # What makes the occasion unique for that subject: the due date and the
    # rule's step ("2027-03-15:late:7"), the day ("2027-03-15") or the ISO week ("2027-W10").
    key = models.CharField(max_length=60)
    email = models.EmailField("sent to")
    sent_at = models.DateTimeField(auto_now_add=True)
    # The working day the run was for (the day given to `send_reminders
    # --date`, or today): a run reads back only the log of recent days.
    sent_on = models.DateField("for the day", default=timezone.localdate)

    class Meta:
        ordering = ["-sent_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["user", "kind", "rule", "key", "subject"], name="reminder_sent_once"),
        ]
        indexes = [models.Index(fields=["user", "kind", "sent_at"]), models.Index(fields=["sent_on"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} to {self.email}: {self.get_rule_display()} {self.key}"


def action_subject(action_id: int) -> str:
    return f"action:{action_id}"
