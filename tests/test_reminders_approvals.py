"""Updates awaiting approval too long: listed in the daily digest of the lead
officers who may approve them, on their occasions, never their own, each
occasion once."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from plans.models import Membership
from progress.models import ProgressUpdate
from reminders.approvals import approval_occasion
from reminders.digests import digest_preview, digests_for_day
from reminders.emails import build_email
from reminders.models import ReminderSettings, SentReminder
from tests.builders import make_action, make_organisation, make_update
from tests.reminders_helpers import due_on, run, sent_to, with_emails

D = datetime.date
THURSDAY = D(2027, 2, 25)  # the update is submitted
MONDAY = D(2027, 3, 1)  # four days later: more than APPROVAL_REMINDER_AFTER_DAYS (3)
SITE = "https://tracker.example.gov.uk"


@pytest.fixture
def world(world):
    world.plan_a.approval_required = True
    world.plan_a.save()
    return with_emails(world)


def submitted(action, author, on: datetime.date = THURSDAY, state=ProgressUpdate.State.SUBMITTED) -> ProgressUpdate:
    """An update posted on `on` (in the morning), by default awaiting approval."""
    at = timezone.make_aware(datetime.datetime.combine(on, datetime.time(10, 0)))
    return make_update(action, "at_risk", on=on, author=author, state=state, created_at=at)


def approvals_in(emails, user) -> list[str]:
    """The subjects of the emails `user` got that list updates awaiting approval."""
    return [email.subject for email in sent_to(emails, user) if "awaiting your approval" in email.subject]


# --- Occasions


@pytest.mark.parametrize(
    "days_waiting, key",
    [
        (3, None),
        (4, "2027-02-25:approval:4"),
        (10, "2027-02-25:approval:4"),
        (11, "2027-02-25:approval:11"),
        (18, "2027-02-25:approval:18"),
    ],
)
def test_an_update_is_listed_the_day_it_passes_the_limit_and_every_7_days_after(days_waiting, key):
    assert approval_occasion(THURSDAY, THURSDAY + datetime.timedelta(days=days_waiting)) == key


@override_settings(APPROVAL_REMINDER_AFTER_DAYS=10)
def test_the_limit_is_a_setting():
    assert approval_occasion(THURSDAY, MONDAY) is None
    assert approval_occasion(THURSDAY, D(2027, 3, 8)) == "2027-02-25:approval:11"


def test_a_lead_officer_with_nothing_else_due_gets_a_digest_for_the_pending_approval(world):
    submitted(world.action_a, world.officer)

    assert approvals_in(run(MONDAY), world.lead) == ["1 update awaiting your approval"]


def test_an_update_within_the_limit_is_not_listed(world):
    submitted(world.action_a, world.officer)

    assert sent_to(run(D(2027, 2, 26)), world.lead) == []


def test_the_update_is_listed_again_a_week_later_and_never_twice_meanwhile(world):
    submitted(world.action_a, world.officer)

    first, same_day, next_day, week_later = run(MONDAY), run(MONDAY), run(D(2027, 3, 2)), run(D(2027, 3, 8))

    assert len(approvals_in(first, world.lead)) == 1
    assert sent_to(same_day + next_day, world.lead) == []
    assert len(approvals_in(week_later, world.lead)) == 1
    assert list(SentReminder.objects.filter(user=world.lead, rule="approval").values_list("key", flat=True)) == [
        "2027-02-25:approval:11",
        "2027-02-25:approval:4",
    ]


def test_a_lead_officers_own_update_is_left_to_the_other_approvers(world, make_user):
    other_lead = make_user("other_lead", Membership.Role.LEAD, world.lincs)
    other_lead.email = "other_lead@example.org"
    other_lead.save()
    submitted(world.action_a, world.lead)

    emails = run(MONDAY)

    assert approvals_in(emails, world.lead) == []
    assert approvals_in(emails, other_lead) == ["1 update awaiting your approval"]


def test_the_lead_officer_of_another_organisation_is_not_told(world, make_user):
    thurrock_lead = make_user("thurrock_lead", Membership.Role.LEAD, world.thurrock)
    thurrock_lead.email = "thurrock_lead@example.org"
    thurrock_lead.save()
    submitted(world.action_a, world.officer)

    assert sent_to(run(MONDAY), thurrock_lead) == []


def test_officers_and_admins_are_not_told(world):
    submitted(world.action_a, world.officer)

    emails = run(MONDAY)

    # Admins approve too, but see every organisation's updates on the approvals page.
    assert approvals_in(emails, world.admin) == []
    assert approvals_in(emails, world.officer) == []


def test_approved_and_returned_updates_are_not_listed(world):
    submitted(world.action_a, world.officer, state=ProgressUpdate.State.APPROVED)
    submitted(world.action_a, world.officer, state=ProgressUpdate.State.RETURNED)

    assert sent_to(run(MONDAY), world.lead) == []


def test_a_lead_officer_who_turned_off_the_daily_digest_is_not_told(world):
    ReminderSettings.objects.create(user=world.lead, digest=False)
    submitted(world.action_a, world.officer)

    assert sent_to(run(MONDAY), world.lead) == []


def test_the_pending_approvals_join_the_actions_due_in_one_email(world):
    due_on(world, MONDAY)
    submitted(world.action_a, world.officer)

    [email] = sent_to(run(MONDAY), world.lead)

    assert email.subject == "1 action needs an update; 1 update awaiting your approval"
    assert "Updates awaiting your approval" in email.body


# --- What the email says


@pytest.fixture
def email(world):
    world.action_a.reference, world.action_a.text = "E1", "Baseline <parents> on benefits"
    world.action_a.save()
    world.update = submitted(world.action_a, world.officer)
    return build_email(digest_preview(world.lead, "digest", MONDAY), site_url=SITE)


def test_the_text_part_lists_the_update_with_its_organisation_dates_and_link(world, email):
    assert "Updates awaiting your approval" in email.body
    assert "1. E1: Baseline <parents> on benefits" in email.body
    assert "From Lincolnshire County Council, submitted 25 February 2027, waiting 4 days" in email.body
    assert f"Approve or return it: {SITE}/approvals/#update-{world.update.pk}" in email.body
    assert "need a progress update" not in email.body


def test_the_html_part_lists_the_update_with_its_organisation_dates_and_link(world, email):
    [(html, _)] = email.alternatives

    assert "<h2" in html and "Updates awaiting your approval</h2>" in html
    assert "E1: Baseline &lt;parents&gt; on benefits" in html
    assert "From Lincolnshire County Council, submitted 25 February 2027, waiting 4 days" in html
    assert f'href="{SITE}/approvals/#update-{world.update.pk}"' in html


# --- Queries


def leads_with_pending_updates(world, people: int, batch: str) -> None:
    organisations = [make_organisation(f"Council {batch}{n}") for n in range(people)]
    for n, organisation in enumerate(organisations):
        lead = get_user_model().objects.create_user(f"{batch}lead{n}", email=f"{batch}lead{n}@example.org")
        Membership.objects.create(user=lead, role=Membership.Role.LEAD, organisation=organisation)
        officer = get_user_model().objects.create_user(f"{batch}officer{n}")
        Membership.objects.create(user=officer, role=Membership.Role.OFFICER, organisation=organisation)
        action = make_action(world.plan_a, f"Action {batch}{n}", owners=[organisation, world.lincs])
        submitted(action, officer)
        submitted(action, lead)


def test_finding_pending_approvals_takes_the_same_queries_for_2_and_20_lead_officers(world):
    leads_with_pending_updates(world, 2, "small")
    with CaptureQueriesContext(connection) as small:
        small_emails = digests_for_day(MONDAY)
    leads_with_pending_updates(world, 18, "large")
    with CaptureQueriesContext(connection) as large:
        large_emails = digests_for_day(MONDAY)

    assert sum(len(d.approvals) for d in large_emails) > sum(len(d.approvals) for d in small_emails) > 0
    assert len(small.captured_queries) == len(large.captured_queries)


def test_the_dry_run_lists_the_updates_awaiting_approval(world):
    import io

    from django.core.management import call_command

    submitted(world.action_a, world.officer)
    out = io.StringIO()

    call_command("send_reminders", dry_run=True, date=MONDAY.isoformat(), stdout=out)

    assert "[update awaiting approval for 4 days]" in out.getvalue()
    assert not SentReminder.objects.exists()
