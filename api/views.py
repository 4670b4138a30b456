"""The read-only endpoints. Each view's objects come from api.access (the
pages' own visibility rules), so a detail outside them is a 404; lists are
paged (api.pagination), filtered (api.filters) and any of them is CSV with
`?format=csv` (api.renderers), unpaged, with the same filters."""

import datetime

from django import forms
from django.db.models import Count, Prefetch
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from drf_spectacular.views import SpectacularAPIView
from rest_framework import viewsets
from rest_framework.permissions import AllowAny
from rest_framework.renderers import BrowsableAPIRenderer, JSONRenderer
from rest_framework.settings import api_settings

from actions.models import Action, latest_update_value
from indicators.figures import figures_for
from plans.models import Organisation

from . import access
from .filters import (
    ApiActionFilter,
    IndicatorFilter,
    ObservationFilter,
    PlanFilter,
    ProgressUpdateFilter,
    ReaderFilterBackend,
    ThemeFilter,
)
from .pagination import Cursor, PageNumbers
from .renderers import CsvRenderer
from .serializers import (
    ActionSerializer,
    IndicatorSerializer,
    ObservationSerializer,
    OrganisationSerializer,
    PlanSerializer,
    ProgressUpdateSerializer,
    ThemeSerializer,
)


class ApiSettings:
    """Authentication and throttles as the settings name them
    (REST_FRAMEWORK's DEFAULT_AUTHENTICATION_CLASSES and
    DEFAULT_THROTTLE_CLASSES), read on each request: API keys and their
    throttles are switched on in settings alone. Visibility is never a
    permission class: each view's objects come from api.access."""

    permission_classes = [AllowAny]

    def get_authenticators(self):
        return [authentication() for authentication in api_settings.DEFAULT_AUTHENTICATION_CLASSES]

    def get_throttles(self):
        return [throttle() for throttle in api_settings.DEFAULT_THROTTLE_CLASSES]


def as_of_of(request) -> datetime.date | None:
    """The `as_of` day asked for, or None (the filter reports a bad one)."""
    try:
        return forms.DateField(required=False).clean(request.query_params.get("as_of"))
    except forms.ValidationError:
        return None


class ReadOnlyApiView(ApiSettings, viewsets.ReadOnlyModelViewSet):
    """A list and a detail of one resource. Subclasses name `readable` (the
    api.access function answering what the reader may read), `ordering`
    (ending with "pk", so pages are stable) and `csv_columns`."""

    renderer_classes = [JSONRenderer, BrowsableAPIRenderer, CsvRenderer]
    filter_backends = [ReaderFilterBackend]
    pagination_class = PageNumbers
    readable = None
    ordering: tuple = ("pk",)
    csv_columns: list[tuple[str, str]] = []

    def get_queryset(self):
        return type(self).readable(self.request).order_by(*self.ordering)

    def is_csv(self) -> bool:
        renderer = getattr(self.request, "accepted_renderer", None)
        return renderer is not None and renderer.format == "csv"

    def paginate_queryset(self, queryset):
        # A CSV is the whole filtered list: a download, not a page.
        return None if self.is_csv() else super().paginate_queryset(queryset)

    def get_serializer(self, *args, **kwargs):
        if args:
            many = kwargs.get("many", False)
            objects = list(args[0]) if many else [args[0]]
            args = (objects if many else objects[0], *args[1:])
            kwargs["context"] = {**self.get_serializer_context(), **self.page_context(objects)}
        return super().get_serializer(*args, **kwargs)

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "sees_names": access.reader_sees_names(self.request)}

    def page_context(self, objects: list) -> dict:
        """What the serializer reads beside the objects, worked out once for a page."""
        return {}

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if self.is_csv():
            response["Content-Disposition"] = f'attachment; filename="{self.basename}.csv"'
        return response


CSV_NOTE = (
    "\n\nWith `?format=csv`, the whole filtered list (not paged) as CSV, one row per object, columns: {columns}. "
    'Lists are joined with "; "; text starting with =, +, - or @ has an apostrophe in front.'
)


