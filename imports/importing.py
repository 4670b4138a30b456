"""Importing a plan's spreadsheet: a preview that writes nothing, and a
confirmed import that writes everything or, if any row is wrong, nothing."""

import re
from collections.abc import Collection, Iterator
from dataclasses import asdict, dataclass, field

import tablib
from django.db import transaction
from django.utils import timezone

from actions.models import ReviewCadence
from actions.timescales import read_due_date, read_review_cadence
from plans.models import Organisation, Plan
from progress.models import ProgressUpdate

from .columns import BY_FIELD, THEME_FIELDS
from .matching import UNCERTAIN, Item, Matching, match_rows
from .resources import ID, POSITION, ROW, THEME, ActionImportResource
from .tabulate import Problem, Table, cell_text
from .undo import actions_delete

# Rows read, then written in bulk, at a time: the import's queries grow with
# the chunks, not the rows (see resources.ActionImportResource).
CHUNK_ROWS = 1000


@dataclass
class Outcome:
    counts: dict[str, int] = field(default_factory=dict)
    changes: list[dict] = field(default_factory=list)  # new and updated actions, in file order
    problems: list[Problem] = field(default_factory=list)
    themes_new: list[str] = field(default_factory=list)
    plan: Plan | None = None  # the plan imported into, once written
    # From matching rows to actions (see matching_notes): kept with the counts.
    uncertain: list[dict] = field(default_factory=list)
    not_in_file: list[dict] = field(default_factory=list)

    def as_json(self) -> dict:
        notes = {"uncertain": self.uncertain, "not_in_file": self.not_in_file}
        return {
            "counts": {**self.counts, **{name: notes[name] for name in notes if notes[name]}},
            "changes": self.changes,
            "problems": [asdict(problem) for problem in self.problems],
            "themes_new": self.themes_new,
        }


@dataclass
class NewPlan:
    title: str
    organisation: Organisation

    def create(self) -> Plan:
        from django.utils.text import slugify

        base = slugify(self.title)[:80] or "plan"
        slug, number = base, 1
        while Plan.objects.filter(slug=slug).exists():
            number += 1
            slug = f"{base}-{number}"
        return Plan.objects.create(
            title=self.title, organisation=self.organisation, slug=slug, status=Plan.Status.DRAFT
        )


def match_table(table: Table, plan: Plan) -> tuple[Matching, dict[int, dict]]:
    """Which of the plan's actions each action row is (see imports/matching.py),
    and the plan's actions as matching saw them, by pk."""
    existing = {
        pk: {"reference": reference, "text": text}
        for pk, reference, text in plan.actions.order_by("position", "pk").values_list("pk", "reference", "text")
    }
    actions = [
        Item(pk, action["reference"], action["text"], place) for place, (pk, action) in enumerate(existing.items())
    ]
    rows = [
        Item(row.row, cell_text(row.values.get("reference")), cell_text(row.values.get("text")), place)
        for place, row in enumerate(table.actions)
    ]
    return match_rows(rows, actions), existing


def build_dataset(table: Table, plan: Plan, matching: Matching | None = None) -> tablib.Dataset:
    """The action rows as the resource reads them, in the file's order, which
    becomes the plan's order: each row with the action it matches (by what it
    says, not where it is: see imports/matching.py), due date and cadence read
    from the timescale where the file has no column for them. Actions the file
    no longer has keep their place number, so they stay about where they were."""
    if matching is None:
        matching, _ = match_table(table, plan)
    present = [
        name for name in BY_FIELD if name in table.fields and name not in THEME_FIELDS and not name.endswith("_kind")
    ]
    derive_due = "due_date" not in present and "timescale" in present
    derive_cadence = "review_cadence" not in present and ("timescale" in present or "monitoring" in present)
    headers = [ID, POSITION, THEME, ROW, *present]
    headers += ["due_date"] if derive_due else []
    headers += ["review_cadence"] if derive_cadence else []
    rows = []
    for number, action_row in enumerate(table.actions, start=1):
        values = action_row.values
        row = [matching.matches[action_row.row].action, number, None, action_row.row]
        row += [values.get(name) for name in present]
        timescale, monitoring = cell_text(values.get("timescale")), cell_text(values.get("monitoring"))
        if derive_due:
            row.append(read_due_date(timescale))
        if derive_cadence:
            cadence = read_review_cadence(timescale, monitoring)
            row.append(ReviewCadence(cadence).label if cadence else None)
        rows.append(row)
    return tablib.Dataset(*rows, headers=headers)  # every row as long as the headers: not checked again


