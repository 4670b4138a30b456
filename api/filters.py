"""The API's filters. Actions use the action list page's own FilterSet
(actions.filters.ActionFilter), so a filter means the same on the page and
here, with one difference: `updated_since` here is the sync filter, a
moment rather than a day (see ApiActionFilter)."""

import datetime

import django_filters
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django_filters.rest_framework import DjangoFilterBackend

from actions.filters import ActionFilter
from actions.models import Action, Indicator
from indicators.models import Observation
from plans.models import Plan, Theme
from progress.models import ProgressUpdate

from . import access


class ReaderFilterBackend(DjangoFilterBackend):
    """django-filter's backend, handing the FilterSet the reader (ActionFilter
    needs `user`, for the plans and themes it offers) and answering invalid
    filters with a 400 that names them."""

    def get_filterset_kwargs(self, request, queryset, view):
        kwargs = super().get_filterset_kwargs(request, queryset, view)
        if getattr(view, "filterset_class", None) is ApiActionFilter:
            kwargs["user"] = access.reader_user(request)
        return kwargs


def changed_since(moment: datetime.datetime) -> Q:
    """Actions changed at or after `moment`: created, edited (their history,
    which records every save and every change of owners or indicators), or
    given a progress update or a change to one (posted, approved, corrected,
    withdrawn: the updates' history). Action has no "updated at" column; its
    history is the record of every change."""
    edited = Action.history.filter(id=OuterRef("pk"), history_date__gte=moment)
    updated = ProgressUpdate.history.filter(action_id=OuterRef("pk"), history_date__gte=moment)
    return Q(created_at__gte=moment) | Exists(edited) | Exists(updated)


class ApiActionFilter(ActionFilter):
    updated_since = django_filters.IsoDateTimeFilter(
        label="Changed since",
        method="changed_at_or_after",
        help_text="Actions created, edited or given a progress update at or after this moment "
        "(ISO 8601, e.g. 2026-03-01T09:00:00Z; without a zone, the site's local time), for incremental sync.",
    )

    def changed_at_or_after(self, queryset, name, value):
        if timezone.is_naive(value):
            value = timezone.make_aware(value)
        return queryset.filter(changed_since(value))


class PlanFilter(django_filters.FilterSet):
    organisation = django_filters.NumberFilter(field_name="organisation")
    status = django_filters.ChoiceFilter(choices=Plan.Status.choices)
    as_of = django_filters.DateFilter(
        method="as_it_stood", help_text="Action status counts as they stood that day: later updates are ignored."
    )

    class Meta:
        model = Plan
        fields = ["organisation", "status"]

    def as_it_stood(self, queryset, name, value):
        return queryset  # read by the view when it counts statuses


class ThemeFilter(django_filters.FilterSet):
    plan = django_filters.NumberFilter(field_name="plan")

    class Meta:
        model = Theme
        fields = ["plan"]


class ProgressUpdateFilter(django_filters.FilterSet):
    plan = django_filters.NumberFilter(field_name="action__plan")
    action = django_filters.NumberFilter(field_name="action")
    status = django_filters.ChoiceFilter(choices=ProgressUpdate._meta.get_field("status").choices)
    dated_after = django_filters.DateFilter(field_name="date_of_update", lookup_expr="gte", label="Dated on or after")
    dated_before = django_filters.DateFilter(field_name="date_of_update", lookup_expr="lte", label="Dated on or before")

    class Meta:
        model = ProgressUpdate
        fields = ["plan", "action", "status"]


class IndicatorFilter(django_filters.FilterSet):
    framework = django_filters.ChoiceFilter(choices=Indicator.Framework.choices)
    plan = django_filters.NumberFilter(
        method="towards_plan", help_text="Indicators this plan's actions or themes work towards."
    )
    as_of = django_filters.DateFilter(
        method="as_it_stood", help_text="Figures as known that day: later reports and restatements are ignored."
    )

    class Meta:
        model = Indicator
        fields = ["framework"]

    def towards_plan(self, queryset, name, value):
        towards = Indicator.objects.filter(Q(actions__plan=value) | Q(themes__plan=value)).values("pk")
        return queryset.filter(pk__in=towards)

    def as_it_stood(self, queryset, name, value):
        return queryset  # read by the view when it works out the figures


class ObservationFilter(django_filters.FilterSet):
    indicator = django_filters.NumberFilter(field_name="indicator")
    period_after = django_filters.DateFilter(
        field_name="period_end", lookup_expr="gte", label="Period ending on or after"
    )
    period_before = django_filters.DateFilter(
        field_name="period_end", lookup_expr="lte", label="Period ending on or before"
    )
    reported_since = django_filters.DateFilter(
        field_name="reported_on", lookup_expr="gte", label="Reported on or after"
    )

    class Meta:
        model = Observation
        fields = ["indicator"]
