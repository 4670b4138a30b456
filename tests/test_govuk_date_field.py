import datetime

import pytest
from django import forms

from core.forms import GovukDateField


class DateForm(forms.Form):
    when = GovukDateField(label="Date of the update", not_in_future=True)


def clean(day, month, year):
    form = DateForm({"when_day": day, "when_month": month, "when_year": year})
    return form.cleaned_data["when"] if form.is_valid() else form.errors["when"][0]


@pytest.mark.parametrize("month", ["3", "03", "Mar", "mar", "March", "MARCH", "Mar."])
def test_the_month_may_be_a_number_or_a_name(month):
    assert clean("9", month, "2026") == datetime.date(2026, 3, 9)


def test_spaces_around_the_parts_are_forgiven():
    assert clean(" 9 ", " 3", "2026 ") == datetime.date(2026, 3, 9)


@pytest.mark.parametrize(
    "day, month, year, message",
    [
        ("", "", "", "Enter the date of the update"),
        ("9", "", "2026", "Date of the update must include a month"),
        ("", "", "2026", "Date of the update must include a day and a month"),
        ("30", "2", "2026", "Date of the update must be a real date"),
        ("x", "3", "2026", "Date of the update must be a real date"),
        ("9", "3", "26", "Year must include 4 numbers"),
        ("9", "3", str(datetime.date.today().year + 1), "Date of the update must be today or in the past"),
    ],
)
def test_each_mistake_gets_its_own_message(day, month, year, message):
    assert clean(day, month, year) == message
