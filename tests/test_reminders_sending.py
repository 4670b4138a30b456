"""Never twice: the log claims each email's occasions before it is sent, so a
second run (or a second machine at once) sends nothing again, and a failed
send leaves nothing claimed for the next run to retry."""

import datetime
import io
from unittest import mock

import pytest
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import IntegrityError, connection, transaction
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from plans.models import Membership
from reminders.digests import digests_for_day
from reminders.models import SentReminder
from reminders.sending import reminder_day, send_reminders
from reminders.tasks import send_reminders_job
from tests.builders import make_action, make_organisation
from tests.reminders_helpers import due_on, run, with_emails

D = datetime.date
MONDAY = D(2027, 3, 1)


@pytest.fixture
def world(world):
    return with_emails(world)


def test_running_twice_sends_each_email_once(world):
    due_on(world, MONDAY)

    first, second = run(MONDAY), run(MONDAY)

    assert sorted(email.to[0] for email in first) == ["chair@example.org", "lead@example.org", "officer@example.org"]
    assert second == []


def test_the_log_refuses_the_same_occasion_twice(world):
    action = due_on(world, MONDAY)
    row = {
        "user": world.officer,
        "kind": "digest",
        "rule": "late",
        "key": "2027-03-01:late:1",
        "email": "o@example.org",
    }
    SentReminder.objects.create(**row, action=action, subject=f"action:{action.pk}")

    with pytest.raises(IntegrityError), transaction.atomic():
        SentReminder.objects.create(**row, action=action, subject=f"action:{action.pk}")


def test_the_log_refuses_the_same_weekly_summary_twice(world):
    row = {"user": world.chair, "kind": "chair_summary", "rule": "summary", "key": "2027-W09", "email": "c@example.org"}
    SentReminder.objects.create(**row)

    with pytest.raises(IntegrityError), transaction.atomic():
        SentReminder.objects.create(**row)


def test_an_email_claimed_by_another_run_meanwhile_is_skipped(world):
    action = due_on(world, MONDAY)
    digests = digests_for_day(MONDAY)
    # Another run claims the officer's occasion after this run has read the log.
    SentReminder.objects.create(
        user=world.officer, kind="digest", rule="due_today", key="2027-03-01", action=action,
        subject=f"action:{action.pk}", email=world.officer.email,
    )  # fmt: skip

    with mock.patch("reminders.sending.digests_for_day", return_value=digests):
        outcome = send_reminders(MONDAY)

    assert (outcome.sent, outcome.already_sent) == (len(digests) - 1, 1)
    assert world.officer.email not in [email.to[0] for email in mail.outbox]


def test_a_failed_send_logs_nothing_and_the_next_run_sends_it(world):
    due_on(world, MONDAY)

    with mock.patch("django.core.mail.EmailMultiAlternatives.send", side_effect=OSError("connection refused")):
        failed = send_reminders(MONDAY)
    retried = send_reminders(MONDAY)

    assert (failed.sent, failed.failed) == (0, 3)
    assert (retried.sent, retried.failed) == (3, 0)
    assert SentReminder.objects.filter(rule="daily").count() == 2  # officer and lead, once each


def test_the_command_reports_failures(world):
    due_on(world, MONDAY)

    with (
        mock.patch("django.core.mail.EmailMultiAlternatives.send", side_effect=OSError("down")),
        pytest.raises(CommandError, match="could not be sent"),
    ):
        call_command("send_reminders", "--date", "2027-03-01", stdout=io.StringIO())


def test_the_dry_run_prints_who_would_get_what_and_sends_nothing(world):
    world.officer.first_name, world.officer.last_name = "Olu", "Officer"
    world.officer.save()
    due_on(world, D(2027, 2, 26), reference="E7")
    out = io.StringIO()

    call_command("send_reminders", "--dry-run", "--date", "2027-03-01", stdout=out)

    printed = out.getvalue()
    assert "Olu Officer <officer@example.org>: Daily digest" in printed
    assert "  - E7: Publish the debt advice directory [late, due 26 Feb 2027]" in printed
    assert "lead <lead@example.org>: Daily digest" in printed
    assert "chair <chair@example.org>: Weekly summary for chairs" in printed
    assert mail.outbox == []
    assert not SentReminder.objects.exists()


def test_the_command_sends_and_says_so(world):
    due_on(world, MONDAY)
    out = io.StringIO()

    call_command("send_reminders", "--date", "2027-03-01", stdout=out)

    assert out.getvalue().strip() == "Monday 1 March 2027: 3 emails sent, 0 already sent by another run, 0 failed."
    assert len(mail.outbox) == 3


