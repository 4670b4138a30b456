"""Shared set-up for the reminders tests: the world's people with email
addresses, and actions whose update falls due on a chosen day."""

import datetime

from django.core import mail

from reminders.sending import send_reminders
from tests.builders import make_action


def with_emails(world):
    for user in (world.admin, world.chair, world.lead, world.officer, world.thurrock_officer, world.stranger):
        user.email = f"{user.username}@example.org"
        user.save(update_fields=["email"])
    return world


def due_on(world, day: datetime.date, text: str = "Publish the debt advice directory", **fields):
    """An action of Lincolnshire's, in plan A, whose update is due on `day`
    (no review cadence, so its due date decides)."""
    return make_action(world.plan_a, text, owners=[world.lincs], theme=world.theme_a, due_date=day, **fields)


def run(day: datetime.date) -> list:
    """Send the reminders of `day`; the emails this run sent."""
    before = len(mail.outbox)
    send_reminders(day)
    return mail.outbox[before:]


def sent_to(emails: list, user) -> list:
    return [email for email in emails if email.to == [user.email]]
