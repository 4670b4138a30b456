"""The one rule for when an action's next update is due, late or due soon:
the Python function (one action's page, My actions) and the database filter
(lists, dashboards) must agree on every case, month ends and reporting rounds
included."""

import datetime
import itertools

import pytest
from django.urls import reverse
from django.utils import timezone

from actions.models import Action, ReviewCadence
from actions.schedule import (
    add_months,
    latest_start,
    next_update_due,
    next_update_due_of,
    update_is_due_soon,
    update_is_late,
)
from dashboards.figures import Period, build
from plans.models import ReportingRound
from progress.models import ProgressUpdate
from progress.services import progress_updates_bulk_create
from tests.builders import make_action, make_plan

D = datetime.date
RECORDED = D(2025, 12, 31)
DAYS = [D(2026, 1, 31), D(2026, 2, 28), D(2026, 3, 1), D(2026, 3, 31), D(2026, 4, 30), D(2026, 5, 15), D(2026, 12, 31)]
LAST_UPDATES = [
    None, D(2025, 10, 31), D(2025, 11, 30), D(2026, 1, 29), D(2026, 1, 31), D(2026, 2, 28), D(2026, 3, 30), D(2026, 6, 15)
]  # fmt: skip
DUE_DATES = [None, D(2026, 2, 28), D(2026, 3, 31), D(2026, 5, 1)]
CADENCES = [None, *ReviewCadence.values]
# (opens, updates due, board): one due before the actions were recorded (never
# owed), one the January updates answer, one with no board date, one later.
ROUNDS = [
    (D(2025, 11, 1), D(2025, 12, 15), D(2026, 1, 5)),
    (D(2026, 1, 15), D(2026, 2, 15), D(2026, 3, 1)),
    (D(2026, 4, 1), D(2026, 4, 30), None),
    (D(2026, 6, 1), D(2026, 6, 30), D(2026, 7, 10)),
]
AS_OF = [D(2026, 1, 20), D(2026, 2, 20), D(2026, 4, 15), D(2026, 6, 1)]


@pytest.fixture
def every_case(world):
    """In a plan with no reporting rounds and in one with them: one action for
    each cadence, last update, due date and completion; a completed action
    with no dated update has an undated one (from its plan)."""
    plain = make_plan(world.lincs, "Schedule cases")
    with_rounds = make_plan(world.lincs, "Schedule cases with rounds")
    ReportingRound.objects.bulk_create(
        ReportingRound(plan=with_rounds, opens_on=opens, updates_due_on=due, board_on=board)
        for opens, due, board in ROUNDS
    )
    cases = list(itertools.product([plain, with_rounds], CADENCES, LAST_UPDATES, DUE_DATES, [False, True]))
    created_at = timezone.make_aware(datetime.datetime.combine(RECORDED, datetime.time(12)))
    actions = Action.objects.bulk_create(
        Action(plan=plan, text=f"case {n}", review_cadence=cadence, due_date=due, created_at=created_at)
        for n, (plan, cadence, _, due, _) in enumerate(cases)
    )
    progress_updates_bulk_create([
        ProgressUpdate(action=action, narrative="n", date_of_update=last, status="completed" if done else "on_track")
        for action, (_, _, last, _, done) in zip(actions, cases, strict=True)
        if last or done
    ])  # fmt: skip
    return Action.objects.filter(plan__in=[plain, with_rounds])


def assert_they_agree(actions, day):
    in_python = {action.pk: next_update_due_of(action) for action in actions}

    late = set(actions.update_late(day).values_list("pk", flat=True))
    due_soon = set(actions.update_due_soon(day, 30).values_list("pk", flat=True))

    assert late == {pk for pk, due in in_python.items() if update_is_late(due, day)}
    assert due_soon == {pk for pk, due in in_python.items() if update_is_due_soon(due, day, 30)}
    assert late and due_soon  # the cases reach both


