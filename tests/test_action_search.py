"""The action list's search box (actions.filters.search_q), beyond what
test_action_list.py pins: where each word may be found, what an update not
yet approved says, and how PostgreSQL reads narratives (by word, through
its index)."""

import re

import pytest
from django.db import connection
from django.urls import reverse

from actions.filters import search_q
from actions.models import Action
from tests.builders import make_update

on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="full-text search is PostgreSQL's")


@pytest.fixture
def officer_client(client, world):
    client.force_login(world.officer)
    return client


def listed(client, q: str) -> list[str]:
    response = client.get(reverse("action-list"), {"q": q})
    assert response.status_code == 200
    return [action.reference or action.text for action in response.context["page_obj"].object_list]


def test_each_word_may_be_found_in_a_different_place(officer_client, world):
    make_update(world.action_a2, narrative="Citizens Advice runs sessions in libraries")

    assert listed(officer_client, "E2 jobcentre") == []  # owners text is blank: organisations are not searched
    assert listed(officer_client, "debt libraries") == ["E2"]
    assert listed(officer_client, "E1 libraries") == []


def test_an_update_not_yet_approved_finds_nothing(officer_client, world):
    make_update(world.action_a, narrative="Housing officers trained", state="submitted")
    make_update(world.action_a2, narrative="Housing advice drop-in", state="withdrawn")

    assert listed(officer_client, "housing") == []


def test_a_search_of_words_the_index_ignores_still_answers(officer_client, world):
    # "on" is an English stop word: PostgreSQL's index holds no such word.
    assert listed(officer_client, "on") == ["Child Poverty Champions", "E1"]
    assert listed(officer_client, "- ,") == []


@on_postgresql
def test_on_postgresql_narratives_are_searched_by_english_word(officer_client, world):
    make_update(world.action_a, narrative="Supported 40 families into work")

    assert listed(officer_client, "supporting families") == ["E1"]
    assert listed(officer_client, "famil") == []  # a part of a word finds no narrative…
    assert listed(officer_client, "benefit") == ["E1"]  # …but does find the action's own text


@on_postgresql
def test_on_postgresql_the_narrative_search_is_what_the_index_holds(world):
    """The expression the search builds must be the one the migration indexed
    (progress 0006), or every search reads every narrative. Both are read back
    as PostgreSQL writes them (a handful of test rows shows no index in use)."""
    sql, params = Action.objects.filter(search_q("housing")).values("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
        cursor.execute("SELECT pg_get_indexdef('progress_narrative_search'::regclass)")
        index = cursor.fetchone()[0]
    searched = re.search(r"(to_tsvector\(.*?\)) @@", plan)[1]
    assert f"gin ({searched}) WHERE ((state)::text = 'approved'::text)" in index
