"""Import records: each import's preview is computed and kept on its record
until an admin confirms or cancels it, or it expires.

A record moves on from "previewed" only by a conditional UPDATE (…WHERE
status = 'previewed'), so of two admins confirming (or one confirming while
another cancels) exactly one wins, and the other is told why not."""

import hashlib
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import dateformat, timezone

from plans.models import Organisation, Plan
from spreadsheets import SpreadsheetError

from .columns import normalise
from .forms import read_upload
from .importing import NewPlan, Outcome, import_steps, run_import
from .models import ColumnMapping, ImportRecord
from .tabulate import Problem, Table, guess_mapping, normalised_headings, read_table

Status = ImportRecord.Status
# A confirmed import runs in one request (or one command); one still
# "importing" after this long was killed part-way, and wrote nothing.
IMPORT_RUNS_AT_MOST = timedelta(hours=1)


class NotConfirmable(Exception):
    """The record cannot be confirmed; the message says why, for the admin who tried."""


def import_record_create(
    *, user, file_name: str, content: bytes, rows: list[list], plan: Plan | None, new_plan: dict
) -> ImportRecord:
    """Record the upload and preview it with the best mapping we have: the
    headings we know, then the council's saved choices."""
    table = read_table(rows)
    record = ImportRecord.objects.create(
        created_by=user,
        plan=plan,
        new_plan=new_plan,
        file_name=file_name[:255],
        file_size=len(content),
        checksum=hashlib.sha256(content).hexdigest(),
        content=content,
        header_row=table.header_row,
        headings=table.headings,
    )
    mapping = guess_mapping(table.headings)
    saved = ColumnMapping.objects.filter(organisation=owner_of(record)).first()
    if saved:
        for index, heading in enumerate(table.headings):
            if normalise(heading) in saved.headings:
                mapping[index] = saved.headings[normalise(heading)]
    record.mapping = {str(index): field for index, field in mapping.items()}
    import_record_preview(record=record, user=user, rows=rows)
    return record


def owner_of(record: ImportRecord) -> Organisation | None:
    if record.plan_id:
        return record.plan.organisation
    return Organisation.objects.filter(pk=record.new_plan.get("organisation")).first()


def mapping_of(record: ImportRecord) -> dict[int, str | None]:
    return {int(index): field for index, field in record.mapping.items()}


def load_table(record: ImportRecord, rows: list[list] | None = None) -> Table:
    if rows is None:
        rows = read_upload(record.file_name, bytes(record.content))
    mapping = mapping_of(record) if record.mapping else None
    return read_table(rows, mapping, header_index=record.header_row - 1 if record.header_row else None)


def _target(record: ImportRecord) -> dict:
    if record.plan_id:
        return {"plan": record.plan}
    return {"new_plan": NewPlan(record.new_plan["title"], owner_of(record))}


def _keep(record: ImportRecord, outcome: Outcome) -> None:
    kept = outcome.as_json()
    record.counts, record.changes, record.problems = kept["counts"], kept["changes"], kept["problems"]
    if record.counts:  # a file refused as a whole has no counts, and so no themes either
        record.counts["themes_new_titles"] = kept["themes_new"]


def import_record_preview(
    *, record: ImportRecord, user, mapping: dict[int, str | None] | None = None, save_mapping=False, rows=None
) -> ImportRecord:
    if mapping is not None:
        record.mapping = {str(index): field for index, field in mapping.items()}
    table = load_table(record, rows)
    _keep(record, run_import(table=table, user=user, write=False, source=record.file_name, **_target(record)))
    # Only while it is still a preview: a confirmation may have claimed it meanwhile.
    kept = ImportRecord.objects.filter(pk=record.pk, status=Status.PREVIEWED).update(
        mapping=record.mapping, counts=record.counts, changes=record.changes, problems=record.problems
    )
    if not kept:
        record.refresh_from_db()
        raise NotConfirmable(why_not_confirmable(record))
    if save_mapping and not table.problems:
        ColumnMapping.objects.update_or_create(
            organisation=owner_of(record), defaults={"headings": normalised_headings(table), "saved_by": user}
        )
    return record


def _name(user) -> str:
    if user is None:
        return "someone who is no longer a user"
    return user.get_full_name() or user.get_username()


def _when(moment) -> str:
    return dateformat.format(timezone.localtime(moment), r"j F Y \a\t H:i")


def why_not_confirmable(record: ImportRecord) -> str:
    """Why a record that is no longer a preview cannot be confirmed, in plain words."""
    if record.status == Status.IMPORTING:
        return f"This import is already being confirmed by {_name(record.confirmed_by)}."
    if record.status == Status.IMPORTED:
        when = record.imported_at or record.confirmed_at or record.created_at
        return f"This import was confirmed on {_when(when)} by {_name(record.confirmed_by or record.created_by)}."
    if record.status == Status.EXPIRED:
        hours = settings.IMPORT_PREVIEW_EXPIRES_HOURS
        return (
            f"This preview has expired: it was not confirmed within {hours} hour{'s' if hours != 1 else ''} "
            "of the upload. Upload the file again."
        )
    if record.status == Status.INTERRUPTED:
        return "This import was interrupted before it finished, so nothing was imported. Upload the file again."
    if record.status == Status.CANCELLED:
        return "This import was cancelled, so nothing was imported. Upload the file again."
    if record.status == Status.FAILED:
        return "This import failed, so nothing was imported. Correct the file and upload it again."
    return "This import cannot be confirmed: check its problems first."


