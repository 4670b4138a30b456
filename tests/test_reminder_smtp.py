"""Reminder emails through Django's SMTP backend to a real SMTP server
(aiosmtpd, started by the test on a free local port), read back as the
server received them; and the email settings production reads from its
environment."""

import datetime
import email
import email.policy
import os
import socket
import subprocess
import sys

import pytest
from aiosmtpd.controller import Controller
from django.conf import settings
from django.test import override_settings
from django.utils import timezone

from reminders.digests import digest_preview
from reminders.emails import build_email
from reminders.models import ReminderSettings
from tests.builders import make_update


class Inbox:
    """An aiosmtpd handler that keeps every message it is sent."""

    def __init__(self):
        self.envelopes = []

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append(envelope)
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_server():
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield controller, inbox
    controller.stop()


@pytest.fixture
def digest(world):
    """The officer's digest today: action A is late (reviewed every 3 months, last updated 200 days ago)."""
    world.action_a.review_cadence = 3
    world.action_a.save()
    make_update(world.action_a, "at_risk", on=timezone.localdate() - datetime.timedelta(days=200))
    world.officer.email = "officer@example.org"
    world.officer.first_name, world.officer.last_name = "Olu", "Officer"
    world.officer.save()
    return digest_preview(world.officer, "digest", timezone.localdate())


def test_a_reminder_goes_through_smtp_with_both_parts_and_its_unsubscribe_headers(smtp_server, digest):
    controller, inbox = smtp_server
    site = "https://plans.example.org"

    with override_settings(
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST=controller.hostname,
        EMAIL_PORT=controller.port,
        EMAIL_USE_TLS=False,
        EMAIL_USE_SSL=False,
        EMAIL_HOST_USER="",
        EMAIL_HOST_PASSWORD="",
        EMAIL_TIMEOUT=10,
    ):
        sent = build_email(digest, site_url=site).send()

    assert sent == 1
    [envelope] = inbox.envelopes
    assert envelope.rcpt_tos == ["officer@example.org"]
    message = email.message_from_bytes(envelope.original_content, policy=email.policy.default)
    assert message["To"] == "officer@example.org"
    assert message["From"] == settings.DEFAULT_FROM_EMAIL
    assert "late" in message["Subject"]
    unsubscribe = message["List-Unsubscribe"].strip()  # a long header comes folded onto its own line
    assert unsubscribe.startswith(f"<{site}/reminders/unsubscribe/") and unsubscribe.endswith(">")
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    text = message.get_body(preferencelist=("plain",)).get_content()
    html = message.get_body(preferencelist=("html",)).get_content()
    assert message.get_content_type() == "multipart/alternative"
    for part in (text, html):
        assert "Baseline parents on benefits" in part
        assert f"{site}/actions/{digest.items[0].action.pk}/updates/new/" in part
        assert f"{site}/reminders/no-change/" in part


def test_the_links_read_back_from_the_email_work(client, smtp_server, digest):
    controller, inbox = smtp_server
    with override_settings(
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST=controller.hostname,
        EMAIL_PORT=controller.port,
    ):
        build_email(digest, site_url="https://plans.example.org").send()
    message = email.message_from_bytes(inbox.envelopes[0].original_content, policy=email.policy.default)
    unsubscribe = message["List-Unsubscribe"].strip().strip("<>").removeprefix("https://plans.example.org")

    response = client.post(unsubscribe, {"List-Unsubscribe": "One-Click"})

    assert response.status_code == 200
    assert not ReminderSettings.objects.get(user=digest.user).digest


# --- The email settings, as each environment reads them


def settings_in(module: str, **environment: str) -> subprocess.CompletedProcess:
    names = ["EMAIL_BACKEND", "EMAIL_HOST", "EMAIL_PORT", "EMAIL_USE_TLS", "EMAIL_USE_SSL", "EMAIL_TIMEOUT"]
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        f"print(*[getattr(s, name) for name in {[*names, 'DEFAULT_FROM_EMAIL', 'SITE_URL']}], sep='|')"
    )
    inherited = {key: value for key, value in os.environ.items() if not key.startswith(("EMAIL_", "SITE_URL"))}
    inherited.pop("DEFAULT_FROM_EMAIL", None)
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=settings.BASE_DIR,
        env={
            **inherited,
            "DJANGO_SETTINGS_MODULE": module,
            "SECRET_KEY": "k3y-for-the-email-settings-check-" + "x9Qz" * 10,
            "ALLOWED_HOSTS": "plans.example.org",
            **environment,
        },
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_sends_by_smtp_as_configured_from_the_environment():
    result = settings_in(
        "config.settings.prod",
        EMAIL_HOST="smtp.example.org",
        EMAIL_PORT="587",
        EMAIL_USE_TLS="true",
        EMAIL_TIMEOUT="20",
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().split("|") == [
        "django.core.mail.backends.smtp.EmailBackend", "smtp.example.org", "587", "True", "False", "20",
        "Action Plan Tracker <no-reply@plans.example.org>", "https://plans.example.org",
    ]  # fmt: skip


def test_development_prints_emails_in_the_console():
    result = settings_in("config.settings.dev")

    assert result.stdout.startswith("django.core.mail.backends.console.EmailBackend|"), result.stderr


@pytest.mark.parametrize(
    "environment, complaint",
    [
        ({"EMAIL_PORT": "smtp"}, "EMAIL_PORT must be a whole number"),
        ({"EMAIL_PORT": "70000"}, "EMAIL_PORT must be a port number"),
        ({"EMAIL_USE_TLS": "maybe"}, "EMAIL_USE_TLS must be 1 or 0"),
        ({"EMAIL_USE_TLS": "1", "EMAIL_USE_SSL": "1"}, "Set EMAIL_USE_TLS or EMAIL_USE_SSL, not both"),
        ({"EMAIL_TIMEOUT": "0"}, "EMAIL_TIMEOUT must be a whole number of at least 1"),
        ({"DEFAULT_FROM_EMAIL": "Action Plan Tracker"}, "DEFAULT_FROM_EMAIL must be an email address"),
        ({"SITE_URL": "plans.example.org"}, "SITE_URL must be the site's address"),
    ],
)
def test_production_refuses_to_start_on_nonsense_email_settings(environment, complaint):
    result = settings_in("config.settings.prod", **environment)

    assert result.returncode != 0
    assert complaint in result.stderr
