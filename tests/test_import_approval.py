"""Progress updates imported into a plan that needs approval arrive awaiting
it, unless the importing admin ticks "Mark the N new progress updates as
approved" in the preview (or gives `import_plan --approve-updates`). Plans
without approval, and new plans, get approved updates as before."""

import re
from io import StringIO

import pytest
from django.core import serializers
from django.core.management import call_command
from django.urls import reverse

from actions.models import Action, Status
from imports.models import ImportRecord
from imports.services import import_record_check, import_record_claim, import_record_confirm, import_record_create
from imports.undo import import_record_undo, import_record_undo_claim
from plans.models import Plan
from progress.models import ProgressUpdate
from progress.services import progress_update_approve
from tests.builders import make_organisation, make_update
from tests.spreadsheets.files import HEADINGS, xlsx

State = ProgressUpdate.State
# New progress on both of plan A's actions: E1 completed, E2 at risk.
ROWS = [
    [*HEADINGS, "Status"],
    [
        "Economic Poverty",
        "E1",
        "Baseline parents on benefits",
        "Job Centre Plus",
        "Annual",
        "Baseline done",
        "Completed",
    ],
    ["Economic Poverty", "E2", "Target debt advice", "District Councils", "Annual", "Sessions full", "At risk"],
]
CHECKBOX = re.compile(r"<input[^>]*name=\"approve_updates\"[^>]*>")


@pytest.fixture
def plan_a(world):
    """Plan A, needing approval, with an approved update on E1: on track."""
    Plan.objects.filter(pk=world.plan_a.pk).update(approval_required=True)
    make_update(world.action_a, status=Status.ON_TRACK, narrative="Baseline work started")
    world.plan_a.refresh_from_db()
    return world.plan_a


def previewed(world, plan, rows=ROWS) -> ImportRecord:
    record = import_record_create(user=world.admin, file_name="plan.xlsx", content=xlsx(rows), plan=plan, new_plan={})
    return import_record_check(record=record, user=world.admin)


def confirmed_on_the_page(client, world, plan, **posted) -> ImportRecord:
    client.force_login(world.admin)
    record = previewed(world, plan)
    client.post(reverse("import-confirm", args=[record.pk]), posted)
    record.refresh_from_db()
    assert record.status == "imported", record.problems
    return record


def imported_updates(plan) -> list[ProgressUpdate]:
    return list(ProgressUpdate.objects.filter(action__plan=plan, from_source_plan=True).order_by("pk"))


def status_of(action) -> str:
    return Action.objects.get(pk=action.pk).current_status


def test_the_preview_asks_in_the_confirm_form_with_the_box_unticked(client, world, plan_a):
    client.force_login(world.admin)
    record = previewed(world, plan_a)

    page = client.get(reverse("import-detail", args=[record.pk])).text

    confirm_form = re.search(r'<form[^>]*id="import-confirm-form".*?</form>', page, re.S).group(0)
    boxes = CHECKBOX.findall(confirm_form)
    assert len(boxes) == 1 and "checked" not in boxes[0]
    assert "Mark the 2 new progress updates as approved" in confirm_form
    assert "awaiting approval by a lead officer" in confirm_form


def test_ticked_the_updates_arrive_approved_by_the_admin(client, world, plan_a):
    record = confirmed_on_the_page(client, world, plan_a, approve_updates="yes")

    updates = imported_updates(plan_a)
    assert record.updates_approved
    assert [update.state for update in updates] == [State.APPROVED, State.APPROVED]
    assert all(update.reviewed_by == world.admin and update.reviewed_at for update in updates)
    assert status_of(world.action_a) == Status.COMPLETED


def test_unticked_the_updates_await_approval_and_the_status_waits_too(client, world, plan_a):
    record = confirmed_on_the_page(client, world, plan_a)

    updates = imported_updates(plan_a)
    assert not record.updates_approved
    assert [update.state for update in updates] == [State.SUBMITTED, State.SUBMITTED]
    assert all(update.reviewed_by is None and update.reviewed_at is None for update in updates)
    assert status_of(world.action_a) == Status.ON_TRACK
    assert updates[0] in ProgressUpdate.objects.awaiting_approval_by(world.lead)

    progress_update_approve(update=updates[0], user=world.lead)

    assert status_of(world.action_a) == Status.COMPLETED


