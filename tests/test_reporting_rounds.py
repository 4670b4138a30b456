"""Reporting rounds: when a plan's updates are due for its board, set by
hand or repeated on a pattern from the plan's settings page; and the one rule
that makes an action's next update due at the earlier of its plan's next
round and its own review."""

import datetime
import html

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from actions.models import Action, ReviewCadence
from actions.schedule import next_board_of, next_update_due_of, next_update_in_words
from core.dates import add_months
from dashboards.figures import Period, build
from plans.models import ReportingPattern, ReportingRound
from plans.services import (
    reporting_pattern_remove,
    reporting_pattern_save,
    reporting_round_save,
    reporting_rounds_extend,
)
from tests.builders import make_action, make_many_actions, make_update

D = datetime.date
TODAY = timezone.localdate()


def days(number: int) -> datetime.date:
    return TODAY + datetime.timedelta(days=number)


def make_round(plan, opens: datetime.date, due: datetime.date, board: datetime.date | None = None, **fields):
    return ReportingRound.objects.create(plan=plan, opens_on=opens, updates_due_on=due, board_on=board, **fields)


def recorded_on(action: Action, day: datetime.date) -> Action:
    Action.objects.filter(pk=action.pk).update(
        created_at=timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))
    )
    return action


def scheduled(action: Action, as_of: datetime.date | None = None) -> Action:
    return Action.objects.with_latest_update(as_of).get(pk=action.pk)


def quarterly(**fields) -> ReportingPattern:
    defaults = {"every_months": 3, "first_board_on": D(2027, 4, 2), "due_day": 15, "opens_weeks_before": 2}
    return ReportingPattern(**{**defaults, **fields})


# --- The models -----------------------------------------------------------------


def test_a_round_must_open_by_the_day_updates_are_due_and_the_board_meet_after(world):
    opens_late = ReportingRound(plan=world.plan_a, opens_on=D(2027, 3, 20), updates_due_on=D(2027, 3, 15))
    board_early = ReportingRound(
        plan=world.plan_a, opens_on=D(2027, 3, 1), updates_due_on=D(2027, 3, 15), board_on=D(2027, 3, 10)
    )

    with pytest.raises(ValidationError) as opens_error:
        opens_late.full_clean()
    with pytest.raises(ValidationError) as board_error:
        board_early.full_clean()

    assert opens_error.value.message_dict == {"opens_on": ["The round must open on or before the day updates are due."]}
    assert board_error.value.message_dict == {"board_on": ["The board must meet on or after the day updates are due."]}