@pytest.mark.parametrize("day", DAYS, ids=str)
def test_the_database_and_python_agree_on_late_and_due_soon(every_case, day):
    assert_they_agree(every_case.with_schedule(), day)


@pytest.mark.parametrize("as_of", AS_OF, ids=str)
def test_they_agree_as_of_a_day_past_when_later_updates_had_not_answered_the_rounds(every_case, as_of):
    assert_they_agree(every_case.with_latest_update(as_of), as_of)


def test_the_cases_reach_every_source_of_a_due_day(every_case):
    """The agreement above means something only if rounds, reviews and due
    dates each decide some actions' next update."""
    with_rounds = every_case.filter(plan__reporting_rounds__isnull=False).distinct()
    owing = [a for a in with_rounds.with_latest_update() if next_update_due_of(a) and a.round_due_on]
    sources = {
        "the round": [a for a in owing if next_update_due_of(a) == a.round_due_on],
        "the review, earlier": [a for a in owing if next_update_due_of(a) < a.round_due_on],
        "a round with no board": [a for a in owing if a.round_board_on is None],
        "every round answered": with_rounds.with_latest_update().filter(round_due_on=None),
    }

    assert all(sources.values()), [name for name, found in sources.items() if not found]


def test_latest_start_is_the_last_day_that_falls_due_by_the_deadline():
    for deadline in (D(2026, 1, 1) + datetime.timedelta(days=n) for n in range(800)):
        for months in ReviewCadence.values:
            start = latest_start(deadline, months)
            assert add_months(start, months) <= deadline < add_months(start + datetime.timedelta(days=1), months)


def test_an_action_with_a_cadence_is_due_that_many_months_after_its_last_update():
    assert next_update_due(review_cadence=3, last_update_on=D(2026, 1, 31), recorded_on=RECORDED) == D(2026, 4, 30)
    assert next_update_due(review_cadence=3, last_update_on=None, recorded_on=RECORDED) == D(2026, 3, 31)


def test_an_action_without_a_cadence_is_due_by_its_due_date_until_an_update_on_or_after_it():
    due = D(2026, 3, 31)
    assert next_update_due(review_cadence=None, last_update_on=None, recorded_on=RECORDED, due_date=due) == due
    assert next_update_due(review_cadence=None, last_update_on=D(2026, 3, 1), recorded_on=RECORDED, due_date=due) == due
    assert next_update_due(review_cadence=None, last_update_on=due, recorded_on=RECORDED, due_date=due) is None
    assert next_update_due(review_cadence=None, last_update_on=None, recorded_on=RECORDED) is None


def test_a_completed_action_is_never_due():
    assert next_update_due(review_cadence=1, last_update_on=None, recorded_on=RECORDED, completed=True) is None


def test_my_actions_the_action_list_and_the_dashboard_call_the_same_action_late(client, world):
    """Before: My actions called an action with a past due date and no cadence
    "Late", while the dashboard counted only actions reviewed on a cadence."""
    today = timezone.localdate()
    world.plan_a.actions.all().delete()
    action = make_action(world.plan_a, "No cadence, due last month", owners=[world.lincs],
                         due_date=today - datetime.timedelta(days=30))  # fmt: skip
    client.force_login(world.officer)

    mine = client.get(reverse("my-actions")).context["page_obj"][0]
    listed = client.get(reverse("action-list"), {"update_late": "on", "plan": world.plan_a.pk}).context["page_obj"]
    board = build(world.plan_a.actions.all(), Period(as_of=today, since=today, stale_days=90), groups=[],
                  group_by="plan_id", base_filters={})  # fmt: skip

    assert mine.update_is_late
    assert [a.pk for a in listed] == [action.pk]
    assert board.counts["late"] == 1 and [a.pk for a in board.late] == [action.pk]


def test_pages_that_say_late_or_due_explain_it(client, world):
    client.force_login(world.officer)

    for url in [reverse("my-actions"), reverse("dashboard"), reverse("action-list") + "?more=1"]:
        text = client.get(url).text
        assert "An update is late when it was due before today" in text, url
