"""Approval: where a plan's updates need it, an officer's update waits until
a lead officer of an owning organisation or an admin approves it; only
approved updates report on an action."""

import datetime

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from actions.models import Action, Status
from progress.models import ProgressUpdate
from progress.services import (
    UpdateRefused,
    progress_update_approve,
    progress_update_correct,
    progress_update_create,
    progress_update_return,
)
from tests.builders import make_action, make_update

D = datetime.date
MARCH_3 = D(2026, 3, 3)
State = ProgressUpdate.State

POST = {
    "status": "at_risk",
    "narrative": "Two wards are behind.",
    "date_of_update_day": "3",
    "date_of_update_month": "3",
    "date_of_update_year": "2026",
}


@pytest.fixture
def approval_on(world):
    world.plan_a.approval_required = True
    world.plan_a.save()
    return world


def submit(world, author=None, status="at_risk", on=MARCH_3, action=None):
    return progress_update_create(
        action=action or world.action_a,
        author=author or world.officer,
        status=status,
        narrative="Two wards are behind.",
        date_of_update=on,
    )


def summary(action):
    action.refresh_from_db()
    return action.current_status, action.last_updated_on


# --- Submitting


def test_an_update_on_a_plan_needing_approval_is_submitted_and_sets_no_status(client, approval_on):
    world = approval_on
    client.force_login(world.officer)

    response = client.post(reverse("progress-update-new", args=[world.action_a.pk]), POST, follow=True)

    assert ProgressUpdate.objects.get().state == State.SUBMITTED
    assert "awaiting approval" in response.text
    assert summary(world.action_a) == (Status.NO_UPDATE, None)


def test_an_update_on_a_plan_without_approval_is_approved_at_once(world):
    update = submit(world)

    assert update.state == State.APPROVED
    assert summary(world.action_a) == (Status.AT_RISK, D(2026, 3, 3))


# --- Only approved updates count


def test_the_status_comes_from_the_latest_approved_update(approval_on):
    world = approval_on
    make_update(world.action_a, "on_track", D(2026, 1, 1))
    submit(world, status="off_track", on=D(2026, 3, 3))

    assert summary(world.action_a) == (Status.ON_TRACK, D(2026, 1, 1))


@pytest.mark.parametrize("state", [State.SUBMITTED, State.RETURNED, State.WITHDRAWN])
def test_an_update_not_approved_never_sets_the_status_as_of_a_day(world, state):
    make_update(world.action_a, "on_track", D(2026, 1, 1))
    make_update(world.action_a, "off_track", D(2026, 2, 1), state=state)

    action = Action.objects.with_latest_update(as_of=D(2026, 2, 15)).get(pk=world.action_a.pk)

    assert (action.reported_status, action.latest_update_on) == (Status.ON_TRACK, D(2026, 1, 1))


def test_approving_makes_the_update_the_actions_status(approval_on):
    world = approval_on
    update = submit(world)

    progress_update_approve(update=update, user=world.lead)

    update.refresh_from_db()
    assert (update.state, update.reviewed_by, update.reviewed_at is not None) == (State.APPROVED, world.lead, True)
    assert summary(world.action_a) == (Status.AT_RISK, D(2026, 3, 3))
    assert update.history.first().history_user == world.lead


def test_the_dashboard_shows_only_approved_updates(client, approval_on):
    world = approval_on
    submit(world, status="off_track")
    client.force_login(world.admin)

    response = client.get(reverse("action-list"), {"status": "off_track"})

    assert response.context["page_obj"].paginator.count == 0


# --- Who approves


def test_an_admin_approves(approval_on):
    update = submit(approval_on)

    progress_update_approve(update=update, user=approval_on.admin)

    assert ProgressUpdate.objects.get().state == State.APPROVED


def test_nobody_approves_their_own_update(client, approval_on):
    world = approval_on
    update = submit(world, author=world.lead)
    client.force_login(world.lead)

    response = client.post(reverse("approval-approve", args=[update.pk]), follow=True)

    assert "You cannot approve or return your own update" in response.text
    assert ProgressUpdate.objects.get().state == State.SUBMITTED


def test_an_admin_cannot_approve_their_own_update_either(approval_on):
    update = submit(approval_on, author=approval_on.admin)

    with pytest.raises(UpdateRefused):
        progress_update_approve(update=update, user=approval_on.admin)


def test_another_organisations_lead_officer_is_refused(client, approval_on, make_user, world):
    from plans.models import Membership

    other_lead = make_user("jobcentre-lead", Membership.Role.LEAD, world.jobcentre)
    update = submit(world)
    client.force_login(other_lead)

    response = client.post(reverse("approval-approve", args=[update.pk]))

    assert response.status_code == 403
    assert ProgressUpdate.objects.get().state == State.SUBMITTED


@pytest.mark.parametrize("role", ["chair", "officer"])
def test_a_chair_or_an_officer_is_refused(client, approval_on, role):
    update = submit(approval_on, author=approval_on.admin)
    client.force_login(getattr(approval_on, role))

    response = client.post(reverse("approval-approve", args=[update.pk]))

    assert response.status_code == 403
    assert ProgressUpdate.objects.get().state == State.SUBMITTED


def test_two_approvers_cannot_both_act(approval_on):
    world = approval_on
    update = submit(world)
    stale_copy = ProgressUpdate.objects.get(pk=update.pk)
    progress_update_approve(update=update, user=world.lead)

    with pytest.raises(UpdateRefused, match="no longer awaiting approval"):
        progress_update_return(update=stale_copy, user=world.admin, note="Too late")

    update.refresh_from_db()
    assert (update.state, update.reviewed_by) == (State.APPROVED, world.lead)


