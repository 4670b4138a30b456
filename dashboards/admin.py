from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import BoardCommentary


@admin.register(BoardCommentary)
class BoardCommentaryAdmin(SimpleHistoryAdmin):
    list_display = ["plan", "board_on", "written_by", "updated_at"]
    list_filter = ["plan"]
    date_hierarchy = "board_on"
    list_select_related = ["plan", "written_by"]
    raw_id_fields = ["written_by"]
