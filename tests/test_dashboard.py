"""Every dashboard figure against data whose right answer is known.

As of 30 June 2026, changes since 1 April 2026, stale after 90 days:

| action | theme | owner | cadence | due | updates | status then → now |
| a1 | T1 | Lincs | quarterly | 31 May | on track 10 Jan, off track 10 May | on track → off track |
| a2 | T1 › T1a | Jobcentre | monthly | – | at risk 1 Mar | at risk |
| a3 | T2 | Lincs | annual | 31 Mar | completed 15 Apr | none → completed |
| a4 | T2 | Lincs | quarterly | – | none (recorded 1 Jan) | none |
| a5 | T2 | Lincs | six-monthly | – | on track 20 Jun, completed 15 Jul (after as-of) | none → on track |
| a6 | T2 | Lincs | quarterly | – | on track 5 Apr | none → on track |
"""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from actions.models import Action
from dashboards.figures import Period, build
from tests.builders import make_action, make_many_actions, make_plan, make_theme, make_update

D = datetime.date
AS_OF, SINCE = D(2026, 6, 30), D(2026, 4, 1)
PERIOD = Period(as_of=AS_OF, since=SINCE, stale_days=90)
QUERY = {"as_of": "2026-06-30", "since": "2026-04-01", "stale": "90"}


@pytest.fixture
def known(world):
    t1 = make_theme(world.plan_a, "T1", position=10)
    t1a = make_theme(world.plan_a, "T1a", parent=t1, position=11)
    t2 = make_theme(world.plan_a, "T2", position=12)
    world.plan_a.actions.all().delete()
    lincs, jobcentre = [world.lincs], [world.jobcentre]
    a = {
        "a1": make_action(world.plan_a, "a1", theme=t1, owners=lincs, review_cadence=3, due_date=D(2026, 5, 31)),
        "a2": make_action(world.plan_a, "a2", theme=t1a, owners=jobcentre, review_cadence=1),
        "a3": make_action(world.plan_a, "a3", theme=t2, owners=lincs, review_cadence=12, due_date=D(2026, 3, 31)),
        "a4": make_action(world.plan_a, "a4", theme=t2, owners=lincs, review_cadence=3),
        "a5": make_action(world.plan_a, "a5", theme=t2, owners=lincs, review_cadence=6),
        "a6": make_action(world.plan_a, "a6", theme=t2, owners=lincs, review_cadence=3),
    }
    Action.objects.filter(plan=world.plan_a).update(created_at=timezone.make_aware(datetime.datetime(2026, 1, 1, 12)))
    make_update(a["a1"], "on_track", D(2026, 1, 10))
    make_update(a["a1"], "off_track", D(2026, 5, 10))
    make_update(a["a2"], "at_risk", D(2026, 3, 1))
    make_update(a["a3"], "completed", D(2026, 4, 15))
    make_update(a["a5"], "on_track", D(2026, 6, 20))
    make_update(a["a5"], "completed", D(2026, 7, 15))
    make_update(a["a6"], "on_track", D(2026, 4, 5))
    world.known = a
    world.themes = {"T1": t1, "T2": t2}
    return world


def board_of(world, period=PERIOD):
    themes = [(theme.pk, theme.title) for theme in world.plan_a.themes.filter(parent=None, title__startswith="T")]
    return build(
        world.plan_a.actions.all(), period, groups=themes, group_by="top_theme", base_filters={"plan": world.plan_a.pk}
    )


def test_actions_by_status_overall_and_per_theme_rolling_nested_themes_up(known):
    board = board_of(known)

    assert board.totals.counts == {"off_track": 1, "at_risk": 1, "completed": 1, "none": 1, "on_track": 2}
    assert {row.label: row.counts for row in board.groups} == {
        "T1": {"off_track": 1, "at_risk": 1},
        "T2": {"completed": 1, "none": 1, "on_track": 2},
    }


def test_overdue_late_due_and_stale(known):
    board = board_of(known)

    assert [a.text for a in board.overdue] == ["a1"] and board.overdue[0].days_overdue == 30
    assert {a.text: a.days_late for a in board.late} == {"a2": 90, "a4": 90}
    assert [(a.text, a.next_update_due) for a in board.due_soon] == [("a6", D(2026, 7, 5))]
    assert {k: board.counts[k] for k in ["actions", "overdue", "late", "due_soon", "stale"]} == {
        "actions": 6, "overdue": 1, "late": 2, "due_soon": 1, "stale": 2,
    }  # fmt: skip


def test_by_owner_organisation(known):
    owners = {
        row["name"]: {k: row[k] for k in ["owned", "off_track", "overdue", "late", "stale"]}
        for row in board_of(known).owners
    }

    assert owners == {
        "Lincolnshire County Council": {"owned": 5, "off_track": 1, "overdue": 1, "late": 1, "stale": 1},
        "Jobcentre Plus": {"owned": 1, "off_track": 0, "overdue": 0, "late": 1, "stale": 1},
    }


