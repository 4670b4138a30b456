"""The admin's way to unlock sign-in before the cool-off ends: django-axes
lists the failed sign-ins as "Access attempts"; deleting them unlocks, and the
Unlock action does that in one step."""

from axes.admin import AccessAttemptAdmin
from axes.models import AccessAttempt
from django.contrib import admin

if admin.site.is_registered(AccessAttempt):  # unless AXES_ENABLE_ADMIN is off
    admin.site.unregister(AccessAttempt)

    @admin.register(AccessAttempt)
    class UnlockableAccessAttemptAdmin(AccessAttemptAdmin):
        actions = ["unlock", *AccessAttemptAdmin.actions]

        @admin.action(description="Unlock: let them sign in again now", permissions=["delete"])
        def unlock(self, request, queryset):
            self.log_deletions(request, queryset)
            _, deleted = queryset.delete()
            count = deleted.get(AccessAttempt._meta.label, 0)
            self.message_user(
                request, f"Deleted {count} access attempt{'s' if count != 1 else ''}: sign-in is unlocked for them."
            )
