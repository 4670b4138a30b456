"""Corrections: the author of an update (or an admin) corrects or withdraws it
while it is not approved, or, where the plan needs no approval, within
UPDATE_CORRECTION_HOURS of posting it. The history keeps every version."""

import datetime

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from actions.models import Status
from progress.models import ProgressUpdate
from progress.services import UpdateRefused, progress_update_approve, progress_update_create, progress_update_withdraw

D = datetime.date
MARCH_3 = D(2026, 3, 3)
State = ProgressUpdate.State

CORRECTED = {
    "status": "on_track",
    "narrative": "Corrected: all wards on track.",
    "date_of_update_day": "4",
    "date_of_update_month": "3",
    "date_of_update_year": "2026",
}


def post(world, author=None, status="off_track", on=MARCH_3):
    return progress_update_create(
        action=world.action_a, author=author or world.officer, status=status, narrative="Typo-ridden", date_of_update=on
    )


def summary(action):
    action.refresh_from_db()
    return action.current_status, action.last_updated_on


def posted_hours_ago(update, hours):
    ProgressUpdate.objects.filter(pk=update.pk).update(created_at=timezone.now() - datetime.timedelta(hours=hours))
    update.refresh_from_db()


def test_the_author_corrects_a_just_posted_update_and_the_status_follows(client, world):
    update = post(world)
    client.force_login(world.officer)

    response = client.post(reverse("progress-update-correct", args=[update.pk]), CORRECTED)

    assert response.status_code == 302
    update.refresh_from_db()
    assert (update.narrative, update.state) == ("Corrected: all wards on track.", State.APPROVED)
    assert summary(world.action_a) == (Status.ON_TRACK, D(2026, 3, 4))
    assert [version.narrative for version in update.history.all()] == ["Corrected: all wards on track.", "Typo-ridden"]


def test_the_correction_form_starts_from_the_update(client, world):
    update = post(world)
    client.force_login(world.officer)

    response = client.get(reverse("progress-update-correct", args=[update.pk]))

    assert response.context["form"].initial["narrative"] == "Typo-ridden"


def test_withdrawing_keeps_the_update_in_the_history_and_it_no_longer_sets_the_status(client, world):
    earlier = post(world, status="on_track", on=D(2026, 1, 1))
    update = post(world)
    client.force_login(world.officer)

    client.post(reverse("progress-update-withdraw", args=[update.pk]))

    update.refresh_from_db()
    assert update.state == State.WITHDRAWN
    assert update.history.first().state == State.WITHDRAWN
    assert summary(world.action_a) == (Status.ON_TRACK, earlier.date_of_update)


def test_a_withdrawn_update_is_not_shown_on_the_action(client, world):
    update = post(world)
    progress_update_withdraw(update=update, user=world.officer)
    client.force_login(world.officer)

    page = client.get(reverse("action-detail", args=[world.action_a.pk])).text

    assert "Typo-ridden" not in page


def test_the_withdraw_page_asks_first(client, world):
    update = post(world)
    client.force_login(world.officer)

    response = client.get(reverse("progress-update-withdraw", args=[update.pk]))

    assert "Withdraw this update?" in response.text
    assert ProgressUpdate.objects.get().state == State.APPROVED


def test_the_action_page_offers_correct_and_withdraw_to_the_author_only(client, world):
    update = post(world)
    links = (
        reverse("progress-update-correct", args=[update.pk]),
        reverse("progress-update-withdraw", args=[update.pk]),
    )

    client.force_login(world.officer)
    authors_page = client.get(reverse("action-detail", args=[world.action_a.pk])).text
    client.force_login(world.lead)
    leads_page = client.get(reverse("action-detail", args=[world.action_a.pk])).text

    assert all(link in authors_page for link in links)
    assert not any(link in leads_page for link in links)


@override_settings(UPDATE_CORRECTION_HOURS=24)
def test_after_the_correction_window_the_update_can_no_longer_be_corrected(client, world):
    update = post(world)
    posted_hours_ago(update, 25)
    client.force_login(world.officer)

    response = client.post(reverse("progress-update-correct", args=[update.pk]), CORRECTED)

    assert response.status_code == 403
    assert ProgressUpdate.objects.get().narrative == "Typo-ridden"


@override_settings(UPDATE_CORRECTION_HOURS=48)
def test_the_correction_window_comes_from_settings(world):
    update = post(world)
    posted_hours_ago(update, 25)

    assert update.may_still_change()


def test_an_admin_corrects_anyones_update_within_the_window(client, world):
    update = post(world)
    client.force_login(world.admin)

    client.post(reverse("progress-update-correct", args=[update.pk]), CORRECTED)

    assert ProgressUpdate.objects.get().narrative == "Corrected: all wards on track."


def test_an_approved_update_on_a_plan_needing_approval_can_no_longer_be_withdrawn(world):
    world.plan_a.approval_required = True
    world.plan_a.save()
    update = post(world)
    progress_update_approve(update=update, user=world.lead)

    with pytest.raises(UpdateRefused):
        progress_update_withdraw(update=update, user=world.officer)


def test_a_submitted_update_can_be_withdrawn_whenever_it_was_posted(world):
    world.plan_a.approval_required = True
    world.plan_a.save()
    update = post(world)
    posted_hours_ago(update, 24 * 30)

    progress_update_withdraw(update=update, user=world.officer)

    assert ProgressUpdate.objects.get().state == State.WITHDRAWN


def test_someone_elses_update_cannot_be_withdrawn(client, world):
    update = post(world, author=world.lead)
    client.force_login(world.officer)

    response = client.post(reverse("progress-update-withdraw", args=[update.pk]))

    assert response.status_code == 403
    assert ProgressUpdate.objects.get().state == State.APPROVED
