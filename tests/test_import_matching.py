"""Rows match a plan's actions by what they say, not where they sit: an
inserted, deleted or reordered row moves no action's text or progress onto
another, and the preview says what changes, what to check and what the file
no longer has."""

from pathlib import Path

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from actions.models import Action
from imports.forms import read_upload
from imports.importing import NewPlan, run_import
from imports.matching import EXACT, STRONG, UNCERTAIN, Item, Match, match_rows
from imports.models import ImportRecord
from imports.tabulate import read_table
from plans.models import Plan
from progress.models import ProgressUpdate
from tests.builders import make_update

LINCOLNSHIRE = Path(__file__).parent / "data" / "council_plans" / "lincolnshire-child-poverty-draft-2012.xlsx"

PLAN = [
    ("E1", "Baseline parents on benefits"),
    ("E2", "Target debt advice at the priority wards"),
    ("A4", "Roll out Triple P parenting"),
    ("A4", "Positive activities for young people"),
]


def actions(plan=PLAN) -> list[Item]:
    """The plan's actions, given pks 101, 102… in order."""
    return [Item(101 + place, reference, text, place) for place, (reference, text) in enumerate(plan)]


def rows(*rows: tuple[str, str]) -> list[Item]:
    """The file's rows, numbered from spreadsheet row 2 as under a header."""
    return [Item(2 + place, reference, text, place) for place, (reference, text) in enumerate(rows)]


def matched(matching) -> dict[int, tuple[int | None, str | None]]:
    return {row: (match.action, match.confidence) for row, match in matching.matches.items()}


# Matching on its own


def test_the_same_rows_are_the_same_actions():
    matching = match_rows(rows(*PLAN), actions())

    assert matched(matching) == {2: (101, EXACT), 3: (102, EXACT), 4: (103, EXACT), 5: (104, EXACT)}
    assert matching.missing == [] and matching.moved == set()


def test_an_inserted_row_is_new_and_every_later_row_keeps_its_action():
    matching = match_rows(rows(PLAN[0], ("E1a", "Map free school meals take-up"), *PLAN[1:]), actions())

    assert matched(matching) == {2: (101, EXACT), 3: (None, None), 4: (102, EXACT), 5: (103, EXACT), 6: (104, EXACT)}
    assert matching.missing == [] and matching.moved == set()


def test_a_deleted_row_leaves_its_action_missing_from_the_file():
    matching = match_rows(rows(PLAN[0], *PLAN[2:]), actions())

    assert matched(matching) == {2: (101, EXACT), 3: (103, EXACT), 4: (104, EXACT)}
    assert matching.missing == [102]


def test_reordered_rows_keep_their_actions_and_the_one_that_moved_is_known():
    matching = match_rows(rows(PLAN[2], PLAN[0], PLAN[1], PLAN[3]), actions())

    assert matched(matching) == {2: (103, EXACT), 3: (101, EXACT), 4: (102, EXACT), 5: (104, EXACT)}
    assert matching.moved == {103}


def test_a_corrected_text_is_matched_by_its_reference():
    matching = match_rows(rows(PLAN[0], ("E2", "Target debt and money advice at the 15 wards"), *PLAN[2:]), actions())

    assert matching.matches[3] == Match(102, STRONG)


def test_a_renumbered_action_is_matched_by_its_text():
    matching = match_rows(rows(PLAN[0], ("E3", "Target  debt advice at the Priority Wards"), *PLAN[2:]), actions())

    assert matching.matches[3] == Match(102, STRONG)


def test_a_repeated_reference_is_told_apart_by_the_text():
    # The council swaps its two A4s, and corrects the second one's text.
    file_rows = rows(PLAN[0], PLAN[1], PLAN[3], ("A4", "Roll out Triple P parenting in every district"))

    matching = match_rows(file_rows, actions())

    assert matched(matching)[4] == (104, EXACT)
    assert matched(matching)[5] == (103, STRONG)


def test_a_repeated_reference_with_both_texts_changed_is_matched_but_to_be_checked():
    file_rows = rows(
        PLAN[0],
        PLAN[1],
        ("A4", "Roll out Triple P parenting courses"),
        ("A4", "Positive activities for all young people"),
    )

    matching = match_rows(file_rows, actions())

    assert matching.matches[4] == Match(103, UNCERTAIN, "reference")
    assert matching.matches[5] == Match(104, UNCERTAIN, "reference")


def test_a_similar_text_nearby_under_a_new_reference_is_matched_but_to_be_checked():
    file_rows = rows(PLAN[0], ("F9", "Target debt advice at the 15 priority wards"), *PLAN[2:])

    matching = match_rows(file_rows, actions())

    assert matching.matches[3] == Match(102, UNCERTAIN, "text")


