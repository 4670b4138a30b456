from django.contrib import admin
from django.db import models
from simple_history.admin import SimpleHistoryAdmin

from progress.models import ProgressUpdate

from .models import Action, Indicator


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["__str__", "framework", "code", "name"]
    list_filter = ["framework"]
    search_fields = ["code", "name"]


class ProgressUpdateInline(admin.StackedInline):
    # A link typed without a scheme means https (Django 6's default, taken now).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    model = ProgressUpdate
    fields = ["date_of_update", "status", "narrative", "percent_complete", "evidence_url", "author"]
    extra = 0
    autocomplete_fields = ["author"]


@admin.register(Action)
class ActionAdmin(SimpleHistoryAdmin):
    list_display = ["reference", "short_text", "plan", "theme", "owners", "timescale", "due_date", "review_cadence"]
    list_display_links = ["reference", "short_text"]
    list_filter = ["plan", "review_cadence", "recommendation_accepted", "owner_organisations"]
    search_fields = ["reference", "text", "owners", "timescale", "outcomes", "measures", "monitoring", "links"]
    list_select_related = ["plan", "theme"]
    autocomplete_fields = ["theme", "owner_organisations", "indicators", "continues"]
    date_hierarchy = "due_date"
    inlines = [ProgressUpdateInline]
    fieldsets = [
        (None, {"fields": ["plan", "theme", "position", "reference", "text"]}),
        ("What it achieves", {"fields": ["outcomes", "measures", "links", "indicators"]}),
        ("Who and when", {"fields": ["owners", "owner_organisations", "timescale", "due_date", "review_cadence", "monitoring"]}),
        ("Response to a recommendation", {"fields": ["recommendation_accepted", "initial_response"], "classes": ["collapse"]}),
        ("Links and notes", {"fields": ["continues", "transcription_note"]}),
    ]  # fmt: skip

    @admin.display(description="action", ordering="text")
    def short_text(self, action):
        return action.text if len(action.text) <= 90 else action.text[:89] + "…"
