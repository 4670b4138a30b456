"""A chair's commentary for a board date: written on the plan's dashboard,
printed at the top of the board report for that board, kept with it."""

import datetime

import pytest
from django.urls import reverse

from dashboards.models import BoardCommentary
from plans.models import ReportingRound

D = datetime.date


def write(client, plan, text, day="10", month="12", year="2026"):
    return client.post(
        reverse("plan-commentary", args=[plan.slug]),
        {"board_on_day": day, "board_on_month": month, "board_on_year": year, "text": text},
    )


def report(client, plan, as_of):
    return client.get(reverse("plan-report", args=[plan.slug]), {"as_of": as_of})


@pytest.fixture
def chair(client, world):
    client.force_login(world.chair)
    return world


def test_a_chair_writes_a_commentary_for_a_board_date(client, chair):
    response = write(client, chair.plan_a, "Good progress on debt advice.")

    assert response.url == f"{reverse('plan-dashboard', args=[chair.plan_a.slug])}#commentary"
    commentary = BoardCommentary.objects.get()
    assert (commentary.board_on, commentary.text, commentary.written_by) == (
        D(2026, 12, 10), "Good progress on debt advice.", chair.chair,
    )  # fmt: skip


def test_the_commentary_prints_at_the_top_of_the_report_for_that_board(client, chair):
    write(client, chair.plan_a, "Good progress on debt advice.")

    before_the_board = report(client, chair.plan_a, "2026-12-01").text
    on_the_day = report(client, chair.plan_a, "2026-12-10").text
    after_it = report(client, chair.plan_a, "2026-12-11").text

    assert "Chair's commentary for the board on 10 December 2026" in before_the_board
    assert before_the_board.index("Good progress on debt advice.") < before_the_board.index("Actions by latest status")
    assert "Good progress on debt advice." in on_the_day
    assert "Good progress on debt advice." not in after_it


def test_each_board_keeps_its_own_commentary(client, chair):
    write(client, chair.plan_a, "September: a slow start.", day="10", month="9")
    write(client, chair.plan_a, "December: catching up.")

    september = report(client, chair.plan_a, "2026-09-10").text

    assert "September: a slow start." in september and "December: catching up." not in september
    assert "December: catching up." in report(client, chair.plan_a, "2026-09-11").text


def test_rewriting_a_commentary_keeps_what_it_said_before_in_its_history(client, chair):
    write(client, chair.plan_a, "First draft.")
    write(client, chair.plan_a, "Final words.")

    commentary = BoardCommentary.objects.get()
    assert commentary.text == "Final words."
    assert [h.text for h in commentary.history.order_by("history_date")] == ["First draft.", "Final words."]


def test_an_empty_commentary_takes_it_away(client, chair):
    write(client, chair.plan_a, "First draft.")

    write(client, chair.plan_a, "   ")

    assert not BoardCommentary.objects.exists()


@pytest.mark.parametrize(
    "fields, message",
    [
        ({"day": "31", "month": "2"}, "Board date must be a real date"),
        ({"day": "", "month": "", "year": ""}, "Enter the board date"),
        ({"text": "x" * 2001}, "The commentary can be 2000 characters at most (it has 2001)"),
    ],
)
def test_a_wrong_commentary_is_explained_and_nothing_is_saved(client, chair, fields, message):
    response = write(client, chair.plan_a, **{"text": "Words.", **fields})

    assert response.status_code == 400
    assert message in response.text
    assert not BoardCommentary.objects.exists()


def test_the_form_offers_the_plans_next_board_date(client, chair):
    today = datetime.date.today()
    ReportingRound.objects.create(
        plan=chair.plan_a, opens_on=today, updates_due_on=today + datetime.timedelta(days=10),
        board_on=today + datetime.timedelta(days=20),
    )  # fmt: skip

    form = client.get(reverse("plan-dashboard", args=[chair.plan_a.slug])).context["commentary_form"]

    assert form["board_on"].initial == today + datetime.timedelta(days=20)


def test_an_officer_reads_the_commentary_but_gets_no_form(client, world):
    BoardCommentary.objects.create(plan=world.plan_a, board_on=D(2026, 12, 10), text="Good progress.")
    client.force_login(world.officer)

    response = client.get(reverse("plan-dashboard", args=[world.plan_a.slug]))

    assert "commentary_form" not in response.context
    assert "Good progress." in response.text


def test_the_overview_report_carries_each_plans_commentary(client, world):
    BoardCommentary.objects.create(plan=world.plan_a, board_on=D(2026, 12, 10), text="Lincolnshire words.")
    BoardCommentary.objects.create(plan=world.plan_b, board_on=D(2026, 12, 12), text="Thurrock words.")
    client.force_login(world.admin)

    page = client.get(reverse("report"), {"as_of": "2026-12-01"}).text

    assert "Lincolnshire words." in page and "Thurrock words." in page
