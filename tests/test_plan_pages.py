import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.builders import make_action, make_many_actions, make_plan, make_theme, make_update


def test_the_plan_list_counts_actions_by_latest_status(client, world):
    make_update(world.action_a, "on_track", datetime.date(2026, 1, 1))
    make_update(world.action_a, "at_risk", datetime.date(2026, 3, 1))
    client.force_login(world.officer)

    plans = {plan.slug: plan for plan in client.get(reverse("plan-list")).context["plans"]}

    counts = {status: count for status, _, count in plans["plan-a"].status_counts if count}
    assert counts == {"at_risk": 1, "none": 1}
    assert plans["plan-a"].action_count == 2


def test_each_count_links_to_the_actions_that_make_it_up(client, world):
    make_update(world.action_a, "at_risk", datetime.date(2026, 3, 1))
    client.force_login(world.officer)

    response = client.get(reverse("plan-list"))

    assert f'href="/actions/?plan={world.plan_a.pk}&amp;status=at_risk"' in response.text


def test_the_plan_page_nests_themes_and_lists_their_actions(client, world):
    aim = make_theme(world.plan_a, "To understand the impact", parent=world.theme_a, kind="Aim", position=2)
    make_theme(world.plan_a, "Eight Key Themed Priorities", position=3)
    make_action(world.plan_a, "Keep abreast of data", theme=aim, owners=[world.lincs], timescale="Bi-annual review")
    client.force_login(world.officer)

    response = client.get(reverse("plan-detail", args=[world.plan_a.slug]))

    top = response.context["top_themes"]
    assert [theme.title for theme in top] == ["Economic Poverty", "Eight Key Themed Priorities"]
    assert [child.title for child in top[0].child_themes] == ["To understand the impact"]
    assert [action.text for action in top[0].child_themes[0].theme_actions] == ["Keep abreast of data"]
    assert "No actions yet." in response.text
    assert "Bi-annual review" in response.text


def test_the_plan_page_shows_each_actions_status_colour_and_last_update(client, world):
    make_update(world.action_a, "off_track", datetime.date(2026, 4, 2))
    client.force_login(world.officer)

    response = client.get(reverse("plan-detail", args=[world.plan_a.slug]))

    assert 'govuk-tag--red app-status-tag">Off track' in response.text
    assert "2 Apr 2026" in response.text


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


def test_plan_pages_take_the_same_queries_for_10_and_1000_actions(client, world, django_assert_max_num_queries):
    client.force_login(world.chair)
    make_many_actions(world.plan_a, 10, owner=world.lincs, theme=world.theme_a)
    small_list = queries(client, reverse("plan-list"))
    small_plan = queries(client, reverse("plan-detail", args=[world.plan_a.slug]))

    make_many_actions(world.plan_a, 990, owner=world.lincs, theme=world.theme_a)
    for number in range(5):
        make_many_actions(make_plan(world.lincs, f"Extra {number}"), 20, owner=world.lincs)

    with django_assert_max_num_queries(small_list):
        client.get(reverse("plan-list"))
    with django_assert_max_num_queries(small_plan):
        client.get(reverse("plan-detail", args=[world.plan_a.slug]))
    # With the request's savepoint and release, and the user's Django permissions (asked once).
    assert small_list <= 8 and small_plan <= 10
