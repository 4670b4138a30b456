"""An admin can take the five council plans as the councils keep them, as
spreadsheets in each council's own column headings, import each, and get the
same plan as the fixture.

The files are in tests/data/council_plans/, written from fixtures/source/*.yaml
by tests/data/council_plans/make_spreadsheets.py (run it again after changing
the YAML, and commit its output). Each is read as an upload is
(`read_upload`, `read_table`), imported into a new plan (`run_import`), and
compared with the fixture's plan of the same slug.

Known differences, left out of the comparison because a council's sheet cannot
carry them:

- owner organisations: the sheets have only the owners as written (the
  importer links what it can from that text; the fixture's links are the
  transcriber's judgement);
- indicators (NI 116, PHOF 1.08i): the sheets have no indicators column;
- progress statuses: the sheets hold progress narratives only, so imported
  updates have no status (the fixture's "completed" comes from reading the
  source);
- transcription notes, of the plan, its themes and its actions;
- the kind of the Narrowing the Gap heading ("The report and the following
  recommendations should be sent …"): "Heading" in the fixture, but the
  council's sheet has one Recommendation column, so it imports as a
  "Recommendation";
- the plan's own details (slug, partnership, status, period, source, notes)
  and the action another plan's action continues: an import makes a new plan
  from a title and an owner only.
"""

import datetime
import io
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pytest

from actions.models import Action
from imports.forms import read_upload
from imports.importing import NewPlan, run_import
from imports.tabulate import Table, read_table
from plans.models import Plan, Theme
from progress.models import OLDEST_FIRST, ProgressUpdate

DATA = Path(__file__).parent / "data" / "council_plans"


@dataclass(frozen=True)
class CouncilFile:
    slug: str  # of the fixture's plan
    file_name: str
    header_row: int  # spreadsheet row number, counting from 1
    headings: tuple[str, ...]
    # What the fixture calls a theme kind → what the council's sheet makes of it.
    kind_differences: tuple[tuple[str, str], ...] = ()

    def __str__(self) -> str:
        return self.file_name


COUNCIL_FILES = [
    CouncilFile(
        "lincolnshire-child-poverty-draft-2012",
        "lincolnshire-child-poverty-draft-2012.xlsx",
        3,
        ("Strategic Theme", "Action Reference", "Action", "Action Owner", "Timescale"),
    ),
    CouncilFile(
        "hartlepool-child-poverty-2009",
        "hartlepool-child-poverty-2009.ods",
        2,
        (
            "Theme",
            "Themed Priority",
            "Action",
            "Responsibility",
            "Outputs to be achieved",
            "Milestones/Timescales",
            "Links – plans/targets",
        ),  # fmt: skip
    ),
    CouncilFile(
        "lincolnshire-narrowing-the-gap-2012",
        "lincolnshire-narrowing-the-gap-2012.csv",
        2,
        (
            "Recommendation",
            "Recommendation Accepted? Yes/No",
            "Initial Response",
            "Action",
            "Timescale",
            "Who",
            "Progress",
        ),  # fmt: skip
        kind_differences=(("Heading", "Recommendation"),),
    ),
    CouncilFile(
        "nottinghamshire-life-chances-2020-22",
        "nottinghamshire-life-chances-2020-22.xlsx",
        1,
        (
            "Expected Outcome",
            "Aims (what do we want to achieve?)",
            "Objectives (How)",
            "Lead (By Who)",
            "Deadline (By When)",
            "Measure of success",
        ),  # fmt: skip
    ),
    CouncilFile(
        "thurrock-child-poverty",
        "thurrock-child-poverty.csv",
        1,
        (
            "Priority",
            "Child Poverty Strategy Objective",
            "Outcomes",
            "Action / Outputs",
            "Resources/Lead",
            "Monitoring",
            "Progress",
        ),  # fmt: skip
    ),
]


def read(file_name: str, data: bytes | None = None) -> Table:
    """The file as an upload is read: its rows, then the table they hold."""
    if data is None:
        data = (DATA / file_name).read_bytes()
    return read_table(read_upload(file_name, data))


