"""Undoing an import (imports/undo.py): the plan goes back exactly as it was
before the import, updates included, or a plan the import created is
deleted; refused plainly once anything has been written to the plan since,
for any import but the latest, and twice."""

import re
import threading
from datetime import timedelta
from unittest import mock

import pytest
from django.core import serializers
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from actions.models import Action, Indicator
from actions.services import action_update
from imports import tasks
from imports.models import ImportRecord
from imports.services import (
    import_record_check,
    import_record_claim,
    import_record_confirm,
    import_record_create,
    import_records_expire,
)
from imports.undo import NotUndoable, import_record_undo, import_record_undo_claim
from plans.models import Membership, Plan, Theme
from progress.models import ProgressUpdate
from tests.builders import make_action, make_organisation, make_plan, make_update
from tests.spreadsheets.files import HEADINGS, small_plan, xlsx

COLUMNS = [*HEADINGS, "Owner organisations"]


def everything(plan_pk: int) -> list[dict]:
    """The plan, its themes, its actions (with their organisations and
    indicators) and its progress updates, every field, as Django serialises them."""
    objects = [
        *Plan.objects.filter(pk=plan_pk),
        *Theme.objects.filter(plan_id=plan_pk),
        *Action.objects.filter(plan_id=plan_pk),
        *ProgressUpdate.objects.filter(action__plan_id=plan_pk),
    ]
    return serializers.serialize("python", objects)


def imported(user, rows, *, plan=None, remove=()) -> ImportRecord:
    new_plan = {} if plan else {"title": "Imported Plan", "organisation": plan_owner(user).pk}
    record = import_record_create(user=user, file_name="plan.xlsx", content=xlsx(rows), plan=plan, new_plan=new_plan)
    record = import_record_check(record=record, user=user)
    assert not record.problems, record.problems
    if remove:
        remove = [action.pk for action in remove]
    record = import_record_claim(record=record, user=user, remove=remove)
    record = import_record_confirm(record=record, user=user)
    assert record.status == "imported"
    return record


def undone(record, user) -> ImportRecord:
    """Undo as the page does: take the record, then undo it (the job)."""
    return import_record_undo(record=import_record_undo_claim(record=record, user=user), user=user)


def plan_owner(user):
    return make_organisation("Owner of new plans")


@pytest.fixture
def plan_a(world):
    """Plan A with notes, an indicator on E1 and a progress update on each action."""
    plan = world.plan_a
    Plan.objects.filter(pk=plan.pk).update(notes="Introduction to the plan.")
    world.action_a.indicators.add(Indicator.objects.create(framework="NI", code="116"))
    make_update(world.action_a, narrative="Baseline work started")
    make_update(world.action_a2, narrative="Advice sessions booked")
    return plan


def correcting_file():
    """A new theme and action first, E1 corrected (text, owners, timescale,
    organisations, a new update), E2 gone, and a note below the table."""
    return [
        COLUMNS,
        ["Holiday Hunger", "E3", "Fund holiday clubs", "LCC", "Annual", "Clubs open", ""],
        ["Economic Poverty", "E1", "Baseline parents and carers on benefits", "Job Centre Plus", "31 March 2013",
         "Baseline agreed", "Jobcentre Plus"],
        [],
        ["NB: figures are provisional"],
    ]  # fmt: skip


@pytest.fixture
def corrected(world, plan_a):
    """Plan A as it was, and the import of the correcting file with E2 ticked to remove."""
    before = everything(plan_a.pk)
    record = imported(world.admin, correcting_file(), plan=plan_a, remove=[world.action_a2])
    assert everything(plan_a.pk) != before
    return before, record


# --- Undoing ---------------------------------------------------------------------


def test_undoing_an_import_into_a_plan_puts_everything_back_exactly(world, plan_a, corrected):
    before, record = corrected

    undone(record, world.admin)

    assert everything(plan_a.pk) == before


