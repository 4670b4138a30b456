from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from plans.admin import WaitsForImports

from .models import Action, Indicator


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["__str__", "framework", "code", "name"]
    list_filter = ["framework"]
    search_fields = ["code", "name"]


@admin.register(Action)
class ActionAdmin(WaitsForImports, SimpleHistoryAdmin):
    list_display = ["reference", "short_text", "plan", "theme", "owners", "timescale", "due_date", "review_cadence"]
    list_display_links = ["reference", "short_text"]
    list_filter = ["plan", "review_cadence", "recommendation_accepted", "owner_organisations"]
    search_fields = ["reference", "text", "owners", "timescale", "outcomes", "measures", "monitoring", "links"]
    list_select_related = ["plan", "theme"]
    autocomplete_fields = ["theme", "owner_organisations", "indicators", "continues"]
    date_hierarchy = "due_date"
    # The progress app adds its updates as an inline (progress/admin.py).
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
