"""Undoing an import: putting the plan back as it was before it.

At confirmation, inside the import's transaction and before anything is
written, the plan is read as it stands (its row, themes, actions, their owner
organisation and indicator links, and progress updates) and kept on the
record, compressed. A plan the import creates needs no copy: undoing deletes
it. When the import has finished, a fingerprint of the plan as the import
left it is kept too.

Undoing reads the plan again (one query for each of those six parts, however
big the plan) and compares it with the fingerprint. If anything was written
since (an update posted, an action edited, a theme renamed…) it is refused:
putting the saved copy back would silently lose that work. Otherwise every row
that differs from the saved copy is put back as it was, with its own id, in
one transaction, and each gets a history row saying "Import undone".

Rows are deleted and inserted in bulk, without Django's per-object delete,
which would write one history row per object (and for a 10,000-row import
take seconds); the history is written here instead, in bulk. The database
checks foreign keys when the transaction commits, so a row may be deleted and
put back within it while other rows point at it."""

import datetime
import hashlib
import json
import zlib
from dataclasses import dataclass, field
from functools import cache

from django.db import transaction
from django.db.models import Model, Q
from django.utils import timezone

from actions.models import SUMMARY_FIELDS, Action
from plans.locks import hold_for_replacing
from plans.models import Plan, Theme
from progress.models import ProgressUpdate

from .models import ImportRecord
from .wording import moment, person

Status = ImportRecord.Status
OwnerLink = Action.owner_organisations.through
IndicatorLink = Action.indicators.through
# The parts of a plan, in the order they are put back (each may point at those before it).
MODELS: dict[str, type[Model]] = {
    "plan": Plan,
    "themes": Theme,
    "actions": Action,
    "owner_links": OwnerLink,
    "indicator_links": IndicatorLink,
    "progress_updates": ProgressUpdate,
}
UNDONE = "Import undone"
BATCH = 500  # ids in one query: SQLite limits a query's parameters
# An undo runs in one job; one still "being undone" after this long was killed part-way, and wrote nothing.
UNDO_RUNS_AT_MOST = datetime.timedelta(hours=1)

Rows = dict[int, dict]  # id → the row's columns, as JSON keeps them
State = dict[str, Rows]  # part → its rows


class NotUndoable(Exception):
    """The import cannot be undone; the message says why, for the admin who asked."""


# --- Reading the plan ------------------------------------------------------------


def _querysets(plan_id: int) -> dict:
    return {
        "plan": Plan.objects.filter(pk=plan_id),
        "themes": Theme.objects.filter(plan_id=plan_id),
        "actions": Action.objects.filter(plan_id=plan_id),
        "owner_links": OwnerLink.objects.filter(action__plan_id=plan_id),
        "indicator_links": IndicatorLink.objects.filter(action__plan_id=plan_id),
        "progress_updates": ProgressUpdate.objects.filter(action__plan_id=plan_id),
    }


def _plain(value):
    # Dates in full: Django's JSON encoder cuts times to the millisecond, and
    # a row put back must be exactly as it was.
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    return value


def plan_state(plan_id: int) -> State:
    """Every row of the plan, part by part: six queries whatever its size."""
    state = {}
    for part, queryset in _querysets(plan_id).items():
        columns = [column.attname for column in queryset.model._meta.concrete_fields]
        state[part] = {
            row["id"]: {name: _plain(value) for name, value in row.items()}
            for row in queryset.order_by("pk").values(*columns)
        }
    return state


def fingerprint(state: State) -> dict[str, dict]:
    """How many rows each part has, and a hash of them all. An action's summary
    of its latest update is left out: it changes with the updates, which are
    compared themselves, and a posted update is one change, not two."""

    def compared(part: str, row: dict) -> dict:
        return {name: value for name, value in row.items() if name not in SUMMARY_FIELDS} if part == "actions" else row

    return {
        part: {
            "rows": len(rows),
            "sha256": hashlib.sha256(
                json.dumps(
                    [compared(part, row) for row in rows.values()], sort_keys=True, separators=(",", ":")
                ).encode()
            ).hexdigest(),
        }
        for part, rows in state.items()
    }


def _packed(state: State) -> bytes:
    return zlib.compress(json.dumps({part: list(rows.values()) for part, rows in state.items()}).encode())