# --- Returning


def test_returning_needs_a_note(client, approval_on):
    world = approval_on
    update = submit(world)
    client.force_login(world.lead)

    response = client.post(reverse("approval-return", args=[update.pk]), {"note": "  "})

    assert "Enter a note saying why the update is returned" in response.text
    assert ProgressUpdate.objects.get().state == State.SUBMITTED


def test_a_returned_update_is_emailed_to_its_author_with_the_note(client, approval_on):
    world = approval_on
    world.officer.email = "officer@example.org"
    world.officer.save()
    update = submit(world)
    client.force_login(world.lead)

    client.post(reverse("approval-return", args=[update.pk]), {"note": "Say which wards."})

    update.refresh_from_db()
    assert (update.state, update.review_note) == (State.RETURNED, "Say which wards.")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["officer@example.org"]
    assert "Say which wards." in mail.outbox[0].body


def test_a_returned_update_shows_on_its_authors_my_actions_with_a_link_to_correct_it(client, approval_on):
    world = approval_on
    update = submit(world)
    progress_update_return(update=update, user=world.lead, note="Say which wards.")
    client.force_login(world.officer)

    page = client.get(reverse("my-actions")).text

    assert "Returned: Say which wards." in page
    assert reverse("progress-update-correct", args=[update.pk]) in page


def test_the_author_corrects_a_returned_update_and_it_is_submitted_again(client, approval_on):
    world = approval_on
    update = submit(world)
    progress_update_return(update=update, user=world.lead, note="Say which wards.")
    client.force_login(world.officer)

    client.post(reverse("progress-update-correct", args=[update.pk]), {**POST, "narrative": "Wards 3 and 7."})

    update.refresh_from_db()
    assert (update.state, update.narrative) == (State.SUBMITTED, "Wards 3 and 7.")
    assert update.history.count() == 3  # posted, returned, corrected


# --- What signed-in pages show


def test_the_action_page_says_an_update_is_awaiting_approval_since_when(client, approval_on):
    world = approval_on
    update = submit(world)
    ProgressUpdate.objects.filter(pk=update.pk).update(created_at=datetime.datetime(2027, 3, 3, 9, tzinfo=datetime.UTC))
    client.force_login(world.officer)

    page = client.get(reverse("action-detail", args=[world.action_a.pk])).text

    assert "A newer update is awaiting approval since 3 March 2027" in page
    assert f'href="#update-{update.pk}"' in page


def test_an_approver_is_linked_to_the_approvals_page_from_the_action(client, approval_on):
    submit(approval_on)
    client.force_login(approval_on.lead)

    page = client.get(reverse("action-detail", args=[approval_on.action_a.pk])).text

    assert f'href="{reverse("approvals")}"' in page


def test_a_visitor_who_has_not_signed_in_never_sees_an_unapproved_update(client, world):
    world.plan_p.approval_required = True
    world.plan_p.save()
    submit(world, author=world.admin, action=world.action_p)

    page = client.get(reverse("action-detail", args=[world.action_p.pk])).text

    assert "Two wards are behind." not in page
    assert "awaiting approval" not in page


# --- The approvals page


def test_the_approvals_page_lists_what_i_may_approve_oldest_first(client, approval_on):
    world = approval_on
    first = submit(world)
    second = submit(world)
    submit(world, author=world.lead)  # their own: not theirs to approve
    submit(world, author=world.admin, action=world.action_a2)  # Jobcentre Plus's action
    client.force_login(world.lead)

    response = client.get(reverse("approvals"))

    assert list(response.context["updates"]) == [first, second]
    assert "Lincolnshire County Council" in response.text


def test_approving_several_at_once(client, approval_on):
    world = approval_on
    chosen = [submit(world), submit(world)]
    left = submit(world)
    client.force_login(world.lead)

    response = client.post(reverse("approvals-approve-selected"), {"update": [u.pk for u in chosen]}, follow=True)

    assert "2 updates approved." in response.text
    assert [u.state for u in ProgressUpdate.objects.order_by("pk")] == [State.APPROVED, State.APPROVED, State.SUBMITTED]
    assert left.pk in [u.pk for u in response.context["updates"]]


@pytest.mark.parametrize("size", [2, 12])
def test_the_approvals_page_costs_the_same_queries_whatever_its_length(client, approval_on, size):
    world = approval_on
    for n in range(size):
        action = make_action(world.plan_a, f"Action {n}", owners=[world.lincs], reference=f"Q{n}")
        submit(world, action=action)
    client.force_login(world.lead)
    client.get(reverse("approvals"))  # the session and the like, once

    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("approvals"))

    assert len(response.context["updates"]) == size
    assert len(queries) == QUERIES_FOR_THE_APPROVALS_PAGE


# The session, the user, their membership, and the updates in one query with their
# actions, plans, authors and organisations (and the request's savepoint and its release).
QUERIES_FOR_THE_APPROVALS_PAGE = 6


def test_imported_updates_stay_approved(world):
    world.plan_a.approval_required = True
    world.plan_a.save()
    from progress.services import progress_updates_bulk_create

    progress_updates_bulk_create([ProgressUpdate(action=world.action_a, status="on_track", narrative="From the plan")])

    assert ProgressUpdate.objects.get().state == State.APPROVED


def test_correcting_a_submitted_update_keeps_it_submitted(approval_on):
    update = submit(approval_on)

    corrected = progress_update_correct(
        update=update, user=approval_on.officer, status="on_track", narrative="Better", date_of_update=D(2026, 3, 4)
    )

    assert corrected.state == State.SUBMITTED
    assert summary(approval_on.action_a) == (Status.NO_UPDATE, None)
