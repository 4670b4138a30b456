from django.contrib import admin
from django.db.models import Count
from django.utils import timezone
from simple_history.admin import SimpleHistoryAdmin

from .locks import share_for_writing
from .models import Membership, Organisation, OrganisationAlias, Plan, ReportingPattern, ReportingRound, Theme
from .services import reporting_pattern_save, reporting_round_save


class WaitsForImports:
    """For the admin pages of a plan's themes and actions: each write waits
    for an import or undo of its plan under way, as the product's own pages
    do (plans/locks.py); the plan it is moved from too."""

    def save_model(self, request, obj, form, change):
        share_for_writing({obj.plan_id, form.initial.get("plan")} - {None})
        super().save_model(request, obj, form, change)

    def delete_model(self, request, obj):
        share_for_writing([obj.plan_id])
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        share_for_writing(queryset.values_list("plan_id", flat=True))
        super().delete_queryset(request, queryset)


class OrganisationAliasInline(admin.TabularInline):
    model = OrganisationAlias
    fk_name = "organisation"
    fields = ["alias", "used_by"]
    autocomplete_fields = ["used_by"]
    extra = 0


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "kind", "plan_count", "action_count"]
    list_filter = ["kind", "partnerships"]
    search_fields = ["name", "short_name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["partnerships"]
    inlines = [OrganisationAliasInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(plan_count=Count("plans", distinct=True), action_count=Count("owned_actions", distinct=True))
        )

    @admin.display(description="plans", ordering="plan_count")
    def plan_count(self, organisation):
        return organisation.plan_count

    @admin.display(description="actions owned", ordering="action_count")
    def action_count(self, organisation):
        return organisation.action_count


class ThemeInline(admin.TabularInline):
    model = Theme
    fields = ["position", "reference", "kind", "title", "parent"]
    extra = 0
    show_change_link = True

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # Offer only this plan's themes as parents, not every theme of every plan.
        if db_field.name == "parent" and request.resolver_match and "object_id" in request.resolver_match.kwargs:
            kwargs["queryset"] = Theme.objects.filter(plan_id=request.resolver_match.kwargs["object_id"])
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Plan)
class PlanAdmin(SimpleHistoryAdmin):
    list_display = [
        "title",
        "organisation",
        "partnership",
        "period",
        "status",
        "is_public",
        "theme_count",
        "action_count",
    ]
    list_filter = ["status", "is_public", "organisation", "partnership"]
    search_fields = ["title", "organisation__name", "notes", "source"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [ThemeInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("organisation", "partnership")
            .annotate(theme_count=Count("themes", distinct=True), action_count=Count("actions", distinct=True))
        )

    @admin.display(description="themes", ordering="theme_count")
    def theme_count(self, plan):
        return plan.theme_count

    @admin.display(description="actions", ordering="action_count")
    def action_count(self, plan):
        return plan.action_count


@admin.register(Theme)
class ThemeAdmin(WaitsForImports, SimpleHistoryAdmin):
    list_display = ["__str__", "plan", "kind", "parent", "position"]
    list_filter = ["plan", "kind"]
    search_fields = ["title", "reference", "transcription_note"]
    list_select_related = ["plan", "parent"]
    autocomplete_fields = ["parent"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "organisation"]
    list_filter = ["role", "organisation"]
    search_fields = ["user__username", "user__email", "organisation__name"]
    list_select_related = ["user", "organisation"]
    autocomplete_fields = ["user", "organisation"]


# Reporting rounds are set on each plan's settings page in the product; these
# save through the same services, so the rules are the same here.
@admin.register(ReportingRound)
class ReportingRoundAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "plan", "opens_on", "updates_due_on", "board_on", "from_pattern"]
    list_filter = ["plan", "from_pattern"]
    list_select_related = ["plan"]
    date_hierarchy = "updates_due_on"

    def save_model(self, request, obj, form, change):
        reporting_round_save(reporting_round=obj, plan=obj.plan)


@admin.register(ReportingPattern)
class ReportingPatternAdmin(SimpleHistoryAdmin):
    list_display = ["plan", "every_months", "first_board_on", "due_day", "opens_weeks_before"]
    list_select_related = ["plan"]

    def save_model(self, request, obj, form, change):
        reporting_pattern_save(plan=obj.plan, pattern=obj, today=timezone.localdate())
