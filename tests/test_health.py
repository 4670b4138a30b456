"""/health/: what a load balancer or monitor sees, with the database up, down
or behind on migrations."""

import os
import socket
import subprocess
import sys
import threading
import time

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import OperationalError, connections
from django.db.migrations.executor import MigrationExecutor

from core import health

SECRET_DETAIL = "could not connect to server db-7.internal (10.1.2.3), user planner, PostgreSQL 15.2"


@pytest.fixture(autouse=True)
def migrations_not_yet_checked(monkeypatch):
    monkeypatch.setattr(health, "_all_migrations_applied", False)


@pytest.fixture
def database_refuses(monkeypatch):
    """Every probe's query fails as a database that has gone away does."""
    real_probe_connection = health.probe_connection

    def failing_probe_connection(*args, **kwargs):
        probe = real_probe_connection(*args, **kwargs)

        def refuse():
            raise OperationalError(SECRET_DETAIL)

        probe.cursor = refuse
        return probe

    monkeypatch.setattr(health, "probe_connection", failing_probe_connection)


@pytest.fixture
def migration_unapplied(monkeypatch):
    monkeypatch.setattr(MigrationExecutor, "migration_plan", lambda self, targets: [("plans", "0099_new")])


@pytest.fixture
def silent_server():
    """A TCP port on this machine that takes connections and never answers,
    as a database behind a broken network or a hung server does."""
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(8)
        yield server.getsockname()[1]


def test_answers_ok_when_the_database_answers_and_migrations_are_applied(client, db):
    response = client.get("/health/")

    assert response.status_code == 200
    assert response.content == b"OK\n"
    assert response["Content-Type"] == "text/plain; charset=utf-8"


def test_needs_no_sign_in_writes_no_session_and_is_never_cached(client, db):
    response = client.get("/health/")

    assert response.status_code == 200  # not a redirect to the sign-in page
    assert not response.cookies
    assert not Session.objects.exists()
    assert "no-store" in response["Cache-Control"]


def test_a_signed_in_visitor_gets_the_same_answer(client, world):
    client.force_login(world.officer)

    assert client.get("/health/").content == b"OK\n"


def test_answers_503_naming_the_database_and_nothing_more_when_it_fails(client, db, database_refuses):
    response = client.get("/health/")

    assert response.status_code == 503
    assert response.content == b"Unavailable: database\n"
    assert "no-store" in response["Cache-Control"]
    assert not response.cookies


def test_a_database_that_does_not_answer_gives_503_within_5_seconds(client, db, monkeypatch, silent_server, tmp_path):
    settings_dict = connections["default"].settings_dict
    if connections["default"].vendor == "postgresql":
        monkeypatch.setitem(settings_dict, "HOST", "127.0.0.1")
        monkeypatch.setitem(settings_dict, "PORT", str(silent_server))
    else:  # SQLite has no server: a file that cannot be opened
        monkeypatch.setitem(settings_dict, "NAME", str(tmp_path / "gone" / "db.sqlite3"))

    started = time.monotonic()
    response = client.get("/health/")

    assert response.status_code == 503
    assert response.content == b"Unavailable: database\n"
    assert time.monotonic() - started < 5


def test_answers_503_at_the_deadline_whatever_the_driver_does(client, db, monkeypatch):
    monkeypatch.setattr(health, "DEADLINE_SECONDS", 0.2)
    answer = threading.Event()
    monkeypatch.setattr(health, "database_answers", lambda probe: answer.wait(10) and False)

    started = time.monotonic()
    response = client.get("/health/")
    answer.set()

    assert response.status_code == 503
    assert response.content == b"Unavailable: database\n"
    assert time.monotonic() - started < 1


def test_answers_503_naming_migrations_when_one_is_unapplied(client, db, migration_unapplied):
    response = client.get("/health/")

    assert response.status_code == 503
    assert response.content == b"Unavailable: migrations\n"


def test_checks_migrations_again_until_they_are_all_applied_then_no_more(client, db, monkeypatch):
    plan = [("plans", "0099_new")]
    monkeypatch.setattr(MigrationExecutor, "migration_plan", lambda self, targets: plan)
    assert client.get("/health/").status_code == 503

    plan.clear()  # the deploy applies it
    assert client.get("/health/").status_code == 200

    plan.append(("plans", "0100_newer"))  # read again only after a restart
    assert client.get("/health/").status_code == 200


def test_head_is_answered_and_other_methods_are_not_allowed(client, db):
    assert client.head("/health/").status_code == 200
    assert client.post("/health/").status_code == 405


def test_production_answers_a_plain_http_probe_without_redirecting_to_https(tmp_path):
    """Load balancers probe over plain HTTP; every other page redirects to HTTPS.
    The database here cannot be opened, so the probe's answer is 503, not a redirect."""
    code = (
        "import django; django.setup()\n"
        "from django.test import Client\n"
        "client = Client(HTTP_HOST='plans.example.org')\n"
        "print(client.get('/health/').status_code, client.get('/').status_code)\n"
    )
    env = {key: value for key, value in os.environ.items() if key not in {"SECRET_KEY", "ALLOWED_HOSTS"}}
    env.update({
        "DJANGO_SETTINGS_MODULE": "config.settings.prod",
        "SECRET_KEY": "k3y-for-the-health-check-" + "x9Qz" * 10,
        "ALLOWED_HOSTS": "plans.example.org",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'gone' / 'db.sqlite3'}",
    })  # fmt: skip

    result = subprocess.run(
        [sys.executable, "-c", code], cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=60
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["503", "301"]
