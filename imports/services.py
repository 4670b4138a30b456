"""Import records: each import's preview is computed and kept on its record
until an admin confirms or cancels it, or it expires.

Checking a file and importing it are long, so they run as background jobs
(imports/tasks.py): a record is "checking" while its job reads the file and
previews it, "previewed" once that is done, and "importing" while the
confirmed import runs. Each job writes how far it has got (stage, rows done
of rows total) on the record, for its page to show.

A record moves on from "previewed" only by a conditional UPDATE (…WHERE
status = 'previewed'), so of two admins confirming (or one confirming while
another cancels) exactly one wins, and the other is told why not."""

import hashlib
from collections.abc import Iterable
from dataclasses import asdict
from datetime import datetime, timedelta

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, transaction
from django.utils import timezone

from plans.locks import hold_for_replacing
from plans.models import Organisation, Plan
from spreadsheets import FormulaWithoutValue, SpreadsheetError

from .columns import normalise
from .forms import read_upload
from .importing import NewPlan, Outcome, import_steps
from .models import ColumnMapping, ImportRecord
from .owners import owner_texts
from .tabulate import Problem, Table, cell_text, guess_mapping, normalised_headings, read_table
from .undo import UNDO_RUNS_AT_MOST, kept_for_undo, snapshot_before_import
from .wording import moment, person

Status = ImportRecord.Status
# A confirmed import runs in one job (or one command); one still
# "importing" after this long was killed part-way, and wrote nothing.
IMPORT_RUNS_AT_MOST = timedelta(hours=1)
# The file's first rows are kept for the admin to choose the header row from.
FIRST_ROWS_KEPT = 15
FIRST_ROWS_CELL_CHARACTERS = 60


class NotConfirmable(Exception):
    """The record cannot be confirmed; the message says why, for the admin who tried."""


def import_record_create(*, user, file_name: str, content: bytes, plan: Plan | None, new_plan: dict) -> ImportRecord:
    """Record the upload, to be checked by `import_record_check` (a job, or
    the command itself). Fast: nothing is read yet."""
    return ImportRecord.objects.create(
        created_by=user,
        status=Status.CHECKING,
        stage="Waiting to be checked",
        plan=plan,
        new_plan=new_plan,
        file_name=file_name[:255],
        file_size=len(content),
        checksum=hashlib.sha256(content).hexdigest(),
        content=content,
    )


def import_record_check(*, record: ImportRecord, user, rows: list[list] | None = None, save_mapping=False):
    """Read a "checking" record's file and preview it, then make it "previewed",
    or "failed" if the file cannot be read (the upload checked only its kind).

    A check with no headings yet (the first, or one after the admin chose
    the header row) finds the header row, unless chosen, and guesses the
    columns (the headings we know, then the council's saved choices); a
    check after the admin chose the columns keeps their choices."""
    if record.status != Status.CHECKING:
        return record
    using = progress_database()
    table = _read_for_check(record, rows, using=using)
    if table is None:
        return record
    outcome = None
    record_progress(record, "Checking the rows", 0, len(table.actions), using=using)
    for step in import_steps(table=table, user=user, write=False, source=record.file_name, **_target(record)):
        if isinstance(step, Outcome):
            outcome = step
        else:
            record_progress(record, "Checking the rows", *step, using=using)
    _keep(record, outcome)
    record.counts["owner_texts"] = owner_texts(table)  # for the preview's owners: imports/owner_views.py
    if save_mapping and not table.problems:
        ColumnMapping.objects.update_or_create(
            organisation=owner_of(record), defaults={"headings": normalised_headings(table), "saved_by": user}
        )
    return _checked(record, counts=record.counts, changes=record.changes, problems=record.problems)


def _read_for_check(record: ImportRecord, rows: list[list] | None, *, using: str) -> Table | None:
    """The record's file read as a table, its header row found and its
    columns guessed where not chosen yet; None if the file cannot be read
    (the record has then failed, and says why)."""
    record_progress(record, "Reading the file", using=using)
    try:
        if rows is None:
            rows = read_upload(record.file_name, bytes(record.content))
    except SpreadsheetError as error:
        import_record_fail(record=record, message=str(error))
        record.refresh_from_db()
        return None
    if not record.first_rows:
        record.first_rows = first_rows(rows)
        ImportRecord.objects.filter(pk=record.pk).update(first_rows=record.first_rows)
    if not record.headings:
        table = _guess_columns(record, rows)
        if table.mapping == mapping_of(record):  # read as the columns were guessed: no need to read it again
            return table
    return load_table(record, rows)