def test_the_import_did_change_what_undoing_puts_back(world, plan_a, corrected):
    """So that the test above proves something: each kind of change was made."""
    action = Action.objects.get(pk=world.action_a.pk)
    assert action.text == "Baseline parents and carers on benefits" and action.position == 2
    assert list(action.owner_organisations.all()) == [world.jobcentre]
    assert not Action.objects.filter(pk=world.action_a2.pk).exists()
    assert plan_a.themes.filter(title="Holiday Hunger").exists()
    assert "NB: figures are provisional" in Plan.objects.get(pk=plan_a.pk).notes


def test_undoing_marks_the_record_undone_by_whom(world, plan_a, corrected):
    _, record = corrected

    record = undone(record, world.admin)

    assert record.status == "undone" and record.undone_by == world.admin and record.undone_at is not None
    assert record.undo_snapshot is None


def test_undoing_leaves_history_saying_import_undone(world, plan_a, corrected):
    _, record = corrected

    undone(record, world.admin)

    history = Action.history.filter(history_change_reason="Import undone", history_user=world.admin)
    assert {(row.reference, row.history_type) for row in history} == {("E3", "-"), ("E1", "~"), ("E2", "+")}
    assert ProgressUpdate.history.filter(history_change_reason="Import undone", history_type="+").count() == 1
    assert Plan.history.filter(id=plan_a.pk, history_change_reason="Import undone").exists()


def test_undoing_an_import_that_created_a_plan_deletes_the_plan(world):
    record = imported(world.admin, small_plan())
    plan_pk = record.plan_id

    undone(record, world.admin)

    assert not Plan.objects.filter(pk=plan_pk).exists()
    assert not Action.objects.filter(plan_id=plan_pk).exists() and not Theme.objects.filter(plan_id=plan_pk).exists()
    assert not ProgressUpdate.objects.filter(action__plan_id=plan_pk).exists()
    assert Action.history.filter(plan_id=plan_pk, history_type="-").count() == 4  # the history stays
    record.refresh_from_db()
    assert record.status == "undone" and record.plan is None and record.plan_title == "Imported Plan"


def test_after_a_later_import_is_undone_the_earlier_one_can_be(world, plan_a):
    before = everything(plan_a.pk)
    first = imported(world.admin, correcting_file(), plan=plan_a)
    later = imported(
        world.admin, [COLUMNS, ["Economic Poverty", "E5", "Open a food bank", "", "", "", ""]], plan=plan_a
    )

    undone(later, world.admin)
    undone(first, world.admin)

    assert everything(plan_a.pk) == before


def test_undoing_takes_the_same_number_of_queries_for_a_bigger_plan(world):
    def queries_to_undo(size: int) -> int:
        plan = make_plan(world.lincs, f"Plan of {size}")
        for number in range(size):
            make_update(make_action(plan, f"Action {number}", reference=f"R{number}"), narrative="Earlier")
        rows = [
            COLUMNS,
            *[["Theme", f"R{n}", f"Action {n} corrected", "LCC", "Annual", "Now", ""] for n in range(size)],
        ]
        record = imported(world.admin, rows, plan=plan)
        with CaptureQueriesContext(connection) as queries:
            undone(record, world.admin)
        return len(queries)

    assert queries_to_undo(3) == queries_to_undo(20)


# --- Refused ---------------------------------------------------------------------


def refusal(record, user) -> str:
    with pytest.raises(NotUndoable) as refused:
        undone(record, user)
    record.refresh_from_db()
    assert record.status in ("imported", "undone", "previewed")
    return str(refused.value)


def test_refused_once_a_progress_update_has_been_posted(world, plan_a, corrected):
    _, record = corrected
    make_update(world.action_a, narrative="Posted after the import")
    after = everything(plan_a.pk)

    message = refusal(record, world.admin)

    assert message == (
        "The plan has changed since this import (1 progress update was posted), so it cannot be undone. "
        "Correct it by hand or import a corrected file."
    )
    assert record.status == "imported" and everything(plan_a.pk) == after


def test_refused_once_an_action_has_been_edited(world, plan_a, corrected):
    _, record = corrected
    action = Action.objects.get(pk=world.action_a.pk)
    action.owners = "Lincolnshire County Council"
    action_update(action=action, user=world.admin, expected_version=action.version)

    message = refusal(record, world.admin)

    assert "The plan has changed since this import (actions were edited)" in message
    assert record.status == "imported"