def _unpacked(snapshot) -> State:
    parts = json.loads(zlib.decompress(bytes(snapshot)))
    return {part: {row["id"]: row for row in rows} for part, rows in parts.items()}


def _empty() -> State:
    return {part: {} for part in MODELS}


# --- At confirmation ---------------------------------------------------------------


def snapshot_before_import(record: ImportRecord) -> bytes | None:
    """The plan as it is before the import writes anything; None for a plan the import creates."""
    return _packed(plan_state(record.plan_id)) if record.plan_id else None


def kept_for_undo(*, snapshot: bytes | None, plan: Plan) -> dict:
    """What the record keeps to undo the import, once it has written `plan`."""
    return {"undo_snapshot": snapshot, "undo_fingerprint": fingerprint(plan_state(plan.pk))}


# --- Deleting and putting back rows, with their history -----------------------------


def _batches(ids: list) -> list[list]:
    return [ids[start : start + BATCH] for start in range(0, len(ids), BATCH)]


@cache
def _columns(model: type[Model]) -> dict:
    return {column.attname: column for column in model._meta.concrete_fields}


def _instance(model: type[Model], row: dict) -> Model:
    columns = _columns(model)
    return model(**{name: columns[name].to_python(value) for name, value in row.items()})


def _write_history(model: type[Model], instances: list, kind: str, *, user, reason: str, when) -> None:
    """History rows for rows added (+), changed (~) or deleted (-), in bulk.
    (simple_history's own bulk_history_create writes no deletions.)"""
    history = getattr(model, "history", None)
    if history is None or not instances:
        return
    past = history.model
    past.objects.bulk_create(
        past(
            history_date=when,
            history_user=user,
            history_change_reason=reason[:100],
            history_type=kind,
            **{column.attname: getattr(instance, column.attname) for column in past.tracked_fields},
        )
        for instance in instances
    )


def _delete(model: type[Model], ids: list[int]) -> None:
    for batch in _batches(ids):
        # A raw delete: no per-object signals (the history is written in bulk
        # by the caller) and no cascades (the caller deletes what hangs off them).
        model.objects.filter(pk__in=batch)._raw_delete(model.objects.db)


def actions_delete(*, action_ids: list[int], user, reason: str) -> int:
    """Delete these actions with their progress updates and links, keeping
    their history (a history row for each, saying `reason`). Returns how many."""
    when = timezone.now()
    actions, updates = [], []
    for batch in _batches(list(action_ids)):
        actions += Action.objects.filter(pk__in=batch)
        updates += ProgressUpdate.objects.filter(action_id__in=batch)
    ids = [action.pk for action in actions]
    _write_history(ProgressUpdate, updates, "-", user=user, reason=reason, when=when)
    _write_history(Action, actions, "-", user=user, reason=reason, when=when)
    for batch in _batches(ids):
        # As Django's delete would: an action elsewhere that continued one of these no longer does.
        Action.objects.filter(continues_id__in=batch).exclude(pk__in=batch).update(continues=None)
        for link in (OwnerLink, IndicatorLink):
            link.objects.filter(action_id__in=batch)._raw_delete(link.objects.db)
    _delete(ProgressUpdate, [update.pk for update in updates])
    _delete(Action, ids)
    return len(ids)


# --- Undoing ---------------------------------------------------------------------


@dataclass
class PartChange:
    """How one part of the plan differs now from before the import."""

    added: Rows = field(default_factory=dict)  # rows now, not before: deleted
    gone: Rows = field(default_factory=dict)  # rows before, not now: put back
    changed: dict[int, tuple[dict, dict]] = field(default_factory=dict)  # id → (before, now): put back

    @classmethod
    def between(cls, before: Rows, now: Rows) -> "PartChange":
        return cls(
            added={pk: row for pk, row in now.items() if pk not in before},
            gone={pk: row for pk, row in before.items() if pk not in now},
            changed={pk: (row, now[pk]) for pk, row in before.items() if pk in now and now[pk] != row},
        )