def import_record_check_and_confirm_steps(*, record: ImportRecord, user, rows: list[list], approve_updates=False):
    """Check a "checking" record and import it in the same pass, for an admin
    who confirmed before seeing the preview (`import_plan --confirm`): the
    rows are read, checked and written once, not checked for a preview and
    then again to import. Yields progress, then the record: "imported", or
    "failed" with the problems found (then nothing was written: the import
    is one transaction), or "previewed" with the problems of a file that
    cannot be imported as a whole (no action column, too many rows…)."""
    if record.status != Status.CHECKING:
        yield record
        return
    table = _read_for_check(record, rows, using=progress_database())
    if table is None or table.problems:
        if table is not None:
            _keep(record, Outcome(problems=list(table.problems)))
            record = _checked(record, counts=record.counts, changes=record.changes, problems=record.problems)
        yield record
        return
    # Claimed as `import_record_claim` claims a preview, straight from the check.
    approved = bool(approve_updates) and _plan_needs_approval(record)
    claimed = ImportRecord.objects.filter(pk=record.pk, status=Status.CHECKING).update(
        status=Status.IMPORTING, confirmed_by=user, confirmed_at=timezone.now(), updates_approved=approved
    )
    record.refresh_from_db()
    if not claimed:  # cancelled meanwhile
        yield record
        return
    yield from import_record_confirm_steps(record=record, user=user, table=table)


def first_rows(rows: list[list]) -> list[list[str]]:
    """The file's first rows as text, each cell cut short, for the admin to
    see and choose the header row from."""
    shown = [
        [_cut(cell_text(cell) if not isinstance(cell, FormulaWithoutValue) else cell.formula) for cell in row]
        for row in rows[:FIRST_ROWS_KEPT]
    ]
    width = max((len(row) for row in shown), default=0)
    return [row + [""] * (width - len(row)) for row in shown]  # a table of even rows


def _cut(text: str) -> str:
    return text if len(text) <= FIRST_ROWS_CELL_CHARACTERS else text[: FIRST_ROWS_CELL_CHARACTERS - 1] + "…"


def _guess_columns(record: ImportRecord, rows: list[list]) -> Table:
    """Find the header row, unless the admin chose it, then read each column
    by the headings we know, then by the council's saved choices. Returns the
    table as read by the headings we know."""
    table = read_table(rows, header_index=record.header_row - 1 if record.header_row else None)
    record.header_row, record.headings = table.header_row, table.headings
    mapping = guess_mapping(table.headings)
    saved = ColumnMapping.objects.filter(organisation=owner_of(record)).first()
    if saved:
        for index, heading in enumerate(table.headings):
            if normalise(heading) in saved.headings:
                mapping[index] = saved.headings[normalise(heading)]
    record.mapping = {str(index): field for index, field in mapping.items()}
    ImportRecord.objects.filter(pk=record.pk).update(
        header_row=record.header_row, headings=record.headings, mapping=record.mapping
    )
    return table


def _checked(record: ImportRecord, **found) -> ImportRecord:
    """The check is done: the record becomes a preview, unless it was cancelled or expired meanwhile."""
    ImportRecord.objects.filter(pk=record.pk, status=Status.CHECKING).update(
        status=Status.PREVIEWED, stage="", rows_done=0, rows_total=0, **found
    )
    record.refresh_from_db()
    return record


def import_record_recheck(
    *, record: ImportRecord, mapping: dict[int, str | None] | None = None, header_row: int | None = None
) -> ImportRecord:
    """Take a preview back to "checking", for `import_record_check` to check
    again with the admin's choice of columns, or of header row (whose columns
    are then read afresh); NotConfirmable if it is no longer a preview (a
    confirmation may have claimed it meanwhile)."""
    chosen = {"mapping": {str(index): field for index, field in (mapping or {}).items()}}
    if header_row is not None:
        chosen.update(header_row=header_row, headings=[], mapping={})
    if not ImportRecord.objects.filter(pk=record.pk, status=Status.PREVIEWED).update(
        status=Status.CHECKING, stage="Waiting to be checked again", rows_done=0, rows_total=0, **chosen
    ):
        record.refresh_from_db()
        raise NotConfirmable(why_not_confirmable(record))
    record.refresh_from_db()
    return record


def progress_database() -> str:
    """Where a job starting now writes its progress.

    A connection of its own where there is one (PostgreSQL: config/settings),
    committed at once, so the page sees each chunk while the import's one
    transaction is still open. Not when the job runs inside a transaction
    already (the immediate backend, in a request): that transaction may hold
    the record's row, and a second connection would wait for it for ever.
    On SQLite progress is written in the job's own transaction and seen when
    that commits, so there the page shows each stage rather than each chunk."""
    if "progress" in settings.DATABASES and not transaction.get_connection().in_atomic_block:
        return "progress"
    return DEFAULT_DB_ALIAS


