"""Who reads what through the API: every endpoint for every role. No endpoint
returns an object its caller could not open as a page, and the detail of an
object they may not read is a 404, as its page would be."""

import datetime
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from actions.models import Action, Indicator
from api import access
from indicators.models import Observation
from plans.models import Organisation, Plan, Theme
from progress.models import ProgressUpdate
from public_pages.selectors import published_plans
from tests.builders import make_action, make_plan, make_theme, make_update

READERS = ["anonymous", "admin", "chair", "lead", "officer", "thurrock_officer", "stranger"]
JAN = datetime.date(2026, 1, 15)


@pytest.fixture
def scene(world):
    """The world, plus a public plan still in draft, updates in every state,
    indicators towards plans A and P and one towards no plan, and figures."""
    world.draft = make_plan(world.hartlepool, "Hartlepool Draft", slug="draft", is_public=True)
    Plan.objects.filter(pk=world.draft.pk).update(status=Plan.Status.DRAFT)
    make_theme(world.draft, "Unpublished theme")
    world.action_draft = make_action(world.draft, "Not yet published", owners=[world.hartlepool])
    make_theme(world.plan_b, "Thurrock theme")
    for action in [world.action_a, world.action_b, world.action_p, world.action_draft]:
        make_update(action, "on_track", on=JAN, author=world.officer)
    for state in ["submitted", "returned", "withdrawn"]:
        make_update(world.action_p, "off_track", on=JAN, state=state, author=world.officer)
    towards_a = Indicator.objects.create(framework="NI", code="116")
    world.action_a.indicators.add(towards_a)
    towards_p = Indicator.objects.create(framework="NI", code="117")
    world.theme_p = make_theme(world.plan_p, "Public theme")
    towards_p.themes.add(world.theme_p)
    Indicator.objects.create(framework="LOCAL", code="T1", organisation=world.thurrock)
    for indicator in Indicator.objects.all():
        Observation.objects.create(
            indicator=indicator, period_end=datetime.date(2025, 3, 31), value=Decimal(1), reported_on=JAN
        )
    return world


def client_for(world, reader: str) -> Client:
    client = Client()
    if reader != "anonymous":
        client.force_login(getattr(world, reader))
    return client


def listed(client, address: str) -> set[int]:
    found, answer = set(), client.get(f"/api/v1/{address}", {"page_size": 500}).json()
    while True:
        found |= {row["id"] for row in answer["results"]}
        if not answer["next"]:
            return found
        answer = client.get(answer["next"]).json()


# Each object's page, for a signed-in reader and for an anonymous one.
def plan_page(plan, signed_in):
    return reverse("plan-detail", args=[plan.slug]) if signed_in else reverse("public-plan", args=[plan.slug])


def action_page(action, signed_in):
    if signed_in:
        return reverse("action-detail", args=[action.pk])
    return reverse("public-action", args=[action.plan.slug, action.pk])


def update_shown_on_its_page(client, update, signed_in) -> bool:
    """Shown on its action's page and approved: the API serves approved updates
    only, to everyone (pages show signed-in readers those awaiting approval too)."""
    response = client.get(action_page(update.action, signed_in))
    shown = response.status_code == 200 and update.narrative in response.content.decode()
    return shown and update.state == ProgressUpdate.State.APPROVED


def indicator_page_opens(client, indicator, signed_in) -> bool:
    if signed_in:
        return client.get(reverse("indicator-detail", args=[indicator.pk])).status_code == 200
    # No indicator page is public: an anonymous caller reads the indicators
    # of published plans (README, "API"), as open data.
    plans = Plan.objects.filter(
        pk__in=[*indicator.actions.values_list("plan", flat=True), *indicator.themes.values_list("plan", flat=True)]
    )
    return any(client.get(plan_page(plan, False)).status_code == 200 for plan in plans)


