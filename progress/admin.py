from django.contrib import admin
from django.db import models
from simple_history.admin import SimpleHistoryAdmin

from actions.admin import ActionAdmin
from actions.models import Action

from .models import ProgressUpdate
from .services import progress_update_save, progress_updates_delete

# A link typed without a scheme means https (Django 6's default, taken now).
URL_FIELDS = {models.URLField: {"assume_scheme": "https"}}


@admin.register(ProgressUpdate)
class ProgressUpdateAdmin(SimpleHistoryAdmin):
    """Corrections to updates. Every write goes through progress.services, so
    that the actions' stored latest status follows; an update stays with the
    action it was posted on."""

    formfield_overrides = URL_FIELDS
    list_display = ["action", "date_of_update", "status", "state", "author", "from_source_plan", "created_at"]
    list_filter = ["status", "state", "from_source_plan", "action__plan"]
    search_fields = ["narrative", "action__reference", "action__text"]
    list_select_related = ["action", "author"]
    autocomplete_fields = ["action", "author"]
    date_hierarchy = "date_of_update"

    def get_readonly_fields(self, request, obj=None):
        # Approval, return and withdrawal go through their own pages (and services).
        review = ["state", "reviewed_by", "reviewed_at", "review_note"]
        return ["action", *review] if obj is not None else review

    def save_model(self, request, obj, form, change):
        progress_update_save(update=obj, user=request.user)

    def delete_model(self, request, obj):
        progress_updates_delete(updates=[obj], user=request.user)

    def delete_queryset(self, request, queryset):
        progress_updates_delete(updates=list(queryset), user=request.user)


class ProgressUpdateInline(admin.StackedInline):
    formfield_overrides = URL_FIELDS
    model = ProgressUpdate
    fields = ["date_of_update", "status", "narrative", "percent_complete", "evidence_url", "author"]
    extra = 0
    autocomplete_fields = ["author"]


# The action's page in the admin, with its updates: registered here because
# updates sit above actions (actions/admin.py knows nothing of them).
admin.site.unregister(Action)


@admin.register(Action)
class ActionWithProgressAdmin(ActionAdmin):
    inlines = [ProgressUpdateInline]

    def save_formset(self, request, form, formset, change):
        if formset.model is not ProgressUpdate:
            return super().save_formset(request, form, formset, change)
        updates = formset.save(commit=False)
        progress_updates_delete(updates=formset.deleted_objects, user=request.user)
        for update in updates:
            progress_update_save(update=update, user=request.user)
        formset.save_m2m()