def test_what_changed_since_a_date(known):
    board = board_of(known)

    assert {(t["from"], t["to"]): t["count"] for t in board.transitions} == {
        ("on_track", "off_track"): 1,
        ("none", "completed"): 1,
        ("none", "on_track"): 2,
    }
    assert (board.counts["new_updates"], board.counts["newly_overdue"], board.counts["newly_completed"]) == (4, 1, 1)


def test_as_of_an_earlier_day_ignores_later_updates(known):
    board = board_of(known, Period(as_of=D(2026, 5, 1), since=D(2026, 1, 1), stale_days=90))

    assert board.totals.counts == {"on_track": 2, "at_risk": 1, "completed": 1, "none": 2}
    assert board.counts["overdue"] == 0  # a1 was not yet due


@pytest.mark.parametrize(
    "figure, expected",
    [("actions", 6), ("overdue", 1), ("newly_overdue", 1), ("late", 2), ("due_soon", 1), ("stale", 2),
     ("new_updates", 4), ("newly_completed", 1)],
)  # fmt: skip
def test_every_number_links_to_the_actions_that_make_it_up(client, known, figure, expected):
    client.force_login(known.chair)
    board = client.get(reverse("plan-dashboard", args=[known.plan_a.slug]), QUERY).context["board"]

    listed = client.get(f"{reverse('action-list')}?{board.links[figure]}").context["page_obj"].paginator.count

    assert listed == expected


def test_each_status_and_owner_count_links_to_its_actions(client, known):
    client.force_login(known.chair)
    board = client.get(reverse("plan-dashboard", args=[known.plan_a.slug]), QUERY).context["board"]

    def listed(query):
        return client.get(f"{reverse('action-list')}?{query}").context["page_obj"].paginator.count

    for row in [*board.groups, board.totals]:
        for status, _, count, query in row.cells:
            assert listed(query) == count, (row.label, status)
    for owner in board.owners:
        for name, query in owner["links"].items():
            assert listed(query) == owner[name], (owner["name"], name)
    for transition in board.transitions:
        assert listed(transition["link"]) == transition["count"]


def test_the_overview_shows_only_the_plans_the_user_may_read(client, known):
    client.force_login(known.officer)

    board = client.get(reverse("dashboard")).context["board"]

    assert [row.label for row in board.groups] == ["Hartlepool Public Plan", "Lincolnshire Plan"]


def test_another_organisations_plan_dashboard_is_not_found(client, known):
    client.force_login(known.thurrock_officer)

    assert client.get(reverse("plan-dashboard", args=[known.plan_a.slug])).status_code == 404


def test_a_wrong_date_is_explained_and_today_is_used(client, known):
    client.force_login(known.chair)

    response = client.get(reverse("dashboard"), {"as_of": "31/02/2026"})

    assert "Enter a real date" in response.text
    assert response.context["board"].period.as_of == timezone.localdate()


def test_the_chart_has_a_text_alternative_and_labels_beside_its_colours(client, known):
    client.force_login(known.chair)

    page = client.get(reverse("plan-dashboard", args=[known.plan_a.slug]), QUERY).text

    assert 'role="img"' in page and "<desc" in page and "T2: 2 on track, 1 completed, 1 no update yet" in page
    assert "Off track</li>" in page  # the legend names each colour


def queries(client, url, params) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url, params).status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize("page", ["dashboard", "plan-dashboard", "report", "plan-report", "report-xlsx"])
def test_dashboards_take_the_same_queries_at_two_data_sizes(client, known, page, django_assert_max_num_queries):
    client.force_login(known.chair)
    url = reverse(page, args=[known.plan_a.slug]) if page.startswith("plan-") else reverse(page)
    make_many_actions(known.plan_a, 10, owner=known.lincs, theme=known.themes["T2"])
    small = queries(client, url, QUERY)

    make_many_actions(known.plan_a, 990, owner=known.lincs, theme=known.themes["T1"])
    for number in range(5):
        make_many_actions(make_plan(known.lincs, f"Extra {number}"), 50, owner=known.jobcentre)
    with django_assert_max_num_queries(small):
        client.get(url, QUERY)
    assert small <= 26


# --- Every plan dashboard one click away, and back ------------------------------


def test_each_plan_row_of_the_overview_leads_to_the_plans_dashboard_for_the_same_days(client, known):
    client.force_login(known.officer)

    page = client.get(reverse("dashboard"), {"as_of": "2026-06-01"}).text

    assert f'href="{reverse("plan-dashboard", args=[known.plan_a.slug])}?as_of=2026-06-01"' in page


@pytest.mark.parametrize("page_name", ["plan-list", "plan-detail"])
def test_the_plans_list_and_the_plan_page_lead_to_the_plans_dashboard(client, known, page_name):
    client.force_login(known.officer)
    address = reverse(page_name, args=[known.plan_a.slug] if page_name == "plan-detail" else [])

    assert f'href="{reverse("plan-dashboard", args=[known.plan_a.slug])}"' in client.get(address).text