def test_a_row_like_no_action_is_new():
    file_rows = rows(*PLAN, ("", "Free breakfast clubs in every primary school"))

    matching = match_rows(file_rows, actions())

    assert matching.matches[6] == Match(None, None)


def test_a_similar_text_far_away_is_not_taken_for_the_action():
    plan = [(f"R{n}", f"Unrelated action number {n} about topic {n}") for n in range(12)]
    plan[0] = ("R0", "Target debt advice at the priority wards")
    file_rows = rows(*plan[1:], ("Z1", "Target debt advice at the 15 priority wards"))

    matching = match_rows(file_rows, actions(plan))

    assert matching.matches[13] == Match(None, None)
    assert matching.missing == [101]


def test_identical_rows_are_paired_with_identical_actions_in_order():
    plan = [("", "To be agreed"), ("", "To be agreed")]

    matching = match_rows(rows(*plan), actions(plan))

    assert matched(matching) == {2: (101, EXACT), 3: (102, EXACT)}


# Through the import


HEADINGS = ["Strategic Theme", "Action Reference", "Action", "Action Owner", "Timescale"]
FILE = [
    ["Economic Poverty", "E1", "Baseline parents on benefits", "Job Centre Plus", "Annual"],
    [None, "E2", "Target debt advice at the priority wards", "District Councils", "31 March 2013"],
    ["Poverty of Aspiration", "A4", "Roll out Triple P parenting", "LCC Children's Services", "31 March 2013"],
    [None, "A4", "Positive activities for young people", "Child Poverty Champions", "Annual"],
]


def import_rows(body: list[list], *, plan=None, organisation=None, write=True):
    table = read_table([HEADINGS, *body])
    if plan is None:
        return run_import(table=table, new_plan=NewPlan("Imported Plan", organisation), write=write)
    return run_import(table=table, plan=plan, write=write)


@pytest.fixture
def plan(world):
    """The file imported once, each action then given a progress update of its own."""
    outcome = import_rows(FILE, organisation=world.lincs)
    for action in outcome.plan.actions.all():
        make_update(action, narrative=f"Progress on {action.text}")
    return outcome.plan


def by_text(plan: Plan) -> dict[str, list[str]]:
    return {
        action.text: [update.narrative for update in action.progress_updates.all()]
        for action in plan.actions.prefetch_related("progress_updates")
    }


def test_a_file_with_an_inserted_row_adds_one_action_and_moves_no_text_or_progress(plan):
    before = by_text(plan)
    inserted = [None, "E1a", "Map free school meals take-up", "LCC", "Annual"]

    outcome = import_rows([FILE[0], inserted, *FILE[1:]], plan=plan)

    assert outcome.problems == []
    assert (outcome.counts["actions_new"], outcome.counts["actions_updated"]) == (1, 0)
    assert outcome.counts["actions_unchanged"] == 4 and outcome.changes[0]["change"] == "new"
    assert by_text(plan) == {**before, "Map free school meals take-up": []}
    # The file's order is the plan's order.
    assert [action.reference for action in plan.actions.all()] == ["E1", "E1a", "E2", "A4", "A4"]


def test_a_preview_shows_each_changed_field_before_and_after(plan):
    body = [row[:] for row in FILE]
    body[1][2] = "Target debt and money advice at the priority wards"
    body[1][3] = "Citizens Advice"

    outcome = import_rows(body, plan=plan, write=False)

    assert outcome.changes == [
        {
            "row": 3,
            "reference": "E2",
            "text": "Target debt and money advice at the priority wards",
            "change": "update",
            "fields": ["Action", "Owners or leads (as written)"],
            "before_after": [
                ["Action", "Target debt advice at the priority wards", body[1][2]],
                ["Owners or leads (as written)", "District Councils", "Citizens Advice"],
            ],
        }
    ]
    assert outcome.uncertain == [] and outcome.not_in_file == []


def test_a_reordered_file_reports_the_action_that_moved(plan):
    e2_first = [["Economic Poverty", *FILE[1][1:]], [None, *FILE[0][1:]], *FILE[2:]]

    outcome = import_rows(e2_first, plan=plan)

    assert [(change["reference"], change["before_after"]) for change in outcome.changes] == [
        ("E2", [["order", "2", "1"]])
    ]
    assert (outcome.counts["actions_updated"], outcome.counts["actions_unchanged"]) == (1, 3)
    assert [action.reference for action in plan.actions.all()] == ["E2", "E1", "A4", "A4"]


