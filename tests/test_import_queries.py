"""An import's queries grow with its chunks of rows, not with its rows: each
chunk is read in memory and written in bulk (imports/resources.py)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from actions.models import Action
from imports import importing
from imports.importing import NewPlan, run_import
from imports.tabulate import read_table
from plans.models import Plan

HEADINGS = ["Theme", "Reference", "Action", "Owner", "Timescale", "Progress"]


def rows(count: int, *, edit: str = "") -> list[list]:
    """A file of `count` actions under two themes, each with owners and progress;
    `edit` is added to every action's text and progress."""
    return [HEADINGS] + [
        [f"Theme {number % 2}", f"R{number}", f"Action {number}{edit}", "Jobcentre Plus", "Annual", f"Going well{edit}"]
        for number in range(count)
    ]


def queries(**kwargs) -> int:
    with CaptureQueriesContext(connection) as captured:
        outcome = run_import(**kwargs)
    assert not outcome.problems
    return len(captured)


def new_plan(world, count: int) -> int:
    # A title of its own: a second plan of the same title looks further for a free slug.
    return queries(table=read_table(rows(count)), new_plan=NewPlan(f"Plan of {count}", world.lincs), write=True)


def changed(world, count: int) -> int:
    plan = run_import(table=read_table(rows(count)), new_plan=NewPlan("Imported", world.lincs), write=True).plan
    return queries(table=read_table(rows(count + 1, edit=" (revised)")), plan=plan, write=True)


def unchanged(world, count: int) -> int:
    plan = run_import(table=read_table(rows(count)), new_plan=NewPlan("Imported", world.lincs), write=True).plan
    return queries(table=read_table(rows(count)), plan=plan, write=False)


@pytest.mark.parametrize("scenario", [new_plan, changed, unchanged])
def test_more_rows_in_a_chunk_cost_no_more_queries(world, scenario):
    assert scenario(world, 3) == scenario(world, 12)


def test_each_chunk_costs_the_same_few_queries(world, monkeypatch):
    monkeypatch.setattr(importing, "CHUNK_ROWS", 4)

    one, two, four = new_plan(world, 4), new_plan(world, 8), new_plan(world, 16)

    assert four - two == 2 * (two - one)
    assert two - one <= 16  # six writes, and the savepoints around them


def test_a_chunk_the_database_refuses_is_named_by_its_rows_and_nothing_is_written(world, monkeypatch):
    monkeypatch.setattr(importing, "CHUNK_ROWS", 4)
    written = Action.objects.bulk_create

    def refuse_the_second_chunk(objs, *args, **kwargs):
        if any(action.text == "Action 5" for action in objs):
            raise ValueError("the database refused the rows")
        return written(objs, *args, **kwargs)

    monkeypatch.setattr(Action.objects, "bulk_create", refuse_the_second_chunk)
    plans_before, actions_before = Plan.objects.count(), Action.objects.count()

    outcome = run_import(table=read_table(rows(8)), new_plan=NewPlan("Refused", world.lincs), write=True)

    assert [problem.message for problem in outcome.problems] == [
        "Rows 6 to 9 could not be written: the database refused the rows"
    ]
    assert (Plan.objects.count(), Action.objects.count()) == (plans_before, actions_before)