def record_progress(record: ImportRecord, stage: str, done: int = 0, total: int = 0, *, using: str) -> None:
    """Write how far the record's job has got, while the job still runs."""
    ImportRecord.objects.using(using).filter(pk=record.pk, status__in=[Status.CHECKING, Status.IMPORTING]).update(
        stage=stage[:200], rows_done=done, rows_total=total
    )


def _whole_file_problem(message: str) -> dict:
    """A problem with the file as a whole, as a record keeps its problems."""
    return asdict(Problem(None, "", message))


def import_record_fail(*, record: ImportRecord, message: str) -> None:
    """A job ended with an error: the record says so plainly, and keeps no file.
    Nothing was written: the import is one transaction."""
    ImportRecord.objects.filter(
        pk=record.pk, status__in=[Status.CHECKING, Status.IMPORTING, Status.INTERRUPTED]
    ).update(
        status=Status.FAILED,
        stage="",
        content=None,
        problems=[_whole_file_problem(message)],
    )


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


def why_not_confirmable(record: ImportRecord) -> str:
    """Why a record that is no longer a preview cannot be confirmed, in plain words."""
    if record.status == Status.CHECKING:
        return "This file is still being checked. Its preview shows here once the check has finished."
    if record.status == Status.IMPORTING:
        return f"This import is already being confirmed by {person(record.confirmed_by)}."
    if record.status == Status.IMPORTED:
        when = record.imported_at or record.confirmed_at or record.created_at
        return f"This import was confirmed on {moment(when)} by {person(record.confirmed_by or record.created_by)}."
    if record.status == Status.EXPIRED:
        hours = settings.IMPORT_PREVIEW_EXPIRES_HOURS
        return (
            f"This preview has expired: it was not confirmed within {hours} hour{'s' if hours != 1 else ''} "
            "of the upload. Upload the file again."
        )
    if record.status == Status.INTERRUPTED:
        return "This import was interrupted before it finished, so nothing was imported. Upload the file again."
    if record.status == Status.UNDOING:
        return f"This import is being undone by {person(record.undone_by)}."
    if record.status == Status.UNDONE:
        return f"This import was undone by {person(record.undone_by)} on {moment(record.undone_at)}."
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


def updates_approval_offered(record: ImportRecord) -> bool:
    """Whether the preview asks the admin to mark the file's new progress
    updates as approved: only where they would otherwise await approval,
    that is, an existing plan that needs it."""
    return bool(record.counts.get("progress_updates_new")) and _plan_needs_approval(record)


def _plan_needs_approval(record: ImportRecord) -> bool:
    """Whether the record imports into an existing plan whose updates await approval."""
    return bool(record.plan_id and Plan.objects.filter(pk=record.plan_id, approval_required=True).exists())


def import_record_claim(
    *, record: ImportRecord, user, remove: Iterable = (), approve_updates: bool = False
) -> ImportRecord:
    """Take the record for confirming by `user`, or raise NotConfirmable.
    `remove`: ids of the actions the preview listed as not in the file that
    the admin ticked to remove; any other value is ignored. `approve_updates`:
    the admin marked the new progress updates as approved; ignored where the
    preview does not ask (`updates_approval_offered`).

    One conditional UPDATE: of two confirmations at the same moment, one
    updates the row and the other, once the first has committed (PostgreSQL
    makes it wait for the row and check the WHERE again), updates nothing."""
    import_record_expire_if_stale(record)
    listed = {str(action["action"]): action["action"] for action in record.counts.get("not_in_file", [])}
    to_remove = sorted({listed[str(pk)] for pk in remove if str(pk) in listed})
    approved = bool(approve_updates) and updates_approval_offered(record)
    claimed = ImportRecord.objects.filter(
        pk=record.pk, status=Status.PREVIEWED, created_at__gte=preview_expires_before()
    ).update(
        status=Status.IMPORTING,
        confirmed_by=user,
        confirmed_at=timezone.now(),
        actions_to_remove=to_remove,
        updates_approved=approved,
    )
    record.refresh_from_db()
    if not claimed:
        raise NotConfirmable(why_not_confirmable(import_record_expire_if_stale(record)))
    if record.problems:  # the columns were chosen again, badly, just before
        ImportRecord.objects.filter(pk=record.pk, status=Status.IMPORTING).update(
            status=Status.PREVIEWED, confirmed_by=None, confirmed_at=None, actions_to_remove=[], updates_approved=False
        )
        record.refresh_from_db()
        raise NotConfirmable(why_not_confirmable(record))
    return record


