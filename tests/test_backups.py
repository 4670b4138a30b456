"""Backups restore what was backed up (README, "Backups"): a full `dumpdata`
loads into an empty database and dumps again identically, history included;
a `pg_dump` restores with `pg_restore` to the same rows; and the site takes
new work after either."""

import datetime
import hashlib
import importlib
import os
import re
import shutil
import subprocess
from types import SimpleNamespace

import psycopg2
import pytest
from django.apps import apps
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.db import connection
from django_otp.plugins.otp_totp.models import TOTPDevice

from actions.models import Action
from imports.models import ImportRecord
from plans.models import Membership, Organisation, Plan
from progress.models import ProgressUpdate
from progress.services import progress_update_create


def same_instants(dump: bytes) -> bytes:
    """Django's JSON keeps times to the millisecond and writes a whole second
    without them: a time stored as 12:00:00.000412 dumps as "12:00:00.000Z",
    loads as 12:00:00 and dumps again as "12:00:00Z", the same instant."""
    return re.sub(rb'(T\d\d:\d\d:\d\d)\.000(Z|[+-]\d\d:\d\d)"', rb'\1\2"', dump)


# The backup command as README, "Backups" gives it.
BACKUP = [
    "dumpdata",
    "--natural-foreign",
    "--exclude=contenttypes",
    "--exclude=auth.permission",
    "--exclude=sessions",
    "--indent=1",
]


@pytest.fixture(autouse=True)
def fresh_content_type_cache():
    """Emptying the database renumbers content types; the cache must not keep the old numbers."""
    yield
    ContentType.objects.clear_cache()


def build_a_working_site(make_user) -> dict:
    """The five plans, users of each kind, updates, an edited action, a user who
    left after writing an update, and the security tables' rows."""
    call_command("loaddata", "council_plans", verbosity=0)
    council = Organisation.objects.get(slug="lincolnshire-county-council")
    admin = make_user("ada", Membership.Role.ADMIN)
    officer = make_user("olu", Membership.Role.OFFICER, council)
    leaver = make_user("lee", Membership.Role.OFFICER, council)
    actions = list(Action.objects.order_by("pk")[:3])
    for action, author in zip(actions, [officer, officer, leaver], strict=True):
        progress_update_create(
            action=action,
            author=author,
            status="on_track",
            narrative="On track",
            date_of_update=datetime.date(2026, 1, 5),
        )
    edited = actions[0]
    edited._history_user = admin
    edited.text += " (edited)"
    edited.save()
    edited.owner_organisations.add(Organisation.objects.exclude(pk=council.pk).first())
    leaver.delete()

    group = Group.objects.create(name="Readers")
    group.permissions.add(Permission.objects.get(codename="view_plan"))
    officer.user_permissions.add(Permission.objects.get(codename="view_action"))
    officer.groups.add(group)
    TOTPDevice.objects.create(user=admin, name="Phone", confirmed=True)
    LogEntry.objects.log_actions(admin.pk, [edited], CHANGE, change_message="Edited the text")
    ImportRecord.objects.create(
        created_by=admin, file_name="plan.xlsx", file_size=4, checksum=hashlib.sha256(b"PK\x03\x04").hexdigest(),
        content=b"PK\x03\x04",
    )  # fmt: skip
    session = SessionStore()
    session["signed_in"] = True
    session.create()
    return {"officer": officer, "edited": edited}


@pytest.mark.django_db(transaction=True)
def test_a_full_dump_loads_into_an_empty_database_dumps_again_identically_and_takes_new_work(make_user, tmp_path):
    site = build_a_working_site(make_user)
    backup, again = tmp_path / "backup.json", tmp_path / "again.json"
    call_command(*BACKUP, output=str(backup), verbosity=0)
    last_update = ProgressUpdate.objects.order_by("-pk").first()

    call_command("flush", interactive=False, verbosity=0)  # as freshly migrated: content types, no rows
    assert not Plan.objects.exists()
    call_command("loaddata", str(backup), verbosity=0)
    call_command(*BACKUP, output=str(again), verbosity=0)

    assert same_instants(again.read_bytes()) == same_instants(backup.read_bytes())
    assert not Session.objects.exists()  # everyone signs in again after a restore

    officer = get_user_model().objects.get(username="olu")
    update = progress_update_create(
        action=site["edited"],
        author=officer,
        status="at_risk",
        narrative="After",
        date_of_update=datetime.date(2026, 2, 1),
    )
    newcomer = make_user("nia", Membership.Role.OFFICER)
    action = Action.objects.get(pk=site["edited"].pk)
    action._history_user = newcomer
    action.text = "Edited after the restore"
    action.save()

    assert update.pk > last_update.pk
    assert update.history.get().history_user == officer
    assert action.history.first().history_user == newcomer
    assert action.history.filter(history_user__username="ada").exists()  # the history from before is kept


