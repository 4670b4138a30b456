"""Every indicator page × every role: who may read an indicator and who may
enter its figures and targets. Editing a URL to another organisation's
indicator reveals nothing and changes nothing."""

import datetime

import pytest
from django.urls import reverse

from indicators.models import Observation, Target
from tests.indicator_builders import make_indicator, make_observation, make_target
from tests.test_permissions import ROLES, assert_answers, sign_in


class Indicators:
    """A: Lincolnshire's, worked towards by action A in plan A. B: Thurrock's,
    by action B in plan B. P: Hartlepool's, by action P in the public plan P."""


@pytest.fixture
def indicators(world):
    known = Indicators()
    for name, organisation, action, code in (
        ("a", world.lincs, world.action_a, "116"),
        ("b", world.thurrock, world.action_b, "117"),
        ("p", world.hartlepool, world.action_p, "151"),
    ):
        indicator = make_indicator(organisation, "NI", code)
        action.indicators.add(indicator)
        make_observation(indicator, datetime.date(2024, 3, 31), 20)
        make_target(indicator, datetime.date(2024, 3, 31), 18)
        setattr(known, name, indicator)
    return known


PAGES = {
    "list": lambda i: reverse("indicator-list"),
    "indicator_a": lambda i: reverse("indicator-detail", args=[i.a.pk]),
    "indicator_b": lambda i: reverse("indicator-detail", args=[i.b.pk]),
    "indicator_p": lambda i: reverse("indicator-detail", args=[i.p.pk]),
    "figure_a": lambda i: reverse("indicator-figure-new", args=[i.a.pk]),
    "figure_b": lambda i: reverse("indicator-figure-new", args=[i.b.pk]),
    "figure_p": lambda i: reverse("indicator-figure-new", args=[i.p.pk]),
    "targets_a": lambda i: reverse("indicator-targets", args=[i.a.pk]),
    "targets_b": lambda i: reverse("indicator-targets", args=[i.b.pk]),
    "targets_p": lambda i: reverse("indicator-targets", args=[i.p.pk]),
    "export_xlsx": lambda i: reverse("indicator-export-xlsx"),
    "export_csv": lambda i: reverse("indicator-export-csv"),
    "import": lambda i: reverse("indicator-import"),
}

# What each role gets on each page:       anonymous  admin  chair  lead   officer thurrock stranger
EXPECTED = {
    "list":        ["login",   200,   200,   200,   200,    200,     200],
    "indicator_a": ["login",   200,   200,   200,   200,    404,     404],
    "indicator_b": ["login",   200,   200,   404,   404,    200,     404],
    "indicator_p": ["login",   200,   200,   200,   200,    200,     200],
    "figure_a":    ["login",   200,   403,   200,   200,    404,     404],
    "figure_b":    ["login",   200,   403,   404,   404,    200,     404],
    "figure_p":    ["login",   200,   403,   403,   403,    403,     403],
    "targets_a":   ["login",   200,   403,   200,   200,    404,     404],
    "targets_b":   ["login",   200,   403,   404,   404,    200,     404],
    "targets_p":   ["login",   200,   403,   403,   403,    403,     403],
    "export_xlsx": ["login",   200,   200,   200,   200,    200,     200],
    "export_csv":  ["login",   200,   200,   200,   200,    200,     200],
    "import":      ["login",   200,   403,   200,   200,    200,     403],
}  # fmt: skip

CASES = [(page, role, EXPECTED[page][index]) for page in PAGES for index, role in enumerate(ROLES)]


@pytest.mark.parametrize("page, role, expected", CASES, ids=[f"{page}-{role}" for page, role, _ in CASES])
def test_each_role_gets_what_it_may_see(client, world, indicators, page, role, expected):
    sign_in(client, world, role)
    url = PAGES[page](indicators)

    response = client.get(url)

    assert_answers(response, url, expected)


REFUSED_WRITES = [
    (page, role, status) for page, role, status in CASES if page.startswith(("figure_", "targets_")) and status != 200
]
WRITES = {
    "figure": {
        "period": "2024/25",
        "value": "12.5%",
        "reported_on_day": "1",
        "reported_on_month": "6",
        "reported_on_year": "2025",
        "reason": "Trying to write someone else's figure",
    },  # fmt: skip
    "targets": {
        "target_1_period": "2024-03-31",
        "target_1_value": "",
        "target_2_period": "2025/26",
        "target_2_value": "1",
    },  # fmt: skip
}


@pytest.mark.parametrize(
    "page, role, expected", REFUSED_WRITES, ids=[f"{page}-{role}" for page, role, _ in REFUSED_WRITES]
)
def test_a_refused_write_changes_nothing(client, world, indicators, page, role, expected):
    sign_in(client, world, role)
    before = (
        list(Observation.objects.values_list("pk", "value")),
        list(Target.objects.values_list("pk", "period_end", "value")),
    )

    response = client.post(PAGES[page](indicators), WRITES[page.split("_")[0]])

    assert response.status_code == (302 if expected == "login" else expected)
    assert before == (
        list(Observation.objects.values_list("pk", "value")),
        list(Target.objects.values_list("pk", "period_end", "value")),
    )


def test_the_list_shows_only_the_indicators_the_user_may_read(client, world, indicators):
    client.force_login(world.officer)

    rows = client.get(reverse("indicator-list")).context["rows"]

    assert {row.indicator for row in rows} == {indicators.a, indicators.p}


def test_the_responsible_organisations_officer_reads_an_indicator_no_plan_of_theirs_works_towards(client, world):
    indicator = make_indicator(world.thurrock, "LOCAL", "T1", name="Thurrock's own measure")
    client.force_login(world.thurrock_officer)

    assert client.get(reverse("indicator-detail", args=[indicator.pk])).status_code == 200
    assert client.get(reverse("indicator-figure-new", args=[indicator.pk])).status_code == 200


def test_an_indicator_page_shows_only_the_linked_actions_the_user_may_read(client, world, indicators):
    world.action_b.indicators.add(indicators.p)
    client.force_login(world.officer)

    actions = client.get(reverse("indicator-detail", args=[indicators.p.pk])).context["actions"]

    assert list(actions) == [world.action_p]