def preview_expires_before() -> datetime:
    return timezone.now() - timedelta(hours=settings.IMPORT_PREVIEW_EXPIRES_HOURS)


def import_record_expire_if_stale(record: ImportRecord) -> ImportRecord:
    """Expire the record now if its preview is too old, rather than wait for `expire_imports`."""
    if record.status == Status.PREVIEWED and record.created_at < preview_expires_before():
        ImportRecord.objects.filter(pk=record.pk, status=Status.PREVIEWED).update(status=Status.EXPIRED, content=None)
        record.refresh_from_db()
    return record


def import_record_claim(*, record: ImportRecord, user) -> ImportRecord:
    """Take the record for confirming by `user`, or raise NotConfirmable.

    One conditional UPDATE: of two confirmations at the same moment, one
    updates the row and the other, once the first has committed (PostgreSQL
    makes it wait for the row and check the WHERE again), updates nothing."""
    import_record_expire_if_stale(record)
    claimed = ImportRecord.objects.filter(
        pk=record.pk, status=Status.PREVIEWED, created_at__gte=preview_expires_before()
    ).update(status=Status.IMPORTING, confirmed_by=user, confirmed_at=timezone.now())
    record.refresh_from_db()
    if not claimed:
        raise NotConfirmable(why_not_confirmable(import_record_expire_if_stale(record)))
    if record.problems:  # the columns were chosen again, badly, just before
        ImportRecord.objects.filter(pk=record.pk, status=Status.IMPORTING).update(
            status=Status.PREVIEWED, confirmed_by=None, confirmed_at=None
        )
        record.refresh_from_db()
        raise NotConfirmable(why_not_confirmable(record))
    return record


def import_record_confirm_steps(*, record: ImportRecord, user):
    """Import a record claimed by `import_record_claim` for real, yielding
    progress and then the record, which says how it ended.

    The import and the record's outcome are one transaction: a worker killed
    part-way leaves the record "importing" with nothing written, for
    `expire_imports` to mark interrupted. An import stopped any other way (the
    browser went away, an error) is marked interrupted here."""
    try:
        table = load_table(record)
    except SpreadsheetError as error:  # the limits were lowered since the preview
        table = Table(record.header_row, record.headings, {}, problems=[Problem(None, "", str(error))])
    steps = import_steps(table=table, user=user, write=True, source=record.file_name, **_target(record))
    outcome, finished = None, False
    try:
        with transaction.atomic():
            try:
                for step in steps:
                    if isinstance(step, Outcome):
                        outcome = step
                    else:
                        yield step
            finally:
                # Close the import's own transaction before this one ends, whatever stopped us.
                steps.close()
            _keep(record, outcome)
            ended = {"counts": record.counts, "changes": record.changes, "problems": record.problems, "content": None}
            if outcome.problems:
                ended["status"] = Status.FAILED
            else:
                ended.update(status=Status.IMPORTED, plan=outcome.plan, imported_at=timezone.now())
            # Still ours? `expire_imports` may have given up on a very slow import.
            if not ImportRecord.objects.filter(pk=record.pk, status=Status.IMPORTING).update(**ended):
                transaction.set_rollback(True)
            finished = True
    finally:
        if not finished:
            ImportRecord.objects.filter(pk=record.pk, status=Status.IMPORTING).update(
                status=Status.INTERRUPTED, content=None
            )
    record.refresh_from_db()
    yield record


def import_record_cancel(*, record: ImportRecord) -> bool:
    """Cancel a preview; False if it was no longer one (confirmed, expired…)."""
    return bool(
        ImportRecord.objects.filter(pk=record.pk, status=Status.PREVIEWED).update(status=Status.CANCELLED, content=None)
    )


def import_records_expire(*, interrupted_after: timedelta = IMPORT_RUNS_AT_MOST) -> dict[str, int]:
    """Expire old previews, mark imports that never finished as interrupted,
    and drop every stored file that can no longer be imported."""
    expired = ImportRecord.objects.filter(status=Status.PREVIEWED, created_at__lt=preview_expires_before()).update(
        status=Status.EXPIRED, content=None
    )
    interrupted = ImportRecord.objects.filter(
        status=Status.IMPORTING, confirmed_at__lt=timezone.now() - interrupted_after
    ).update(status=Status.INTERRUPTED, content=None)
    # Left by older versions, which kept the file of a failed import.
    dropped = (
        ImportRecord.objects.exclude(status__in=[Status.PREVIEWED, Status.IMPORTING])
        .filter(content__isnull=False)
        .update(content=None)
    )
    return {"expired": expired, "interrupted": interrupted, "files_dropped": expired + interrupted + dropped}
