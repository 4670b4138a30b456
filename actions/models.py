import datetime

from django.core.exceptions import ValidationError
from django.db import connections, models
from django.db.models import Case, CharField, Exists, F, FilteredRelation, OuterRef, Q, Subquery, Value, When, Window
from django.db.models.functions import Coalesce, RowNumber
from django.db.models.signals import pre_save
from django.dispatch import receiver
from django.utils import timezone
from simple_history.models import HistoricalRecords

from plans.models import Organisation, Plan, Theme

from .choices import ReviewCadence, Status
from .schedule import (
    last_activity_annotation,
    recorded_on_annotation,
    round_annotations,
    update_due_soon_q,
    update_late_q,
)

__all__ = ["Action", "ActionQuerySet", "Indicator", "ReviewCadence", "Status"]


class Indicator(models.Model):
    """A measure the partnership answers to, e.g. national indicator NI 116
    (children in poverty) or Public Health Outcomes Framework 1.08i, and what
    it measures. Actions and themes link to it; its figures (targets and
    observations) live in the indicators app, which reads and writes them."""

    class Framework(models.TextChoices):
        NI = "NI", "National Indicator"
        PHOF = "PHOF", "Public Health Outcomes Framework"
        LOCAL = "LOCAL", "Local measure"

    class Unit(models.TextChoices):
        NUMBER = "number", "Number"
        PERCENTAGE = "percentage", "Percentage"
        RATE_PER_1000 = "rate_1000", "Rate per 1,000"
        MONEY = "money", "Money (£)"
        YES_NO = "yes_no", "Yes or no"

    class Better(models.TextChoices):
        HIGHER = "higher", "Higher is better"
        LOWER = "lower", "Lower is better"

    class Frequency(models.TextChoices):
        MONTHLY = "monthly", "Monthly"
        QUARTERLY = "quarterly", "Quarterly"
        YEARLY = "yearly", "Yearly (April to March)"
        ACADEMIC_YEAR = "academic_year", "Academic year (September to August)"

    framework = models.CharField(max_length=10, choices=Framework.choices)
    code = models.CharField(max_length=20)
    name = models.CharField(max_length=200, blank=True)
    name_source = models.CharField(
        max_length=300, blank=True, help_text="Where the name comes from: the framework's published list."
    )
    description = models.TextField("what is measured", blank=True)
    unit = models.CharField(max_length=12, choices=Unit.choices, default=Unit.NUMBER)
    better = models.CharField("which way is better", max_length=6, choices=Better.choices, default=Better.HIGHER)
    frequency = models.CharField("measured", max_length=15, choices=Frequency.choices, default=Frequency.YEARLY)
    source = models.CharField(
        max_length=300, blank=True, help_text="Where the figures come from, e.g. a published statistics series."
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="indicators",
        help_text="The organisation responsible for its figures: its officers enter them.",
    )  # fmt: skip
    tolerance = models.DecimalField(
        max_digits=14, decimal_places=4, null=True, blank=True,
        help_text="How far short of its target a figure may be and still count as within tolerance, in its unit.",
    )  # fmt: skip
    baseline_value = models.DecimalField("baseline", max_digits=14, decimal_places=4, null=True, blank=True)
    baseline_on = models.DateField("baseline date", null=True, blank=True)
    baseline_source = models.CharField(max_length=300, blank=True)
    themes = models.ManyToManyField(Theme, blank=True, related_name="indicators")

    class Meta:
        ordering = ["framework", "code"]
        constraints = [models.UniqueConstraint(fields=["framework", "code"], name="unique_indicator_code")]

    def __str__(self) -> str:
        return f"{self.framework} {self.code}"

    @property
    def title(self) -> str:
        """ "NI 116: Proportion of children in poverty", or just "NI 116" when it has no name."""
        return f"{self}: {self.name}" if self.name else str(self)


SUMMARY_FIELDS = {"current_status", "last_updated_on"}


# An action's progress updates in the order they happened, latest first, as a
# path from the action. Undated updates come from the published plan, so they
# count as earliest. The progress app orders its timelines the same way.
def updates_latest_first(prefix: str = "") -> tuple:
    return (F(f"{prefix}date_of_update").desc(nulls_last=True), f"-{prefix}created_at", f"-{prefix}pk")


# Only approved updates report on an action: one awaiting approval, returned
# to its author or withdrawn never sets its status or its latest date.
# (progress.models.ProgressUpdate.State.APPROVED; this app sits below progress.)
COUNTED_STATE = "approved"


