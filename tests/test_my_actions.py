import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from actions.models import ReviewCadence
from tests.builders import make_action, make_many_actions, make_update

TODAY = timezone.localdate()


def test_it_lists_the_actions_the_users_organisation_owns(client, world):
    client.force_login(world.officer)

    response = client.get(reverse("my-actions"))

    assert [action.pk for action in response.context["page_obj"]] == [world.action_a.pk]


def test_actions_due_for_an_update_come_first_and_completed_ones_last(client, world):
    quarterly_late = make_action(
        world.plan_a, "Quarterly, late", owners=[world.lincs], review_cadence=ReviewCadence.QUARTERLY
    )
    make_update(quarterly_late, "on_track", TODAY - datetime.timedelta(days=200))
    annual = make_action(world.plan_a, "Annual, fine", owners=[world.lincs], review_cadence=ReviewCadence.ANNUAL)
    make_update(annual, "on_track", TODAY - datetime.timedelta(days=10))
    done = make_action(world.plan_a, "Completed", owners=[world.lincs], review_cadence=ReviewCadence.QUARTERLY)
    make_update(done, "completed", TODAY - datetime.timedelta(days=400))
    world.action_a.due_date = TODAY + datetime.timedelta(days=5)
    world.action_a.save()
    client.force_login(world.officer)

    response = client.get(reverse("my-actions"))

    rows = list(response.context["page_obj"])
    assert [action.text for action in rows] == [
        "Quarterly, late",
        "Baseline parents on benefits",
        "Annual, fine",
        "Completed",
    ]
    assert rows[0].update_is_late and not rows[1].update_is_late
    assert "Late" in response.text


def test_a_user_without_an_organisation_is_told_why_the_list_is_empty(client, world):
    client.force_login(world.stranger)

    response = client.get(reverse("my-actions"))

    assert "not linked to an organisation" in response.text


def test_my_actions_takes_the_same_queries_for_10_and_1000_actions(client, world, django_assert_max_num_queries):
    client.force_login(world.officer)
    make_many_actions(world.plan_a, 10, owner=world.lincs)
    with CaptureQueriesContext(connection) as small:
        client.get(reverse("my-actions"))

    make_many_actions(world.plan_a, 990, owner=world.lincs)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(reverse("my-actions"))
    assert response.context["page_obj"].paginator.count == 1001