def documented(view):
    """The view's CSV columns added to its list's description in the schema."""
    columns = ", ".join(f"{header} (`{path}`)" for header, path in view.csv_columns)
    description = (view.__doc__ or "").strip() + CSV_NOTE.format(columns=columns)
    return extend_schema_view(list=extend_schema(description=description))(view)


AS_OF = OpenApiParameter(
    "as_of", datetime.date, description="As it stood that day: later updates and figures are ignored."
)


@documented
class OrganisationViewSet(ReadOnlyApiView):
    """Councils and partner bodies that a plan you may read names: its owner,
    its partnership or an owner of one of its actions."""

    queryset = Organisation.objects.none()  # for the schema; api.access answers
    serializer_class = OrganisationSerializer
    readable = access.organisations
    ordering = ("name", "pk")
    csv_columns = [("ID", "id"), ("Name", "name"), ("Short name", "short_name"), ("Slug", "slug"), ("Kind", "kind")]


@documented
@extend_schema_view(retrieve=extend_schema(parameters=[AS_OF]))
class PlanViewSet(ReadOnlyApiView):
    """Action plans, each with how many of its actions stand at each latest status."""

    serializer_class = PlanSerializer
    filterset_class = PlanFilter
    readable = access.plans
    ordering = ("title", "pk")
    csv_columns = [
        ("ID", "id"), ("Slug", "slug"), ("Title", "title"), ("Status", "status"), ("Period", "period"),
        ("Starts", "starts_on"), ("Ends", "ends_on"), ("Public", "is_public"), ("Organisation ID", "organisation"),
        ("Organisation", "organisation_name"), ("Partnership ID", "partnership"), ("Status counts", "status_counts"),
    ]  # fmt: skip

    def get_queryset(self):
        return super().get_queryset().select_related("organisation")

    def page_context(self, objects):
        actions = Action.objects.filter(plan__in=[plan.pk for plan in objects])
        rows = (
            actions.with_latest_update(as_of_of(self.request))
            .values("plan_id", "reported_status")
            .annotate(count=Count("pk"))
            .order_by()
        )
        counts: dict[int, dict[str, int]] = {}
        for row in rows:
            counts.setdefault(row["plan_id"], {})[row["reported_status"]] = row["count"]
        return {"status_counts": counts}


@documented
class ThemeViewSet(ReadOnlyApiView):
    """The themes of the plans you may read (priorities, outcomes, aims), nested by `parent`."""

    serializer_class = ThemeSerializer
    filterset_class = ThemeFilter
    readable = access.themes
    ordering = ("plan", "position", "pk")
    csv_columns = [
        ("ID", "id"), ("Plan ID", "plan"), ("Parent ID", "parent"), ("Reference", "reference"), ("Kind", "kind"),
        ("Title", "title"), ("Position", "position"),
    ]  # fmt: skip


@documented
@extend_schema_view(retrieve=extend_schema(parameters=[AS_OF]))
class ActionViewSet(ReadOnlyApiView):
    """Actions, with the action list page's filters, each with its latest
    approved update. `updated_since` (a moment) lists those changed since:
    created, edited or given an update."""

    serializer_class = ActionSerializer
    filterset_class = ApiActionFilter
    readable = access.actions
    csv_columns = [
        ("ID", "id"), ("Plan ID", "plan"), ("Theme ID", "theme"), ("Position", "position"),
        ("Reference", "reference"), ("Action", "text"), ("Outcomes", "outcomes"), ("Measures", "measures"),
        ("Owners", "owners"), ("Owner organisation IDs", "owner_organisations"), ("Timescale", "timescale"),
        ("Due", "due_date"), ("Review cadence (months)", "review_cadence"), ("Status", "status"),
        ("Latest update date", "latest_update_on"), ("Latest update ID", "latest_update.id"),
        ("Latest update", "latest_update.narrative"), ("Indicator IDs", "indicators"), ("Created", "created_at"),
    ]  # fmt: skip

    def get_queryset(self):
        return (
            type(self)
            .readable(self.request)
            .prefetch_related(
                Prefetch("owner_organisations", queryset=Organisation.objects.order_by("name", "pk")), "indicators"
            )
        )

    def page_context(self, objects):
        """Each listed action's latest update, looked up for the page's rows only:
        as annotations on the list query, PostgreSQL worked them out for every
        row a deep page skips or a search sorts (1.9 s for page 400 of 20,000)."""
        as_of = as_of_of(self.request)
        latest = Action.objects.filter(pk__in=[action.pk for action in objects]).annotate(
            update_id=latest_update_value("pk", as_of),
            update_on=latest_update_value("date_of_update", as_of),
            narrative=latest_update_value("narrative", as_of),
        )
        return {
            "latest_updates": {
                row["pk"]: {"id": row["update_id"], "date": row["update_on"], "narrative": row["narrative"]}
                for row in latest.values("pk", "update_id", "update_on", "narrative")
                if row["update_id"] is not None
            }
        }

    def filter_queryset(self, queryset):
        # The FilterSet orders (by its `sort`, or plan, position); the id settles ties.
        queryset = super().filter_queryset(queryset)
        ordering = [*queryset.query.order_by]
        return queryset if ordering[-1:] == ["pk"] else queryset.order_by(*ordering, "pk")


