"""'Save and go to my next action due': after posting an update, an officer
goes straight on to the next of their organisation's actions whose update is
due soon or late, in My actions' order, until none is left."""

import datetime

from django.contrib.auth import get_user_model
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from actions.selectors import next_action_due_for
from tests.builders import make_action

TODAY = timezone.localdate()


def days(number: int) -> datetime.date:
    return TODAY + datetime.timedelta(days=number)


def post_url(action) -> str:
    return reverse("progress-update-new", args=[action.pk])


def update(**fields) -> dict:
    today = timezone.localdate()
    data = {
        "status": "on_track",
        "narrative": "Going to plan.",
        "date_of_update_day": str(today.day),
        "date_of_update_month": str(today.month),
        "date_of_update_year": str(today.year),
    }
    data.update(fields)
    return data


def due_lincs_action(world, text: str, due_in_days: int):
    """An action of Lincolnshire's on plan A, due (by its own due date) in `due_in_days`."""
    return make_action(world.plan_a, text, owners=[world.lincs], due_date=days(due_in_days))


def test_the_form_offers_to_go_on_to_the_next_action_due(client, world):
    client.force_login(world.officer)

    page = client.get(post_url(world.action_a)).content.decode()

    assert 'name="next"' in page
    assert "Save and go to my next action due" in page


def test_saving_and_going_on_opens_the_next_action_due(client, world):
    next_one = due_lincs_action(world, "Run the holiday clubs", -3)
    client.force_login(world.officer)

    response = client.post(post_url(world.action_a), update(next="1"))

    assert response.status_code == 302
    assert response.url == post_url(next_one)
    assert world.action_a.progress_updates.count() == 1


def test_the_plain_save_button_still_returns_to_the_action(client, world):
    due_lincs_action(world, "Run the holiday clubs", -3)
    client.force_login(world.officer)

    response = client.post(post_url(world.action_a), update())

    assert response.url == reverse("action-detail", args=[world.action_a.pk])


def test_the_next_action_is_the_first_due_in_my_actions_order(world):
    due_lincs_action(world, "Due in a fortnight", 14)
    latest_late = due_lincs_action(world, "Late by three days", -3)
    most_late = due_lincs_action(world, "Late by ten days", -10)

    assert next_action_due_for(world.officer, after_action=world.action_a) == most_late
    assert next_action_due_for(world.officer, after_action=most_late) == latest_late


def test_the_action_just_updated_is_never_offered_again(world):
    only_one = due_lincs_action(world, "Late by ten days", -10)

    assert next_action_due_for(world.officer, after_action=only_one) is None


def test_actions_not_yet_due_are_not_offered(world):
    due_lincs_action(world, "Due in a year", 365)
    make_action(world.plan_a, "No due date and no review", owners=[world.lincs])

    assert next_action_due_for(world.officer, after_action=world.action_a) is None


def test_with_none_left_the_officer_returns_to_my_actions_told_so(client, world):
    client.force_login(world.officer)

    response = client.post(post_url(world.action_a), update(next="1"))

    assert response.url == reverse("my-actions")
    assert "No more actions are due." in [str(message) for message in get_messages(response.wsgi_request)]


def test_another_organisations_actions_are_never_offered(client, world):
    make_action(world.plan_a, "Jobcentre's, in the same plan", owners=[world.jobcentre], due_date=days(-20))
    make_action(world.plan_b, "Thurrock's", owners=[world.thurrock], due_date=days(-20))
    make_action(world.plan_p, "Hartlepool's, in a public plan", owners=[world.hartlepool], due_date=days(-20))
    client.force_login(world.officer)

    response = client.post(post_url(world.action_a), update(next="1"))

    assert response.url == reverse("my-actions")


def test_someone_with_no_organisation_is_offered_nothing(world):
    due_lincs_action(world, "Late by ten days", -10)

    assert next_action_due_for(world.admin, after_action=world.action_a) is None


def test_finding_the_next_action_takes_the_same_queries_however_many_are_due(world):
    due_lincs_action(world, "Late by ten days", -10)
    officer = get_user_model().objects.get(pk=world.officer.pk)  # nothing of theirs cached yet
    with CaptureQueriesContext(connection) as few:
        next_action_due_for(officer, after_action=world.action_a)
    for number in range(10):
        due_lincs_action(world, f"Late action {number}", -number - 1)
    officer = get_user_model().objects.get(pk=world.officer.pk)

    with CaptureQueriesContext(connection) as many:
        found = next_action_due_for(officer, after_action=world.action_a)

    assert found is not None
    assert len(many) == len(few)
