"""Who gets which email: officers and leads their organisation's digest, leads
the escalations, chairs a weekly summary; each as their settings say."""

import datetime

import pytest
from django.test import override_settings

from plans.models import Membership
from reminders.digests import digest_preview, digests_for_day
from reminders.models import ReminderSettings, SentReminder, settings_for
from tests.builders import make_update
from tests.reminders_helpers import due_on, run, sent_to, with_emails

D = datetime.date
MONDAY = D(2027, 3, 1)


@pytest.fixture
def world(world):
    return with_emails(world)


def kinds_for(user, day) -> list[str]:
    return sorted(digest.kind for digest in digests_for_day(day) if digest.user == user)


def test_settings_default_until_saved(world):
    defaults = settings_for(world.officer)

    assert defaults.pk is None
    assert (defaults.digest, defaults.escalation, defaults.chair_summary, defaults.due_within_days) == (
        True,
        True,
        True,
        14,
    )


def test_an_officer_who_turned_the_digest_off_gets_none(world):
    due_on(world, MONDAY)
    ReminderSettings.objects.create(user=world.officer, digest=False)

    assert kinds_for(world.officer, MONDAY) == []


def test_nothing_is_sent_while_paused_and_it_resumes_the_day_after(world):
    due_on(world, D(2027, 3, 2))
    ReminderSettings.objects.create(user=world.officer, paused_until=D(2027, 3, 2))

    assert kinds_for(world.officer, D(2027, 3, 2)) == []
    assert kinds_for(world.officer, D(2027, 3, 3)) == ["digest"]


def test_each_person_chooses_how_far_ahead_they_hear_of_updates_due(world):
    due_on(world, D(2027, 3, 22))  # 21 days after Monday
    ReminderSettings.objects.create(user=world.officer, due_within_days=30)

    assert kinds_for(world.officer, MONDAY) == ["digest"]
    assert "digest" not in kinds_for(world.lead, MONDAY)  # 14 days by default


def test_people_without_an_email_address_or_inactive_get_nothing(world):
    due_on(world, MONDAY)
    world.officer.email = ""
    world.officer.save()
    world.lead.is_active = False
    world.lead.save()

    assert [d.user for d in digests_for_day(MONDAY) if d.kind != "chair_summary"] == []


def test_an_action_late_more_than_14_days_is_escalated_to_lead_officers(world):
    action = due_on(world, MONDAY)

    on_day_14 = run(D(2027, 3, 15))
    on_day_15 = run(D(2027, 3, 16))
    on_day_16 = run(D(2027, 3, 17))

    assert [e.subject for e in sent_to(on_day_14, world.lead)] == ["1 action needs an update: 1 late"]
    assert [e.subject for e in sent_to(on_day_15, world.lead)] == ["1 action late more than 14 days"]
    assert sent_to(on_day_15, world.officer) == []
    assert sent_to(on_day_16, world.lead) == []
    escalated = SentReminder.objects.get(kind="escalation", action=action)
    assert (escalated.user, escalated.rule, escalated.key) == (world.lead, "late_escalated", "2027-03-01:escalated:15")


@override_settings(ESCALATE_AFTER_DAYS=5)
def test_the_escalation_day_is_a_setting(world):
    due_on(world, MONDAY)

    assert kinds_for(world.lead, D(2027, 3, 7 + 0)) == []  # a Sunday
    assert "escalation" in kinds_for(world.lead, D(2027, 3, 8))  # 7 days late


def test_a_lead_who_turned_escalations_off_still_gets_the_digest(world):
    due_on(world, MONDAY)
    ReminderSettings.objects.create(user=world.lead, escalation=False)

    assert kinds_for(world.lead, D(2027, 3, 22)) == ["digest"]  # 21 days late


def test_the_chair_gets_a_summary_once_a_week_on_its_first_working_day(world):
    due_on(world, D(2027, 2, 1))

    monday, tuesday, next_monday = run(MONDAY), run(D(2027, 3, 2)), run(D(2027, 3, 8))

    assert [e.subject for e in sent_to(monday, world.chair)] == ["Weekly summary, 1 March 2027: 1 late update"]
    assert sent_to(tuesday, world.chair) == []
    assert len(sent_to(next_monday, world.chair)) == 1


def test_after_easter_monday_the_summary_goes_on_tuesday(world):
    due_on(world, D(2027, 2, 1))

    assert kinds_for(world.chair, D(2027, 3, 29)) == []
    assert kinds_for(world.chair, D(2027, 3, 30)) == ["chair_summary"]


def test_the_summary_counts_the_partnerships_plans_by_theme_and_lists_late_actions(world):
    late = due_on(world, D(2027, 2, 1))
    on_track = due_on(world, D(2027, 6, 1), "On track")
    make_update(on_track, "on_track", D(2026, 11, 1))

    world.action_a2.theme = None
    world.action_a2.save()

    summary = digest_preview(world.chair, "chair_summary", MONDAY)

    assert [(r.plan, r.theme, r.actions, r.on_track, r.late, r.no_update) for r in summary.summary] == [
        (world.plan_a, None, 1, 0, 0, 1),  # action A2, without a theme
        (world.plan_a, world.theme_a, 3, 1, 1, 2),
    ]
    assert [item.action for item in summary.items] == [late]
    assert summary.items[0].owners == [world.lincs]


def test_a_chair_sees_only_their_partnerships_plans(world):
    due_on(world, D(2027, 2, 1))
    world.action_b.due_date = D(2027, 2, 1)
    world.action_b.save()

    summary = digest_preview(world.chair, "chair_summary", MONDAY)

    assert {row.plan for row in summary.summary} == {world.plan_a}


def test_a_chair_who_turned_the_summary_off_gets_none(world):
    due_on(world, D(2027, 2, 1))
    ReminderSettings.objects.create(user=world.chair, chair_summary=False)

    assert kinds_for(world.chair, MONDAY) == []


def test_the_preview_shows_what_was_already_sent(world):
    due_on(world, MONDAY)
    run(MONDAY)

    assert digests_for_day(MONDAY) == []
    assert [item.rule for item in digest_preview(world.officer, "digest", MONDAY).items] == ["due_today"]


def test_the_preview_of_a_kind_the_person_does_not_get_is_empty(world):
    due_on(world, MONDAY)

    assert digest_preview(world.officer, "escalation", MONDAY).is_empty
    assert digest_preview(world.stranger, "digest", MONDAY).is_empty


def test_a_chair_without_an_organisation_summarises_every_open_plan(world, make_user):
    due_on(world, D(2027, 2, 1))
    chair = make_user("roving-chair", Membership.Role.CHAIR)

    summary = digest_preview(chair, "chair_summary", MONDAY)

    assert {row.plan for row in summary.summary} == {world.plan_a, world.plan_b, world.plan_p}
