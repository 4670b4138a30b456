from django.contrib import admin
from django.db import models
from simple_history.admin import SimpleHistoryAdmin

from .models import ProgressUpdate


@admin.register(ProgressUpdate)
class ProgressUpdateAdmin(SimpleHistoryAdmin):
    # A link typed without a scheme means https (Django 6's default, taken now).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ["action", "date_of_update", "status", "author", "from_source_plan", "created_at"]
    list_filter = ["status", "from_source_plan", "action__plan"]
    search_fields = ["narrative", "action__reference", "action__text"]
    list_select_related = ["action", "author"]
    autocomplete_fields = ["action", "author"]
    date_hierarchy = "date_of_update"
