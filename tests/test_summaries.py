"""Each action keeps a summary of its latest update (status, date) so that
lists read a column. Every write to updates goes through progress.services,
which refreshes every action it touches; `check_summaries` finds drift."""

import datetime

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from actions.models import Action, Status
from progress.models import ProgressUpdate
from progress.services import progress_updates_bulk_create
from tests.builders import make_update

D = datetime.date


def summary(action):
    action.refresh_from_db()
    return action.current_status, action.last_updated_on


@pytest.fixture
def admin_client(client, world):
    client.force_login(world.admin)
    return client


def test_the_admin_cannot_move_an_update_to_another_action(admin_client, world):
    """Before: moving an update left the old action showing its old status."""
    update = make_update(world.action_a, "off_track", D(2026, 3, 1))
    url = reverse("admin:progress_progressupdate_change", args=[update.pk])

    form = admin_client.get(url).text
    admin_client.post(url, {
        "action": world.action_a2.pk, "date_of_update": "2026-03-01", "status": "on_track", "narrative": "Corrected",
    })  # fmt: skip

    assert 'name="action"' not in form
    update.refresh_from_db()
    assert (update.action_id, update.status) == (world.action_a.pk, "on_track")
    assert summary(world.action_a) == (Status.ON_TRACK, D(2026, 3, 1))
    assert summary(world.action_a2) == (Status.NO_UPDATE, None)


def test_deleting_updates_in_the_admin_refreshes_their_actions(admin_client, world):
    make_update(world.action_a, "on_track", D(2026, 1, 1))
    latest = make_update(world.action_a, "completed", D(2026, 3, 1))

    admin_client.post(
        reverse("admin:progress_progressupdate_changelist"),
        {"action": "delete_selected", "_selected_action": [latest.pk], "post": "yes"},
    )

    assert summary(world.action_a) == (Status.ON_TRACK, D(2026, 1, 1))


def test_an_update_added_on_the_actions_admin_page_refreshes_the_action(admin_client, world):
    url = reverse("admin:actions_action_change", args=[world.action_a.pk])
    form = admin_client.get(url).context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None and not isinstance(value, list)}
    data.update({
        "plan": world.plan_a.pk, "theme": world.theme_a.pk, "text": world.action_a.text,
        "owner_organisations": [world.lincs.pk],
        "progress_updates-TOTAL_FORMS": "1", "progress_updates-INITIAL_FORMS": "0",
        "progress_updates-0-date_of_update": "2026-02-01", "progress_updates-0-status": "at_risk",
        "progress_updates-0-narrative": "Slipping",
    })  # fmt: skip

    response = admin_client.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    assert summary(world.action_a) == (Status.AT_RISK, D(2026, 2, 1))


def test_bulk_writes_refresh_every_action_they_touch(world):
    progress_updates_bulk_create([
        ProgressUpdate(action=world.action_a, status="off_track", narrative="a", date_of_update=D(2026, 1, 1)),
        ProgressUpdate(action=world.action_b, status="", narrative="b", date_of_update=None),
    ])  # fmt: skip

    assert summary(world.action_a) == (Status.OFF_TRACK, D(2026, 1, 1))
    assert summary(world.action_b) == (Status.NOT_RECORDED, None)


def test_check_summaries_reports_drift_fixes_it_and_fails(world, capsys):
    make_update(world.action_a, "on_track", D(2026, 1, 1))
    Action.objects.filter(pk=world.action_a.pk).update(current_status=Status.OFF_TRACK)

    with pytest.raises(CommandError, match="1 of 4 action summaries had drifted"):
        call_command("check_summaries")

    assert f"Action {world.action_a.pk}" in capsys.readouterr().out
    assert summary(world.action_a) == (Status.ON_TRACK, D(2026, 1, 1))
    call_command("check_summaries")  # clean now: no error
