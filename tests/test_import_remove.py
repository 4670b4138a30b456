"""Removing the plan's actions that a file no longer has: the preview lists
them, each with a "Remove this action from the plan" box that belongs to the
confirm form, and confirming deletes only the ticked ones, in the import's
transaction, keeping their history."""

import re

import pytest
from django.urls import reverse

from actions.models import Action
from imports.models import ImportRecord
from imports.services import import_record_check, import_record_claim, import_record_confirm, import_record_create
from progress.models import ProgressUpdate
from tests.builders import make_action, make_update
from tests.spreadsheets.files import HEADINGS, xlsx

# Plan A keeps E1 and gains E3; E2 and E4 are not in the file.
ROWS = [
    HEADINGS,
    ["Economic Poverty", "E1", "Baseline parents on benefits", "Job Centre Plus", "Annual", None],
    ["Economic Poverty", "E3", "Fund holiday clubs", "Lincolnshire County Council", "Annual", None],
]


@pytest.fixture
def plan_a(world):
    world.action_e4 = make_action(world.plan_a, "Map free school meals take-up", reference="E4", theme=world.theme_a)
    world.update_e2 = make_update(world.action_a2, narrative="Advice sessions booked")
    return world.plan_a


def previewed(world, plan) -> ImportRecord:
    record = import_record_create(user=world.admin, file_name="plan.xlsx", content=xlsx(ROWS), plan=plan, new_plan={})
    return import_record_check(record=record, user=world.admin)


def confirmed(world, plan, remove) -> ImportRecord:
    record = import_record_claim(record=previewed(world, plan), user=world.admin, remove=remove)
    return import_record_confirm(record=record, user=world.admin)


def test_the_preview_offers_an_unticked_box_for_each_action_not_in_the_file(client, world, plan_a):
    client.force_login(world.admin)
    record = previewed(world, plan_a)

    page = client.get(reverse("import-detail", args=[record.pk])).text

    assert 'id="import-confirm-form"' in page
    for action in (world.action_a2, world.action_e4):
        box = f'name="remove" type="checkbox" value="{action.pk}" form="import-confirm-form">'
        assert box in page
    boxes = re.findall(r"<input[^>]*name=\"remove\"[^>]*>", page)
    assert len(boxes) == 2 and not any("checked" in box for box in boxes)
    assert "removed when you confirm the import, with its progress updates" in page
    assert "undo the import" in page


def test_confirming_removes_the_ticked_actions_only_with_their_updates(client, world, plan_a):
    client.force_login(world.admin)
    record = previewed(world, plan_a)

    client.post(reverse("import-confirm", args=[record.pk]), {"remove": [world.action_a2.pk]})

    record.refresh_from_db()
    assert record.status == "imported" and record.counts["actions_removed"] == 1
    assert record.actions_to_remove == [world.action_a2.pk]
    assert sorted(plan_a.actions.values_list("reference", flat=True)) == ["E1", "E3", "E4"]
    assert not ProgressUpdate.objects.filter(pk=world.update_e2.pk).exists()


def test_the_imported_record_says_which_actions_were_removed(client, world, plan_a):
    client.force_login(world.admin)
    record = previewed(world, plan_a)

    client.post(reverse("import-confirm", args=[record.pk]), {"remove": [world.action_a2.pk]})

    page = client.get(reverse("import-detail", args=[record.pk])).text
    assert "1 action not in the file was removed from the plan" in page
    assert page.count('govuk-tag--red">Removed') == 1


def test_removed_actions_keep_their_history_with_a_deletion_saying_why(world, plan_a):
    confirmed(world, plan_a, remove=[world.action_a2.pk])

    history = Action.history.filter(id=world.action_a2.pk).order_by("history_date", "history_id")
    kinds = [row.history_type for row in history]
    assert kinds[0] == "+" and kinds[-1] == "-" and kinds.count("-") == 1  # the earlier rows are kept
    assert history.last().history_change_reason == "Removed by import from plan.xlsx"
    assert history.last().history_user == world.admin
    deleted_update = ProgressUpdate.history.get(id=world.update_e2.pk, history_type="-")
    assert deleted_update.narrative == "Advice sessions booked"


def test_values_that_are_not_listed_actions_are_ignored(world, plan_a):
    other_plan_action, in_the_file = world.action_b.pk, world.action_a.pk

    record = confirmed(world, plan_a, remove=[other_plan_action, in_the_file, "not a number", "", "999999"])

    assert record.status == "imported" and record.actions_to_remove == []
    assert "actions_removed" not in record.counts
    assert Action.objects.filter(pk__in=[other_plan_action, in_the_file, world.action_a2.pk]).count() == 3


def test_an_action_deleted_since_the_preview_is_left_out(world, plan_a):
    record = import_record_claim(
        record=previewed(world, plan_a), user=world.admin, remove=[world.action_a2.pk, world.action_e4.pk]
    )
    world.action_e4.delete()

    record = import_record_confirm(record=record, user=world.admin)

    assert record.status == "imported" and record.counts["actions_removed"] == 1
    assert sorted(plan_a.actions.values_list("reference", flat=True)) == ["E1", "E3"]


def test_nothing_is_removed_when_a_row_is_wrong(world, plan_a):
    record = previewed(world, plan_a)
    record = import_record_claim(record=record, user=world.admin, remove=[world.action_a2.pk])
    # The file changed between preview and import: a row with no action.
    bad = xlsx([*ROWS, ["Economic Poverty", "E9", None, "LCC", "Annual", None]])
    ImportRecord.objects.filter(pk=record.pk).update(content=bad)
    record.refresh_from_db()

    record = import_record_confirm(record=record, user=world.admin)

    assert record.status == "failed"
    assert Action.objects.filter(pk=world.action_a2.pk).exists()
    assert ProgressUpdate.objects.filter(pk=world.update_e2.pk).exists()