def test_the_command_refuses_a_date_it_cannot_read(db):
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("send_reminders", "--date", "1/3/2027")


@override_settings(REMINDERS_FROM_HOUR=7)
def test_nothing_goes_out_before_the_hour_of_the_day():
    six = timezone.make_aware(datetime.datetime(2027, 3, 1, 6, 59))
    seven = timezone.make_aware(datetime.datetime(2027, 3, 1, 7, 0))

    assert reminder_day(six)[0] is None
    assert reminder_day(seven) == (MONDAY, "")


def test_the_job_sends_what_is_due_now(world):
    due_on(world, MONDAY)

    with mock.patch("reminders.sending.reminder_day", return_value=(MONDAY, "")):
        result = send_reminders_job.enqueue()

    assert result.return_value.startswith("Monday 1 March 2027: 3 emails sent")


def test_the_scheduler_queues_the_job(world):
    due_on(world, MONDAY)
    out = io.StringIO()

    with mock.patch("reminders.sending.reminder_day", return_value=(MONDAY, "")):
        call_command("run_schedule", "--once", stdout=out)

    assert "Queued the reminders job" in out.getvalue()
    assert len(mail.outbox) == 3  # the test settings run jobs at once


def people_and_actions(world, people: int, actions: int, batch: str) -> None:
    """`people` officers and leads in as many organisations, sharing `actions`
    actions, some due, some late, and a chair."""
    from django.contrib.auth import get_user_model

    organisations = [make_organisation(f"Council {batch}{n}") for n in range(max(people // 4, 1))]
    for n in range(people):
        user = get_user_model().objects.create_user(f"{batch}{n}", email=f"{batch}{n}@example.org")
        role = Membership.Role.LEAD if n % 4 == 0 else Membership.Role.OFFICER
        Membership.objects.create(user=user, role=role, organisation=organisations[n % len(organisations)])
    for n in range(actions):
        due = MONDAY + datetime.timedelta(days=(n % 60) - 40)
        make_action(world.plan_a, f"Action {n}", owners=[organisations[n % len(organisations)]], due_date=due)


def queries_to_find(day) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as queries:
        digests = digests_for_day(day)
    return len(queries.captured_queries), len(digests)


def test_finding_who_gets_what_takes_the_same_queries_for_5_and_40_people(world):
    people_and_actions(world, 5, 20, "small")
    small, small_emails = queries_to_find(MONDAY)
    people_and_actions(world, 35, 180, "large")
    large, large_emails = queries_to_find(MONDAY)

    assert large_emails > small_emails > 0
    assert small == large


def test_the_dry_run_takes_the_same_queries_for_5_and_40_people(world):
    people_and_actions(world, 5, 20, "small")
    with CaptureQueriesContext(connection) as small:
        call_command("send_reminders", "--dry-run", "--date", "2027-03-01", stdout=io.StringIO())
    people_and_actions(world, 35, 180, "large")
    with CaptureQueriesContext(connection) as large:
        call_command("send_reminders", "--dry-run", "--date", "2027-03-01", stdout=io.StringIO())

    assert len(small.captured_queries) == len(large.captured_queries)


@override_settings(DEBUG=True)
def test_the_demo_users_get_sensible_digests(db):
    call_command("setup_demo", stdout=io.StringIO())
    out = io.StringIO()

    call_command("send_reminders", "--dry-run", "--date", "2026-12-01", stdout=out)

    printed = out.getvalue()
    assert "officer <officer@example.org>: Daily digest" in printed
    assert "chair <chair@example.org>: Weekly summary for chairs" in printed
    assert "admin@example.org" not in printed  # admins get no reminders


def test_a_mail_server_that_cannot_be_reached_fails_the_run_without_logging(world):
    due_on(world, MONDAY)

    with mock.patch("django.core.mail.backends.locmem.EmailBackend.open", side_effect=OSError("refused")):
        failed = send_reminders(MONDAY)

    assert (failed.sent, failed.failed) == (0, 3)
    assert not SentReminder.objects.exists()


def test_the_scheduled_job_moves_the_reporting_rounds_on_before_sending(world):
    # How far the rounds move on is plans/services.py's, tested in test_reporting_rounds.py.
    with mock.patch("reminders.sending.reporting_rounds_extend") as extend:
        send_reminders_job.call()

    extend.assert_called_once_with(today=timezone.localdate())