def themes_of(plan: Plan, kind_differences=()) -> list[tuple]:
    renamed = dict(kind_differences)
    return [
        (
            theme.reference,
            theme.title,
            renamed.get(theme.kind, theme.kind),
            theme.parent.title if theme.parent else None,
        )
        for theme in plan.themes.select_related("parent").order_by("position", "pk")
    ]


def actions_of(plan: Plan) -> list[dict]:
    actions = plan.actions.select_related("theme").order_by("position", "pk")
    return [
        {
            "reference": action.reference,
            "text": action.text,
            "outcomes": action.outcomes,
            "measures": action.measures,
            "owners": action.owners,
            "timescale": action.timescale,
            "due_date": action.due_date,
            "review_cadence": action.review_cadence,
            "monitoring": action.monitoring,
            "links": action.links,
            "recommendation_accepted": action.recommendation_accepted,
            "initial_response": action.initial_response,
            "theme": action.theme.title if action.theme else None,
            "progress": [update.narrative for update in action.progress_updates.order_by(*OLDEST_FIRST)],
        }
        for action in actions
    ]


def import_into_new_plan(council_file: CouncilFile, *, write: bool = True):
    reference = Plan.objects.get(slug=council_file.slug)
    table = read(council_file.file_name)
    outcome = run_import(table=table, new_plan=NewPlan(reference.title, reference.organisation), write=write)
    return reference, table, outcome


def counts() -> dict[str, int]:
    return {
        "plans": Plan.objects.count(),
        "themes": Theme.objects.count(),
        "actions": Action.objects.count(),
        "progress updates": ProgressUpdate.objects.count(),
    }


@pytest.mark.parametrize("council_file", COUNCIL_FILES, ids=str)
def test_the_council_file_imports_as_the_fixture_plan(council_plans, council_file):
    reference, table, outcome = import_into_new_plan(council_file)

    # The header row is found below any title rows, and every heading is known.
    assert table.header_row == council_file.header_row
    assert tuple(table.headings) == council_file.headings
    left_out = [table.headings[index] for index, field in table.mapping.items() if field is None]
    assert left_out == []

    assert outcome.problems == []
    imported = outcome.plan
    assert imported is not None and imported.pk != reference.pk
    assert imported.title == reference.title and imported.organisation == reference.organisation
    assert outcome.counts == {
        "themes_new": reference.themes.count(),
        "themes_existing": 0,
        "actions_new": reference.actions.count(),
        "actions_updated": 0,
        "actions_unchanged": 0,
        "progress_updates_new": ProgressUpdate.objects.filter(action__plan=reference).count(),
        "actions_not_in_file": 0,
        "rows": reference.actions.count(),
    }

    assert themes_of(imported) == themes_of(reference, council_file.kind_differences)
    imported_actions, expected_actions = actions_of(imported), actions_of(reference)
    assert len(imported_actions) == len(expected_actions)
    for number, (got, expected) in enumerate(zip(imported_actions, expected_actions, strict=True), start=1):
        assert got == expected, f"action {number} ({expected['reference'] or expected['text'][:40]!r}) differs"


@pytest.mark.parametrize("council_file", COUNCIL_FILES, ids=str)
def test_importing_the_same_file_again_changes_nothing(council_plans, council_file):
    _, _, first = import_into_new_plan(council_file)
    plan = first.plan
    before = counts()

    again = run_import(table=read(council_file.file_name), plan=plan, write=False)

    actions = plan.actions.count()
    assert again.problems == []
    assert again.changes == []
    assert again.themes_new == []
    assert again.counts == {
        "themes_new": 0,
        "themes_existing": plan.themes.count(),
        "actions_new": 0,
        "actions_updated": 0,
        "actions_unchanged": actions,
        "progress_updates_new": 0,
        "actions_not_in_file": 0,
        "rows": actions,
    }
    assert counts() == before


