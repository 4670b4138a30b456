import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.builders import make_action, make_many_actions, make_theme, make_update

TODAY = datetime.date.today()


@pytest.fixture
def officer_client(client, world):
    client.force_login(world.officer)
    return client


def listed(client, **params) -> list[str]:
    response = client.get(reverse("action-list"), params)
    assert response.status_code == 200
    return [action.reference or action.text for action in response.context["page_obj"].object_list]


def test_search_looks_in_references_text_owners_and_progress(officer_client, world):
    world.action_a.owners = "LCC Economic Development Team"
    world.action_a.save()
    make_update(world.action_a2, narrative="Citizens Advice now runs drop-in sessions")

    assert listed(officer_client, q="E1") == ["E1"]
    assert listed(officer_client, q="debt") == ["E2"]
    assert listed(officer_client, q="economic development") == ["E1"]
    assert listed(officer_client, q="drop-in") == ["E2"]


def test_every_word_searched_for_must_appear(officer_client, world):
    assert listed(officer_client, q="baseline parents") == ["E1"]
    assert listed(officer_client, q="baseline wishes") == []


def test_it_filters_by_plan_theme_and_owner(officer_client, world):
    aim = make_theme(world.plan_a, "Aim", parent=world.theme_a)
    make_action(world.plan_a, "Nested", theme=aim, reference="N1", owners=[world.lincs])

    assert listed(officer_client, plan=world.plan_p.pk) == ["Child Poverty Champions"]
    assert listed(officer_client, theme=world.theme_a.pk) == ["E1", "E2", "N1"]
    assert listed(officer_client, owner=world.jobcentre.pk) == ["E2"]


def test_it_filters_by_latest_status(officer_client, world):
    make_update(world.action_a, "on_track", datetime.date(2026, 1, 1))
    make_update(world.action_a, "off_track", datetime.date(2026, 2, 1))
    make_update(world.action_a2, "", None, from_source_plan=True)

    assert listed(officer_client, status="off_track") == ["E1"]
    assert listed(officer_client, status="on_track") == []
    assert listed(officer_client, status="not_recorded") == ["E2"]
    assert listed(officer_client, status="none") == ["Child Poverty Champions"]


def test_it_filters_by_due_date_and_overdue(officer_client, world):
    world.action_a.due_date = TODAY - datetime.timedelta(days=1)
    world.action_a.save()
    world.action_a2.due_date = TODAY + datetime.timedelta(days=30)
    world.action_a2.save()

    assert listed(officer_client, due_before=TODAY.isoformat()) == ["E1"]
    assert listed(officer_client, due_after=TODAY.isoformat()) == ["E2"]
    assert listed(officer_client, overdue="on") == ["E1"]
    make_update(world.action_a, "completed", TODAY)
    assert listed(officer_client, overdue="on") == []


def test_it_filters_actions_with_no_update_since_a_date(officer_client, world):
    make_update(world.action_a, "on_track", datetime.date(2026, 6, 1))
    make_update(world.action_a2, "on_track", datetime.date(2025, 6, 1))

    assert listed(officer_client, no_update_since="2026-01-01") == ["Child Poverty Champions", "E2"]


def test_a_bad_filter_value_is_named_and_nothing_breaks(officer_client, world):
    response = officer_client.get(reverse("action-list"), {"due_after": "31/02/2026"})

    assert response.status_code == 200
    assert "due_after" in response.context["filter"].form.errors
    assert "There is a problem" in response.text


@pytest.mark.parametrize(
    "sort, expected",
    [
        ("reference", ["", "E1", "E2"]),
        ("-reference", ["E2", "E1", ""]),
        ("status", ["E2", "", "E1"]),
    ],
)
def test_columns_sort_both_ways(officer_client, world, sort, expected):
    make_update(world.action_a, "completed", TODAY)
    make_update(world.action_p, "at_risk", TODAY)
    response = officer_client.get(reverse("action-list"), {"sort": sort})

    assert [action.reference for action in response.context["page_obj"].object_list] == expected


def test_the_filters_live_in_the_url_and_survive_paging_and_sorting(officer_client, world):
    make_many_actions(world.plan_a, 30, owner=world.lincs)

    response = officer_client.get(reverse("action-list"), {"plan": world.plan_a.pk, "sort": "reference", "page": 2})

    assert response.context["page_obj"].number == 2
    assert f'href="?plan={world.plan_a.pk}&amp;sort=reference&amp;page=1"' in response.text
    assert f"?plan={world.plan_a.pk}&amp;sort=-reference" in response.text


def test_a_page_past_the_end_shows_the_last_page(officer_client, world):
    response = officer_client.get(reverse("action-list"), {"page": 99})

    assert response.status_code == 200 and response.context["page_obj"].number == 1


def queries_for(client, url, params) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url, params).status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize(
    "params", [{}, {"q": "bulk", "status": "at_risk", "sort": "-updated"}, {"overdue": "on", "theme": "THEME"}]
)
def test_the_list_takes_the_same_queries_for_10_and_1000_actions(
    officer_client, world, params, django_assert_max_num_queries
):
    params = {key: (world.theme_a.pk if value == "THEME" else value) for key, value in params.items()}
    make_many_actions(world.plan_a, 10, owner=world.lincs, theme=world.theme_a)
    small = queries_for(officer_client, reverse("action-list"), params)

    make_many_actions(world.plan_a, 990, owner=world.lincs, theme=world.theme_a)
    with django_assert_max_num_queries(small):
        officer_client.get(reverse("action-list"), params)
    assert small <= 11  # with the request's savepoint and its release