def _first_words(text: str, words: int = 12) -> str:
    split = text.split()
    return " ".join(split[:words]) + ("…" if len(split) > words else "")


def matching_notes(matching: Matching, existing: dict[int, dict]) -> tuple[list[dict], list[dict]]:
    """What the preview says about matching: each uncertain match, with why
    to check it, and each of the plan's actions the file no longer has."""
    uncertain = []
    for row, match in matching.matches.items():
        if match.confidence != UNCERTAIN:
            continue
        action = existing[match.action]
        reference, words = action["reference"], _first_words(action["text"])
        named = f"action {reference} “{words}”" if reference else f"the action “{words}”"
        if match.why == "reference":
            message = (
                f"Row {row} is taken to be {named}, which has the same reference, but so do other rows or "
                "actions and the text differs; check it is the same action."
            )
        else:
            message = f"Row {row} looks like {named} but the text differs; check it is the same action."
        uncertain.append({"row": row, "action": match.action, "reference": reference, "message": message})
    missing = [
        {"action": pk, "reference": existing[pk]["reference"], "text": _first_words(existing[pk]["text"])}
        for pk in matching.missing
    ]
    return uncertain, missing


def run_import(**kwargs) -> Outcome:
    """Import `table` into `plan` (or a new plan): see `import_steps`."""
    for step in import_steps(**kwargs):
        if isinstance(step, Outcome):
            return step
    raise AssertionError("import_steps ends with its outcome")


def import_steps(
    *,
    table: Table,
    plan: Plan | None = None,
    new_plan: NewPlan | None = None,
    user=None,
    write: bool = False,
    source: str = "",
    remove: Collection[int] = (),
    approve_updates: bool = False,
) -> Iterator["tuple[int, int] | Outcome"]:
    """Import in chunks, yielding (rows done, rows in all) after each chunk and
    the Outcome last. It is one transaction, kept only when `write` is set and
    no row has a problem: a preview writes nothing, and so does a file with one
    bad row. `remove`: actions of the plan the file no longer has, to delete
    once the rows are written (any the file has, or gone already, are left).
    `approve_updates`: where the plan needs approval, the admin marked the
    new progress updates as approved (otherwise they await approval)."""
    outcome = Outcome(problems=list(table.problems))
    if outcome.problems:
        yield outcome
        return
    with transaction.atomic():
        target = plan if plan is not None else new_plan.create()
        matching, existing = match_table(table, target)
        outcome.uncertain, outcome.not_in_file = matching_notes(matching, existing)
        dataset = build_dataset(table, target, matching)
        resource = ActionImportResource(
            plan=target,
            table=table,
            rows_by_number={row.row: row for row in table.actions},
            user=user,
            source=source,
            moved=matching.moved,
            review=review_of_new_updates(target, approve_updates=approve_updates, user=user),
        )
        resource.prepare()
        totals = {"new": 0, "update": 0, "skip": 0}
        for start in range(0, len(dataset), CHUNK_ROWS):
            rows = dataset[start : start + CHUNK_ROWS]
            # Rows that change nothing are counted, and go no further.
            changing = [row for row in rows if not resource.unchanged(dict(zip(dataset.headers, row, strict=True)))]
            totals["skip"] += len(rows) - len(changing)
            if changing:
                chunk = tablib.Dataset(*changing, headers=dataset.headers)
                result = resource.import_data(chunk, dry_run=False, use_transactions=True)
                _collect(result, chunk, resource, table, totals, outcome)
            yield start + len(rows), len(dataset)
        outcome.counts = {
            "themes_new": len(resource.themes_created),
            "themes_existing": len(table.themes) - len(resource.themes_created),
            "actions_new": totals["new"],
            "actions_updated": totals["update"],
            "actions_unchanged": totals["skip"],
            "progress_updates_new": len(resource.progress_rows),
            "actions_not_in_file": len(outcome.not_in_file),
            "rows": len(dataset),
        }
        if resource.progress_rows and resource.review["state"] == ProgressUpdate.State.SUBMITTED:
            outcome.counts["progress_updates_awaiting_approval"] = len(resource.progress_rows)
        if remove:
            outcome.counts["actions_removed"] = remove_actions(target, remove, outcome, user=user, source=source)
        outcome.counts.update(add_plan_notes(table, target))
        outcome.themes_new = [str(theme) for theme in resource.themes_created]
        outcome.plan = target if write and not outcome.problems else plan
        if not write or outcome.problems:
            transaction.set_rollback(True)
    yield outcome


