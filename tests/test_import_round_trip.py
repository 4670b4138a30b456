"""Export → import is a round trip that changes nothing, on all five plans."""

import pytest

from actions.models import Action
from imports.exporting import plan_sheet, spreadsheet_bytes
from imports.forms import read_upload
from imports.importing import run_import
from imports.tabulate import read_table
from plans.models import Plan
from progress.models import ProgressUpdate

SLUGS = [
    "lincolnshire-child-poverty-draft-2012",
    "hartlepool-child-poverty-2009",
    "lincolnshire-narrowing-the-gap-2012",
    "nottinghamshire-life-chances-2020-22",
    "thurrock-child-poverty",
]


@pytest.mark.parametrize("file_format", ["xlsx", "csv"])
@pytest.mark.parametrize("slug", SLUGS)
def test_exporting_a_plan_and_importing_it_back_changes_nothing(council_plans, slug, file_format):
    plan = Plan.objects.get(slug=slug)
    before = (plan.themes.count(), Action.objects.count(), ProgressUpdate.objects.count())
    rows = read_upload(f"plan.{file_format}", spreadsheet_bytes(plan_sheet(plan), file_format))

    outcome = run_import(table=read_table(rows), plan=plan, write=True)

    assert not outcome.problems
    assert outcome.changes == []
    assert outcome.counts["actions_unchanged"] == plan.actions.count()
    assert outcome.counts["themes_new"] == 0 and outcome.counts["progress_updates_new"] == 0
    assert (plan.themes.count(), Action.objects.count(), ProgressUpdate.objects.count()) == before