def test_an_uncertain_match_is_warned_about_and_kept_with_the_counts(plan):
    body = [row[:] for row in FILE]
    body[1][1:3] = ["E9", "Target debt advice at all the priority wards"]

    outcome = import_rows(body, plan=plan, write=False)

    e2 = plan.actions.get(reference="E2")
    assert outcome.uncertain == [
        {
            "row": 3,
            "action": e2.pk,
            "reference": "E2",
            "message": "Row 3 looks like action E2 “Target debt advice at the priority wards” but the text "
            "differs; check it is the same action.",
        }
    ]
    assert outcome.as_json()["counts"]["uncertain"] == outcome.uncertain


def test_actions_the_file_no_longer_has_are_listed_and_left_as_they_are(plan):
    before = by_text(plan)

    outcome = import_rows([FILE[0], *FILE[2:]], plan=plan)

    e2 = Action.objects.get(plan=plan, reference="E2")
    assert outcome.not_in_file == [
        {"action": e2.pk, "reference": "E2", "text": "Target debt advice at the priority wards"}
    ]
    assert outcome.counts["actions_not_in_file"] == 1
    assert outcome.as_json()["counts"]["not_in_file"] == outcome.not_in_file
    assert by_text(plan) == before


def test_a_corrected_council_workbook_with_an_inserted_row_keeps_each_actions_text_and_progress(council_plans):
    """Lincolnshire's own sheet, imported into the fixture's plan after the
    council inserts a row under E1: every later action keeps its text and its
    progress updates, and nothing else changes."""
    plan = Plan.objects.get(slug="lincolnshire-child-poverty-draft-2012")
    for action in plan.actions.all():
        make_update(action, narrative=f"Progress on {action.reference}")
    before = {
        action.pk: (action.text, list(action.progress_updates.values_list("pk", flat=True)))
        for action in plan.actions.all()
    }
    file_rows = read_upload(LINCOLNSHIRE.name, LINCOLNSHIRE.read_bytes())
    e1 = next(index for index, row in enumerate(file_rows) if len(row) > 1 and row[1] == "E1")
    file_rows.insert(
        e1 + 1, [None, "E1a", "Map the take-up of free school meals in the 15 priority wards", "LCC", "Annual"]
    )

    outcome = run_import(table=read_table(file_rows), plan=plan, write=True)

    assert outcome.problems == [] and outcome.uncertain == [] and outcome.not_in_file == []
    assert (outcome.counts["actions_new"], outcome.counts["actions_updated"]) == (1, 0)
    assert outcome.counts["actions_unchanged"] == len(before)
    after = {
        action.pk: (action.text, list(action.progress_updates.values_list("pk", flat=True)))
        for action in plan.actions.all()
    }
    new = plan.actions.get(reference="E1a")
    assert after == {**before, new.pk: (new.text, [])}
    assert ProgressUpdate.objects.filter(action=new).count() == 0
    references = list(plan.actions.values_list("reference", flat=True))
    assert references[:3] == ["E1", "E1a", "E2"]


def test_the_preview_shows_the_matches_to_check_the_fields_before_and_after_and_the_actions_not_in_the_file(plan):
    body = [row[:] for row in FILE[:3]]
    body[1][1:4] = ["E9", "Target debt advice at all the priority wards", "Citizens Advice"]
    outcome = import_rows(body, plan=plan, write=False)
    kept = outcome.as_json()
    record = ImportRecord(counts=kept["counts"], changes=kept["changes"])

    page = render_to_string(
        "imports/_matching.html", {"record": record, "changes": record.changes, "changes_shown": 200}
    )

    assert "1 row to check" in page
    assert "Row 3 looks like action E2 “Target debt advice at the priority wards” but the text differs" in page
    assert "District Councils" in page and "Citizens Advice" in page  # owners, before and after
    assert "In the plan but not in the file" in page
    assert "A4: Positive activities for young people" in page


def test_the_import_page_shows_what_matching_found(client, world, plan):
    outcome = import_rows([FILE[0], FILE[2]], plan=plan, write=False)
    kept = outcome.as_json()
    record = ImportRecord.objects.create(
        created_by=world.admin,
        plan=plan,
        status=ImportRecord.Status.PREVIEWED,
        file_name="plan.xlsx",
        file_size=1,
        checksum="0" * 64,
        counts=kept["counts"],
        changes=kept["changes"],
    )
    client.force_login(world.admin)

    page = client.get(reverse("import-detail", args=[record.pk])).text

    assert "2 of the plan's actions are not in the file; left as they are unless ticked below to be removed" in page
    assert "In the plan but not in the file" in page
    assert "E2: Target debt advice at the priority wards" in page
