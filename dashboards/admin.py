from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import BoardCommentary, BoardWorkbook


@admin.register(BoardCommentary)
class BoardCommentaryAdmin(SimpleHistoryAdmin):
    list_display = ["plan", "board_on", "written_by", "updated_at"]
    list_filter = ["plan"]
    date_hierarchy = "board_on"
    list_select_related = ["plan", "written_by"]
    raw_id_fields = ["written_by"]


@admin.register(BoardWorkbook)
class BoardWorkbookAdmin(admin.ModelAdmin):
    """Workbooks built by the job, to see who asked for what and why one was
    not built, and to remove one. Made only by asking for one on a dashboard."""

    list_display = ["title", "as_of", "requested_by", "requested_at", "status", "finished_at"]
    list_filter = ["status"]
    search_fields = ["title", "requested_by__username"]
    list_select_related = ["requested_by"]
    fields = ["title", "plan", "as_of", "since", "stale_days", "requested_by", "requested_at", "status", "message",
              "finished_at"]  # fmt: skip
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).defer("content")  # megabytes each, never shown here

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
