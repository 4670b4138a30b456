"""The import's background jobs: checking an uploaded file, and importing it
once confirmed. The pages enqueue them and poll the record for progress; a
worker (`manage.py db_worker`) runs them. README, "Background jobs".

A job is given the record's and the admin's ids, not the objects: it runs
later, in another process, and reads both afresh."""

import logging

from django.contrib.auth import get_user_model
from django_tasks import task

from .models import ImportRecord
from .services import import_record_check, import_record_confirm, import_record_fail
from .undo import NotUndoable, import_record_undo

logger = logging.getLogger(__name__)

CHECK_FAILED = "Something went wrong while checking this file, so it cannot be imported. Nothing was written. Upload it again, or ask for help if it fails again."
IMPORT_FAILED = "Something went wrong while importing this file, so nothing was imported. Upload it again, or ask for help if it fails again."


def _record_and_user(record_id: int, user_id: int | None):
    record = ImportRecord.objects.select_related("plan").filter(pk=record_id).first()
    user = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    return record, user


@task()
def check_import(record_id: int, user_id: int | None, save_mapping: bool = False) -> str:
    """Read and preview a "checking" record, leaving it "previewed"."""
    record, user = _record_and_user(record_id, user_id)
    if record is None:  # deleted while it waited in the queue
        return "gone"
    try:
        record = import_record_check(record=record, user=user, save_mapping=save_mapping)
    except Exception:
        logger.exception("Checking import record %s failed", record_id)
        import_record_fail(record=record, message=CHECK_FAILED)
        raise
    return record.status


@task()
def confirm_import(record_id: int, user_id: int | None) -> str:
    """Import a record claimed by `import_record_claim`: all of it, or nothing."""
    record, user = _record_and_user(record_id, user_id)
    if record is None:
        return "gone"
    if record.status != ImportRecord.Status.IMPORTING:  # given up on by `expire_imports` while it waited
        return record.status
    try:
        record = import_record_confirm(record=record, user=user)
    except Exception:
        logger.exception("Import record %s failed", record_id)
        import_record_fail(record=record, message=IMPORT_FAILED)
        raise
    return record.status


@task()
def undo_import(record_id: int, user_id: int | None) -> str:
    """Undo a record taken by `import_record_undo_claim`: all of it, or nothing."""
    record, user = _record_and_user(record_id, user_id)
    if record is None:
        return "gone"
    if record.status != ImportRecord.Status.UNDOING:
        return record.status
    try:
        record = import_record_undo(record=record, user=user)
    except NotUndoable:  # the plan changed since the claim: the record is "imported" again, and its undo page says why
        return ImportRecord.Status.IMPORTED
    except Exception:
        logger.exception("Undoing import record %s failed", record_id)
        raise
    return record.status