def test_the_database_refuses_a_round_that_opens_after_its_updates_are_due(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        make_round(world.plan_a, D(2027, 3, 20), D(2027, 3, 15))


def test_a_round_may_have_no_board_and_keeps_its_history(world):
    reporting_round = make_round(world.plan_a, D(2027, 3, 1), D(2027, 3, 15))
    reporting_round.name = "Quarter 1 2027"
    reporting_round.save()

    assert str(reporting_round) == "Quarter 1 2027"
    assert reporting_round.history.count() == 2


def test_a_pattern_puts_updates_due_on_its_day_of_the_month_before_each_board(world):
    pattern = quarterly(plan=world.plan_a, first_board_on=D(2027, 1, 31), due_day=15, opens_weeks_before=2)

    meetings = list(pattern.board_meetings(until=D(2027, 12, 31)))
    first = pattern.round_for(meetings[0])

    assert meetings == [D(2027, 1, 31), D(2027, 4, 30), D(2027, 7, 31), D(2027, 10, 31)]
    assert (first.opens_on, first.updates_due_on, first.board_on) == (D(2026, 12, 1), D(2026, 12, 15), D(2027, 1, 31))
    assert first.name == "January 2027 board" and first.from_pattern


def test_a_pattern_says_its_rule_in_words(world):
    pattern = quarterly(plan=world.plan_a)

    assert pattern.in_words() == (
        "The board meets every quarter from 2 April 2027; updates are due on the 15th of the month before each "
        "meeting, and each round opens 2 weeks before that."
    )


@pytest.mark.parametrize(
    "fields, field, message",
    [
        ({"due_day": 31}, "due_day", "The day updates are due must be from 1 to 28."),
        ({"opens_weeks_before": 13}, "opens_weeks_before", "The round can open at most 12 weeks"),
    ],
)
def test_a_pattern_refuses_a_day_not_every_month_has_and_too_many_weeks(world, fields, field, message):
    with pytest.raises(ValidationError) as error:
        quarterly(plan=world.plan_a, **fields).full_clean()

    assert message in error.value.message_dict[field][0]


# --- Writing rounds from the pattern -----------------------------------------------


def test_saving_a_pattern_writes_its_rounds_from_today_for_24_months(world):
    first_board = add_months(TODAY.replace(day=1), 2).replace(day=5)  # its updates are due next month

    written = reporting_pattern_save(plan=world.plan_a, pattern=quarterly(first_board_on=first_board), today=TODAY)

    assert len(written) == 8
    assert all(r.updates_due_on >= TODAY and r.from_pattern for r in written)
    assert list(world.plan_a.reporting_rounds.all()) == written


def test_rounds_stop_at_the_plans_end_and_an_ended_plan_gets_none(world):
    world.plan_a.ends_on = days(200)
    world.plan_a.save()
    world.plan_b.ends_on = days(-1)
    world.plan_b.save()

    until_the_end = reporting_pattern_save(plan=world.plan_a, pattern=quarterly(first_board_on=days(30)), today=TODAY)
    ended = reporting_pattern_save(plan=world.plan_b, pattern=quarterly(first_board_on=days(30)), today=TODAY)

    assert until_the_end and max(r.board_on for r in until_the_end) <= days(200)
    assert ended == [] and ReportingPattern.objects.filter(plan=world.plan_b).exists()


def test_a_pattern_starting_in_the_past_writes_only_rounds_not_yet_due(world):
    written = reporting_pattern_save(plan=world.plan_a, pattern=quarterly(first_board_on=days(-400)), today=TODAY)

    assert written and min(r.updates_due_on for r in written) >= TODAY


def test_changing_the_pattern_rewrites_only_rounds_it_made_that_are_not_yet_due(world):
    past = make_round(world.plan_a, days(-100), days(-90), days(-80), from_pattern=True)
    by_hand = make_round(world.plan_a, days(10), days(20), days(30), name="Special board")
    reporting_pattern_save(plan=world.plan_a, pattern=quarterly(first_board_on=days(45), due_day=1), today=TODAY)
    pattern = ReportingPattern.objects.get(plan=world.plan_a)

    pattern.due_day = 20
    rewritten = reporting_pattern_save(plan=world.plan_a, pattern=pattern, today=TODAY)

    rounds = list(world.plan_a.reporting_rounds.all())
    assert past in rounds and by_hand in rounds
    assert {r.pk for r in rounds} == {past.pk, by_hand.pk} | {r.pk for r in rewritten}
    assert all(r.updates_due_on.day == 20 for r in rewritten)


def test_a_board_meeting_with_a_round_set_by_hand_gets_no_second_round(world):
    board = days(60)
    make_round(world.plan_a, days(20), days(30), board, name="Set by hand")

    written = reporting_pattern_save(plan=world.plan_a, pattern=quarterly(first_board_on=board), today=TODAY)

    assert board not in [r.board_on for r in written]
    assert world.plan_a.reporting_rounds.filter(board_on=board).count() == 1


def test_a_round_changed_by_hand_is_left_alone_by_the_pattern(world):
    reporting_pattern_save(plan=world.plan_a, pattern=quarterly(first_board_on=days(45)), today=TODAY)
    changed = world.plan_a.reporting_rounds.first()
    changed.name = "Moved by the chair"
    reporting_round_save(reporting_round=changed, plan=world.plan_a)

    reporting_pattern_save(plan=world.plan_a, pattern=ReportingPattern.objects.get(plan=world.plan_a), today=TODAY)

    changed.refresh_from_db()
    assert changed.name == "Moved by the chair" and not changed.from_pattern


def test_a_wrong_pattern_writes_nothing(world):
    make_round(world.plan_a, days(10), days(20), days(30), from_pattern=True)

    with pytest.raises(ValidationError):
        reporting_pattern_save(plan=world.plan_a, pattern=quarterly(due_day=30), today=TODAY)

    assert world.plan_a.reporting_rounds.count() == 1
    assert not ReportingPattern.objects.exists()


def test_stopping_the_pattern_removes_its_rounds_to_come_and_keeps_the_rest(world):
    past = make_round(world.plan_a, days(-100), days(-90), days(-80), from_pattern=True)
    by_hand = make_round(world.plan_a, days(10), days(20), days(30))
    reporting_pattern_save(plan=world.plan_a, pattern=quarterly(first_board_on=days(45)), today=TODAY)

    reporting_pattern_remove(plan=world.plan_a, today=TODAY)

    assert set(world.plan_a.reporting_rounds.all()) == {past, by_hand}
    assert not ReportingPattern.objects.exists()


def test_extending_adds_the_rounds_that_came_within_reach_and_never_one_deleted(world):
    reporting_pattern_save(plan=world.plan_a, pattern=quarterly(first_board_on=days(45)), today=TODAY)
    world.plan_a.reporting_rounds.first().delete()
    count = world.plan_a.reporting_rounds.count()

    assert reporting_rounds_extend(today=TODAY) == 0
    assert reporting_rounds_extend(today=days(100)) >= 1
    assert world.plan_a.reporting_rounds.count() > count
    assert reporting_rounds_extend(today=days(100)) == 0


# --- The rule -------------------------------------------------------------------


@pytest.fixture
def round_plan(world):
    """Plan A's action, recorded on 1 January 2027, and a round: opens 1 March,
    updates due 15 March, board 2 April 2027."""
    recorded_on(world.action_a, D(2027, 1, 1))
    world.the_round = make_round(world.plan_a, D(2027, 3, 1), D(2027, 3, 15), D(2027, 4, 2))
    return world


def test_an_action_is_due_for_its_plans_next_round(round_plan):
    action = scheduled(round_plan.action_a)

    assert next_update_due_of(action) == D(2027, 3, 15)
    assert next_board_of(action) == D(2027, 4, 2)


@pytest.mark.parametrize(
    "today, words",
    [
        (D(2027, 2, 1), "Next update due 15 March 2027, for the board on 2 April 2027"),  # before the round opens
        (D(2027, 3, 5), "Next update due 15 March 2027, for the board on 2 April 2027"),  # while it is open
        (D(2027, 3, 15), "Next update due 15 March 2027, for the board on 2 April 2027"),  # on the day
        (D(2027, 3, 16), "Next update was due 15 March 2027, for the board on 2 April 2027: late"),
    ],
)
def test_it_says_so_in_words_before_during_and_after_the_round(round_plan, today, words):
    assert next_update_in_words(scheduled(round_plan.action_a), today) == words


def test_an_update_dated_on_or_after_the_round_opens_answers_it(round_plan):
    make_round(round_plan.plan_a, D(2027, 6, 1), D(2027, 6, 15), None)
    before_it_opened = make_action(round_plan.plan_a, "Updated the day before")
    recorded_on(before_it_opened, D(2027, 1, 1))
    make_update(before_it_opened, on=D(2027, 2, 28))
    make_update(round_plan.action_a, on=D(2027, 3, 1))

    answered = scheduled(round_plan.action_a)

    assert next_update_due_of(scheduled(before_it_opened)) == D(2027, 3, 15)
    assert next_update_due_of(answered) == D(2027, 6, 15) and next_board_of(answered) is None
    assert (
        next_update_in_words(answered, D(2027, 3, 20)) == "Next update due 15 June 2027, for the plan's reporting round"
    )


def test_an_action_owes_no_round_due_before_it_was_recorded(round_plan):
    recorded_on(round_plan.action_a, D(2027, 3, 16))

    assert next_update_due_of(scheduled(round_plan.action_a)) is None


def test_a_review_earlier_than_the_round_comes_first_and_a_later_one_does_not(round_plan):
    monthly = make_action(round_plan.plan_a, "Monthly", review_cadence=ReviewCadence.MONTHLY)
    annual = make_action(round_plan.plan_a, "Annual", review_cadence=ReviewCadence.ANNUAL)
    for action in (monthly, annual):
        recorded_on(action, D(2027, 1, 1))

    assert next_update_due_of(scheduled(monthly)) == D(2027, 2, 1)
    assert next_board_of(scheduled(monthly)) is None
    assert (
        next_update_in_words(scheduled(monthly), D(2027, 1, 10)) == "Next update due 1 February 2027 (reviewed monthly)"
    )
    assert next_update_due_of(scheduled(annual)) == D(2027, 3, 15)


def test_an_action_due_by_its_own_due_date_says_so(world):
    action = make_action(world.plan_b, "Due by a date", due_date=D(2027, 5, 31))

    assert (
        next_update_in_words(scheduled(action), D(2027, 1, 10)) == "Next update due 31 May 2027 (the action's due date)"
    )


def test_a_completed_action_owes_no_round(round_plan):
    make_update(round_plan.action_a, "completed", on=D(2027, 2, 1))

    action = scheduled(round_plan.action_a)

    assert next_update_due_of(action) is None
    assert next_update_in_words(action, D(2027, 3, 20)) == "No update due: the action is completed"


def test_as_of_a_past_day_a_later_update_has_not_yet_answered_the_round(world):
    recorded_on(world.action_a, days(-200))
    make_round(world.plan_a, days(-100), days(-90), days(-80))
    make_update(world.action_a, on=days(-95))

    assert next_update_due_of(scheduled(world.action_a)) is None
    assert next_update_due_of(scheduled(world.action_a, as_of=days(-97))) == days(-90)
    assert Action.objects.with_latest_update(days(-80)).update_late(days(-80)).count() == 0
    assert Action.objects.with_latest_update(days(-97)).update_due_soon(days(-97), 14).get() == world.action_a


# --- The pages that use the rule ------------------------------------------------------


def test_the_action_page_says_when_the_next_update_is_due_and_for_which_board(client, world):
    make_round(world.plan_a, days(-5), days(10), days(25))
    client.force_login(world.officer)

    page = client.get(reverse("action-detail", args=[world.action_a.pk])).text

    assert f"Next update due {days(10).day} {days(10):%B %Y}, for the board on {days(25).day} {days(25):%B %Y}" in page


def test_the_action_page_says_an_update_is_late(client, world):
    recorded_on(world.action_a, days(-60))
    make_round(world.plan_a, days(-30), days(-3), None)
    client.force_login(world.officer)

    page = html.unescape(client.get(reverse("action-detail", args=[world.action_a.pk])).text)

    assert f"Next update was due {days(-3).day} {days(-3):%B %Y}, for the plan's reporting round: late" in page


def test_my_actions_the_action_list_and_the_dashboard_count_a_round_missed_as_late(client, world):
    recorded_on(world.action_a, days(-60))
    make_round(world.plan_a, days(-30), days(-3), days(5))
    client.force_login(world.officer)

    mine = client.get(reverse("my-actions")).context["page_obj"][0]
    listed = client.get(reverse("action-list"), {"update_late": "on", "plan": world.plan_a.pk}).context["page_obj"]
    board = build(world.plan_a.actions.all(), Period(as_of=TODAY, since=TODAY, stale_days=90), groups=[],
                  group_by="plan_id", base_filters={})  # fmt: skip

    assert mine.update_is_late and mine.next_update_due == days(-3)
    # Action A2, recorded today, owes no round due before it was recorded.
    assert [a.pk for a in listed] == [world.action_a.pk]
    assert board.counts["late"] == 1 and [a.pk for a in board.late] == [world.action_a.pk]


@pytest.mark.parametrize("url", ["my-actions", "dashboard", "action-list"])
def test_pages_take_the_same_queries_with_rounds_at_two_sizes(client, world, url, django_assert_max_num_queries):
    for number in range(8):
        make_round(world.plan_a, days(30 * number - 40), days(30 * number - 30), days(30 * number - 20))
    client.force_login(world.admin if url == "dashboard" else world.officer)
    make_many_actions(world.plan_a, 10, owner=world.lincs)
    with CaptureQueriesContext(connection) as small:
        client.get(reverse(url), {"update_late": "on"} if url == "action-list" else {})

    make_many_actions(world.plan_a, 500, owner=world.lincs)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(reverse(url), {"update_late": "on"} if url == "action-list" else {})
    assert response.status_code == 200


# --- The settings page -------------------------------------------------------------


def settings_url(plan, name="plan-settings", *args) -> str:
    return reverse(name, args=[plan.slug, *args])


def test_the_settings_page_lists_rounds_to_come_and_past_ones(client, world):
    past = make_round(world.plan_a, days(-100), days(-90), days(-80), name="Last quarter")
    coming = make_round(world.plan_a, days(-5), days(10), days(25), name="This quarter")
    client.force_login(world.admin)

    response = client.get(settings_url(world.plan_a))

    assert response.context["coming_rounds"] == [coming] and response.context["past_rounds"] == [past]
    assert "This quarter" in response.text and "Last quarter" in response.text
    assert "Set a repeating pattern" in response.text


def test_the_plan_page_links_to_its_settings_for_admins_and_its_lead_officers_only(client, world):
    pages = {}
    for role in ("admin", "lead", "officer"):
        client.force_login(getattr(world, role))
        pages[role] = client.get(reverse("plan-detail", args=[world.plan_a.slug])).text

    assert settings_url(world.plan_a) in pages["admin"]
    assert settings_url(world.plan_a) in pages["lead"]
    assert settings_url(world.plan_a) not in pages["officer"]


def pattern_data(**fields) -> dict:
    board = days(75)  # so that the first round's updates are due next month or later
    data = {
        "every_months": "3",
        "first_board_on_day": str(board.day),
        "first_board_on_month": board.strftime("%b"),  # a month's name is understood too
        "first_board_on_year": str(board.year),
        "due_day": "15",
        "opens_weeks_before": "2",
    }
    return {**data, **fields}


def test_an_admin_sets_the_pattern_and_its_rounds_are_written(client, world):
    client.force_login(world.admin)

    response = client.post(settings_url(world.plan_a, "plan-pattern"), pattern_data())

    assert response.status_code == 302 and response.url == settings_url(world.plan_a)
    pattern = ReportingPattern.objects.get(plan=world.plan_a)
    assert (pattern.every_months, pattern.first_board_on, pattern.due_day) == (3, days(75), 15)
    assert world.plan_a.reporting_rounds.count() == 8
    page = client.get(settings_url(world.plan_a)).text
    assert "The pattern is saved, with 8 rounds from today on." in page
    assert "The board meets every quarter from" in page


@pytest.mark.parametrize(
    "fields, field, message",
    [
        ({"due_day": "31"}, "due_day", "The day updates are due must be a number from 1 to 28"),
        ({"due_day": "fifteenth"}, "due_day", "The day updates are due must be a number, like 15"),
        ({"due_day": ""}, "due_day", "Enter the day of the month updates are due"),
        ({"opens_weeks_before": "20"}, "opens_weeks_before", "The weeks before updates are due must be a number from 0 to 12"),
        ({"every_months": ""}, "every_months", "Choose how often the board meets"),
        ({"first_board_on_day": "31", "first_board_on_month": "2"}, "first_board_on",
         "Date of the first board meeting must be a real date"),
        ({"first_board_on_year": ""}, "first_board_on", "Date of the first board meeting must include a year"),
    ],
)  # fmt: skip
def test_a_wrong_pattern_is_explained_beside_its_field_and_nothing_is_written(client, world, fields, field, message):
    make_round(world.plan_a, days(10), days(20), days(30), from_pattern=True)
    client.force_login(world.admin)

    response = client.post(settings_url(world.plan_a, "plan-pattern"), pattern_data(**fields))

    assert response.status_code == 200
    assert response.context["form"].errors[field] == [message]
    assert "There is a problem" in response.text
    assert world.plan_a.reporting_rounds.count() == 1 and not ReportingPattern.objects.exists()


def round_data(opens, due, board=None, name="Quarter 1") -> dict:
    data = {"name": name}
    for prefix, day in (("opens_on", opens), ("updates_due_on", due), ("board_on", board)):
        data.update({
            f"{prefix}_day": str(day.day) if day else "",
            f"{prefix}_month": str(day.month) if day else "",
            f"{prefix}_year": str(day.year) if day else "",
        })  # fmt: skip
    return data


def test_an_admin_adds_a_round_without_a_board(client, world):
    client.force_login(world.admin)

    response = client.post(settings_url(world.plan_a, "plan-round-new"), round_data(days(1), days(14)))

    assert response.status_code == 302
    added = world.plan_a.reporting_rounds.get()
    assert (added.name, added.opens_on, added.updates_due_on, added.board_on) == ("Quarter 1", days(1), days(14), None)
    assert not added.from_pattern


def test_a_round_out_of_order_is_explained_beside_its_field_and_not_saved(client, world):
    client.force_login(world.admin)

    response = client.post(settings_url(world.plan_a, "plan-round-new"), round_data(days(20), days(14), days(30)))
    board_first = client.post(settings_url(world.plan_a, "plan-round-new"), round_data(days(1), days(14), days(7)))

    assert response.context["form"].errors == {
        "opens_on": ["The round must open on or before the day updates are due."]
    }
    assert board_first.context["form"].errors == {
        "board_on": ["The board must meet on or after the day updates are due."]
    }
    assert not ReportingRound.objects.exists()


def test_an_admin_changes_a_round_the_pattern_made_and_the_pattern_then_leaves_it(client, world):
    made = make_round(world.plan_a, days(10), days(20), days(30), from_pattern=True)
    client.force_login(world.admin)

    response = client.post(
        settings_url(world.plan_a, "plan-round-edit", made.pk), round_data(days(10), days(22), days(30), "Moved")
    )

    made.refresh_from_db()
    assert response.status_code == 302
    assert (made.name, made.updates_due_on, made.from_pattern) == ("Moved", days(22), False)


def test_an_admin_deletes_a_round_after_confirming(client, world):
    doomed = make_round(world.plan_a, days(10), days(20), days(30))
    client.force_login(world.admin)
    url = settings_url(world.plan_a, "plan-round-delete", doomed.pk)

    confirm = client.get(url)
    assert ReportingRound.objects.exists() and "Delete the round" in confirm.text
    response = client.post(url)

    assert response.status_code == 302 and not ReportingRound.objects.exists()


def test_a_round_of_another_plan_is_not_found_under_this_one(client, world):
    other = make_round(world.plan_b, days(10), days(20), days(30))
    client.force_login(world.admin)

    assert client.get(settings_url(world.plan_a, "plan-round-edit", other.pk)).status_code == 404
    assert client.post(settings_url(world.plan_a, "plan-round-delete", other.pk)).status_code == 404
    assert ReportingRound.objects.filter(pk=other.pk).exists()


def test_an_admin_stops_the_pattern(client, world):
    reporting_pattern_save(plan=world.plan_a, pattern=quarterly(first_board_on=days(45)), today=TODAY)
    client.force_login(world.admin)

    response = client.post(settings_url(world.plan_a, "plan-pattern-remove"))

    assert response.status_code == 302
    assert not ReportingPattern.objects.exists() and not ReportingRound.objects.exists()


WRITES = {
    "pattern": lambda w, r: (settings_url(w.plan_a, "plan-pattern"), pattern_data()),
    "pattern_remove": lambda w, r: (settings_url(w.plan_a, "plan-pattern-remove"), {}),
    "round_new": lambda w, r: (settings_url(w.plan_a, "plan-round-new"), round_data(days(1), days(14))),
    "round_edit": lambda w, r: (settings_url(w.plan_a, "plan-round-edit", r.pk), round_data(days(1), days(14))),
    "round_delete": lambda w, r: (settings_url(w.plan_a, "plan-round-delete", r.pk), {}),
}
# Who is refused on plan A: those who read it (403), those who do not (404), the signed-out (sign in).
# Lincolnshire's lead officer may change it: Lincolnshire owns plan A.
REFUSED = {"chair": 403, "officer": 403, "thurrock_officer": 404, "stranger": 404, "anonymous": 302}


@pytest.mark.parametrize("write", WRITES)
@pytest.mark.parametrize("role", REFUSED)
def test_only_admins_and_the_plans_lead_officers_change_its_rounds(client, world, write, role):
    reporting_pattern_save(plan=world.plan_a, pattern=quarterly(first_board_on=days(45)), today=TODAY)
    the_round = world.plan_a.reporting_rounds.first()
    before = list(ReportingRound.objects.values())
    if role != "anonymous":
        client.force_login(getattr(world, role))
    url, data = WRITES[write](world, the_round)

    response = client.post(url, data)

    assert response.status_code == REFUSED[role]
    assert list(ReportingRound.objects.values()) == before
    assert ReportingPattern.objects.get(plan=world.plan_a).due_day == 15