def test_the_record_page_says_the_updates_were_approved(client, world, plan_a):
    record = confirmed_on_the_page(client, world, plan_a, approve_updates="yes")

    page = client.get(reverse("import-detail", args=[record.pk])).text

    assert "The 2 new progress updates were marked as approved by admin" in page


def test_the_record_page_says_the_updates_await_approval(client, world, plan_a):
    record = confirmed_on_the_page(client, world, plan_a)

    page = client.get(reverse("import-detail", args=[record.pk])).text

    assert "The 2 new progress updates arrived awaiting approval by a lead officer" in page
    assert reverse("approvals") in page


def test_a_plan_without_approval_is_not_asked_and_gets_approved_updates_as_before(client, world):
    client.force_login(world.admin)
    record = previewed(world, world.plan_a)

    page = client.get(reverse("import-detail", args=[record.pk])).text
    assert not CHECKBOX.search(page)

    client.post(reverse("import-confirm", args=[record.pk]))

    updates = imported_updates(world.plan_a)
    assert [update.state for update in updates] == [State.APPROVED, State.APPROVED]
    assert all(update.reviewed_by is None for update in updates)
    assert status_of(world.action_a) == Status.COMPLETED


def test_the_choice_is_ignored_for_a_plan_without_approval(client, world):
    record = confirmed_on_the_page(client, world, world.plan_a, approve_updates="yes")

    assert not record.updates_approved
    assert all(update.reviewed_by is None for update in imported_updates(world.plan_a))


def test_the_choice_is_ignored_for_a_new_plan(world):
    owner = make_organisation("Owner of new plans")
    record = import_record_create(
        user=world.admin, file_name="plan.xlsx", content=xlsx(ROWS), plan=None,
        new_plan={"title": "Imported Plan", "organisation": owner.pk},
    )  # fmt: skip
    record = import_record_check(record=record, user=world.admin)

    record = import_record_claim(record=record, user=world.admin, approve_updates=True)
    record = import_record_confirm(record=record, user=world.admin)

    assert record.status == "imported" and not record.updates_approved
    assert {update.state for update in imported_updates(record.plan)} == {State.APPROVED}


def test_the_choice_is_not_offered_without_new_updates(client, world, plan_a):
    no_progress = [[*row[:5], None, None] for row in ROWS]
    client.force_login(world.admin)
    record = previewed(world, plan_a, no_progress)

    page = client.get(reverse("import-detail", args=[record.pk])).text
    record = import_record_claim(record=record, user=world.admin, approve_updates=True)

    assert not CHECKBOX.search(page)
    assert not record.updates_approved


def run_command(path, *args) -> str:
    out = StringIO()
    call_command("import_plan", str(path), "--plan", "plan-a", "--user", "admin", "--confirm", *args, stdout=out)
    return out.getvalue()


def test_the_command_marks_the_updates_approved_with_approve_updates(world, plan_a, tmp_path):
    path = tmp_path / "plan.xlsx"
    path.write_bytes(xlsx(ROWS))

    output = run_command(path, "--approve-updates")

    assert ImportRecord.objects.get().updates_approved
    assert {update.state for update in imported_updates(plan_a)} == {State.APPROVED}
    assert "marked as approved" in output


def test_the_command_leaves_the_updates_awaiting_approval_by_default(world, plan_a, tmp_path):
    path = tmp_path / "plan.xlsx"
    path.write_bytes(xlsx(ROWS))

    output = run_command(path)

    assert {update.state for update in imported_updates(plan_a)} == {State.SUBMITTED}
    assert "await approval by a lead officer" in output


def everything(plan) -> list[dict]:
    objects = [*Action.objects.filter(plan=plan), *ProgressUpdate.objects.filter(action__plan=plan)]
    return serializers.serialize("python", objects)


def test_undo_puts_back_exactly_the_updates_and_their_states(client, world, plan_a):
    make_update(world.action_a2, status=Status.AT_RISK, narrative="Awaiting its lead", state=State.SUBMITTED)
    before = everything(plan_a)
    record = confirmed_on_the_page(client, world, plan_a, approve_updates="yes")

    record = import_record_undo(record=import_record_undo_claim(record=record, user=world.admin), user=world.admin)

    assert record.status == "undone"
    assert everything(plan_a) == before
