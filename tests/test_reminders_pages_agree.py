"""Every page that says an update is due or late agrees with the digests:
the same actions, walked through My actions, each action's page, the action
list's "late" and "due soon" filters and the officer's digest for today."""

import datetime

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from actions.models import ReviewCadence
from plans.models import ReportingRound, long_date
from reminders.digests import digest_preview
from reminders.models import ReminderSettings
from tests.builders import make_action, make_plan, make_update
from tests.reminders_helpers import with_emails

TODAY = timezone.localdate()


def days(n: int) -> datetime.date:
    return TODAY + datetime.timedelta(days=n)


@pytest.fixture
def actions(world):
    """Lincolnshire's actions in every state the schedule knows."""
    with_emails(world)
    plan = world.plan_a
    made = {
        "late by its due date": make_action(plan, "Late by due date", owners=[world.lincs], due_date=days(-3)),
        "due today": make_action(plan, "Due today", owners=[world.lincs], due_date=TODAY),
        "due soon": make_action(plan, "Due soon", owners=[world.lincs], due_date=days(5)),
        "due in 25 days": make_action(plan, "Due later", owners=[world.lincs], due_date=days(25)),
        "not due yet": make_action(plan, "Not due", owners=[world.lincs], due_date=days(45)),
        "late by its cadence": make_action(
            plan, "Quarterly", owners=[world.lincs], review_cadence=ReviewCadence.QUARTERLY
        ),
        "completed": make_action(plan, "Done", owners=[world.lincs], due_date=days(-30)),
        "answered": make_action(plan, "Answered", owners=[world.lincs], due_date=days(-10)),
    }
    make_update(made["late by its cadence"], "on_track", days(-200))
    make_update(made["completed"], "completed", days(-40))
    make_update(made["answered"], "on_track", days(-5))
    # A plan with a reporting round whose updates were due two days ago: its
    # action, reviewed annually and updated lately, is late for the round.
    rounds = make_plan(world.lincs, "Rounds Plan", slug="plan-rounds")
    ReportingRound.objects.create(plan=rounds, opens_on=days(-30), updates_due_on=days(-2), board_on=days(12))
    made["late for the round"] = make_action(
        rounds, "For the board", owners=[world.lincs], review_cadence=ReviewCadence.ANNUAL,
        created_at=timezone.now() - datetime.timedelta(days=400),
    )  # fmt: skip
    make_update(made["late for the round"], "on_track", days(-60))
    # The digest looks as far ahead as the pages' "due soon".
    ReminderSettings.objects.create(user=world.officer, due_within_days=settings.UPDATE_DUE_SOON_DAYS)
    return made


def listed(client, **filters) -> set:
    response = client.get(reverse("action-list"), {"owner": filters.pop("owner"), **filters})
    return {action.pk for action in response.context["page_obj"]}


def test_my_actions_the_action_pages_the_list_and_the_digest_agree(client, world, actions):
    client.force_login(world.officer)
    digest = digest_preview(world.officer, "digest", TODAY)
    in_digest = {item.action.pk: item for item in digest.items}
    late_in_digest = {pk for pk, item in in_digest.items() if item.rule == "late"}
    due_in_digest = {pk for pk, item in in_digest.items() if item.rule in ("due_soon", "due_today")}

    my_actions = {a.pk: a for a in client.get(reverse("my-actions")).context["page_obj"]}
    late_list = listed(client, owner=world.lincs.pk, update_late="true")
    due_list = listed(client, owner=world.lincs.pk, update_due_soon="true")

    expected_late = {actions[name].pk for name in ("late by its due date", "late by its cadence", "late for the round")}
    expected_due = {actions[name].pk for name in ("due today", "due soon", "due in 25 days")}
    assert late_in_digest == late_list == {pk for pk, a in my_actions.items() if a.update_is_late} == expected_late
    assert due_in_digest == due_list == expected_due
    for pk, item in in_digest.items():
        assert my_actions[pk].next_update_due == item.due_on
        page = client.get(reverse("action-detail", args=[pk]))
        assert page.context["update_is_late"] == (item.rule == "late")
        assert long_date(item.due_on) in page.context["next_update"]


def test_the_digest_names_the_board_the_round_is_for(client, world, actions):
    digest = digest_preview(world.officer, "digest", TODAY)

    [item] = [item for item in digest.items if item.action == actions["late for the round"]]

    assert (item.due_on, item.board_on, item.days_late) == (days(-2), days(12), 2)
