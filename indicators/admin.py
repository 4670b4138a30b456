"""Targets and observations in the Django admin. Observations are kept as
reported: a correction is a new observation (on the indicator's page), so
here they are read, not changed."""

from django.contrib import admin

from .models import Observation, ObservationPart, Target


@admin.register(Target)
class TargetAdmin(admin.ModelAdmin):
    list_display = ["indicator", "period_end", "value", "set_by", "set_at"]
    list_filter = ["indicator__framework"]
    list_select_related = ["indicator", "set_by"]
    raw_id_fields = ["set_by"]
    readonly_fields = ["set_at"]


class ObservationPartInline(admin.TabularInline):
    model = ObservationPart
    extra = 0
    can_delete = False
    readonly_fields = ["dimension", "category", "value"]

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Observation)
class ObservationAdmin(admin.ModelAdmin):
    list_display = ["indicator", "period_end", "value", "reported_on", "entered_by", "entered_at"]
    list_filter = ["indicator__framework", "reported_on"]
    list_select_related = ["indicator", "entered_by"]
    date_hierarchy = "reported_on"
    inlines = [ObservationPartInline]

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in self.model._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False  # through the indicator's page, which checks the figure and asks for a reason

    def has_change_permission(self, request, obj=None) -> bool:
        return False
