"""Two runs of the sender at the same moment (two schedulers, two machines):
each email goes once. Real concurrent transactions need a database that lets
two connections write at once, so this runs on PostgreSQL only."""

import datetime
import threading
from unittest import mock

import pytest
from django.core import mail
from django.db import connection

from reminders import digests
from reminders.models import SentReminder
from reminders.sending import send_reminders
from tests.reminders_helpers import due_on, with_emails

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="SQLite lets one connection write at a time, so two runs cannot truly race there",
    ),
]

MONDAY = datetime.date(2027, 3, 1)


def test_two_runs_at_once_send_each_email_once(world):
    with_emails(world)
    due_on(world, MONDAY)
    barrier = threading.Barrier(2)
    runs: list = [None, None]

    def read_then_wait(day):
        # Both runs read the log before either has claimed anything.
        found = digests.digests_for_day(day)
        barrier.wait(timeout=30)
        return found

    def send(index: int) -> None:
        try:
            runs[index] = send_reminders(MONDAY)
        except BaseException as error:  # reported by the test, not lost in the thread
            runs[index] = error
        finally:
            connection.close()

    with mock.patch("reminders.sending.digests_for_day", side_effect=read_then_wait):
        threads = [threading.Thread(target=send, args=(index,)) for index in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)

    assert [len(run.digests) for run in runs] == [3, 3]
    # Each email is sent by whichever run claims it first; the other skips it.
    assert (sum(run.sent for run in runs), sum(run.already_sent for run in runs)) == (3, 3)
    assert len(mail.outbox) == 3
    assert SentReminder.objects.filter(rule="daily").count() == 2