class ActionQuerySet(models.QuerySet):
    """Reads about actions. Their progress updates are reached through the
    `progress_updates` relation that the progress app adds; this app never
    imports progress, which sits above it."""

    def visible_to(self, user) -> "ActionQuerySet":
        """An action is readable by whoever may read its plan."""
        return self.filter(plan__in=Plan.objects.visible_to(user))

    def owned_by(self, organisation) -> "ActionQuerySet":
        return self.filter(owner_organisations=organisation)

    def with_latest_update(self, as_of: datetime.date | None = None, *, rounds_read: bool = True) -> "ActionQuerySet":
        """Annotate each action with `reported_status` (a Status: its latest
        update's status, NOT_RECORDED where that states none, NO_UPDATE where
        there is no update) and `latest_update_on` (the date of its latest
        dated update). Today's come from the action's own summary columns;
        with `as_of`, they are worked out from the updates dated up to that
        day, to show what a board saw then (slower: the latest update as of
        that day is found once per action and joined, see `update_on`).

        And with what the schedule rules (actions.schedule) read: its
        `last_activity_on`, and its plan's next reporting round it owes
        (`round_due_on`, `round_board_on`), answered or not by the updates
        as they stood then. Without `rounds_read`, those two are there for
        filters only, not read into each action: a list that only filters by
        them (the action list) then has them worked out for the rows a filter
        needs them for, not for every row before the page is chosen."""
        if as_of is None or as_of >= timezone.localdate():
            actions = self.annotate(reported_status=F("current_status"), latest_update_on=F("last_updated_on"))
        else:
            update = "latest_update_then"
            actions = self.alias(**{update: update_on(as_of, among=self)}).annotate(
                reported_status=status_of(update), latest_update_on=F(f"{update}__date_of_update")
            )
        actions = actions.annotate(recorded_on=recorded_on_annotation(), last_activity_on=last_activity_annotation())
        return actions.annotate(**round_annotations()) if rounds_read else actions.alias(**round_annotations())

    def with_latest_narrative(self, as_of: datetime.date | None = None) -> "ActionQuerySet":
        """`with_latest_update`, and `latest_narrative`: what that update says."""
        return self.with_latest_update(as_of).annotate(latest_narrative=latest_update_value("narrative", as_of))

    def with_status_on(self, day: datetime.date, name: str, among: models.QuerySet | None = None) -> "ActionQuerySet":
        """Annotate `name` with each action's reported status as it stood on
        `day`. `among`: the actions to look at the updates of, where these
        are a narrower or heavier query (by default, these)."""
        update = f"{name}_update"
        among = self if among is None else among
        return self.alias(**{update: update_on(day, among)}).annotate(**{name: status_of(update)})

    def with_update_between(self, after: datetime.date, until: datetime.date) -> "ActionQuerySet":
        """Actions with an update dated after `after`, up to and including `until`."""
        dated = counted_updates().filter(date_of_update__gt=after, date_of_update__lte=until)
        return self.filter(Exists(dated))

    def with_schedule(self, as_of: datetime.date | None = None) -> "ActionQuerySet":
        """`with_latest_update`, by the name the schedule's callers know it by:
        it now carries everything the schedule rules read."""
        return self.with_latest_update(as_of)

    def update_late(self, day: datetime.date) -> "ActionQuerySet":
        """Open actions whose next update was due before `day` (after `with_latest_update`)."""
        return self.filter(update_late_q(day))

    def update_due_soon(self, day: datetime.date, within_days: int | None = None) -> "ActionQuerySet":
        """Open actions whose next update falls due from `day` to `within_days` after (after `with_latest_update`)."""
        return self.filter(update_due_soon_q(day, within_days))

    def with_summary_drift(self) -> "ActionQuerySet":
        """The actions whose stored summary differs from their updates, each
        annotated with `status_from_updates` and `updated_on_from_updates`."""
        actions = self.annotate(
            status_from_updates=reported_status_on(None), updated_on_from_updates=latest_update_on(None)
        )
        same_date = Q(last_updated_on=F("updated_on_from_updates")) | Q(
            last_updated_on__isnull=True, updated_on_from_updates__isnull=True
        )
        return actions.exclude(Q(current_status=F("status_from_updates")) & same_date)

    def refresh_progress_summary(self) -> int:
        """Bring these actions' summary of their latest update up to date, in one
        UPDATE. Called only from the progress app: by its services, through
        which every write to progress updates goes, and by check_summaries."""
        return self.update(current_status=reported_status_on(None), last_updated_on=latest_update_on(None))


THE_OUTER_ACTION = OuterRef("pk")


def counted_updates(of_action=THE_OUTER_ACTION):
    """Subquery rows: the outer action's approved updates (every action's,
    with `of_action=None`), read from the updates' own table (the progress
    app's model, reached through the relation: this app never imports it)
    rather than joined to the action again."""
    updates = Action._meta.get_field("progress_updates").related_model._base_manager.filter(state=COUNTED_STATE)
    return updates if of_action is None else updates.filter(action=of_action)


def latest_updates(as_of: datetime.date | None, of_action=THE_OUTER_ACTION):
    """The outer action's approved updates as they stood on `as_of`, latest
    first: the order of the index progress_latest_counted, so that the first
    row is one index probe."""
    updates = counted_updates(of_action)
    if as_of is not None:
        # Undated updates come from the published plan: they always stood.
        updates = updates.filter(Q(date_of_update__isnull=True) | Q(date_of_update__lte=as_of))
    return updates.order_by(*updates_latest_first())


