import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import F, OrderBy, Q
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.utils import timezone
from simple_history.models import HistoricalRecords

from actions.models import COUNTED_STATE, Action, Status, updates_latest_first
from plans.models import Membership, membership_of

# An action's updates in the order they happened. Undated updates come from the
# published plan, so they come first.
OLDEST_FIRST = (F("date_of_update").asc(nulls_first=True), "created_at", "pk")
LATEST_FIRST = updates_latest_first()


class LatestFirstIndex(models.Index):
    """An index in the order of LATEST_FIRST. SQLite's CREATE INDEX knows no
    NULLS LAST, and sorts NULLs last in descending order anyway: there it is
    created without it."""

    def create_sql(self, model, schema_editor, using="", **kwargs):
        if schema_editor.connection.vendor == "postgresql":
            return super().create_sql(model, schema_editor, using, **kwargs)
        plain = [
            OrderBy(e.expression, descending=e.descending) if isinstance(e, OrderBy) else e for e in self.expressions
        ]
        index = models.Index(*plain, name=self.name, condition=self.condition)
        return index.create_sql(model, schema_editor, using, **kwargs)


class ProgressUpdateQuerySet(models.QuerySet):
    def awaiting_approval_by(self, user) -> "ProgressUpdateQuerySet":
        """Submitted updates this user may approve, the longest waiting first:
        every one for an admin; for a lead officer, those on actions their
        organisation owns. Nobody approves their own."""
        membership = membership_of(user)
        submitted = self.filter(state=ProgressUpdate.State.SUBMITTED).exclude(author=user)
        if membership is None:
            return submitted.none()
        if not membership.is_admin:
            if membership.role != Membership.Role.LEAD or not membership.organisation_id:
                return submitted.none()
            submitted = submitted.filter(action__owner_organisations=membership.organisation_id)
        return submitted.order_by("created_at", "pk")


class ProgressUpdate(models.Model):
    """What an action's owner reported at one point in time. Updates are kept in
    order and never overwritten; the latest approved one gives the action's status."""

    class State(models.TextChoices):
        # Where the plan's updates need approval, an officer's update waits for it.
        SUBMITTED = "submitted", "Awaiting approval"
        APPROVED = "approved", "Approved"
        RETURNED = "returned", "Returned to its author"
        # Taken back by its author or an admin: kept in the history, shown nowhere.
        WITHDRAWN = "withdrawn", "Withdrawn"

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="progress_updates")
    date_of_update = models.DateField(null=True, blank=True, help_text="Empty where the source plan gives no date.")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="progress_updates"
    )
    status = models.CharField(
        max_length=20,
        choices=Status.stated_choices(),
        blank=True,
        help_text="Empty only for progress transcribed from a source plan that states no status.",
    )
    narrative = models.TextField()
    percent_complete = models.PositiveSmallIntegerField(null=True, blank=True, validators=[MaxValueValidator(100)])
    evidence_url = models.URLField("evidence link", max_length=500, blank=True)
    from_source_plan = models.BooleanField(
        default=False, help_text="Transcribed from the progress column of the published plan."
    )
    # A default rather than auto_now_add, so that loading a fixture (a raw save) fills it too.
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    # Approved by default: updates of plans without approval, and every update made before approval existed.
    state = models.CharField(max_length=10, choices=State.choices, default=State.APPROVED)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_note = models.TextField(blank=True, help_text="Why the update was returned to its author.")
    history = HistoricalRecords()

    objects = ProgressUpdateQuerySet.as_manager()

    class Meta:
        ordering = ["action", *OLDEST_FIRST]
        indexes = [
            models.Index(fields=["action", "date_of_update", "created_at"], name="progress_action_latest"),
            # An action's latest counted update (actions.models.latest_updates),
            # read in the index's own order, as of any day.
            LatestFirstIndex(
                F("action"),
                F("date_of_update").desc(nulls_last=True),
                F("created_at").desc(),
                F("id").desc(),
                condition=Q(state=COUNTED_STATE),
                name="progress_latest_counted",
            ),
            # The updates dated in a period: "new updates since" on the dashboards.
            models.Index(fields=["date_of_update"], name="progress_dated"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(percent_complete__isnull=True) | models.Q(percent_complete__lte=100),
                name="percent_complete_at_most_100",
            ),
        ]

    def __str__(self) -> str:
        when = self.date_of_update.isoformat() if self.date_of_update else "undated"
        return f"{self.action.reference or 'Action'} — {when} — {self.get_status_display() or 'status not recorded'}"

    @property
    def is_counted(self) -> bool:
        """Only an approved update reports on its action."""
        return self.state == self.State.APPROVED

    def may_still_change(self, now: datetime.datetime | None = None) -> bool:
        """Whether it may still be corrected or withdrawn: while it is not
        approved; where its plan needs no approval, for
        `settings.UPDATE_CORRECTION_HOURS` after it was posted."""
        if self.state in (self.State.SUBMITTED, self.State.RETURNED):
            return True
        if self.state != self.State.APPROVED or self.action.plan.approval_required:
            return False
        now = now or timezone.now()
        return now - self.created_at < datetime.timedelta(hours=settings.UPDATE_CORRECTION_HOURS)

    @property
    def reported_status(self) -> Status:
        """The status as the action reports it: "Status not recorded" where the update states none."""
        return Status(self.status) if self.status else Status.NOT_RECORDED


@receiver(post_delete, sender=settings.AUTH_USER_MODEL)
def _history_forgets_deleted_authors(sender, instance, **kwargs):
    """Deleting a user empties their updates' author (SET_NULL) and the history's
    "changed by" (simple_history's own SET_NULL), but the history's copies of
    the author (and of the reviewer) have no constraint: they would point at nobody, stopping
    `dumpdata --natural-foreign`, or at whoever gets that id after a restore."""
    ProgressUpdate.history.filter(author_id=instance.pk).update(author=None)
    ProgressUpdate.history.filter(reviewed_by_id=instance.pk).update(reviewed_by=None)
