"""The action list's filters. The same FilterSet serves the page and, later,
its export, so a bookmarked URL always means the same actions."""

import datetime

import django_filters
from django import forms
from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db import connection
from django.db.models import Case, F, IntegerField, Q, Value, When

from core.forms import DATE_ERRORS, DateInput
from plans.models import Organisation, Plan, Theme, within_theme

from .models import Action, Status, counted_updates
from .schedule import DUE_SOON_HELP, LATE_HELP, due_soon_days, open_q, overdue_q

# Worst first, so that sorting by status brings what needs attention to the top.
_WORST_FIRST = [Status.NO_UPDATE, Status.OFF_TRACK, Status.AT_RISK, Status.NOT_STARTED, Status.NOT_RECORDED,
                Status.ON_TRACK, Status.COMPLETED]  # fmt: skip
STATUS_RANK = Case(
    *[When(reported_status=status, then=Value(rank)) for rank, status in enumerate(_WORST_FIRST)],
    output_field=IntegerField(),
)


MORE_FILTERS = ["open", "update_late", "update_due_soon", "updated_since", "changed_since", "was_status", "as_of"]


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
        label="Latest status", choices=Status.choices, field_name="reported_status", empty_label="Any status"
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
    open = django_filters.BooleanFilter(
        label="Only actions not completed", method="only_open", widget=forms.CheckboxInput
    )
    update_late = django_filters.BooleanFilter(
        label="Only actions whose update is late",
        method="only_update_late",
        widget=forms.CheckboxInput,
        help_text=LATE_HELP,
    )
    update_due_soon = django_filters.BooleanFilter(
        label="Only actions with an update due soon", method="only_update_due_soon", widget=forms.CheckboxInput
    )
    updated_since = django_filters.DateFilter(
        label="Updated since", method="with_update_since", widget=DateInput, error_messages=DATE_ERRORS
    )
    changed_since = django_filters.DateFilter(
        label="Status changed since", method="status_changed_since", widget=DateInput, error_messages=DATE_ERRORS
    )
    was_status = django_filters.ChoiceFilter(
        label="Status then", choices=Status.choices, method="with_status_then", empty_label="Any status"
    )
    as_of = django_filters.DateFilter(
        label="As of",
        method="as_it_stood",
        widget=DateInput,
        error_messages=DATE_ERRORS,
        help_text="Statuses and dates as they stood that day: later updates are ignored",
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
        # "As of" changes what every other filter sees, so it is read first.
        as_of = _date_or_none((data or {}).get("as_of"))
        self.today = as_of or today or datetime.date.today()
        queryset = queryset if queryset is not None else Action.objects.all()
        # The list shows no reporting round, it only filters by one ("update late").
        queryset = queryset.visible_to(user).with_latest_update(as_of, rounds_read=False)
        queryset = queryset.annotate(status_rank=STATUS_RANK)
        super().__init__(data, queryset, **kwargs)
        days = due_soon_days()
        self.filters["update_due_soon"].label = f"Only actions with an update due in the next {days} days"
        self.filters["update_due_soon"].extra["help_text"] = DUE_SOON_HELP.format(days=days)
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
        return queryset.filter(search_q(value))

    def in_theme(self, queryset, name, theme):
        # A theme's actions include those of the themes nested inside it.
        return queryset.filter(within_theme(theme))

    def only_overdue(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(overdue_q(self.today))

    def not_updated_since(self, queryset, name, value):
        return queryset.filter(Q(latest_update_on__isnull=True) | Q(latest_update_on__lt=value))

    def only_open(self, queryset, name, value):
        return queryset.filter(open_q()) if value else queryset

    def only_update_late(self, queryset, name, value):
        return queryset.update_late(self.today) if value else queryset

    def only_update_due_soon(self, queryset, name, value):
        return queryset.update_due_soon(self.today) if value else queryset

    def with_update_since(self, queryset, name, value):
        return queryset.with_update_between(value, self.today)

    def status_changed_since(self, queryset, name, value):
        return queryset.with_status_on(value, "status_then").exclude(status_then=F("reported_status"))

    def with_status_then(self, queryset, name, value):
        # Only meaningful with "Status changed since", which gives the status then.
        if "status_then" not in queryset.query.annotations:
            return queryset
        return queryset.filter(status_then=value)

    def as_it_stood(self, queryset, name, value):
        return queryset  # applied in __init__, before the other filters


def search_q(words: str) -> Q:
    """Actions whose reference, text, owners or an approved progress update
    says every one of `words` (each anywhere in any of them, in any case).

    References, text and owners are searched as substrings, so "E1" finds
    "E1" and "E12" and "pover" finds "poverty": reading every action's own
    columns is quick (bench/search.py). Narratives are prose and far more
    numerous (ten or more per action): on PostgreSQL they are searched by
    word, in English (so "support" finds "supporting" and "supported"),
    through a full-text index (migration progress 0006); on SQLite, as
    substrings. An update awaiting approval, returned or withdrawn reports
    nothing on its action (COUNTED_STATE), so its narrative finds nothing."""
    condition = Q()
    for word in words.split():
        said = Q(reference__icontains=word) | Q(text__icontains=word) | Q(owners__icontains=word)
        condition &= said | Q(pk__in=_updates_saying(word))
    return condition


def narrative_document() -> SearchVector:
    """An update's narrative as words: the expression the index is built on."""
    return SearchVector("narrative", config="english")


def _updates_saying(word: str):
    """The actions (ids) with an approved update whose narrative says `word`,
    read from the updates' own table in one subquery, evaluated once per
    query rather than once per action."""
    updates = counted_updates(of_action=None)
    if connection.vendor == "postgresql":
        updates = updates.alias(document=narrative_document()).filter(document=SearchQuery(word, config="english"))
    else:
        updates = updates.filter(narrative__icontains=word)
    return updates.values("action_id")


def _date_or_none(value) -> datetime.date | None:
    """A date the filter form will accept, or None (the form reports the error)."""
    try:
        return forms.DateField(required=False).clean(value)
    except forms.ValidationError:
        return None
