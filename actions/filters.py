"""The action list's filters. The same FilterSet serves the page and, later,
its export, so a bookmarked URL always means the same actions."""

import datetime

import django_filters
from django import forms
from django.db.models import Case, Exists, IntegerField, OuterRef, Q, Value, When

from plans.models import Organisation, Plan, Theme
from progress.models import NO_UPDATE, NOT_RECORDED, REPORTED_STATUSES, ProgressUpdate, Status

from .models import Action

# Worst first, so that sorting by status brings what needs attention to the top.
_WORST_FIRST = [NO_UPDATE, Status.OFF_TRACK, Status.AT_RISK, Status.NOT_STARTED, NOT_RECORDED, Status.ON_TRACK, Status.COMPLETED]
STATUS_RANK = Case(
    *[When(reported_status=status, then=Value(rank)) for rank, status in enumerate(_WORST_FIRST)],
    output_field=IntegerField(),
)


class DateInput(forms.DateInput):
    input_type = "date"


DATE_ERRORS = {"invalid": "Enter a real date, like 31/03/2027"}


class ActionFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="Search", method="search", help_text="Searches references, action text, owners and progress"
    )
    plan = django_filters.ModelChoiceFilter(queryset=Plan.objects.none(), empty_label="All plans")
    theme = django_filters.ModelChoiceFilter(queryset=Theme.objects.none(), method="in_theme", empty_label="All themes")
    owner = django_filters.ModelChoiceFilter(
        label="Owner organisation",
        field_name="owner_organisations",
        queryset=Organisation.objects.filter(owned_actions__isnull=False).distinct(),
        empty_label="All organisations",
    )
    status = django_filters.ChoiceFilter(
        label="Latest status", choices=list(REPORTED_STATUSES.items()), field_name="reported_status", empty_label="Any status"
    )
    due_after = django_filters.DateFilter(
        label="Due on or after", field_name="due_date", lookup_expr="gte", widget=DateInput, error_messages=DATE_ERRORS
    )
    due_before = django_filters.DateFilter(
        label="Due on or before", field_name="due_date", lookup_expr="lte", widget=DateInput, error_messages=DATE_ERRORS
    )
    overdue = django_filters.BooleanFilter(
        label="Only overdue actions",
        method="only_overdue",
        widget=forms.CheckboxInput,
        help_text="Due date passed and not completed",
    )
    no_update_since = django_filters.DateFilter(
        label="No update since",
        method="not_updated_since",
        widget=DateInput,
        error_messages=DATE_ERRORS,
        help_text="Actions with no dated update on or after this date",
    )
    sort = django_filters.OrderingFilter(
        label="Sort by",
        fields=[
            ("position", "position"),
            ("reference", "reference"),
            ("plan__title", "plan"),
            ("owners", "owners"),
            ("due_date", "due"),
            ("status_rank", "status"),
            ("latest_update_on", "updated"),
        ],
    )

    class Meta:
        model = Action
        fields = []

    def __init__(self, data=None, queryset=None, *, user, today: datetime.date | None = None, **kwargs):
        self.today = today or datetime.date.today()
        queryset = queryset if queryset is not None else Action.objects.all()
        queryset = queryset.visible_to(user).with_latest_update().annotate(status_rank=STATUS_RANK)
        super().__init__(data, queryset, **kwargs)
        plans = Plan.objects.visible_to(user)
        self.filters["plan"].queryset = plans
        self.filters["theme"].queryset = Theme.objects.filter(plan__in=plans).select_related("plan")

    @property
    def qs(self):
        queryset = super().qs
        if not queryset.query.order_by:
            queryset = queryset.order_by("plan__title", "position", "pk")
        return queryset

    def search(self, queryset, name, value):
        for word in value.split():
            in_progress = ProgressUpdate.objects.filter(action=OuterRef("pk"), narrative__icontains=word)
            queryset = queryset.filter(
                Q(reference__icontains=word)
                | Q(text__icontains=word)
                | Q(owners__icontains=word)
                | Exists(in_progress)
            )
        return queryset

    def in_theme(self, queryset, name, theme):
        # A theme's actions include those of the themes nested inside it.
        return queryset.filter(Q(theme=theme) | Q(theme__parent=theme) | Q(theme__parent__parent=theme))

    def only_overdue(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(due_date__lt=self.today).exclude(reported_status=Status.COMPLETED)

    def not_updated_since(self, queryset, name, value):
        return queryset.filter(Q(latest_update_on__isnull=True) | Q(latest_update_on__lt=value))