def test_refused_for_an_import_with_a_later_one(world, plan_a, corrected):
    _, record = corrected
    imported(world.admin, [COLUMNS, ["Economic Poverty", "E5", "Open a food bank", "", "", "", ""]], plan=plan_a)

    message = refusal(record, world.admin)

    assert (
        "was imported into this plan later" in message and "Only the latest import into a plan can be undone" in message
    )


def test_refused_when_already_undone(world, plan_a, corrected):
    _, record = corrected
    undone(ImportRecord.objects.get(pk=record.pk), world.admin)

    message = refusal(record, world.admin)

    assert message.startswith("This import was already undone by admin on ")


def test_two_undos_one_after_the_other_undo_once(world, plan_a, corrected):
    before, record = corrected
    first, second = ImportRecord.objects.get(pk=record.pk), ImportRecord.objects.get(pk=record.pk)

    undone(first, world.admin)

    assert "already undone" in refusal(second, world.admin)
    assert everything(plan_a.pk) == before


def test_refused_while_another_admin_is_undoing_it(world, plan_a, corrected, make_user):
    _, record = corrected
    import_record_undo_claim(record=ImportRecord.objects.get(pk=record.pk), user=world.admin)

    with pytest.raises(NotUndoable, match="This import is already being undone by admin."):
        import_record_undo_claim(record=record, user=make_user("grace", Membership.Role.ADMIN))


def test_a_plan_changed_between_the_claim_and_the_job_is_left_alone(world, plan_a, corrected):
    _, record = corrected
    record = import_record_undo_claim(record=record, user=world.admin)
    make_update(world.action_a, narrative="Posted just after the undo was asked for")
    after = everything(plan_a.pk)

    assert tasks.undo_import.call(record.pk, world.admin.pk) == "imported"

    record.refresh_from_db()
    assert record.status == "imported" and record.undone_by is None and everything(plan_a.pk) == after


def test_an_undo_that_fails_part_way_writes_nothing(world, plan_a, corrected):
    _, record = corrected
    after = everything(plan_a.pk)
    record = import_record_undo_claim(record=record, user=world.admin)

    with mock.patch("imports.undo._write_history", side_effect=RuntimeError("disk full")), pytest.raises(RuntimeError):
        tasks.undo_import.call(record.pk, world.admin.pk)

    record.refresh_from_db()
    assert record.status == "imported" and everything(plan_a.pk) == after


def test_refused_for_an_import_not_imported(world, plan_a):
    record = import_record_create(
        user=world.admin, file_name="plan.xlsx", content=xlsx(correcting_file()), plan=plan_a, new_plan={}
    )
    record = import_record_check(record=record, user=world.admin)

    message = refusal(record, world.admin)

    assert message == "Only an import that has finished can be undone; this one is “Previewed, not imported”."


# --- Pages -----------------------------------------------------------------------


def test_the_imported_record_offers_to_undo(client, world, plan_a, corrected):
    _, record = corrected
    client.force_login(world.admin)

    page = client.get(reverse("import-detail", args=[record.pk])).text

    assert "Undo this import" in page and reverse("import-undo", args=[record.pk]) in page


def test_the_undo_page_says_what_will_happen(client, world, plan_a, corrected):
    _, record = corrected
    client.force_login(world.admin)

    page = client.get(reverse("import-undo", args=[record.pk])).text

    assert "1 action the import added will be deleted" in page
    assert "1 action will get its earlier text and details back" in page
    assert "1 action the import removed will come back, with its progress updates" in page
    assert "2 progress updates the import added will be removed" in page
    assert "1 theme the import added will be deleted" in page
    assert "the plan's notes and details will be as they were" in page


def test_the_undo_page_for_a_new_plan_says_it_will_be_deleted(client, world):
    record = imported(world.admin, small_plan())
    client.force_login(world.admin)

    page = client.get(reverse("import-undo", args=[record.pk])).text

    assert "The plan Imported Plan will be deleted with its 4 actions" in page


