from imports.forms import read_upload
from imports.importing import NewPlan, run_import
from imports.tabulate import read_table
from plans.models import Plan
from progress.models import ProgressUpdate
from tests.spreadsheets.files import small_plan, xlsx


def test_a_file_with_one_bad_row_writes_nothing(world):
    rows = small_plan(["Best use of Resources", "BR1", "Establish governance", "LCC", "30 September 2012", None])
    rows[0:3] = [
        ["Strategic Theme", "Action Reference", "Action", "Action Owner", "Timescale", "Progress", "Latest status"]
    ]
    rows.append(["Best use of Resources", "BR2", "Scorecards", "LCC", "Annual", "Started", "Purple"])
    table = read_table(read_upload("plan.xlsx", xlsx(rows)))

    outcome = run_import(table=table, new_plan=NewPlan("Bad", world.lincs), write=True)

    assert [(p.row, p.column) for p in outcome.problems] == [(7, "Latest status")]
    assert outcome.problems[0].message.startswith('"Purple" is not a status we know.')
    assert not Plan.objects.filter(title="Bad").exists()
    assert not ProgressUpdate.objects.exists()


def test_a_preview_into_an_existing_plan_writes_nothing(world):
    table = read_table(read_upload("plan.xlsx", xlsx(small_plan())))

    outcome = run_import(table=table, plan=world.plan_a, write=False)

    assert outcome.counts["actions_updated"] == 2 and outcome.counts["actions_new"] == 2
    assert list(world.plan_a.actions.values_list("reference", flat=True)) == ["E1", "E2"]
    assert world.plan_a.themes.count() == 1
