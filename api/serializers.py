"""Each object as its page shows it. Nothing here reads transcription notes,
import records or who entered a figure; an update's author is named only to
readers who see names (api.access.reader_sees_names), as on the action page,
and is null for anyone else. Figures worked out per page (status counts,
indicator figures) come in the serializer's context, computed once per page."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from actions.models import Action, Indicator, Status
from indicators.models import Observation
from indicators.status import IndicatorStatus
from plans.models import Organisation, Plan, Theme
from progress.models import ProgressUpdate

# Slugs as stored: the schema promises no pattern the database does not enforce.
SLUG = serializers.CharField(read_only=True)
NULLABLE_TEXT = serializers.CharField(allow_null=True)


class OrganisationSerializer(serializers.ModelSerializer):
    slug = SLUG

    class Meta:
        model = Organisation
        fields = ["id", "name", "short_name", "slug", "kind"]


# {"on_track": 3, "no_update": 1, ...}: every status, zero where none.
STATUS_COUNTS_SCHEMA = {
    "type": "object",
    "properties": {status.value: {"type": "integer"} for status in Status},
    "required": [status.value for status in Status],
}


class PlanSerializer(serializers.ModelSerializer):
    slug = SLUG
    organisation_name = serializers.CharField(source="organisation.name", read_only=True)
    status_counts = serializers.SerializerMethodField(
        help_text="How many of its actions have each latest status (as of `as_of`, when given)."
    )

    class Meta:
        model = Plan
        fields = [
            "id", "slug", "title", "status", "period", "starts_on", "ends_on", "is_public",
            "organisation", "organisation_name", "partnership", "notes", "status_counts",
        ]  # fmt: skip

    @extend_schema_field(STATUS_COUNTS_SCHEMA)
    def get_status_counts(self, plan) -> dict:
        counts = self.context["status_counts"].get(plan.pk, {})
        return {status.value: counts.get(status.value, 0) for status in Status}


class ThemeSerializer(serializers.ModelSerializer):
    class Meta:
        model = Theme
        fields = ["id", "plan", "parent", "reference", "kind", "title", "position"]


def nullable_object(properties: dict, description: str) -> dict:
    """An object or null, written out rather than as a nullable reference
    (allOf), which response validators read as "never null"."""
    return {
        "type": "object", "nullable": True, "description": description,
        "properties": properties, "required": list(properties),
    }  # fmt: skip


DATE = {"type": "string", "format": "date"}
NULLABLE_DATE = {**DATE, "nullable": True}
FIGURE = {"type": "string", "format": "decimal", "nullable": True}
LATEST_UPDATE_SCHEMA = nullable_object(
    {"id": {"type": "integer"}, "date": NULLABLE_DATE, "narrative": {"type": "string"}},
    "Its latest approved update as it stood (on `as_of`, when given); date null for progress "
    "transcribed from the published plan.",
)


class ActionSerializer(serializers.ModelSerializer):
    status = serializers.ChoiceField(
        source="reported_status", choices=Status.choices, help_text="Its latest approved update's status."
    )
    latest_update_on = serializers.DateField(allow_null=True, help_text="The date of its latest dated update.")
    latest_update = serializers.SerializerMethodField()
    owner_organisations = serializers.SerializerMethodField()
    owners = serializers.SerializerMethodField(
        help_text="The owners as the plan writes them; null for anonymous callers."
    )

    class Meta:
        model = Action
        fields = [
            "id", "plan", "theme", "position", "reference", "text", "outcomes", "measures", "owners",
            "owner_organisations", "timescale", "due_date", "review_cadence", "status", "latest_update_on",
            "latest_update", "indicators", "created_at",
        ]  # fmt: skip

    @extend_schema_field(LATEST_UPDATE_SCHEMA)
    def get_latest_update(self, action) -> dict | None:
        return self.context["latest_updates"].get(action.pk)

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_owner_organisations(self, action) -> list[int]:
        return [organisation.pk for organisation in action.owner_organisations.all()]

    @extend_schema_field(NULLABLE_TEXT)
    def get_owners(self, action) -> str | None:
        return action.owners if self.context["sees_names"] else None


class ProgressUpdateSerializer(serializers.ModelSerializer):
    plan = serializers.IntegerField(source="action.plan_id", read_only=True)
    status = serializers.SerializerMethodField(help_text="Its status; not_recorded where it states none.")
    author = serializers.SerializerMethodField(help_text="Who posted it; null for anonymous callers.")
    evidence_url = serializers.CharField(read_only=True, help_text="A link to its evidence, or empty.")
    author_organisation = serializers.SerializerMethodField(
        help_text="The author's organisation, or the action's first lead organisation for transcribed progress."
    )

    class Meta:
        model = ProgressUpdate
        fields = [
            "id", "action", "plan", "date_of_update", "status", "narrative", "percent_complete", "evidence_url",
            "from_source_plan", "author", "author_organisation", "created_at",
        ]  # fmt: skip

    @extend_schema_field(serializers.ChoiceField(choices=Status.choices))
    def get_status(self, update) -> str:
        return update.reported_status.value

    @extend_schema_field(NULLABLE_TEXT)
    def get_author(self, update) -> str | None:
        if not self.context["sees_names"] or update.author is None:
            return None
        return update.author.get_full_name() or update.author.username

    @extend_schema_field(NULLABLE_TEXT)
    def get_author_organisation(self, update) -> str | None:
        membership = getattr(update.author, "membership", None) if update.author_id else None
        if membership is not None and membership.organisation is not None:
            return membership.organisation.name
        owners = list(update.action.owner_organisations.all())
        return owners[0].name if owners else None


class PeriodSerializer(serializers.Serializer):
    period_end = serializers.DateField()
    label = serializers.CharField()
    value = serializers.DecimalField(max_digits=14, decimal_places=4, allow_null=True)
    reported_on = serializers.DateField(allow_null=True)
    restated = serializers.BooleanField(help_text="Whether a later report changed the first figure for the period.")
    target = serializers.DecimalField(max_digits=14, decimal_places=4, allow_null=True)


def period_of(period) -> dict:
    return {
        "period_end": period.period_end,
        "label": period.label,
        "value": period.value,
        "reported_on": period.observation.reported_on if period.observation else None,
        "restated": period.restated,
        "target": period.target,
    }


class IndicatorSerializer(serializers.ModelSerializer):
    latest = serializers.SerializerMethodField()
    target = serializers.SerializerMethodField(help_text="What the latest figure is measured against.")
    status = serializers.SerializerMethodField(help_text="The latest figure against its target.")
    periods = serializers.SerializerMethodField(help_text="Every period with a figure or a target, in time order.")

    class Meta:
        model = Indicator
        fields = [
            "id", "framework", "code", "name", "description", "unit", "better", "frequency", "source",
            "organisation", "baseline_value", "baseline_on", "latest", "target", "status", "periods",
        ]  # fmt: skip

    def _figures(self, indicator):
        return self.context["figures"][indicator.pk]

    @extend_schema_field(
        nullable_object(
            {"period_end": DATE, "label": {"type": "string"}, "value": FIGURE, "reported_on": NULLABLE_DATE,
             "restated": {"type": "boolean"}, "target": FIGURE},
            "The latest period with a figure (as of `as_of`), as in `periods`.",
        )
    )  # fmt: skip
    def get_latest(self, indicator) -> dict | None:
        latest = self._figures(indicator).latest
        return PeriodSerializer(period_of(latest)).data if latest else None

    @extend_schema_field(serializers.DecimalField(max_digits=14, decimal_places=4, allow_null=True))
    def get_target(self, indicator):
        target = self._figures(indicator).target
        return (
            None
            if target is None
            else serializers.DecimalField(max_digits=14, decimal_places=4).to_representation(target)
        )

    @extend_schema_field(serializers.ChoiceField(choices=IndicatorStatus.choices))
    def get_status(self, indicator) -> str:
        return IndicatorStatus(self._figures(indicator).status).value

    @extend_schema_field(PeriodSerializer(many=True))
    def get_periods(self, indicator) -> list:
        return PeriodSerializer([period_of(p) for p in self._figures(indicator).periods], many=True).data


class ObservationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Observation
        fields = [
            "id", "indicator", "period_end", "value", "numerator", "denominator", "reported_on", "source", "note",
            "reason",
        ]  # fmt: skip