# Importing a council's sheet into the fixture's own plan (the plan the sheet
# was written from) finds nothing to change: what the sheet holds is what the
# plan holds. (The Narrowing the Gap sheet has no status column, so its
# progress is compared on the narrative alone and the fixture's "completed"
# statuses stay.)
@pytest.mark.parametrize("council_file", COUNCIL_FILES, ids=str)
def test_importing_the_file_into_the_fixture_plan_changes_nothing(council_plans, council_file):
    plan = Plan.objects.get(slug=council_file.slug)

    outcome = run_import(table=read(council_file.file_name), plan=plan, write=False)

    actions = plan.actions.count()
    assert outcome.problems == []
    assert outcome.changes == []
    assert (outcome.counts["actions_unchanged"], outcome.counts["progress_updates_new"]) == (actions, 0)
    assert outcome.counts["themes_new"] == outcome.counts["actions_new"] == outcome.counts["actions_not_in_file"] == 0


@pytest.mark.parametrize("council_file", COUNCIL_FILES, ids=str)
def test_a_preview_into_a_new_plan_writes_nothing(council_plans, council_file):
    before = counts()

    reference, _, outcome = import_into_new_plan(council_file, write=False)

    assert outcome.problems == []
    assert outcome.plan is None
    # The preview says what the import would do…
    assert outcome.counts["actions_new"] == reference.actions.count()
    assert outcome.counts["themes_new"] == reference.themes.count()
    # …and nothing of it is kept.
    assert counts() == before


LINCOLNSHIRE = COUNCIL_FILES[0]


def test_a_corrected_workbook_updates_only_what_changed(council_plans):
    """The council corrects one owner and one date in its workbook and imports
    it again into the plan the first import made."""
    _, _, first = import_into_new_plan(LINCOLNSHIRE)
    plan = first.plan
    workbook = openpyxl.load_workbook(DATA / LINCOLNSHIRE.file_name)
    sheet = workbook.active
    headings = [cell.value for cell in sheet[LINCOLNSHIRE.header_row]]
    reference_column = headings.index("Action Reference") + 1
    rows = {
        sheet.cell(row=number, column=reference_column).value: number
        for number in range(LINCOLNSHIRE.header_row + 1, sheet.max_row + 1)
    }
    owner_cell = sheet.cell(row=rows["E1"], column=headings.index("Action Owner") + 1)
    assert owner_cell.value == "Job Centre Plus linked to Next Steps"
    owner_cell.value = "Job Centre Plus linked to Next Steps and the National Careers Service"
    timescale_cell = sheet.cell(row=rows["BR1"], column=headings.index("Timescale") + 1)
    assert timescale_cell.value.date() == datetime.date(2012, 9, 30)
    timescale_cell.value = datetime.date(2012, 12, 31)
    buffer = io.BytesIO()
    workbook.save(buffer)
    before, actions_before = counts(), actions_of(plan)

    outcome = run_import(table=read(LINCOLNSHIRE.file_name, buffer.getvalue()), plan=plan, write=True)

    assert outcome.problems == []
    assert outcome.counts["actions_updated"] == 2
    assert outcome.counts["actions_unchanged"] == plan.actions.count() - 2
    assert outcome.counts["actions_new"] == outcome.counts["progress_updates_new"] == outcome.counts["themes_new"] == 0
    assert outcome.changes == [
        {
            "row": rows["E1"],
            "reference": "E1",
            "text": plan.actions.get(reference="E1").text[:300],
            "change": "update",
            "fields": ["Owners or leads (as written)"],
            "before_after": [
                ["Owners or leads (as written)", "Job Centre Plus linked to Next Steps", owner_cell.value]
            ],
        },
        {
            "row": rows["BR1"],
            "reference": "BR1",
            "text": plan.actions.get(reference="BR1").text[:300],
            "change": "update",
            "fields": ["Timescale (as written)", "Due date"],
            "before_after": [
                ["Timescale (as written)", "30 September 2012", "31 December 2012"],
                ["Due date", "30/09/2012", "31/12/2012"],
            ],
        },
    ]
    e1, br1 = plan.actions.get(reference="E1"), plan.actions.get(reference="BR1")
    assert e1.owners == "Job Centre Plus linked to Next Steps and the National Careers Service"
    assert (br1.timescale, br1.due_date) == ("31 December 2012", datetime.date(2012, 12, 31))
    assert counts() == before
    # Every other action is as it was.
    actions_after = actions_of(plan)
    changed = [
        number for number, (was, now) in enumerate(zip(actions_before, actions_after, strict=True)) if was != now
    ]
    assert [actions_after[number]["reference"] for number in changed] == ["E1", "BR1"]
