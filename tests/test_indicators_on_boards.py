"""Indicators where boards and officers look: the plan dashboard, the action
page and the board report (HTML and workbook), against figures whose right
answer is known.

Plan A works towards five indicators; plan B towards one (NI 102ii):

| indicator | linked through | better | tolerance | target (2025/26) | figures for 2025/26, as reported | today | as of 30 June 2026 |
| NI 116 | action E1 | lower | 2 | 20% | 21.5% on 1 May, restated 22.5% on 15 June | off target | off target (22.5%) |
| NI 117 | action E1 | lower | – | 6% | 5.2% on 20 April | on target | on target |
| NI 151 | action E2 | higher | – | – | 100 on 20 April | no target set | no target set |
| NI 153 | theme | higher | – | 50 | – | no data | no data |
| NI 092 | action E2 | higher | – | 50 | 60 on 10 July | on target | no data (reported after) |
| NI 102i | action E2 | higher | 5 | 80% | 77% on 20 April | within tolerance | within tolerance |
| NI 102ii | plan B's action | higher | – | – | – | no data | no data |

As of 15 May 2026, NI 116 stood at 21.5% (first reported), within tolerance.
"""

import datetime
import io
import re

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from actions.models import Indicator
from tests.builders import make_action, make_theme
from tests.indicator_builders import make_indicator, make_observation, make_target

D = datetime.date
YEAR_END = D(2026, 3, 31)
AS_OF = {"as_of": "2026-06-30"}
PERCENT, NUMBER = Indicator.Unit.PERCENTAGE, Indicator.Unit.NUMBER
LOWER, HIGHER = Indicator.Better.LOWER, Indicator.Better.HIGHER


@pytest.fixture
def known(world):
    def indicator(code, name, unit=PERCENT, better=HIGHER, **fields):
        return make_indicator(world.lincs, code=code, name=name, unit=unit, better=better, **fields)

    i = world.indicators = {
        "116": indicator("116", "Children in poverty", better=LOWER, tolerance=2),
        "117": indicator("117", "Young people not in education", better=LOWER),
        "151": indicator("151", "Overall employment rate", unit=NUMBER),
        "153": indicator("153", "Working age people on out of work benefits", unit=NUMBER),
        "092": indicator("092", "Gap in early years achievement", unit=NUMBER),
        "102i": indicator("102i", "Achievement gap at Key Stage 2", tolerance=5),
        "102ii": indicator("102ii", "Achievement gap at Key Stage 4"),
    }
    world.action_a.indicators.add(i["116"], i["117"])
    world.action_a2.indicators.add(i["151"], i["092"], i["102i"])
    world.theme_a.indicators.add(i["153"])
    world.action_b.indicators.add(i["102ii"])

    make_target(i["116"], YEAR_END, 20)
    make_observation(i["116"], YEAR_END, "21.5", reported_on=D(2026, 5, 1))
    make_observation(i["116"], YEAR_END, "22.5", reported_on=D(2026, 6, 15), reason="Revised population estimates")
    make_target(i["117"], YEAR_END, 6)
    make_observation(i["117"], YEAR_END, "5.2", reported_on=D(2026, 4, 20))
    make_observation(i["151"], YEAR_END, 100, reported_on=D(2026, 4, 20))
    make_target(i["153"], YEAR_END, 50)
    make_target(i["092"], YEAR_END, 50)
    make_observation(i["092"], YEAR_END, 60, reported_on=D(2026, 7, 10))
    make_target(i["102i"], YEAR_END, 80)
    make_observation(i["102i"], YEAR_END, 77, reported_on=D(2026, 4, 20))
    return world


