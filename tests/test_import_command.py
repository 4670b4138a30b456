from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from imports import services
from imports.models import ImportRecord
from plans.models import Plan
from tests.spreadsheets.files import small_plan, xlsx


@pytest.fixture
def spreadsheet(tmp_path):
    path = tmp_path / "lincolnshire.xlsx"
    path.write_bytes(xlsx(small_plan()))
    return path


def run(*args) -> str:
    out = StringIO()
    call_command("import_plan", *args, stdout=out)
    return out.getvalue()


def test_without_confirm_it_previews_and_writes_nothing(world, spreadsheet):
    output = run(
        str(spreadsheet), "--new-plan", "From the command line", "--organisation", world.lincs.slug, "--user", "admin"
    )

    assert "Actions: 4 new, 0 updated, 0 unchanged" in output
    assert "nothing was written" in output
    assert not Plan.objects.filter(title="From the command line").exists()
    assert ImportRecord.objects.get().status == "previewed"


def test_with_confirm_it_imports_and_records_who(world, spreadsheet):
    output = run(str(spreadsheet), "--new-plan", "From the command line", "--organisation", world.lincs.slug,
                 "--user", "admin", "--confirm")  # fmt: skip

    plan = Plan.objects.get(title="From the command line")
    assert plan.actions.count() == 4
    assert "4 of 4 rows imported" in output
    record = ImportRecord.objects.get()
    assert (record.status, record.created_by, record.plan) == ("imported", world.admin, plan)


def test_problems_are_listed_and_nothing_is_imported(world, tmp_path):
    path = tmp_path / "bad.xlsx"
    path.write_bytes(xlsx([["Action", "Due date"], ["Baseline", "soon"]]))

    with pytest.raises(CommandError, match="1 problem"):
        run(str(path), "--plan", world.plan_a.slug, "--user", "admin", "--confirm")

    assert world.plan_a.actions.count() == 2


@pytest.mark.parametrize(
    "args, message",
    [
        (["--plan", "plan-a", "--user", "officer"], '"officer" is not an admin'),
        (["--plan", "no-such-plan", "--user", "admin"], 'No plan has the slug "no-such-plan"'),
        (["--new-plan", "X", "--user", "admin"], "Give --organisation"),
    ],
)
def test_bad_arguments_are_explained(world, spreadsheet, args, message):
    with pytest.raises(CommandError, match=message):
        run(str(spreadsheet), *args)


def test_a_file_it_cannot_read_is_explained(world, tmp_path):
    path = tmp_path / "old.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)

    with pytest.raises(CommandError, match="old Excel file"):
        run(str(path), "--plan", "plan-a", "--user", "admin")


def test_with_confirm_the_file_is_checked_once(world, spreadsheet, monkeypatch):
    passes = []
    original = services.import_steps
    monkeypatch.setattr(services, "import_steps", lambda **kwargs: passes.append(kwargs["write"]) or original(**kwargs))

    run(str(spreadsheet), "--plan", world.plan_a.slug, "--user", "admin", "--confirm")

    assert passes == [True]
    assert ImportRecord.objects.get().status == "imported"
