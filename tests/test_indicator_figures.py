"""An indicator's figures against data whose right answer is known: status
against target, restatements, what was known "as of" a day, breakdowns, and
the forgiving way figures and periods are read."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from actions.models import Indicator
from indicators.figures import figures_for, status_counts
from indicators.models import Observation, Target
from indicators.numbers import FigureError, read_figure, show_figure
from indicators.periods import PeriodError, period_label, read_period
from indicators.services import Part, observation_record, target_set
from indicators.status import IndicatorStatus, status_against

D = datetime.date
N = Decimal


@pytest.mark.parametrize(
    "value, target, better, tolerance, expected",
    [
        (N("20.1"), N("21"), "lower", None, IndicatorStatus.ON_TARGET),  # fewer children in poverty than aimed for
        (N("21"), N("21"), "lower", None, IndicatorStatus.ON_TARGET),  # meeting it exactly
        (N("21.5"), N("21"), "lower", N("1"), IndicatorStatus.WITHIN_TOLERANCE),
        (N("22"), N("21"), "lower", N("1"), IndicatorStatus.WITHIN_TOLERANCE),  # the tolerance's edge
        (N("22.1"), N("21"), "lower", N("1"), IndicatorStatus.OFF_TARGET),
        (N("21.5"), N("21"), "lower", None, IndicatorStatus.OFF_TARGET),  # no tolerance set
        (N("70"), N("72"), "higher", N("1"), IndicatorStatus.OFF_TARGET),  # employment rate short of target
        (N("73"), N("72"), "higher", None, IndicatorStatus.ON_TARGET),
        (N("1"), N("1"), "higher", None, IndicatorStatus.ON_TARGET),  # yes, as targeted
        (N("0"), N("1"), "higher", None, IndicatorStatus.OFF_TARGET),
        (None, N("21"), "lower", None, IndicatorStatus.NO_DATA),
        (N("20"), None, "lower", None, IndicatorStatus.NO_TARGET),
    ],
)
def test_status_against_target(value, target, better, tolerance, expected):
    assert status_against(value, target, better, tolerance) == expected


@pytest.mark.parametrize(
    "text, unit, expected",
    [("12.5%", "percentage", N("12.5")), ("1,234", "number", N("1234")), ("£1,200.50", "money", N("1200.50")),
     (" 7 ", "rate_1000", N("7")), ("yes", "yes_no", N("1")), ("No", "yes_no", N("0")), ("", "number", None),
     (3.5, "number", N("3.5"))],
)  # fmt: skip
def test_figures_are_read_as_people_type_them(text, unit, expected):
    assert read_figure(text, unit) == expected


@pytest.mark.parametrize("text, unit", [("12,5,3x", "number"), ("12,5,3", "number"), ("about 12", "number"), ("maybe", "yes_no"),
                                        ("NaN", "number"), ("1e20", "number")])  # fmt: skip
def test_a_figure_that_cannot_be_read_is_explained(text, unit):
    with pytest.raises(FigureError, match=repr(text.strip()) if text != "1e20" else "too large"):
        read_figure(text, unit)


@pytest.mark.parametrize(
    "value, unit, shown",
    [(N("12.5"), "percentage", "12.5%"), (N("1234"), "number", "1,234"), (N("4.20"), "rate_1000", "4.2 per 1,000"),
     (N("1200.5"), "money", "£1,200.50"), (N("1"), "yes_no", "Yes"), (None, "number", "–")],
)  # fmt: skip
def test_figures_are_shown_as_a_board_reads_them(value, unit, shown):
    assert show_figure(value, unit) == shown


@pytest.mark.parametrize(
    "text, frequency, expected",
    [("2024/25", "yearly", D(2025, 3, 31)), ("2024-2025", "yearly", D(2025, 3, 31)),
     ("2024/25", "academic_year", D(2025, 8, 31)), ("Q1 2025", "quarterly", D(2025, 3, 31)),
     ("March 2025", "monthly", D(2025, 3, 31)), ("Sept 2024", "monthly", D(2024, 9, 30)),
     ("31/03/2025", "yearly", D(2025, 3, 31)), ("2025", "yearly", D(2025, 3, 31))],
)  # fmt: skip
def test_periods_are_read_as_people_write_them(text, frequency, expected):
    assert read_period(text, frequency) == expected


@pytest.mark.parametrize("text", ["", "2024/26", "Q5 2025", "Smarch 2025", "next year"])
def test_a_period_that_cannot_be_read_is_explained(text):
    with pytest.raises(PeriodError):
        read_period(text, "yearly")


@pytest.mark.parametrize(
    "frequency, period_end, label",
    [("yearly", D(2025, 3, 31), "2024/25"), ("academic_year", D(2025, 8, 31), "2024/25 academic year"),
     ("quarterly", D(2025, 6, 30), "April to June 2025"), ("monthly", D(2025, 2, 28), "February 2025")],
)  # fmt: skip
def test_periods_are_named_by_how_often_the_indicator_is_measured(frequency, period_end, label):
    assert period_label(frequency, period_end) == label


# --- A worked example: NI 116 for a council ---------------------------------------
#
# | period  | target | reported                                      | figure now |
# | 2022/23 | 22     | 23.0 on 1 Jun 2023                            | 23.0       |
# | 2023/24 | 21     | 21.8 on 3 Mar 2024, restated 21.4 on 9 Sep 24 | 21.4       |
# | 2024/25 | –      | 20.9 on 2 Jun 2025                            | 20.9       |
# Lower is better, tolerance 0.5: 2024/25 is measured against 2023/24's target (21): on target.


@pytest.fixture
def ni116(world):
    indicator = Indicator.objects.create(
        framework="NI", code="116", name="Proportion of children in poverty", unit="percentage", better="lower",
        tolerance=N("0.5"), organisation=world.lincs,
    )  # fmt: skip
    target_set(indicator, D(2023, 3, 31), N("22"), world.admin)
    target_set(indicator, D(2024, 3, 31), N("21"), world.admin)
    observation_record(indicator, D(2023, 3, 31), N("23.0"), world.officer, reported_on=D(2023, 6, 1))
    observation_record(indicator, D(2024, 3, 31), N("21.8"), world.officer, reported_on=D(2024, 3, 3))
    observation_record(
        indicator, D(2024, 3, 31), N("21.4"), world.officer, reported_on=D(2024, 9, 9),
        reason="Revised mid-year population estimates",
    )  # fmt: skip
    observation_record(indicator, D(2025, 3, 31), N("20.9"), world.officer, reported_on=D(2025, 6, 2))
    return indicator


def test_each_period_shows_its_current_figure_and_target(ni116):
    figures = figures_for([ni116])[ni116.pk]

    assert [(p.label, p.value, p.target) for p in figures.periods] == [
        ("2022/23", N("23.0"), N("22")), ("2023/24", N("21.4"), N("21")), ("2024/25", N("20.9"), None),
    ]  # fmt: skip
    assert (figures.latest.label, figures.target, figures.status) == ("2024/25", N("21"), IndicatorStatus.ON_TARGET)


def test_a_restated_figure_keeps_what_was_first_reported_and_why(ni116):
    restated = figures_for([ni116])[ni116.pk].periods[1]

    assert restated.restated
    assert (restated.first_reported.value, restated.first_reported.reported_on) == (N("21.8"), D(2024, 3, 3))
    assert restated.observation.reason == "Revised mid-year population estimates"
    assert Observation.objects.filter(indicator=ni116).count() == 4  # nothing overwritten


def test_as_of_a_day_shows_what_was_known_then(ni116):
    figures = figures_for([ni116], as_of=D(2024, 6, 30))[ni116.pk]

    assert [(p.label, p.value) for p in figures.periods if p.observation] == [
        ("2022/23", N("23.0")), ("2023/24", N("21.8")),
    ]  # fmt: skip
    # 21.8 against 21, within 0.5? No: 0.8 short, so off target, as the board saw it then.
    assert figures.status == IndicatorStatus.OFF_TARGET


def test_an_indicator_without_figures_has_no_data(world):
    indicator = Indicator.objects.create(framework="NI", code="117")

    figures = figures_for([indicator])

    assert figures[indicator.pk].status == IndicatorStatus.NO_DATA
    assert status_counts(figures)["no_data"] == 1


def test_a_second_figure_for_a_period_needs_a_reason_and_writes_nothing_without_one(ni116, world):
    with pytest.raises(ValidationError, match="give the reason"):
        observation_record(ni116, D(2025, 3, 31), N("20.5"), world.officer)

    assert Observation.objects.filter(indicator=ni116, period_end=D(2025, 3, 31)).count() == 1


def test_a_breakdown_must_add_up_to_the_figure_where_the_unit_allows(world):
    children = Indicator.objects.create(framework="LOCAL", code="C1", unit="number")
    wards = [Part("ward", "Abbey", N("120")), Part("ward", "Birchwood", N("80"))]

    observation_record(children, D(2025, 3, 31), N("200"), world.officer, parts=wards)
    with pytest.raises(ValidationError, match="add up to 190, not the figure 200"):
        observation_record(
            children, D(2026, 3, 31), N("200"), world.officer,
            parts=[Part("ward", "Abbey", N("110")), Part("ward", "Birchwood", N("80"))],
        )  # fmt: skip

    assert Observation.objects.filter(indicator=children).count() == 1


def test_a_percentage_breakdown_need_not_add_up(world):
    rate = Indicator.objects.create(framework="LOCAL", code="R1", unit="percentage")

    observation_record(
        rate, D(2025, 3, 31), N("20"), world.officer, parts=[Part("age", "0-4", N("25")), Part("age", "5-10", N("18"))]
    )

    assert Observation.objects.get(indicator=rate).parts.count() == 2


def test_a_target_with_no_value_is_taken_away(ni116, world):
    target_set(ni116, D(2024, 3, 31), None, world.admin)

    assert not Target.objects.filter(indicator=ni116, period_end=D(2024, 3, 31)).exists()


def test_figures_for_many_indicators_take_two_queries(ni116, django_assert_num_queries):
    others = [Indicator.objects.create(framework="LOCAL", code=f"X{n}") for n in range(20)]

    with django_assert_num_queries(2):
        figures_for([ni116, *others])


def test_a_quarter_reads_back_as_it_is_written():
    assert read_period(period_label("quarterly", D(2025, 6, 30)), "quarterly") == D(2025, 6, 30)
