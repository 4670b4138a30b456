"""Import records: each import's preview is computed and kept on its record
until an admin confirms or cancels it."""

import hashlib

from django.db import transaction
from django.utils import timezone

from plans.models import Organisation, Plan

from .columns import normalise
from .forms import read_upload
from .importing import NewPlan, Outcome, import_steps, run_import
from .models import ColumnMapping, ImportRecord
from .tabulate import Table, guess_mapping, normalised_headings, read_table


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
    record.counts["themes_new_titles"] = kept["themes_new"]


def import_record_preview(
    *, record: ImportRecord, user, mapping: dict[int, str | None] | None = None, save_mapping=False, rows=None
) -> ImportRecord:
    if mapping is not None:
        record.mapping = {str(index): field for index, field in mapping.items()}
    table = load_table(record, rows)
    _keep(record, run_import(table=table, user=user, write=False, source=record.file_name, **_target(record)))
    record.save()
    if save_mapping and not table.problems:
        ColumnMapping.objects.update_or_create(
            organisation=owner_of(record), defaults={"headings": normalised_headings(table), "saved_by": user}
        )
    return record


def import_record_confirm_steps(*, record: ImportRecord, user):
    """Import for real, yielding progress; the record says how it ended."""
    outcome = None
    for step in import_steps(
        table=load_table(record), user=user, write=True, source=record.file_name, **_target(record)
    ):
        if isinstance(step, Outcome):
            outcome = step
        else:
            yield step
    with transaction.atomic():
        _keep(record, outcome)
        if outcome.problems:
            record.status = ImportRecord.Status.FAILED
        else:
            record.status = ImportRecord.Status.IMPORTED
            record.plan = outcome.plan
            record.imported_at = timezone.now()
            record.content = None  # the checksum stays; the file is not kept
        record.save()
    yield record


def import_record_cancel(*, record: ImportRecord) -> None:
    record.status = ImportRecord.Status.CANCELLED
    record.content = None
    record.save()