PAGES = {
    "plans": (Plan, lambda c, plan, s: c.get(plan_page(plan, s)).status_code == 200),
    "themes": (Theme, lambda c, theme, s: c.get(plan_page(theme.plan, s)).status_code == 200),
    "actions": (Action, lambda c, action, s: c.get(action_page(action, s)).status_code == 200),
    "progress-updates": (ProgressUpdate, update_shown_on_its_page),
    "organisations": (
        Organisation,
        lambda c, organisation, s: any(
            c.get(plan_page(plan, s)).status_code == 200
            for plan in Plan.objects.filter(
                pk__in=[
                    *organisation.plans.values_list("pk", flat=True),
                    *organisation.partnership_plans.values_list("pk", flat=True),
                    *organisation.owned_actions.values_list("plan", flat=True),
                ]
            )
        ),
    ),  # fmt: skip
    "indicators": (Indicator, indicator_page_opens),
    "observations": (Observation, lambda c, figure, s: indicator_page_opens(c, figure.indicator, s)),
}


@pytest.mark.parametrize("reader", READERS)
@pytest.mark.parametrize("address", PAGES)
def test_no_endpoint_lists_an_object_its_caller_could_not_open_as_a_page(scene, reader, address):
    client, signed_in = client_for(scene, reader), reader != "anonymous"
    model, opens = PAGES[address]

    found = listed(client, f"{address}/")

    for obj in model.objects.all():
        assert (obj.pk in found) == opens(client, obj, signed_in), f"{reader} {address} {obj}"


@pytest.mark.parametrize("reader", READERS)
@pytest.mark.parametrize("address", PAGES)
def test_the_detail_of_an_object_outside_the_list_is_a_404(scene, reader, address):
    client = client_for(scene, reader)
    model, _ = PAGES[address]
    found = listed(client, f"{address}/")

    for obj in model.objects.all():
        expected = 200 if obj.pk in found else 404
        assert client.get(f"/api/v1/{address}/{obj.pk}/").status_code == expected, f"{reader} {obj}"


EXPECTED_PLANS = {
    "anonymous": ["plan_p"],
    "admin": ["plan_a", "plan_b", "plan_p", "draft"],
    "chair": ["plan_a", "plan_b", "plan_p", "draft"],
    "lead": ["plan_a", "plan_p", "draft"],
    "officer": ["plan_a", "plan_p", "draft"],
    "thurrock_officer": ["plan_b", "plan_p", "draft"],
    "stranger": ["plan_p", "draft"],
}


@pytest.mark.parametrize("reader", READERS)
def test_each_role_reads_the_plans_it_reads_on_the_pages(scene, reader):
    expected = {getattr(scene, name).pk for name in EXPECTED_PLANS[reader]}

    assert listed(client_for(scene, reader), "plans/") == expected


def test_anonymous_callers_read_only_published_plans_as_the_public_pages_do(scene):
    assert set(access.published_plans()) == set(published_plans())
    assert listed(Client(), "actions/") == {scene.action_p.pk}


@pytest.mark.parametrize("reader", READERS)
def test_only_approved_updates_are_listed_whoever_asks(scene, reader):
    found = ProgressUpdate.objects.filter(pk__in=listed(client_for(scene, reader), "progress-updates/"))

    assert set(found.values_list("state", flat=True)) == {"approved"}


@pytest.mark.parametrize("reader", READERS)
def test_no_name_reaches_an_anonymous_caller(scene, reader):
    answer = client_for(scene, reader).get("/api/v1/progress-updates/").json()["results"]
    actions = client_for(scene, reader).get("/api/v1/actions/").json()["results"]

    names = {row["author"] for row in answer}
    if reader == "anonymous":
        assert names == {None}
        assert {row["owners"] for row in actions} == {None}
    else:
        assert names == {"officer"}


@pytest.mark.parametrize("reader", READERS)
def test_filters_cannot_reach_past_what_the_reader_reads(scene, reader):
    client = client_for(scene, reader)
    readable = listed(client, "plans/")

    for plan in [scene.plan_a, scene.plan_b]:
        response = client.get("/api/v1/actions/", {"plan": plan.pk})
        results = response.json().get("results", []) if response.status_code == 200 else []
        assert response.status_code in (200, 400)
        assert bool(results) == (plan.pk in readable)


@pytest.mark.parametrize("reader", READERS)
def test_csv_lists_the_same_objects_as_json(scene, reader):
    client = client_for(scene, reader)
    content = client.get("/api/v1/actions/", {"format": "csv"}).content.decode("utf-8-sig").splitlines()[1:]

    assert {int(line.split(",")[0]) for line in content} == listed(client, "actions/")