@dataclass
class Undo:
    """What undoing an import will do, worked out by `undo_for`."""

    record: ImportRecord
    plan: Plan
    creates_plan: bool  # the import created the plan: undoing deletes it
    parts: dict[str, PartChange]

    def actions_relinked(self) -> set[int]:
        """Actions whose owner organisations or indicators go back, their own row aside."""
        relinked = set()
        for part in ("owner_links", "indicator_links"):
            change = self.parts[part]
            rows = [*change.added.values(), *change.gone.values(), *(now for _, now in change.changed.values())]
            relinked |= {row["action_id"] for row in rows}
        actions = self.parts["actions"]
        return relinked - actions.added.keys() - actions.gone.keys() - actions.changed.keys()

    def summary(self) -> dict:
        actions, updates, themes = self.parts["actions"], self.parts["progress_updates"], self.parts["themes"]
        return {
            "actions_deleted": len(actions.added),
            "actions_restored": len(actions.changed) + len(self.actions_relinked()),
            "actions_back": len(actions.gone),
            "updates_deleted": len(updates.added),
            "updates_back": len(updates.gone),
            "themes_deleted": len(themes.added),
            "plan_restored": bool(self.parts["plan"].changed),
        }

    def apply(self, *, user, when) -> None:
        """Delete what the import added and put back what it changed or removed."""
        self._set_aside_what_continues_deleted_actions()
        for part, model in reversed(MODELS.items()):
            change = self.parts[part]
            _delete(model, [*change.added, *change.changed])
        for part, model in MODELS.items():
            change = self.parts[part]
            model.objects.bulk_create(
                _instance(model, row)
                for row in [*change.gone.values(), *(before for before, _ in change.changed.values())]
            )
        self._write_history(user=user, when=when)
        if self.creates_plan:
            ImportRecord.objects.filter(plan_id=self.plan.pk).update(plan=None)  # as Django's delete would

    def _set_aside_what_continues_deleted_actions(self) -> None:
        # As Django's delete would: an action elsewhere that continued one of these no longer does.
        for batch in _batches(list(self.parts["actions"].added)):
            Action.objects.filter(continues_id__in=batch).exclude(pk__in=batch).update(continues=None)

    def _write_history(self, *, user, when) -> None:
        history = {"user": user, "reason": UNDONE, "when": when}
        for part, model in MODELS.items():
            change = self.parts[part]
            _write_history(model, [_instance(model, row) for row in change.added.values()], "-", **history)
            _write_history(model, [_instance(model, row) for row in change.gone.values()], "+", **history)
            changed = [_instance(model, before) for before, _ in change.changed.values()]
            if part == "actions":
                changed += list(Action.objects.filter(pk__in=self.actions_relinked()))
            _write_history(model, changed, "~", **history)


def why_not_undoable(record: ImportRecord, *, taken: bool = False) -> str | None:
    """Why the record's status does not allow undoing it, or None. `taken`: the
    record has been taken for undoing (by `import_record_undo_claim`)."""
    if record.status == Status.UNDONE:
        return f"This import was already undone by {person(record.undone_by)} on {moment(record.undone_at)}."
    if record.status == Status.UNDOING and not taken:
        return f"This import is already being undone by {person(record.undone_by)}."
    if record.status != (Status.UNDOING if taken else Status.IMPORTED):
        return f"Only an import that has finished can be undone; this one is “{record.get_status_display()}”."
    if not record.undo_fingerprint:
        return "This import was made before imports could be undone, so it cannot be undone."
    if record.plan_id is None:
        return "The plan this import wrote to has been deleted since, so there is nothing to undo."
    return None


def _later_import(record: ImportRecord) -> str | None:
    """Why another import of the same plan stops this one being undone, or None."""
    others = ImportRecord.objects.filter(plan_id=record.plan_id).exclude(pk=record.pk)
    blocking = Q(status=Status.IMPORTING) | Q(status=Status.IMPORTED, imported_at__gt=record.imported_at)
    if record.new_plan:  # nobody may be about to import into a plan about to go
        blocking |= Q(status__in=[Status.CHECKING, Status.PREVIEWED])
    other = others.filter(blocking).select_related("confirmed_by").order_by("-created_at").first()
    if other is None:
        return None
    if other.status == Status.IMPORTING:
        return f"{other.file_name} is being imported into this plan right now; wait until it has finished."
    if other.status == Status.IMPORTED:
        return (
            f"{other.file_name} was imported into this plan later, on {moment(other.imported_at)}. "
            "Only the latest import into a plan can be undone: undo that one first."
        )
    return f"{other.file_name} is waiting to be imported into this plan; cancel it first."