def test_undoing_from_the_page_then_shows_who_undid_it(client, world, plan_a, corrected):
    before, record = corrected
    client.force_login(world.admin)

    response = client.post(reverse("import-undo", args=[record.pk]))

    assert response.url == reverse("import-detail", args=[record.pk])
    page = client.get(response.url).text
    assert "The import was undone: Lincolnshire Plan is as it was before it." in page
    assert "Undone by admin on " in page and "Undo this import" not in page
    assert everything(plan_a.pk) == before


def test_the_undo_page_says_why_not_and_has_no_button(client, world, plan_a, corrected):
    _, record = corrected
    make_update(world.action_a, narrative="Posted after the import")
    client.force_login(world.admin)

    page = client.get(reverse("import-undo", args=[record.pk])).text

    assert "1 progress update was posted" in page and "<form" not in page.split("<main", 1)[1]


def test_a_refused_undo_posted_says_why_on_the_record_page(client, world, plan_a, corrected):
    _, record = corrected
    make_update(world.action_a, narrative="Posted after the import")
    client.force_login(world.admin)

    response = client.post(reverse("import-undo", args=[record.pk]))

    assert "so it cannot be undone" in client.get(response.url).text
    record.refresh_from_db()
    assert record.status == "imported"


@pytest.mark.parametrize("role", ["chair", "lead", "officer"])
def test_only_admins_may_undo(client, world, plan_a, corrected, role):
    _, record = corrected
    client.force_login(getattr(world, role))

    assert client.get(reverse("import-undo", args=[record.pk])).status_code == 403
    assert client.post(reverse("import-undo", args=[record.pk])).status_code == 403
    record.refresh_from_db()
    assert record.status == "imported"


# --- Two admins at once (PostgreSQL) ------------------------------------------------


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite lets one connection write at a time, so two undos cannot race"
)
def test_two_admins_undoing_at_once_undo_once(make_user):
    council = make_organisation("Lincolnshire County Council")
    plan = make_plan(council, "Lincolnshire Plan")
    make_action(plan, "Baseline parents on benefits", reference="E1")
    ada, grace = make_user("ada-admin", Membership.Role.ADMIN), make_user("grace", Membership.Role.ADMIN)
    before = everything(plan.pk)
    record = imported(ada, [COLUMNS, ["Theme", "E1", "Baseline parents and carers", "", "", "News", ""]], plan=plan)
    barrier, pages = threading.Barrier(2), []

    def undo(admin):
        client = Client()
        client.force_login(admin)
        try:
            barrier.wait(timeout=30)
            response = client.post(reverse("import-undo", args=[record.pk]))
            pages.append(client.get(response.url).text)
        finally:
            connection.close()

    threads = [threading.Thread(target=undo, args=(admin,)) for admin in (ada, grace)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert sum("The import was undone" in page for page in pages) == 1
    assert sum(bool(re.search("This import (is already being|was already) undone by", page)) for page in pages) == 1
    assert everything(plan.pk) == before


def test_an_undone_record_says_so_and_not_that_it_cannot_be_confirmed(client, world, plan_a, corrected):
    _, record = corrected
    undone(record, world.admin)
    client.force_login(world.admin)

    page = client.get(reverse("import-detail", args=[record.pk])).text

    assert "Undone by admin on " in page and "cannot be confirmed" not in page


def test_a_page_of_an_import_being_undone_refreshes_itself_until_it_is_done(client, world, plan_a, corrected):
    _, record = corrected
    import_record_undo_claim(record=record, user=world.admin)
    client.force_login(world.admin)

    page = client.get(reverse("import-detail", args=[record.pk])).text

    assert "This import is being undone by admin." in page and "Putting the plan back…" in page
    assert '<meta http-equiv="refresh" content="3">' in page


def test_an_undo_killed_part_way_is_given_up_on_by_expire_imports(world, plan_a, corrected):
    _, record = corrected
    import_record_undo_claim(record=record, user=world.admin)
    ImportRecord.objects.filter(pk=record.pk).update(undone_at=timezone.now() - timedelta(hours=2))

    assert import_records_expire()["undos_given_up"] == 1

    record.refresh_from_db()
    assert (record.status, record.undone_by, record.undone_at) == ("imported", None, None)