def import_record_confirm_steps(*, record: ImportRecord, user, table: Table | None = None):
    """Import a record claimed by `import_record_claim` for real, yielding
    progress and then the record, which says how it ended.

    The import and the record's outcome are one transaction: a worker killed
    part-way leaves the record "importing" with nothing written, for
    `expire_imports` to mark interrupted. An import stopped any other way (the
    browser went away, an error) is marked interrupted here. `table`: the
    file as just read, where the caller has it."""
    try:
        table = load_table(record) if table is None else table
    except SpreadsheetError as error:  # the limits were lowered since the preview
        table = Table(record.header_row, record.headings, {}, problems=[Problem(None, "", str(error))])
    steps = import_steps(
        table=table,
        user=user,
        write=True,
        source=record.file_name,
        remove=record.actions_to_remove,
        approve_updates=record.updates_approved,
        **_target(record),
    )
    outcome, finished = None, False
    try:
        with transaction.atomic():
            if record.plan_id:  # nobody writes to the plan until the import's copy and fingerprint agree
                hold_for_replacing(record.plan_id)
            before = snapshot_before_import(record)  # to undo the import: imports/undo.py
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
            ended = {"counts": record.counts, "changes": record.changes, "problems": record.problems}
            ended.update(content=None, stage="", rows_done=0, rows_total=0)
            if outcome.problems:
                ended["status"] = Status.FAILED
            else:
                ended.update(status=Status.IMPORTED, plan=outcome.plan, imported_at=timezone.now())
                ended.update(kept_for_undo(snapshot=before, plan=outcome.plan))
            # Still ours? `expire_imports` may have given up on a very slow import.
            if not ImportRecord.objects.filter(pk=record.pk, status=Status.IMPORTING).update(**ended):
                transaction.set_rollback(True)
            finished = True
    finally:
        if not finished:
            ImportRecord.objects.filter(pk=record.pk, status=Status.IMPORTING).update(
                status=Status.INTERRUPTED, content=None, stage=""
            )
    record.refresh_from_db()
    yield record


def import_record_confirm(*, record: ImportRecord, user) -> ImportRecord:
    """Import a claimed record for real, writing its progress as it goes."""
    using = progress_database()
    record_progress(record, "Importing the rows", using=using)
    for step in import_record_confirm_steps(record=record, user=user):
        if isinstance(step, ImportRecord):
            record = step
        else:
            record_progress(record, "Importing the rows", *step, using=using)
    return record


def import_record_cancel(*, record: ImportRecord) -> bool:
    """Cancel a preview, or a check still running (its job then leaves the
    record as it is); False if it was neither (confirmed, expired…)."""
    return bool(
        ImportRecord.objects.filter(pk=record.pk, status__in=[Status.PREVIEWED, Status.CHECKING]).update(
            status=Status.CANCELLED, content=None, stage="", rows_done=0, rows_total=0
        )
    )


def import_records_expire(*, interrupted_after: timedelta = IMPORT_RUNS_AT_MOST) -> dict[str, int]:
    """Expire old previews, mark imports that never finished as interrupted,
    and drop every stored file that can no longer be imported."""
    # A check still running after the preview's time was killed part-way: it expires too.
    expired = ImportRecord.objects.filter(
        status__in=[Status.PREVIEWED, Status.CHECKING], created_at__lt=preview_expires_before()
    ).update(status=Status.EXPIRED, content=None, stage="")
    interrupted = ImportRecord.objects.filter(
        status=Status.IMPORTING, confirmed_at__lt=timezone.now() - interrupted_after
    ).update(status=Status.INTERRUPTED, content=None, stage="")
    # An undo is one transaction too: one still running after this long was killed, and wrote nothing.
    undos_given_up = ImportRecord.objects.filter(
        status=Status.UNDOING, undone_at__lt=timezone.now() - UNDO_RUNS_AT_MOST
    ).update(status=Status.IMPORTED, undone_by=None, undone_at=None)
    # Left by older versions, which kept the file of a failed import.
    dropped = (
        ImportRecord.objects.exclude(status__in=[Status.CHECKING, Status.PREVIEWED, Status.IMPORTING])
        .filter(content__isnull=False)
        .update(content=None)
    )
    return {
        "expired": expired,
        "interrupted": interrupted,
        "files_dropped": expired + interrupted + dropped,
        "undos_given_up": undos_given_up,
    }
