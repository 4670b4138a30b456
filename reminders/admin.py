from django.contrib import admin

from .models import ReminderSettings, SentReminder


@admin.register(ReminderSettings)
class ReminderSettingsAdmin(admin.ModelAdmin):
    list_display = ["user", "digest", "escalation", "chair_summary", "due_within_days", "paused_until"]
    list_filter = ["digest", "escalation", "chair_summary"]
    search_fields = ["user__username", "user__email"]
    raw_id_fields = ["user"]


@admin.register(SentReminder)
class SentReminderAdmin(admin.ModelAdmin):
    """The log is read-only: it is what stops an email going twice, so a row
    changed or added by hand would send one twice or never."""

    list_display = ["sent_at", "email", "kind", "rule", "action", "key"]
    list_filter = ["kind", "rule"]
    search_fields = ["email", "user__username", "key"]
    date_hierarchy = "sent_at"
    list_select_related = ["action"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
