"""What the product keeps about imports: each import with who, when, the file
and what it changed, and column mappings saved for a council's next file."""

from django.conf import settings
from django.db import models

from plans.models import Organisation, Plan


class ColumnMapping(models.Model):
    """Which field each of a council's column headings means, saved from an
    import's preview and offered for the next file from the same council."""

    organisation = models.OneToOneField(Organisation, on_delete=models.CASCADE, related_name="column_mapping")
    headings = models.JSONField(default=dict, help_text="Normalised heading → field, or null to leave it out.")
    saved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    saved_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Column mapping for {self.organisation}"


class ImportRecord(models.Model):
    class Status(models.TextChoices):
        # Uploaded (or its columns chosen again); a job is reading and checking it.
        CHECKING = "checking", "Being checked"
        PREVIEWED = "previewed", "Previewed, not imported"
        # Claimed by one confirmation: nobody else may confirm it (services.import_record_claim).
        IMPORTING = "importing", "Being imported"
        IMPORTED = "imported", "Imported"
        CANCELLED = "cancelled", "Cancelled"
        FAILED = "failed", "Failed"
        EXPIRED = "expired", "Expired, not imported"
        # The import is one transaction, so one that never finished wrote nothing.
        INTERRUPTED = "interrupted", "Interrupted, not imported"
        # Taken by one admin's undo, whose job is putting the plan back (imports/undo.py).
        UNDOING = "undoing", "Being undone"
        UNDONE = "undone", "Undone"

    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="imports")
    created_at = models.DateTimeField(auto_now_add=True)
    imported_at = models.DateTimeField(null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    confirmed_at = models.DateTimeField(null=True, blank=True, help_text="When the import was confirmed and began.")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PREVIEWED)
    plan = models.ForeignKey(Plan, on_delete=models.SET_NULL, null=True, blank=True, related_name="imports")
    new_plan = models.JSONField(default=dict, blank=True, help_text="Title and organisation of a plan to create.")
    file_name = models.CharField(max_length=255)
    file_size = models.PositiveIntegerField()
    checksum = models.CharField("SHA-256", max_length=64)
    # The uploaded file is kept from preview to confirmation, then dropped.
    content = models.BinaryField(null=True, blank=True, editable=False)
    header_row = models.PositiveIntegerField(default=0)
    headings = models.JSONField(default=list, help_text="The header row's cells, as text.")
    # The file's first rows, for the admin to choose the header row where none is recognised.
    first_rows = models.JSONField(default=list, blank=True, help_text="The file's first rows, as text.")
    mapping = models.JSONField(default=dict, help_text="Column index → field.")
    counts = models.JSONField(default=dict)
    changes = models.JSONField(default=list)
    problems = models.JSONField(default=list)
    # How far the record's job has got (imports/tasks.py), for its page to show.
    stage = models.CharField(max_length=200, blank=True)
    rows_done = models.PositiveIntegerField(default=0)
    rows_total = models.PositiveIntegerField(default=0)
    # The plan's actions not in the file that the admin ticked to remove, kept from confirmation to the import.
    actions_to_remove = models.JSONField(default=list, blank=True, help_text="Ids of the actions to remove.")
    # Where the plan needs approval: whether the admin marked the file's new progress updates as approved.
    updates_approved = models.BooleanField(
        default=False, help_text="The import's new progress updates were marked as approved by the admin."
    )
    # For undoing the import (imports/undo.py): the plan as it was before, and a
    # fingerprint of the plan as the import left it, to tell whether anything was written since.
    undo_snapshot = models.BinaryField(null=True, blank=True, editable=False)
    undo_fingerprint = models.JSONField(default=dict, blank=True, editable=False)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    undone_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_status_display()}, {self.created_at:%d %b %Y %H:%M})"

    @property
    def plan_title(self) -> str:
        return self.plan.title if self.plan_id else self.new_plan.get("title", "")
