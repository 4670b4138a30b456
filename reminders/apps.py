from django.apps import AppConfig


class RemindersConfig(AppConfig):
    """Reporting reminders by email: daily digests to officers, escalations
    to lead officers, a weekly summary to chairs, and each person's choices."""

    name = "reminders"
    verbose_name = "Reminders"