def text_of(html: str) -> str:
    """A page's words, tags gone and white space single."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def dashboard(client, world, query=None) -> str:
    client.force_login(world.chair)
    return client.get(reverse("plan-dashboard", args=[world.plan_a.slug]), query or {}).text


def indicator_rows(html: str) -> dict[str, str]:
    """Each row of the page's indicators table, by its indicator's code, as text."""
    table = re.search(r'<table class="govuk-table app-indicator-table"[^>]*>.*?</table>', html, re.S).group()
    rows = [text_of(row) for row in re.findall(r"<tr class=\"govuk-table__row\">(.*?)</tr>", table, re.S)[1:]]
    return {re.match(r"NI (\w+):", row).group(1): row for row in rows}


# --- The plan dashboard -----------------------------------------------------------


def test_the_dashboard_counts_the_plans_indicators_by_status_as_of_its_day(client, known):
    assert "1 on target 1 within tolerance 1 off target 1 no target set 2 no data" in text_of(
        dashboard(client, known, AS_OF)
    )


def test_the_dashboard_counts_todays_figures_without_an_as_of_day(client, known):
    assert "2 on target 1 within tolerance 1 off target 1 no target set 1 no data" in text_of(dashboard(client, known))


@pytest.mark.parametrize(
    ("status", "codes"),
    [
        ("on_target", {"117", "092"}),
        ("within_tolerance", {"102i"}),
        ("off_target", {"116"}),
        ("no_target", {"151"}),
        ("no_data", {"153"}),
    ],
)
def test_each_status_count_links_to_those_indicators_of_the_plan(client, known, status, codes):
    link = f"{reverse('indicator-list')}?plan={known.plan_a.pk}&amp;status={status}&amp;as_of="
    page = dashboard(client, known)
    assert f'href="{link}' in page
    address = page[page.index(f'href="{link}') + len('href="') :].split('"')[0]

    listed = client.get(address.replace("&amp;", "&")).text

    assert set(indicator_rows(listed)) == codes


def test_the_dashboard_lists_each_indicator_with_its_latest_figure_target_direction_and_status(client, known):
    rows = indicator_rows(dashboard(client, known, AS_OF))

    assert list(rows) == ["092", "102i", "116", "117", "151", "153"]  # framework and code order; not plan B's
    assert rows["116"] == (
        "NI 116: Children in poverty 22.5% 2025/26 As reported on 1 May 2026: 21.5% 20% Lower is better Off target"
    )
    assert rows["092"] == "NI 092: Gap in early years achievement No figure yet – Higher is better No data"
    assert rows["151"] == "NI 151: Overall employment rate 100 2025/26 – Higher is better No target set"


def test_each_indicator_on_the_dashboard_links_to_its_page(client, known):
    page = dashboard(client, known)

    for indicator in known.indicators.values():
        if indicator.code != "102ii":
            assert f'href="{reverse("indicator-detail", args=[indicator.pk])}">{indicator.title}</a>' in page


def test_the_dashboard_shows_what_was_known_on_an_earlier_day(client, known):
    rows = indicator_rows(dashboard(client, known, {"as_of": "2026-05-15"}))

    assert rows["116"] == "NI 116: Children in poverty 21.5% 2025/26 20% Lower is better Within tolerance"
    assert "1 on target 2 within tolerance 0 off target 1 no target set 2 no data" in text_of(
        dashboard(client, known, {"as_of": "2026-05-15"})
    )


def test_a_plan_without_indicators_says_so(client, known):
    client.force_login(known.thurrock_officer)
    known.action_b.indicators.clear()

    page = client.get(reverse("plan-dashboard", args=[known.plan_b.slug])).text

    assert "No indicator is linked to this plan's actions or themes." in page


# --- The action page --------------------------------------------------------------


def test_the_action_page_shows_its_indicators_latest_figures_and_status(client, known):
    client.force_login(known.officer)

    rows = indicator_rows(client.get(reverse("action-detail", args=[known.action_a2.pk])).text)

    assert rows == {
        "092": "NI 092: Gap in early years achievement Higher is better 60 2025/26 50 On target",
        "102i": "NI 102i: Achievement gap at Key Stage 2 Higher is better 77% 2025/26 80% Within tolerance",
        "151": "NI 151: Overall employment rate Higher is better 100 2025/26 – No target set",
    }


def test_an_action_without_indicators_shows_no_indicators_table(client, known):
    client.force_login(known.thurrock_officer)
    known.action_b.indicators.clear()

    page = client.get(reverse("action-detail", args=[known.action_b.pk])).text

    assert "app-indicator-table" not in page


# --- The board report -------------------------------------------------------------


def test_the_plans_report_shows_its_indicators_as_of_its_day_with_the_first_reported_figure(client, known):
    client.force_login(known.chair)

    page = client.get(reverse("plan-report", args=[known.plan_a.slug]), AS_OF).text

    assert "1 on target 1 within tolerance 1 off target 1 no target set 2 no data" in text_of(page)
    assert indicator_rows(page)["116"] == (
        "NI 116: Children in poverty 22.5% 2025/26 As reported on 1 May 2026: 21.5% 20% Lower is better Off target"
    )


def test_before_the_restatement_the_report_shows_the_first_figure_alone(client, known):
    client.force_login(known.chair)

    page = client.get(reverse("plan-report", args=[known.plan_a.slug]), {"as_of": "2026-06-14"}).text

    assert "Children in poverty 21.5% 2025/26 20%" in indicator_rows(page)["116"]
    assert "As reported on" not in page


def test_the_all_plans_report_shows_the_indicators_of_its_plans(client, known):
    client.force_login(known.admin)
    make_indicator(known.lincs, code="999", name="Linked to nothing")

    rows = indicator_rows(client.get(reverse("report"), AS_OF).text)

    assert list(rows) == ["092", "102i", "102ii", "116", "117", "151", "153"]
    assert rows["102ii"] == "NI 102ii: Achievement gap at Key Stage 4 No figure yet – Higher is better No data"


def workbook(client, name: str, args=(), query=AS_OF) -> openpyxl.Workbook:
    response = client.get(reverse(name, args=args), query)
    return openpyxl.load_workbook(io.BytesIO(response.content))


def test_the_report_workbook_has_an_indicators_sheet_as_of_its_day(client, known):
    client.force_login(known.chair)

    book = workbook(client, "plan-report-xlsx", [known.plan_a.slug])

    assert book.sheetnames == ["Summary", "Actions", "Indicators"]
    rows = list(book["Indicators"].iter_rows(values_only=True))
    assert rows[0] == (
        "Indicator", "Period", "Latest figure", "First reported", "Target", "Which way is better", "Status"
    )  # fmt: skip
    by_title = {row[0]: row for row in rows[1:]}
    assert by_title["NI 116: Children in poverty"] == (
        "NI 116: Children in poverty", "2025/26", "22.5%", "as reported on 1 May 2026: 21.5%", "20%",
        "Lower is better", "Off target",
    )  # fmt: skip
    assert by_title["NI 092: Gap in early years achievement"] == (
        "NI 092: Gap in early years achievement",
        None,
        None,
        None,
        None,
        "Higher is better",
        "No data",
    )
    assert len(by_title) == 6


def test_the_indicators_sheet_prints_like_the_others(client, known):
    client.force_login(known.chair)

    sheet = workbook(client, "plan-report-xlsx", [known.plan_a.slug])["Indicators"]

    assert sheet.page_setup.orientation == "landscape"
    assert (sheet.page_setup.fitToWidth, sheet.sheet_properties.pageSetUpPr.fitToPage) == (1, True)
    assert sheet.auto_filter.ref == "A1:G7"


def test_the_all_plans_workbook_has_the_indicators_of_its_plans(client, known):
    client.force_login(known.admin)

    rows = list(workbook(client, "report-xlsx")["Indicators"].iter_rows(values_only=True))

    assert [row[0].split(":")[0] for row in rows[1:]] == [
        "NI 092", "NI 102i", "NI 102ii", "NI 116", "NI 117", "NI 151", "NI 153"
    ]  # fmt: skip


# --- Queries: the same however many indicators and figures -------------------------


def queries(client, url, params) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url, params).status_code == 200
    return len(context.captured_queries)


def make_many_indicators(world, count: int) -> None:
    """`count` more indicators, each with a target and a restated figure,
    linked half through plan A's actions and half through its themes, and to plan B."""
    theme = make_theme(world.plan_a, "More")
    action = make_action(world.plan_a, "More", theme=theme)
    for number in range(count):
        indicator = make_indicator(world.lincs, framework="LOCAL", code=f"L{number}", unit=NUMBER)
        make_target(indicator, YEAR_END, 10)
        make_observation(indicator, YEAR_END, 9, reported_on=D(2026, 4, 1))
        make_observation(indicator, YEAR_END, 11, reported_on=D(2026, 5, 1), reason="Corrected")
        (theme if number % 2 else action).indicators.add(indicator)
        world.action_a.indicators.add(indicator)
        world.action_b.indicators.add(indicator)


@pytest.mark.parametrize("page", ["plan-dashboard", "plan-report", "plan-report-xlsx", "report", "report-xlsx"])
def test_boards_take_the_same_queries_however_many_indicators(client, known, page, django_assert_max_num_queries):
    client.force_login(known.admin)
    url = reverse(page, args=[known.plan_a.slug]) if page.startswith("plan-") else reverse(page)
    small = queries(client, url, AS_OF)

    make_many_indicators(known, 40)
    with django_assert_max_num_queries(small):
        client.get(url, AS_OF)


def test_the_action_page_takes_the_same_queries_however_many_indicators(client, known, django_assert_max_num_queries):
    client.force_login(known.officer)
    url = reverse("action-detail", args=[known.action_a.pk])
    small = queries(client, url, {})

    make_many_indicators(known, 40)
    with django_assert_max_num_queries(small):
        client.get(url)