WHAT_CHANGED = {
    "themes": ("theme", "added", "deleted", "edited"),
    "actions": ("action", "added", "deleted", "edited"),
    "progress_updates": ("progress update", "posted", "deleted", "corrected"),
}


def what_changed(kept: dict, now: dict) -> list[str]:
    """What was written to the plan since the import, in words, from two fingerprints."""
    said = []
    if kept["plan"] != now["plan"]:
        said.append("the plan's details were edited")
    for part, (noun, more, fewer, same) in WHAT_CHANGED.items():
        if kept[part] == now[part]:
            continue
        difference = now[part]["rows"] - kept[part]["rows"]
        count = abs(difference)
        if count:
            said.append(f"{count} {noun}{'s' if count != 1 else ''} {'was' if count == 1 else 'were'} "
                        f"{more if difference > 0 else fewer}")  # fmt: skip
        else:
            said.append(f"{noun}s were {same}")
    if kept["owner_links"] != now["owner_links"] or kept["indicator_links"] != now["indicator_links"]:
        said.append("actions' owner organisations or indicators were changed")
    return said


def check_undoable(record: ImportRecord, *, taken: bool = False) -> State:
    """The plan as it is now, or NotUndoable saying why the import cannot be undone."""
    if why := why_not_undoable(record, taken=taken) or _later_import(record):
        raise NotUndoable(why)
    now = plan_state(record.plan_id)
    changed = what_changed(record.undo_fingerprint, fingerprint(now))
    if changed:
        raise NotUndoable(
            f"The plan has changed since this import ({'; '.join(changed)}), so it cannot be undone. "
            "Correct it by hand or import a corrected file."
        )
    return now


def undo_for(record: ImportRecord, *, taken: bool = False) -> Undo:
    """What undoing `record` would do, or NotUndoable saying why it cannot be undone."""
    now = check_undoable(record, taken=taken)
    before = _empty() if record.new_plan else _unpacked(record.undo_snapshot)
    parts = {part: PartChange.between(before[part], now[part]) for part in MODELS}
    return Undo(record=record, plan=record.plan, creates_plan=bool(record.new_plan), parts=parts)


def import_record_undo_claim(*, record: ImportRecord, user) -> ImportRecord:
    """Take the record for undoing by `user` (for `import_record_undo`, a job),
    or raise NotUndoable saying why not.

    One conditional UPDATE (…WHERE status = 'imported'): of two admins undoing
    at once, the second waits for the first to commit and then updates
    nothing, and is told who has it. An undo still running after an hour was
    killed part-way, wrote nothing, and may be taken again."""
    now = timezone.now()
    with transaction.atomic():
        stale = Q(status=Status.UNDOING, undone_at__lt=now - UNDO_RUNS_AT_MOST)
        taken = (
            ImportRecord.objects.filter(Q(status=Status.IMPORTED) | stale, pk=record.pk)
            .update(status=Status.UNDOING, undone_by=user, undone_at=now)
        )  # fmt: skip
        record.refresh_from_db()
        if not taken:
            raise NotUndoable(why_not_undoable(record) or "This import cannot be undone.")
        check_undoable(record, taken=True)  # refused now, not in the job: the claim is rolled back
    return record


def import_record_undo(*, record: ImportRecord, user) -> ImportRecord:
    """Undo a record taken by `import_record_undo_claim`: put the plan back as
    it was before the import (deleting a plan the import created), all or
    nothing. If it cannot be (the plan changed since the claim), or anything
    goes wrong, nothing is written and the record is "imported" again."""
    when = timezone.now()
    try:
        with transaction.atomic():
            hold_for_replacing(record.plan_id)  # no write lands between the check and putting rows back
            undo_for(record, taken=True).apply(user=user, when=when)
            ImportRecord.objects.filter(pk=record.pk, status=Status.UNDOING).update(
                status=Status.UNDONE, undone_at=when, undo_snapshot=None
            )
    except BaseException:
        ImportRecord.objects.filter(pk=record.pk, status=Status.UNDOING).update(
            status=Status.IMPORTED, undone_by=None, undone_at=None
        )
        raise
    record.refresh_from_db()
    return record
