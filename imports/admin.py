from django.contrib import admin

from .models import ColumnMapping, ImportRecord


@admin.register(ImportRecord)
class ImportRecordAdmin(admin.ModelAdmin):
    """Import records are written by imports, not by hand."""

    list_display = ["file_name", "plan", "status", "created_by", "created_at", "checksum"]
    list_filter = ["status", "plan"]
    search_fields = ["file_name", "checksum", "created_by__username"]
    list_select_related = ["plan", "created_by"]
    exclude = ["content"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ColumnMapping)
class ColumnMappingAdmin(admin.ModelAdmin):
    list_display = ["organisation", "saved_by", "saved_at"]
    list_select_related = ["organisation", "saved_by"]