@documented
class ProgressUpdateViewSet(ReadOnlyApiView):
    """Approved progress updates on the actions you may read, oldest first,
    paged by cursor: follow `next` to read new ones as they arrive."""

    serializer_class = ProgressUpdateSerializer
    filterset_class = ProgressUpdateFilter
    pagination_class = Cursor
    readable = access.progress_updates
    csv_columns = [
        ("ID", "id"), ("Action ID", "action"), ("Plan ID", "plan"), ("Date", "date_of_update"),
        ("Status", "status"), ("Narrative", "narrative"), ("Percent complete", "percent_complete"),
        ("Evidence", "evidence_url"), ("From the published plan", "from_source_plan"), ("Author", "author"),
        ("Organisation", "author_organisation"), ("Posted", "created_at"),
    ]  # fmt: skip

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("action", "author__membership__organisation")
            .prefetch_related(
                Prefetch("action__owner_organisations", queryset=Organisation.objects.order_by("name", "pk"))
            )
        )


@documented
@extend_schema_view(retrieve=extend_schema(parameters=[AS_OF]))
class IndicatorViewSet(ReadOnlyApiView):
    """Indicators, each with its figures by period, its latest figure, its
    target and its status against it (as known on `as_of`, when given)."""

    serializer_class = IndicatorSerializer
    filterset_class = IndicatorFilter
    readable = access.indicators
    ordering = ("framework", "code", "pk")
    csv_columns = [
        ("ID", "id"), ("Framework", "framework"), ("Code", "code"), ("Name", "name"), ("Unit", "unit"),
        ("Better", "better"), ("Frequency", "frequency"), ("Organisation ID", "organisation"),
        ("Baseline", "baseline_value"), ("Baseline date", "baseline_on"), ("Latest period", "latest.label"),
        ("Latest period end", "latest.period_end"), ("Latest figure", "latest.value"), ("Target", "target"),
        ("Status", "status"),
    ]  # fmt: skip

    def page_context(self, objects):
        return {"figures": figures_for(objects, as_of_of(self.request))}


@documented
class ObservationViewSet(ReadOnlyApiView):
    """Every reported figure of the indicators you may read, restatements
    included (a period's figure is its latest report), oldest first, paged by cursor."""

    serializer_class = ObservationSerializer
    filterset_class = ObservationFilter
    pagination_class = Cursor
    readable = access.observations
    csv_columns = [
        ("ID", "id"), ("Indicator ID", "indicator"), ("Period end", "period_end"), ("Value", "value"),
        ("Numerator", "numerator"), ("Denominator", "denominator"), ("Reported", "reported_on"),
        ("Source", "source"), ("Note", "note"), ("Reason for restatement", "reason"),
    ]  # fmt: skip


class SchemaView(ApiSettings, SpectacularAPIView):
    """The OpenAPI 3 schema (YAML; JSON with `?format=json`)."""
