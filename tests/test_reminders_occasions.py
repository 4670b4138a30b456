"""When each action is in a digest: due soon once per due date, due today
once, late on day 1, day 7 and every 14 days after; on working days only; a
missed day caught up once."""

import datetime

import pytest

from reminders.calendar import first_working_day_of_week, is_working_day
from reminders.digests import digests_for_day, late_step, occasion
from reminders.models import SentReminder
from tests.reminders_helpers import due_on, run, sent_to, with_emails

D = datetime.date
WEDNESDAY_3_MARCH = D(2027, 3, 3)


@pytest.fixture
def world(world):
    return with_emails(world)


def rules_sent_to(user, action) -> list[tuple[str, str]]:
    rows = SentReminder.objects.filter(user=user, action=action).order_by("sent_at", "pk")
    return list(rows.values_list("rule", "key"))


def working_days(first: datetime.date, last: datetime.date):
    day = first
    while day <= last:
        if is_working_day(day):
            yield day
        day += datetime.timedelta(days=1)


@pytest.mark.parametrize(
    "days_late, step",
    [(0, None), (1, 1), (2, 1), (6, 1), (7, 7), (20, 7), (21, 21), (34, 21), (35, 35), (49, 49), (50, 49)],
)
def test_late_reminders_go_on_day_1_day_7_and_every_14_days(days_late, step):
    assert late_step(days_late) == step


def test_an_update_due_beyond_the_chosen_days_is_not_an_occasion():
    day = D(2027, 3, 1)
    assert occasion(day + datetime.timedelta(days=15), day, 14) is None
    assert occasion(day + datetime.timedelta(days=14), day, 14) == ("due_soon", "2027-03-15")


def test_daily_runs_over_six_weeks_send_each_occasion_once(world):
    action = due_on(world, WEDNESDAY_3_MARCH)

    for day in working_days(D(2027, 2, 15), D(2027, 3, 31)):
        run(day)

    assert rules_sent_to(world.officer, action) == [
        ("due_soon", "2027-03-03"),  # 17 February, 14 days before
        ("due_today", "2027-03-03"),
        ("late", "2027-03-03:late:1"),  # 4 March
        ("late", "2027-03-03:late:7"),  # 10 March
        ("late", "2027-03-03:late:21"),  # 24 March
    ]


def test_the_second_day_late_sends_nothing(world):
    due_on(world, WEDNESDAY_3_MARCH)
    run(D(2027, 3, 4))

    assert run(D(2027, 3, 5)) == []


def test_missed_days_are_caught_up_once_with_the_latest_occasion(world):
    action = due_on(world, WEDNESDAY_3_MARCH)

    first = sent_to(run(D(2027, 3, 12)), world.officer)  # 9 days late: day 1 and day 7 were missed
    second = sent_to(run(D(2027, 3, 15)), world.officer)

    assert len(first) == 1
    assert second == []
    assert rules_sent_to(world.officer, action) == [("late", "2027-03-03:late:7")]


def test_an_update_due_at_the_weekend_is_late_on_monday(world):
    action = due_on(world, D(2027, 3, 6))  # a Saturday

    run(D(2027, 3, 8))

    assert rules_sent_to(world.officer, action) == [("late", "2027-03-06:late:1")]


def test_nothing_is_sent_at_weekends_or_on_bank_holidays(world):
    due_on(world, D(2027, 3, 25))

    assert digests_for_day(D(2027, 3, 27)) == []  # Saturday
    assert digests_for_day(D(2027, 3, 26)) == []  # Good Friday
    assert digests_for_day(D(2027, 3, 29)) == []  # Easter Monday
    assert digests_for_day(D(2027, 3, 30)) != []


def test_the_week_after_easter_starts_on_tuesday():
    assert not is_working_day(D(2027, 3, 29))
    assert first_working_day_of_week(D(2027, 4, 1)) == D(2027, 3, 30)


def test_a_new_due_date_is_a_new_occasion(world):
    action = due_on(world, WEDNESDAY_3_MARCH)
    run(D(2027, 3, 3))
    action.due_date = D(2027, 3, 10)
    action.save()

    run(D(2027, 3, 4))

    assert rules_sent_to(world.officer, action) == [("due_today", "2027-03-03"), ("due_soon", "2027-03-10")]


def test_an_action_appears_once_per_digest_and_one_digest_a_day(world):
    due_on(world, WEDNESDAY_3_MARCH, "First")
    run(D(2027, 3, 3))
    due_on(world, D(2027, 3, 1), "Second, late since Monday")

    assert [d for d in digests_for_day(D(2027, 3, 3)) if d.user == world.officer] == []


def test_people_outside_the_owning_organisation_hear_nothing(world):
    due_on(world, WEDNESDAY_3_MARCH)

    emails = run(WEDNESDAY_3_MARCH)

    assert sorted(email.to[0] for email in emails) == ["chair@example.org", "lead@example.org", "officer@example.org"]


def test_an_update_late_for_years_is_still_sent_once_per_step(world):
    action = due_on(world, D(2012, 4, 30))

    for day in working_days(D(2027, 3, 1), D(2027, 3, 31)):
        run(day)

    steps = [int(key.rsplit(":", 1)[1]) for rule, key in rules_sent_to(world.officer, action)]
    first = late_step((D(2027, 3, 1) - D(2012, 4, 30)).days)
    assert steps == [first, first + 14, first + 28]  # the catch-up on 1 March, then every 14 days
