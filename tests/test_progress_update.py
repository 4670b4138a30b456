import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from progress.models import ProgressUpdate

VALID = {
    "status": "at_risk",
    "narrative": "Two wards are behind; recruiting a second coordinator.",
    "date_of_update_day": "3",
    "date_of_update_month": "March",
    "date_of_update_year": "2026",
    "percent_complete": "40",
    "evidence_url": "www.example.org/minutes",
}


@pytest.fixture
def officer_client(client, world):
    client.force_login(world.officer)
    return client


def url(world):
    return reverse("progress-update-new", args=[world.action_a.pk])


def test_an_officer_posts_an_update_and_sees_it_on_the_action(officer_client, world):
    response = officer_client.post(url(world), VALID, follow=True)

    update = ProgressUpdate.objects.get()
    assert (update.status, update.date_of_update, update.percent_complete) == ("at_risk", datetime.date(2026, 3, 3), 40)
    assert update.evidence_url == "https://www.example.org/minutes"
    assert update.author == world.officer and not update.from_source_plan
    assert response.redirect_chain[-1][0] == reverse("action-detail", args=[world.action_a.pk])
    assert "Your progress update has been saved." in response.text
    assert "Two wards are behind" in response.text


def test_the_date_of_the_update_defaults_to_today(officer_client, world):
    form = officer_client.get(url(world)).context["form"]

    assert form["date_of_update"].value() == timezone.localdate()


def test_every_update_is_kept_with_who_and_when(officer_client, world):
    officer_client.post(url(world), VALID)

    record = ProgressUpdate.history.get()
    assert record.history_user == world.officer and record.history_type == "+"


def test_a_second_update_is_added_never_overwriting_the_first(officer_client, world):
    officer_client.post(url(world), VALID)
    officer_client.post(url(world), {**VALID, "status": "on_track", "narrative": "Back on track"})

    assert list(ProgressUpdate.objects.values_list("status", flat=True)) == ["at_risk", "on_track"]


@pytest.mark.parametrize(
    "change, field, message",
    [
        ({"status": ""}, "status", "Select how the action is going"),
        ({"status": "finished"}, "status", "Select a valid choice"),
        ({"narrative": "  "}, "narrative", "Enter what has happened since the last update"),
        (
            {"date_of_update_day": "", "date_of_update_month": "", "date_of_update_year": ""},
            "date_of_update",
            "Enter the date of the update",
        ),
        ({"date_of_update_month": ""}, "date_of_update", "Date of the update must include a month"),
        (
            {"date_of_update_day": "31", "date_of_update_month": "2"},
            "date_of_update",
            "Date of the update must be a real date",
        ),
        ({"date_of_update_month": "Smarch"}, "date_of_update", "Date of the update must be a real date"),
        ({"date_of_update_year": "26"}, "date_of_update", "Year must include 4 numbers"),
        ({"date_of_update_year": "2099"}, "date_of_update", "Date of the update must be today or in the past"),
        ({"percent_complete": "forty"}, "percent_complete", "Percentage complete must be a whole number, like 40"),
        ({"percent_complete": "140"}, "percent_complete", "Percentage complete must be 100 or less"),
        ({"evidence_url": "not a link"}, "evidence_url", "Enter the link in full, like https://www.example.org/report"),
    ],
)
def test_a_mistake_is_named_and_nothing_is_saved(officer_client, world, change, field, message):
    response = officer_client.post(url(world), {**VALID, **change})

    assert response.status_code == 200
    assert response.context["form"].errors[field] == [message] or message in response.context["form"].errors[field][0]
    assert "There is a problem" in response.text
    assert f'href="#id_{field}' in response.text
    assert response.text.count(message) >= 2  # in the error summary and beside the field
    assert "Two wards are behind" in response.text or field == "narrative"
    assert not ProgressUpdate.objects.exists()


def test_the_form_shows_the_last_update_for_reference(officer_client, world):
    officer_client.post(url(world), VALID)

    response = officer_client.get(url(world))

    assert response.context["latest"].narrative.startswith("Two wards are behind")