def test_loading_a_fixture_writes_no_history_of_its_own(db):
    call_command("loaddata", "council_plans", verbosity=0)

    assert Action.objects.exists()
    assert not Action.history.exists()


def test_deleting_a_user_empties_the_author_in_the_history_too(make_user):
    call_command("loaddata", "council_plans", verbosity=0)
    leaver = make_user("lee")
    update = progress_update_create(
        action=Action.objects.first(), author=leaver, status="on_track", narrative="x", date_of_update=None
    )

    leaver.delete()

    update.refresh_from_db()
    assert update.author is None
    assert list(update.history.values_list("author_id", flat=True)) == [None]


def test_the_migration_empties_authors_deleted_before_it(make_user):
    call_command("loaddata", "council_plans", verbosity=0)
    update = progress_update_create(
        action=Action.objects.first(), author=make_user("lee"), status="on_track", narrative="x", date_of_update=None
    )
    ProgressUpdate.history.update(author_id=987654)  # as a deletion before the fix left it
    migration = importlib.import_module("progress.migrations.0003_history_forgets_deleted_authors")

    migration.forget_deleted_authors(apps, SimpleNamespace(connection=connection))  # all it reads of a schema editor

    assert list(update.history.values_list("author_id", flat=True)) == [None]


# --- PostgreSQL: pg_dump and pg_restore, as production backs up.


def server_arguments(settings_dict) -> list[str]:
    arguments = []
    for option, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if settings_dict.get(key):
            arguments.append(f"{option}={settings_dict[key]}")
    return arguments


def run(*command: str, env: dict) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr


def snapshot(cursor) -> dict:
    """Every table's row count and a checksum of its rows; every sequence's position."""
    cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")
    tables = [name for (name,) in cursor.fetchall()]
    seen = {}
    for table in tables:
        cursor.execute(
            f"SELECT count(*), md5(coalesce(string_agg(t::text, chr(10) ORDER BY t::text), '')) FROM \"{table}\" t"
        )
        seen[table] = cursor.fetchone()
    cursor.execute("SELECT sequencename, last_value FROM pg_sequences WHERE schemaname = 'public'")
    seen["sequences"] = sorted(cursor.fetchall())
    return seen


@pytest.fixture
def restored_database():
    """The name of a database made for the test on the same server, dropped after."""
    settings_dict = connection.settings_dict
    name = f"{settings_dict['NAME']}_restored"
    server = psycopg2.connect(
        dbname="postgres", host=settings_dict.get("HOST") or None, port=settings_dict.get("PORT") or None,
        user=settings_dict.get("USER") or None, password=settings_dict.get("PASSWORD") or None,
    )  # fmt: skip
    server.autocommit = True
    try:
        with server.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            cursor.execute(f'CREATE DATABASE "{name}"')
        yield name
        with server.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        server.close()


@pytest.mark.django_db(transaction=True)
def test_pg_restore_brings_back_the_same_rows_and_sequences(make_user, tmp_path, request):
    if connection.vendor != "postgresql":
        pytest.skip("pg_dump and pg_restore back up PostgreSQL; this run is on SQLite")
    if not (shutil.which("pg_dump") and shutil.which("pg_restore")):
        pytest.skip("pg_dump and pg_restore are not on PATH")
    version = subprocess.run(["pg_dump", "--version"], capture_output=True, text=True).stdout.split()[-1]
    if int(version.split(".")[0]) < connection.pg_version // 10000:
        pytest.skip(f"pg_dump {version} is older than the server, which it refuses to dump")
    build_a_working_site(make_user)  # committed, so pg_dump sees it
    restored = request.getfixturevalue("restored_database")
    settings_dict = connection.settings_dict
    env = {**os.environ, "PGPASSWORD": settings_dict.get("PASSWORD") or ""}
    backup = tmp_path / "backup.dump"

    run(
        "pg_dump",
        "--format=custom",
        f"--file={backup}",
        *server_arguments(settings_dict),
        settings_dict["NAME"],
        env=env,
    )
    run("pg_restore", "--no-owner", "--exit-on-error", f"--dbname={restored}", *server_arguments(settings_dict),
        str(backup), env=env)  # fmt: skip

    copy = psycopg2.connect(
        dbname=restored, host=settings_dict.get("HOST") or None, port=settings_dict.get("PORT") or None,
        user=settings_dict.get("USER") or None, password=settings_dict.get("PASSWORD") or None,
    )  # fmt: skip
    try:
        with connection.cursor() as cursor:
            original = snapshot(cursor)
        with copy.cursor() as cursor:
            assert snapshot(cursor) == original
            assert original["progress_progressupdate"][0] > 0 and original["actions_historicalaction"][0] > 0
            cursor.execute("INSERT INTO auth_group (name) VALUES ('After the restore') RETURNING id")
            (new_id,) = cursor.fetchone()
        assert new_id > Group.objects.order_by("-pk").values_list("pk", flat=True).first()
    finally:
        copy.close()