def test_a_plan_dashboard_leads_back_to_the_plan_and_its_actions(client, known):
    client.force_login(known.officer)

    page = client.get(reverse("plan-dashboard", args=[known.plan_a.slug])).text

    assert f'href="{reverse("plan-detail", args=[known.plan_a.slug])}">The plan and its themes' in page
    actions = reverse("action-list")
    assert f'href="{actions}?plan={known.plan_a.pk}">All the plan\'s actions' in page


# --- What a board asks of each theme, and what changed, by name ------------------


def test_each_theme_counts_its_overdue_late_and_stale_actions(known):
    board = board_of(known)

    assert {row.label: row.flags for row in board.groups} == {
        "T1": {"overdue": 1, "late": 1, "stale": 1},
        "T2": {"overdue": 0, "late": 1, "stale": 1},
    }
    assert board.totals.flags == {"overdue": 1, "late": 2, "stale": 2}


def test_each_themes_overdue_late_and_stale_numbers_link_to_their_actions(client, known):
    client.force_login(known.chair)
    board = client.get(reverse("plan-dashboard", args=[known.plan_a.slug]), QUERY).context["board"]

    for row in [*board.groups, board.totals]:
        for flag, count, query in row.flag_cells:
            listed = client.get(f"{reverse('action-list')}?{query}").context["page_obj"].paginator.count
            assert listed == count, (row.label, flag)
        assert client.get(f"{reverse('action-list')}?{row.all_query}").context["page_obj"].paginator.count == row.total


def test_what_changed_names_each_action_whose_status_changed(known):
    changes = board_of(known).changes

    assert [(a.text, a.status_then, a.reported_status) for a in changes.status_changes] == [
        ("a1", "on_track", "off_track"),
        ("a3", "none", "completed"),
        ("a5", "none", "on_track"),
        ("a6", "none", "on_track"),
    ]
    assert changes.status_count == 4


def test_what_changed_names_the_new_updates_newest_first_and_the_newly_overdue_and_completed(known):
    changes = board_of(known).changes

    assert [(u.action.text, u.date_of_update) for u in changes.new_updates] == [
        ("a5", D(2026, 6, 20)), ("a1", D(2026, 5, 10)), ("a3", D(2026, 4, 15)), ("a6", D(2026, 4, 5)),
    ]  # fmt: skip
    assert [a.text for a in changes.newly_overdue] == ["a1"]
    assert [a.text for a in changes.newly_completed] == ["a3"]


def test_the_dashboard_shows_each_change_with_its_action_owner_and_first_words(client, known):
    make_update(known.known["a6"], "on_track", D(2026, 6, 1), narrative="Twelve families supported through the winter")
    Action.objects.filter(pk=known.known["a1"].pk).update(owners="Children's Services")
    client.force_login(known.chair)

    page = client.get(reverse("plan-dashboard", args=[known.plan_a.slug]), QUERY).text

    changes = page[page.index('id="changes"') :]
    assert f'href="{reverse("action-detail", args=[known.known["a1"].pk])}"' in changes
    assert "Children&#x27;s Services" in changes and "Twelve families supported" in changes


def test_an_update_awaiting_approval_is_not_a_new_update(known):
    make_update(known.known["a4"], "on_track", D(2026, 6, 1), state="submitted")

    board = board_of(known)

    assert board.counts["new_updates"] == 4
    assert "a4" not in [u.action.text for u in board.changes.new_updates]


# --- A chair sees her partnership first ------------------------------------------


def test_a_chair_sees_the_plans_her_partnership_oversees_with_a_switch_to_all(client, known):
    client.force_login(known.chair)

    narrowed = client.get(reverse("dashboard"))
    everything = client.get(reverse("dashboard"), {"plans": "all"})

    assert [row.label for row in narrowed.context["board"].groups] == ["Lincolnshire Plan"]
    assert narrowed.context["title"] == "Children's Partnership"
    assert "Show every plan you may read (3)" in narrowed.text
    assert [row.label for row in everything.context["board"].groups] == [
        "Hartlepool Public Plan", "Lincolnshire Plan", "Thurrock Plan",
    ]  # fmt: skip


def test_an_admin_sees_every_plan(client, known):
    client.force_login(known.admin)

    assert len(client.get(reverse("dashboard")).context["board"].groups) == 3


def test_the_overview_report_groups_plans_by_partnership_the_chairs_own_first(client, known):
    from tests.builders import make_organisation

    other = make_organisation("Another Partnership", "partnership")
    known.plan_b.partnership = other
    known.plan_b.save()
    client.force_login(known.chair)

    sections = client.get(reverse("report"), {"plans": "all"}).context["sections"]

    assert [(s.group, s.heading) for s in sections] == [
        ("Children's Partnership", "Lincolnshire Plan"),
        ("Another Partnership", "Thurrock Plan"),
        ("Hartlepool Borough Council", "Hartlepool Public Plan"),
    ]