def review_of_new_updates(plan: Plan, *, approve_updates: bool, user) -> dict:
    """The state of the progress updates an import adds. Where the plan needs
    approval they await it, unless the importing admin marked them approved
    (then they are approved by that admin, now); elsewhere approved, as every
    update of such a plan is."""
    if not plan.approval_required:
        return {"state": ProgressUpdate.State.APPROVED}
    if approve_updates:
        return {"state": ProgressUpdate.State.APPROVED, "reviewed_by": user, "reviewed_at": timezone.now()}
    return {"state": ProgressUpdate.State.SUBMITTED}


def remove_actions(plan: Plan, remove: Collection[int], outcome: Outcome, *, user, source: str) -> int:
    """Delete the ticked actions that are still the plan's and still not in the file, with
    their progress updates; their history stays. Returns how many were deleted."""
    not_in_file = {action["action"] for action in outcome.not_in_file}
    ids = list(plan.actions.filter(pk__in=set(remove) & not_in_file).values_list("pk", flat=True))
    reason = f"Removed by import from {source}" if source else "Removed by an import"
    return actions_delete(action_ids=ids, user=user, reason=reason)


def _collect(result, chunk, resource, table: Table, totals: dict, outcome: Outcome) -> None:
    row_index = chunk.headers.index(ROW)
    for error in result.base_errors:  # writing the chunk's rows in bulk failed: none is named
        first, last = chunk[0][row_index], chunk[-1][row_index]
        outcome.problems.append(Problem(None, "", f"Rows {first} to {last} could not be written: {error.error}"))
    for number, errors in result.row_errors():
        spreadsheet_row = chunk[number - 1][row_index]
        for error in errors:
            outcome.problems.append(Problem(spreadsheet_row, "", f"This row could not be read: {error.error}"))
    for row_result in result.rows:
        kind = row_result.import_type
        if kind == "invalid":
            for name, messages in row_result.validation_error.message_dict.items():
                column = table.heading_of(name) if name in BY_FIELD else ""
                outcome.problems.extend(
                    Problem(row_result.row_values[ROW], column, str(message)) for message in messages
                )
        if kind not in totals:
            continue
        spreadsheet_row = row_result.row_values[ROW]
        if kind == "update" and spreadsheet_row not in resource.changed_fields:
            kind = "skip"  # only renumbered, to make room for rows inserted or removed above it
        totals[kind] += 1
        if kind == "skip":
            continue
        instance = row_result.instance
        change = {"row": spreadsheet_row, "reference": instance.reference, "text": instance.text[:300], "change": kind}
        if kind == "update":
            change["fields"] = resource.changed_fields[spreadsheet_row]
            change["before_after"] = resource.before_after[spreadsheet_row]
        outcome.changes.append(change)
    outcome.problems.sort(key=lambda problem: problem.row or 0)


def add_plan_notes(table: Table, plan: Plan) -> dict:
    """Append the file's notes (text below the table, see tabulate) to the
    plan's notes, each a paragraph, leaving out any the plan's notes already
    have as a paragraph or a line (so importing the file again adds nothing).
    Inside the import's transaction: a preview's rollback takes it back.
    Returns {"notes": [{"row", "text", "new"}]} for the preview, or {}."""
    if not table.notes:
        return {}

    def same(text: str) -> str:
        return " ".join(text.split()).casefold()

    # A copy of the plan: the caller's is left as it was, even by a preview.
    plan = Plan.objects.get(pk=plan.pk)
    known = {same(paragraph) for paragraph in re.split(r"\n\s*\n", plan.notes)}
    known |= {same(line) for line in plan.notes.splitlines()}
    added, shown = [], []
    for note in table.notes:
        new = same(note.text) not in known
        if new:
            added.append(note.text)
            known.add(same(note.text))
        shown.append({"row": note.row, "text": note.text, "new": new})
    if added:
        existing = plan.notes.rstrip()
        plan.notes = "\n\n".join([existing, *added] if existing else added)
        plan.save(update_fields=["notes"])
    return {"notes": shown}