def latest_update_value(field: str, as_of: datetime.date | None = None) -> Subquery:
    """A field (a path from the update, e.g. "narrative") of the outer action's
    latest approved update as it stood on `as_of`; None without one."""
    return Subquery(latest_updates(as_of).values(field)[:1])


def latest_update_on(as_of: datetime.date | None):
    """The date of the latest dated update (on or before `as_of`). Undated
    updates sort after dated ones, so the latest update is dated whenever
    any is: its date is this one, or None."""
    return latest_update_value("date_of_update", as_of)


def stated(status: str) -> Case:
    """The status an update reports, from its `status` (a path): NOT_RECORDED
    where it states none."""
    return Case(
        When(**{status: ""}, then=Value(Status.NOT_RECORDED.value)), default=F(status), output_field=CharField()
    )


def reported_status_on(as_of: datetime.date | None):
    """The latest update's status (see `stated`), or NO_UPDATE where there is
    no update: worked out inside one subquery, because the database
    evaluates a subquery again wherever an expression repeats it. For one
    value per action, as the summary columns are refreshed; queries reading
    several things about the same update join it once instead (`update_on`)."""
    latest = latest_updates(as_of).annotate(reported=stated("status")).values("reported")[:1]
    return Coalesce(Subquery(latest), Value(Status.NO_UPDATE.value), output_field=CharField())


def update_on(as_of: datetime.date | None, among: models.QuerySet) -> FilteredRelation:
    """Each action's latest approved update as it stood on `as_of`, as a
    relation to join (none where it had none). Found in one pass over the
    updates of the actions `among` (each one's first by `updates_latest_first`),
    however often the query reads its status and date: a subquery per action
    would be evaluated again wherever the query repeats it. Read it with `status_of`."""
    updates = latest_updates(as_of, of_action=None).filter(action__in=among.order_by().values("pk"))
    if connections[among.db].features.can_distinct_on_fields:  # PostgreSQL: a quarter faster than the window
        latest = updates.order_by("action_id", *updates_latest_first()).distinct("action_id").values("pk")
    else:
        first = Window(RowNumber(), partition_by=F("action"), order_by=updates_latest_first())
        latest = updates.annotate(row=first).filter(row=1).order_by().values("pk")
    return FilteredRelation("progress_updates", condition=Q(progress_updates__pk__in=Subquery(latest)))


def status_of(update: str):
    """`reported_status_on`, read from the update joined as `update` (see `update_on`)."""
    return Coalesce(stated(f"{update}__status"), Value(Status.NO_UPDATE.value), output_field=CharField())


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
    # A summary of the latest progress update, kept up to date whenever one is
    # written (see ActionQuerySet.refresh_progress_summary), so that lists and
    # dashboards read a column instead of searching every action's updates.
    current_status = models.CharField(
        "latest status", max_length=20, choices=Status.choices, default=Status.NO_UPDATE, db_index=True,
        editable=False, help_text="The latest update's status, or that it states none, or that there is none.",
    )  # fmt: skip
    last_updated_on = models.DateField("date of the latest update", null=True, blank=True, editable=False)
    # Raised on every edit, so that an edit made from a stale copy is refused
    # instead of silently overwriting someone else's.
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords(
        m2m_fields=[owner_organisations, indicators], excluded_fields=["current_status", "last_updated_on"]
    )

    objects = ActionQuerySet.as_manager()

    class Meta:
        ordering = ["plan", "position", "pk"]

    def __str__(self) -> str:
        label = self.text if len(self.text) <= 80 else self.text[:79] + "…"
        return f"{self.reference} {label}" if self.reference else label

    def save(self, *args, **kwargs):
        # The summary of the latest update is written only by
        # refresh_progress_summary (through progress.services): an edit made
        # from a copy loaded earlier must not put back the summary as it was then.
        if not self._state.adding and kwargs.get("update_fields") is None:
            kwargs["update_fields"] = [
                field.name for field in self._meta.concrete_fields
                if not field.primary_key and field.name not in SUMMARY_FIELDS
            ]  # fmt: skip
        super().save(*args, **kwargs)

    def clean(self):
        if self.theme_id and self.theme.plan_id != self.plan_id:
            raise ValidationError({"theme": "The theme must belong to the action's plan."})
        if self.continues_id and self.continues_id == self.pk:
            raise ValidationError({"continues": "An action cannot continue itself."})


@receiver(pre_save, sender=Action)
def _loaded_actions_bring_their_own_history(sender, instance, raw, **kwargs):
    """`loaddata` saves each row raw, which simple_history leaves alone, then
    sets its many-to-many fields, which simple_history records as a new change
    (now, by nobody), on PostgreSQL taking history ids that the dump's own
    history rows hold, so a restore failed. A loaded row's history is in the dump."""
    if raw:
        instance.skip_history_when_saving = True
