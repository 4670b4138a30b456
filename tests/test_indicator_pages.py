"""The indicator pages against figures whose right answer is known: the list
and its filters, the indicator's page (chart, table, restatements, as of),
and the forms that enter figures and targets."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from indicators.models import Observation, ObservationPart, Target
from tests.builders import make_action, make_plan
from tests.indicator_builders import make_indicator, make_observation, make_target

YEAR_1, YEAR_2, YEAR_3 = datetime.date(2022, 3, 31), datetime.date(2023, 3, 31), datetime.date(2024, 3, 31)


@pytest.fixture
def ni116(world):
    """Children in poverty in Lincolnshire, lower is better: 31% then 30% (first
    reported as 29.5%, corrected on 1 September 2023), a target of 29% for each
    year, and a baseline of 32%."""
    indicator = make_indicator(
        world.lincs, "NI", "116", baseline_value=Decimal(32), baseline_on=datetime.date(2021, 3, 31),
        baseline_source="HMRC 2020/21", source="HMRC Children in low-income families",
    )  # fmt: skip
    world.action_a.indicators.add(indicator)
    for year in (YEAR_1, YEAR_2, YEAR_3):
        make_target(indicator, year, 29)
    make_observation(indicator, YEAR_1, "31", reported_on=datetime.date(2022, 6, 1), user=world.officer)
    make_observation(indicator, YEAR_2, "29.5", reported_on=datetime.date(2023, 6, 1))
    make_observation(
        indicator, YEAR_2, "30", reported_on=datetime.date(2023, 9, 1), reason="HMRC revised the 2022/23 release"
    )
    return indicator


def page_of(client, user, indicator, **params):
    client.force_login(user)
    return client.get(reverse("indicator-detail", args=[indicator.pk]), params)


# --- The indicator's page -------------------------------------------------------


def test_the_chart_text_alternative_names_every_figure_target_and_the_baseline(client, world, ni116):
    page = page_of(client, world.officer, ni116).text

    assert 'role="img"' in page
    assert "Figures by period. 2021/22: 31% against a target of 29%; 2022/23: 30% against a target of 29%." in page
    assert "Targets for periods without a figure. 2023/24: 29%." in page
    assert "Baseline: 32% (31 March 2021)." in page


def test_the_chart_text_never_scales(client, world, ni116):
    chart = page_of(client, world.officer, ni116).context["chart"]

    assert "viewBox" not in chart
    assert 'font-size="12"' in chart and 'font-size="1"' not in chart


def test_the_table_shows_each_period_with_its_figure_target_and_status(client, world, ni116):
    rows = page_of(client, world.officer, ni116).context["rows"]

    assert [(row["period"].label, row["period"].value, row["target"], row["status"]) for row in rows] == [
        ("2021/22", Decimal(31), Decimal(29), "off_target"),
        ("2022/23", Decimal(30), Decimal(29), "off_target"),
        ("2023/24", None, Decimal(29), "no_data"),
    ]


def test_a_restated_figure_shows_what_was_first_reported(client, world, ni116):
    page = page_of(client, world.officer, ni116).text

    assert "As first reported: 29.5% on 1 June 2023" in page
    assert "HMRC revised the 2022/23 release" in page


def test_the_history_lists_every_report_latest_first_with_who_entered_it(client, world, ni116):
    history = page_of(client, world.officer, ni116).context["history"]

    assert [(report.label, report.value, report.reported_on) for report in history] == [
        ("2022/23", Decimal(30), datetime.date(2023, 9, 1)),
        ("2022/23", Decimal("29.5"), datetime.date(2023, 6, 1)),
        ("2021/22", Decimal(31), datetime.date(2022, 6, 1)),
    ]
    assert history[-1].entered_by == world.officer


def test_as_of_shows_the_figure_known_then_and_says_so(client, world, ni116):
    response = page_of(client, world.officer, ni116, as_of="2023-07-01")

    assert response.context["figures"].latest.value == Decimal("29.5")
    assert "as they were known on 1 July 2023" in response.text
    assert "As first reported" not in response.text


def test_a_wrong_as_of_is_said_and_today_shown(client, world, ni116):
    response = page_of(client, world.officer, ni116, as_of="yesterday")

    assert response.context["figures"].latest.value == Decimal(30)
    assert "is not a date like 2025-03-31" in response.text


def test_the_page_names_what_is_measured_and_its_baseline(client, world, ni116):
    page = page_of(client, world.officer, ni116).text

    for words in ["Lower is better", "Yearly (April to March)", "HMRC Children in low-income families",
                  "Lincolnshire County Council", "32% on 31 March 2021", "HMRC 2020/21"]:  # fmt: skip
        assert words in page


def test_the_page_shows_the_linked_actions_with_their_status(client, world, ni116):
    response = page_of(client, world.officer, ni116)

    assert list(response.context["actions"]) == [world.action_a]
    assert "No update yet" in response.text


def test_the_enter_buttons_show_only_to_those_who_may_enter_figures(client, world, ni116):
    figure_url = reverse("indicator-figure-new", args=[ni116.pk])

    assert figure_url in page_of(client, world.officer, ni116).text
    assert figure_url not in page_of(client, world.chair, ni116).text


# --- The list -------------------------------------------------------------------


def test_the_list_shows_the_latest_figure_target_and_status(client, world, ni116):
    client.force_login(world.officer)

    response = client.get(reverse("indicator-list"))

    assert [row.indicator for row in response.context["rows"]] == [ni116]
    assert "NI 116: Proportion of children in poverty" in response.text
    assert "Off target" in response.text


def test_the_list_filters_by_plan_and_status(client, world, ni116):
    other = make_indicator(world.lincs, "NI", "117", name="NEET")
    world.action_p.indicators.add(other)
    client.force_login(world.officer)

    by_plan = client.get(reverse("indicator-list"), {"plan": world.plan_a.pk}).context["rows"]
    off_target = client.get(reverse("indicator-list"), {"status": "off_target"}).context["rows"]
    no_data = client.get(reverse("indicator-list"), {"plan": world.plan_p.pk, "status": "no_data"}).context["rows"]

    assert [row.indicator for row in by_plan] == [ni116]
    assert [row.indicator for row in off_target] == [ni116]
    assert [row.indicator for row in no_data] == [other]


def test_filtering_by_a_plan_the_user_may_not_read_is_an_error_not_a_leak(client, world, ni116):
    theirs = make_indicator(world.thurrock, "NI", "151", name="Employment")
    world.action_b.indicators.add(theirs)
    client.force_login(world.officer)

    response = client.get(reverse("indicator-list"), {"plan": world.plan_b.pk})

    assert "plan" in response.context["filter"].form.errors
    assert theirs not in [row.indicator for row in response.context["rows"]]
    assert "Employment" not in response.text


def make_many_indicators(world, count: int, start: int) -> None:
    for number in range(start, start + count):
        indicator = make_indicator(world.lincs, "LOCAL", f"L{number}", name=f"Local measure {number}")
        world.action_a.indicators.add(indicator)
        make_target(indicator, YEAR_1, 10)
        make_observation(indicator, YEAR_1, number)
        make_observation(indicator, YEAR_1, number + 1, reported_on=YEAR_2, reason="Revised")


def queries(client, url, params=None) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url, params or {}).status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize("page", ["list", "list-filtered", "detail"])
def test_the_pages_take_the_same_queries_at_two_data_sizes(client, world, ni116, page, django_assert_max_num_queries):
    client.force_login(world.officer)
    url = reverse("indicator-detail", args=[ni116.pk]) if page == "detail" else reverse("indicator-list")
    params = {"plan": world.plan_a.pk, "status": "off_target"} if page == "list-filtered" else {}
    make_many_indicators(world, 2, 0)
    small = queries(client, url, params)

    make_many_indicators(world, 30, 100)
    for year in range(2000, 2020):
        make_observation(ni116, datetime.date(year, 3, 31), year % 40)
    make_action(make_plan(world.lincs, "Another plan"), "Another action").indicators.add(ni116)
    with django_assert_max_num_queries(small):
        client.get(url, params)


# --- Entering figures -------------------------------------------------------------


def figure_form(**fields) -> dict:
    data = {
        "period": "2024/25", "value": "12.5%", "numerator": "", "denominator": "",
        "reported_on_day": "1", "reported_on_month": "6", "reported_on_year": "2025", "source": "HMRC", "note": "", "reason": "",
    }  # fmt: skip
    data.update(fields)
    return data


def post_figure(client, user, indicator, **fields):
    client.force_login(user)
    return client.post(reverse("indicator-figure-new", args=[indicator.pk]), figure_form(**fields))


def test_a_figure_written_as_a_percentage_is_saved(client, world, ni116):
    response = post_figure(client, world.officer, ni116)

    assert response.status_code == 302 and response.url == reverse("indicator-detail", args=[ni116.pk])
    saved = Observation.objects.get(indicator=ni116, period_end=datetime.date(2025, 3, 31))
    assert (saved.value, saved.reported_on, saved.entered_by, saved.source) == (
        Decimal("12.5"),
        datetime.date(2025, 6, 1),
        world.officer,
        "HMRC",
    )
    assert "The figure for 2024/25 is saved: 12.5%." in client.get(response.url).text


def test_a_number_with_a_thousands_comma_and_its_breakdown_are_saved(client, world):
    claimants = make_indicator(world.lincs, "NI", "153", unit="number", frequency="quarterly")
    parts = {"part_1_dimension": "ward", "part_1_category": "North", "part_1_value": "1,000",
             "part_2_dimension": "ward", "part_2_category": "South", "part_2_value": "234"}  # fmt: skip

    response = post_figure(client, world.officer, claimants, period="Q1 2025", value="1,234", **parts)

    assert response.status_code == 302
    saved = Observation.objects.get(indicator=claimants)
    assert (saved.period_end, saved.value) == (datetime.date(2025, 3, 31), Decimal(1234))
    assert [(p.category, p.value) for p in saved.parts.all()] == [("North", 1000), ("South", 234)]


@pytest.mark.parametrize(
    "fields, field, message",
    [
        ({"period": "spring"}, "period", "'spring' is not a period"),
        ({"period": ""}, "period", "Enter the period the figure is for"),
        ({"value": "twelve"}, "value", "Figure: 'twelve' is not a number"),
        ({"value": ""}, "value", "Enter the figure"),
        ({"denominator": "0"}, "denominator", "The denominator cannot be 0"),
        ({"reported_on_day": "31", "reported_on_month": "2"}, "reported_on", "Reported on must be a real date"),
        ({"part_1_dimension": "ward", "part_1_category": "North"}, "part_1_value", "Breakdown 1: enter the part's figure"),
    ],
)  # fmt: skip
def test_a_wrong_field_is_named_and_nothing_is_written(client, world, ni116, fields, field, message):
    response = post_figure(client, world.officer, ni116, **fields)

    assert response.status_code == 200
    assert message in response.context["form"].errors[field][0]
    assert '<div class="govuk-error-summary"' in response.text and message.replace("'", "&#x27;") in response.text
    assert Observation.objects.count() == 3


def test_parts_that_do_not_add_up_are_named_and_nothing_is_written(client, world):
    claimants = make_indicator(world.lincs, "NI", "153", unit="number")
    parts = {"part_1_dimension": "ward", "part_1_category": "North", "part_1_value": "10",
             "part_2_dimension": "ward", "part_2_category": "South", "part_2_value": "5"}  # fmt: skip

    response = post_figure(client, world.officer, claimants, value="20", **parts)

    assert response.status_code == 200
    assert "The parts by ward add up to 15, not the figure 20" in response.context["form"].errors["part_1_value"][0]
    assert not Observation.objects.exists() and not ObservationPart.objects.exists()


def test_a_second_figure_for_a_period_needs_a_reason(client, world, ni116):
    response = post_figure(client, world.officer, ni116, period="2022/23", value="31%")

    assert response.status_code == 200
    assert response.context["form"].errors["reason"] == [
        "This period already has a figure: give the reason it is being corrected"
    ]
    assert Observation.objects.filter(indicator=ni116, period_end=YEAR_2).count() == 2


def test_a_correction_with_its_reason_keeps_the_earlier_figure(client, world, ni116):
    response = post_figure(client, world.officer, ni116, period="2022/23", value="31%", reason="Second revision")

    assert response.status_code == 302
    assert list(Observation.objects.filter(indicator=ni116, period_end=YEAR_2).values_list("value", flat=True)) == [
        Decimal("29.5"),
        Decimal(30),
        Decimal(31),
    ]
    assert "The correction for 2022/23 is saved: 31%." in client.get(response.url).text


# --- Setting targets ----------------------------------------------------------------


def targets_url(indicator):
    return reverse("indicator-targets", args=[indicator.pk])


def test_targets_are_set_changed_and_taken_away(client, world, ni116):
    client.force_login(world.officer)
    form = client.get(targets_url(ni116)).context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    data.update({"target_1_value": "28%", "target_3_value": "", "target_4_period": "2024/25", "target_4_value": "27.5"})

    response = client.post(targets_url(ni116), data)

    assert response.status_code == 302
    assert dict(Target.objects.filter(indicator=ni116).values_list("period_end", "value")) == {
        YEAR_1: Decimal(28),
        YEAR_2: Decimal(29),
        datetime.date(2025, 3, 31): Decimal("27.5"),
    }


@pytest.mark.parametrize(
    "fields, field, message",
    [
        ({"target_4_period": "someday", "target_4_value": "20"}, "target_4_period", "'someday' is not a period"),
        ({"target_4_period": "2024/25"}, "target_4_value", "New target 1: enter the target"),
        ({"target_4_value": "20"}, "target_4_period", "New target 1: enter the period"),
        ({"target_4_period": "2024/25", "target_4_value": "lots"}, "target_4_value", "'lots' is not a number"),
        ({"target_4_period": "2021/22", "target_4_value": "20"}, "target_4_period", "given twice"),
    ],
)  # fmt: skip
def test_a_wrong_target_is_named_and_nothing_is_written(client, world, ni116, fields, field, message):
    client.force_login(world.officer)
    form = client.get(targets_url(ni116)).context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    data.update({"target_1_value": "1", **fields})

    response = client.post(targets_url(ni116), data)

    assert response.status_code == 200
    assert message in response.context["form"].errors[field][0]
    assert set(Target.objects.filter(indicator=ni116).values_list("value", flat=True)) == {Decimal(29)}
