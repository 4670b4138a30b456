import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, CharField, F, OuterRef, Q, Subquery, Value, When
from django.utils import timezone
from simple_history.models import HistoricalRecords

from plans.models import Organisation, Plan, Theme, membership_of


class ReviewCadence(models.IntegerChoices):
    """How often an action's progress is reviewed, in months."""

    MONTHLY = 1, "Monthly"
    QUARTERLY = 3, "Quarterly"
    TERMLY = 4, "Termly"
    SIX_MONTHLY = 6, "Every six months"
    ANNUAL = 12, "Annual"


class Indicator(models.Model):
    """A national target an action links to, e.g. national indicator NI 116 or
    Public Health Outcomes Framework 1.08i."""

    class Framework(models.TextChoices):
        NI = "NI", "National Indicator"
        PHOF = "PHOF", "Public Health Outcomes Framework"

    framework = models.CharField(max_length=10, choices=Framework.choices)
    code = models.CharField(max_length=20)
    name = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["framework", "code"]
        constraints = [models.UniqueConstraint(fields=["framework", "code"], name="unique_indicator_code")]

    def __str__(self) -> str:
        return f"{self.framework} {self.code}"


class ActionQuerySet(models.QuerySet):
    def visible_to(self, user) -> "ActionQuerySet":
        """An action is readable by whoever may read its plan."""
        return self.filter(plan__in=Plan.objects.visible_to(user))

    def owned_by(self, organisation) -> "ActionQuerySet":
        return self.filter(owner_organisations=organisation)

    def with_latest_update(self, as_of: datetime.date | None = None) -> "ActionQuerySet":
        """Annotate each action with its latest progress update: its status, its
        date and when it was recorded (all None where there is no update yet),
        and `reported_status`, the status or "none" / "not_recorded". With
        `as_of`, updates dated after that day are ignored, to show what a board
        saw then."""
        return self.annotate(**latest_update_annotations(as_of)).annotate(
            reported_status=reported_status_of("latest_status", "latest_update_recorded_at")
        )

    def with_status_on(self, day: datetime.date, name: str) -> "ActionQuerySet":
        """Annotate `name` with each action's reported status as it stood on `day`."""
        latest = latest_updates(day)
        return self.annotate(
            **{
                f"{name}_raw": Subquery(latest.values("status")[:1]),
                f"{name}_recorded_at": Subquery(latest.values("created_at")[:1]),
            }
        ).annotate(**{name: reported_status_of(f"{name}_raw", f"{name}_recorded_at")})


def latest_updates(as_of: datetime.date | None):
    """Subquery rows: an action's updates as they stood on `as_of`, latest first."""
    from progress.models import LATEST_FIRST, ProgressUpdate  # progress depends on actions

    updates = ProgressUpdate.objects.filter(action=OuterRef("pk"))
    if as_of is not None:
        # Undated updates come from the published plan: they always stood.
        updates = updates.filter(Q(date_of_update__isnull=True) | Q(date_of_update__lte=as_of))
    return updates.order_by(*LATEST_FIRST)


def latest_update_annotations(as_of: datetime.date | None) -> dict:
    latest = latest_updates(as_of)
    return {
        "latest_status": Subquery(latest.values("status")[:1]),
        "latest_update_on": Subquery(latest.values("date_of_update")[:1]),
        "latest_update_recorded_at": Subquery(latest.values("created_at")[:1]),
    }


def reported_status_of(status: str, recorded_at: str) -> Case:
    from progress.models import NO_UPDATE, NOT_RECORDED  # progress depends on actions

    return Case(
        When(**{f"{recorded_at}__isnull": True}, then=Value(NO_UPDATE)),
        When(**{status: ""}, then=Value(NOT_RECORDED)),
        default=F(status),
        output_field=CharField(),
    )


class Action(models.Model):
    """One row of an action plan, keeping everything the row says."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="actions")
    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, null=True, blank=True, related_name="actions")
    position = models.PositiveIntegerField(default=0, help_text="Order within the plan.")
    reference = models.CharField(
        max_length=50, blank=True, help_text='As the plan writes it ("PA 1", "PA2"); not unique.'
    )
    text = models.TextField("action")
    outcomes = models.TextField("outputs / outcomes", blank=True)
    measures = models.TextField("measures of success", blank=True)
    owners = models.TextField("owners / leads", blank=True, help_text="As the plan writes them.")
    owner_organisations = models.ManyToManyField(
        Organisation, blank=True, related_name="owned_actions", help_text="The organisations the owners text names."
    )
    timescale = models.TextField(blank=True, help_text="As the plan writes it.")
    due_date = models.DateField(null=True, blank=True, help_text="Read from the timescale where it gives a date.")
    review_cadence = models.PositiveSmallIntegerField(
        choices=ReviewCadence.choices,
        null=True,
        blank=True,
        help_text="Read from the timescale or monitoring text; an admin may set it.",
    )
    monitoring = models.TextField(blank=True)
    links = models.TextField("links to plans and targets", blank=True)
    indicators = models.ManyToManyField(Indicator, blank=True, related_name="actions")
    recommendation_accepted = models.BooleanField(
        null=True, blank=True, help_text="For a plan that responds to recommendations: was this one accepted?"
    )
    initial_response = models.TextField(blank=True)
    continues = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="continued_by",
        help_text="The action in another plan whose work this action carries on.",
    )
    transcription_note = models.TextField(blank=True)
    # A default rather than auto_now_add, so that loading a fixture (a raw save) fills it too.
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    # Raised on every edit, so that an edit made from a stale copy is refused
    # instead of silently overwriting someone else's.
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords(m2m_fields=[owner_organisations, indicators])

    objects = ActionQuerySet.as_manager()

    class Meta:
        ordering = ["plan", "position", "pk"]

    def __str__(self) -> str:
        label = self.text if len(self.text) <= 80 else self.text[:79] + "…"
        return f"{self.reference} {label}" if self.reference else label

    def clean(self):
        if self.theme_id and self.theme.plan_id != self.plan_id:
            raise ValidationError({"theme": "The theme must belong to the action's plan."})
        if self.continues_id and self.continues_id == self.pk:
            raise ValidationError({"continues": "An action cannot continue itself."})
