"""The read API (/api/v1/): every endpoint and filter against known data,
pages that hold the same rows whatever their size, `as_of`, CSV, the schema
every answer must match, and a constant number of queries per list.
Who reads what: tests/test_api_permissions.py."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openapi_core import OpenAPI
from openapi_core.contrib.django import DjangoOpenAPIRequest, DjangoOpenAPIResponse

from actions.models import Action, Indicator
from api.docs import schema
from indicators.models import Observation, Target
from tests.builders import make_action, make_many_actions, make_theme, make_update

JAN, FEB, MAR = datetime.date(2026, 1, 15), datetime.date(2026, 2, 15), datetime.date(2026, 3, 15)


def get(client, address: str, **params):
    response = client.get(f"/api/v1/{address}", params)
    assert response.status_code == 200, response.content[:500]
    return response.json()


def ids(answer) -> list[int]:
    return [row["id"] for row in answer["results"]]


def indicator_of(action, code="116", **fields) -> Indicator:
    indicator = Indicator.objects.create(framework="NI", code=code, name="Children in poverty", **fields)
    action.indicators.add(indicator)
    return indicator


def observe(indicator, period_end, value, reported_on, **fields) -> Observation:
    return Observation.objects.create(
        indicator=indicator, period_end=period_end, value=Decimal(value), reported_on=reported_on, **fields
    )


# --- Each endpoint answers its objects as their pages show them


def test_plans_answer_each_plan_with_its_status_counts(client, world):
    make_update(world.action_p, "off_track", on=JAN)

    [plan] = get(client, "plans/")["results"]

    assert plan["id"] == world.plan_p.pk
    assert plan["title"] == "Hartlepool Public Plan"
    assert plan["organisation_name"] == "Hartlepool Borough Council"
    assert plan["status_counts"]["off_track"] == 1
    assert sum(plan["status_counts"].values()) == 1


def test_an_action_comes_with_its_latest_approved_update_and_owners(client, world):
    make_update(world.action_p, "on_track", on=JAN, narrative="Champions recruited")
    make_update(world.action_p, "at_risk", on=FEB, narrative="Funding in doubt", state="submitted")

    action = get(client, f"actions/{world.action_p.pk}/")

    assert action["status"] == "on_track"
    assert action["latest_update_on"] == "2026-01-15"
    assert action["latest_update"]["narrative"] == "Champions recruited"
    assert action["owner_organisations"] == [world.hartlepool.pk]


def test_organisations_are_those_the_readable_plans_name(client, world):
    assert ids(get(client, "organisations/")) == [world.hartlepool.pk]


def test_themes_nest_by_parent(client, world):
    top = make_theme(world.plan_p, "Work", reference="1.")
    inner = make_theme(world.plan_p, "Jobs", parent=top, position=1)

    themes = get(client, "themes/", plan=world.plan_p.pk)["results"]

    assert [(theme["id"], theme["parent"]) for theme in themes] == [(top.pk, None), (inner.pk, top.pk)]


def test_progress_updates_name_the_organisation_never_the_person_to_anonymous_callers(client, world):
    update = make_update(world.action_p, "on_track", on=JAN, author=world.officer)

    [answer] = get(client, "progress-updates/")["results"]

    assert answer["id"] == update.pk
    assert answer["author"] is None
    assert answer["author_organisation"] == "Lincolnshire County Council"


def test_signed_in_readers_see_the_author_as_the_action_page_shows_them(client, world):
    make_update(world.action_p, "on_track", on=JAN, author=world.officer)
    client.force_login(world.lead)

    [answer] = get(client, "progress-updates/", plan=world.plan_p.pk)["results"]

    assert answer["author"] == "officer"


def test_indicators_answer_their_latest_figure_target_and_status(client, world):
    indicator = indicator_of(world.action_p, better="lower", unit="percentage")
    observe(indicator, datetime.date(2025, 3, 31), "21.5", JAN)
    Target.objects.create(indicator=indicator, period_end=datetime.date(2025, 3, 31), value=Decimal("20"))

    [answer] = get(client, "indicators/")["results"]

    assert answer["latest"]["value"] == "21.5000"
    assert answer["target"] == "20.0000"
    assert answer["status"] == "off_target"


def test_observations_list_every_report_restatements_included(client, world):
    indicator = indicator_of(world.action_p)
    first = observe(indicator, datetime.date(2025, 3, 31), "21.5", JAN)
    restated = observe(indicator, datetime.date(2025, 3, 31), "22", FEB, reason="Late returns")

    answer = get(client, "observations/", indicator=indicator.pk)

    assert ids(answer) == [first.pk, restated.pk]
    assert answer["results"][1]["reason"] == "Late returns"


# --- The action list's filters


@pytest.fixture
def known_actions(world):
    """Beside action P (no update), three actions of the public plan: late with an old update, on track, completed."""
    theme = make_theme(world.plan_p, "Early help")
    late = make_action(
        world.plan_p, "Open a family hub", owners=[world.hartlepool], theme=theme, reference="H1",
        due_date=datetime.date(2025, 1, 1), position=1,
    )  # fmt: skip
    make_update(late, "at_risk", on=datetime.date(2025, 6, 1))
    on_track = make_action(
        world.plan_p, "=SUM(A1) champions to recruit", owners=[world.thurrock], reference="H2",
        due_date=datetime.date(2030, 1, 1), position=2,
    )  # fmt: skip
    make_update(on_track, "on_track", on=JAN, narrative="Twelve recruited")
    done = make_action(world.plan_p, "Publish a map", reference="H3", due_date=datetime.date(2025, 1, 1), position=3)
    make_update(done, "completed", on=JAN)
    return {"p": world.action_p, "late": late, "on_track": on_track, "done": done, "theme": theme}


@pytest.mark.parametrize(
    "params, expected",
    [
        ({"theme": "THEME"}, ["late"]),
        ({"owner": "THURROCK"}, ["on_track"]),
        ({"status": "completed"}, ["done"]),
        ({"due_before": "2025-12-31"}, ["late", "done"]),
        ({"due_after": "2026-01-01"}, ["on_track"]),
        ({"overdue": "true"}, ["late"]),
        ({"no_update_since": "2026-01-01"}, ["p", "late"]),
        ({"q": "champions recruited"}, ["on_track"]),
        ({"q": "family"}, ["late"]),
    ],
    ids=["theme", "owner", "status", "due_before", "due_after", "overdue", "no_update_since", "search", "search-2"],
)
def test_the_action_list_filters_serve_the_api(client, world, known_actions, params, expected):
    values = {"THEME": known_actions["theme"].pk, "THURROCK": world.thurrock.pk}
    params = {name: values.get(value, value) for name, value in params.items()}

    answer = get(client, "actions/", plan=world.plan_p.pk, **params)

    assert ids(answer) == [known_actions[name].pk for name in expected]


def test_an_invalid_filter_is_a_400_naming_it(client, world):
    response = client.get("/api/v1/actions/", {"due_before": "soon"})

    assert response.status_code == 400
    assert "due_before" in response.json()


def test_updated_since_lists_the_actions_created_edited_or_updated_since(client, world, known_actions):
    since = timezone.now()
    edited, updated = known_actions["late"], known_actions["done"]
    edited.text = "Open two family hubs"
    edited.save()
    make_update(updated, "completed", on=FEB)

    answer = get(client, "actions/", updated_since=since.isoformat())

    assert ids(answer) == [edited.pk, updated.pk]


def test_updated_since_takes_a_day_as_its_midnight(client, world, known_actions):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)

    assert ids(get(client, "actions/", updated_since=tomorrow.isoformat())) == []
    assert len(ids(get(client, "actions/", updated_since=timezone.localdate().isoformat()))) == 4


# --- Pages


def all_pages(client, address: str, **params) -> list[int]:
    found, answer = [], get(client, address, **params)
    while True:
        found += ids(answer)
        if not answer["next"]:
            return found
        response = client.get(answer["next"])
        assert response.status_code == 200
        answer = response.json()


@pytest.mark.parametrize("sort", ["", "due", "-status", "owners"])
def test_pages_hold_the_same_actions_whatever_their_size(client, world, sort):
    make_many_actions(world.plan_p, 7, owner=world.hartlepool)  # equal due dates, statuses and owners: ties
    everything = all_pages(client, "actions/", page_size=100, sort=sort)

    assert len(everything) == 8
    assert all_pages(client, "actions/", page_size=3, sort=sort) == everything
    assert all_pages(client, "actions/", page_size=1, sort=sort) == everything


def test_progress_updates_page_by_cursor_oldest_first(client, world):
    actions = make_many_actions(world.plan_p, 4, owner=world.hartlepool)
    expected = sorted(update.pk for action in actions for update in action.progress_updates.all())

    first = get(client, "progress-updates/", page_size=3)

    assert "cursor=" in first["next"]
    assert all_pages(client, "progress-updates/", page_size=3) == expected


def test_observations_page_by_cursor(client, world):
    indicator = indicator_of(world.action_p)
    made = [observe(indicator, datetime.date(2020 + year, 3, 31), "1", JAN).pk for year in range(5)]

    assert all_pages(client, "observations/", page_size=2) == made


# --- As of a day


@pytest.fixture
def history(world):
    """Action P on track in January, off track in March."""
    make_update(world.action_p, "on_track", on=JAN, narrative="Going well")
    make_update(world.action_p, "off_track", on=MAR, narrative="Stalled")


def test_as_of_gives_an_action_as_it_stood_that_day(client, world, history):
    then = get(client, f"actions/{world.action_p.pk}/", as_of="2026-02-01")
    now = get(client, f"actions/{world.action_p.pk}/")

    assert (then["status"], then["latest_update"]["narrative"], then["latest_update_on"]) == (
        "on_track", "Going well", "2026-01-15",
    )  # fmt: skip
    assert (now["status"], now["latest_update"]["narrative"]) == ("off_track", "Stalled")


def test_as_of_filters_actions_by_their_status_then(client, world, history):
    assert ids(get(client, "actions/", as_of="2026-02-01", status="on_track")) == [world.action_p.pk]
    assert ids(get(client, "actions/", status="on_track")) == []


def test_as_of_counts_a_plans_statuses_as_they_stood(client, world, history):
    then = get(client, f"plans/{world.plan_p.pk}/", as_of="2026-02-01")["status_counts"]
    before = get(client, "plans/", as_of="2025-12-01")["results"][0]["status_counts"]

    assert (then["on_track"], then["off_track"]) == (1, 0)
    assert before["none"] == 1  # Status.NO_UPDATE


def test_as_of_gives_an_indicators_figures_as_known_that_day(client, world):
    indicator = indicator_of(world.action_p)
    observe(indicator, datetime.date(2025, 3, 31), "21.5", JAN)
    observe(indicator, datetime.date(2025, 3, 31), "23", MAR, reason="Late returns")

    then = get(client, f"indicators/{indicator.pk}/", as_of="2026-02-01")
    now = get(client, "indicators/")["results"][0]

    assert (then["latest"]["value"], then["latest"]["restated"]) == ("21.5000", False)
    assert (now["latest"]["value"], now["latest"]["restated"]) == ("23.0000", True)


# --- CSV


def read_csv(response) -> list[dict]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_any_list_is_csv_with_the_same_filters_and_formulas_neutralised(client, world, known_actions):
    response = client.get("/api/v1/actions/", {"format": "csv", "owner": world.thurrock.pk})

    [row] = read_csv(response)
    assert response["Content-Disposition"] == 'attachment; filename="action.csv"'
    assert row["Action"] == "'=SUM(A1) champions to recruit"
    assert row["Status"] == "on_track"
    assert row["Latest update"] == "Twelve recruited"


def test_a_csv_is_the_whole_list_not_a_page(client, world):
    make_many_actions(world.plan_p, 7, owner=world.hartlepool)

    rows = read_csv(client.get("/api/v1/actions/", {"format": "csv", "page_size": 2}))

    assert len(rows) == 8


def test_negative_figures_stay_numbers_in_csv(client, world):
    indicator = indicator_of(world.action_p)
    observe(indicator, datetime.date(2025, 3, 31), "-1.5", JAN, note="-2 on last year")

    [row] = read_csv(client.get("/api/v1/observations/", {"format": "csv"}))

    assert (row["Value"], row["Note"]) == ("-1.5000", "'-2 on last year")


@pytest.mark.parametrize(
    "address", ["organisations/", "plans/", "themes/", "actions/", "progress-updates/", "indicators/", "observations/"]
)
def test_every_list_has_its_documented_csv_columns(client, world, address):
    response = client.get(f"/api/v1/{address}", {"format": "csv"})
    header = response.content.decode("utf-8-sig").splitlines()[0]
    view = response.renderer_context["view"]

    assert header == ",".join(name for name, _ in view.csv_columns)
    assert view.csv_columns[0] == ("ID", "id")


# --- The schema, and every answer against it


@pytest.fixture
def everything(world):
    """At least one of every object, with every optional part, public."""
    theme = make_theme(world.plan_p, "Work")
    world.action_p.theme = theme
    world.action_p.save()
    make_update(world.action_p, "on_track", on=JAN, author=world.officer, percent_complete=40)
    make_update(world.action_p, "", narrative="From the plan", from_source_plan=True)
    indicator = indicator_of(world.action_p, organisation=world.hartlepool)
    observe(indicator, datetime.date(2025, 3, 31), "21.5", JAN, numerator=Decimal(3), denominator=Decimal(14))
    Target.objects.create(indicator=indicator, period_end=datetime.date(2026, 3, 31), value=Decimal("20"))
    return {"indicator": indicator, "theme": theme}


ADDRESSES = [
    "organisations/", "plans/", "plans/?as_of=2026-02-01", "themes/", "actions/", "actions/?as_of=2026-02-01",
    "actions/?sort=-updated&overdue=true", "progress-updates/", "indicators/", "indicators/?as_of=2025-01-01",
    "observations/",
]  # fmt: skip


@pytest.mark.parametrize("reader", [None, "officer"])
def test_every_answer_matches_the_schema(client, world, everything, reader):
    openapi = OpenAPI.from_dict(schema())
    if reader:
        client.force_login(getattr(world, reader))
    details = [
        f"organisations/{world.hartlepool.pk}/", f"plans/{world.plan_p.pk}/", f"themes/{everything['theme'].pk}/",
        f"actions/{world.action_p.pk}/", f"indicators/{everything['indicator'].pk}/",
        f"progress-updates/{world.action_p.progress_updates.first().pk}/",
        f"observations/{everything['indicator'].observations.get().pk}/",
    ]  # fmt: skip

    for address in [*ADDRESSES, *details]:
        response = client.get(f"/api/v1/{address}")
        assert response.status_code == 200, address
        openapi.validate_response(DjangoOpenAPIRequest(response.wsgi_request), DjangoOpenAPIResponse(response))


def test_the_schema_is_served_and_names_every_endpoint(client, db):
    response = client.get("/api/v1/schema/", {"format": "json"})

    paths = response.json()["paths"]
    assert response.status_code == 200
    assert {path for path in paths if not path.endswith("{id}/")} == {
        f"/api/v1/{name}/"
        for name in ["organisations", "plans", "themes", "actions", "progress-updates", "indicators", "observations"]
    }


def test_the_documentation_page_lists_every_endpoint_under_the_sites_policy(client, db):
    from tests.test_content_security_policy import inline_code_in, policy_of

    response = client.get("/api/v1/docs/")
    markup = response.content.decode()

    assert response.status_code == 200
    assert "GET /api/v1/actions/" in markup and "updated_since" in markup
    assert inline_code_in(markup) == []
    assert policy_of(response["Content-Security-Policy"])["script-src"] == ["'self'"]


# --- A constant number of queries per list


def make_data(world, count: int) -> None:
    theme = make_theme(world.plan_p, f"Theme {count}")
    actions = make_many_actions(world.plan_p, count, owner=world.hartlepool, theme=theme)
    for n, action in enumerate(actions):
        indicator = indicator_of(action, code=f"{count}-{n}")
        observe(indicator, datetime.date(2025, 3, 31), "1", JAN)
        Target.objects.create(indicator=indicator, period_end=datetime.date(2025, 3, 31), value=Decimal("2"))


def queries_for(client, address: str) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(f"/api/v1/{address}")
    assert response.status_code == 200
    return len(context)


@pytest.mark.parametrize("reader", [None, "lead"])
@pytest.mark.parametrize(
    "address",
    [
        "organisations/", "plans/", "plans/?as_of=2026-02-01", "themes/", "actions/", "actions/?as_of=2026-02-01",
        "progress-updates/", "indicators/", "observations/", "actions/?format=csv",
    ],
)  # fmt: skip
def test_each_list_answers_in_a_constant_number_of_queries(client, world, address, reader):
    if reader:
        client.force_login(getattr(world, reader))
    make_data(world, 2)
    small = queries_for(client, address)

    make_data(world, 12)
    make_update(Action.objects.filter(plan=world.plan_p).first(), "at_risk", on=FEB, author=world.officer)

    assert queries_for(client, address) == small
    assert queries_for(client, address + ("&" if "?" in address else "?") + "page_size=3") <= small
