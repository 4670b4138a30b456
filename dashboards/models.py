from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from plans.models import Plan

COMMENTARY_MAX_LENGTH = 2000  # about a page of board papers


class BoardCommentaryQuerySet(models.QuerySet):
    def for_report(self, plans, as_of) -> dict[int, "BoardCommentary"]:
        """Each plan's commentary for the first board on or after `as_of`: the
        board a report printed that day is for. One query whatever the plans."""
        found: dict[int, BoardCommentary] = {}
        commentaries = self.filter(plan__in=plans, board_on__gte=as_of).select_related("plan", "written_by")
        for commentary in commentaries.order_by("plan_id", "board_on"):
            found.setdefault(commentary.plan_id, commentary)
        return found


class BoardCommentary(models.Model):
    """A partnership chair's few words for a plan's board meeting: they print
    at the top of the board report for that meeting, and stay with it."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="board_commentaries")
    board_on = models.DateField("board date")
    text = models.TextField("commentary", max_length=COMMENTARY_MAX_LENGTH)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    objects = BoardCommentaryQuerySet.as_manager()

    class Meta:
        ordering = ["plan", "-board_on"]
        verbose_name_plural = "board commentaries"
        constraints = [models.UniqueConstraint(fields=["plan", "board_on"], name="one_commentary_per_board")]

    def __str__(self) -> str:
        return f"{self.plan}: board on {self.board_on:%d %B %Y}"


class BoardWorkbook(models.Model):
    """A large board report's workbook, built by a job (dashboards.tasks)
    rather than while the page waits: who asked, for which plans and days,
    and, once built, the file. Anyone who may read every one of its plans may
    download it (dashboards.workbooks)."""

    class Status(models.TextChoices):
        BUILDING = "building", "Being built"
        READY = "ready", "Ready"
        FAILED = "failed", "Not built"

    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    plans = models.ManyToManyField(Plan, related_name="+")  # the plans it covers: `plan` alone, or the overview's
    title = models.CharField(max_length=300)
    as_of = models.DateField()
    since = models.DateField()
    stale_days = models.PositiveIntegerField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.BUILDING)
    message = models.TextField(blank=True)  # why it was not built
    content = models.BinaryField(null=True, blank=True, editable=False)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at"]

    def __str__(self) -> str:
        return f"{self.title}: board workbook as of {self.as_of:%d %B %Y}"

    @property
    def name(self) -> str:
        """What its file is named after: its plan's slug, or "partnership" for several plans."""
        return self.plan.slug if self.plan_id else "partnership"
