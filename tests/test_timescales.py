import datetime

import pytest

from actions.models import ReviewCadence
from actions.timescales import read_due_date, read_review_cadence


@pytest.mark.parametrize(
    "text, expected",
    [
        ("31 March 2013", datetime.date(2013, 3, 31)),
        ("30 September 2012", datetime.date(2012, 9, 30)),
        ("March 2010", datetime.date(2010, 3, 31)),
        ("Documents to be sent out June 2009", datetime.date(2009, 6, 30)),
        ("September 2009\nDecember 2009", datetime.date(2009, 12, 31)),
        ("Nov 2015", datetime.date(2015, 11, 30)),
        ("1st April 2020", datetime.date(2020, 4, 1)),
        ("February 2012", datetime.date(2012, 2, 29)),
        ("Measured annually in the Public Health Outcomes Framework March 2022", datetime.date(2022, 3, 31)),
    ],
)
def test_it_reads_the_due_date_a_timescale_gives(text, expected):
    assert read_due_date(text) == expected


@pytest.mark.parametrize(
    "text",
    ["Annual", "Await consultation", "To Be Confirmed", "Ongoing", "Completed", "", "Autumn 2012", "31 February 2013"],
)
def test_it_invents_no_due_date_where_the_timescale_gives_none(text):
    assert read_due_date(text) is None


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Annual", ReviewCadence.ANNUAL),
        ("Review annually", ReviewCadence.ANNUAL),
        ("Bi-annual review", ReviewCadence.SIX_MONTHLY),
        ("Reviewed termly", ReviewCadence.TERMLY),
        ("Termly", ReviewCadence.TERMLY),
        ("6 monthly reviews", ReviewCadence.SIX_MONTHLY),
        ("6monthly and yearly reviews", ReviewCadence.SIX_MONTHLY),
        ("Quarterly updates and impacts from departments", ReviewCadence.QUARTERLY),
        ("3 monthly reviews", ReviewCadence.QUARTERLY),
        ("Monthly reviews", ReviewCadence.MONTHLY),
        ("Annual review and 6 month updates", ReviewCadence.SIX_MONTHLY),
        ("Autumn Term annually", ReviewCadence.ANNUAL),
    ],
)
def test_it_reads_the_review_cadence_a_timescale_gives(text, expected):
    assert read_review_cadence(text) == expected


@pytest.mark.parametrize("text", ["Await consultation", "To Be Confirmed", "31 March 2013", "Ongoing", ""])
def test_it_invents_no_cadence_where_the_timescale_gives_none(text):
    assert read_review_cadence(text) is None


def test_it_reads_the_cadence_from_monitoring_when_the_timescale_gives_none():
    assert read_review_cadence("", "Quarterly Feedback group sessions") == ReviewCadence.QUARTERLY


def test_the_timescale_cadence_wins_over_the_monitoring_cadence():
    assert read_review_cadence("Annual", "Monthly reviews") == ReviewCadence.ANNUAL
