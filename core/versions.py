"""The data version: one number that moves on after every committed write to
the tables a cache depends on, so that a cache keyed on it is never stale.

- `current()` reads it: one query. None before the first watched write, in a
  new or restored database: nothing may be cached until a write names the data.
- `watch(tables)` names the tables (the dashboards name plans, actions,
  progress and indicators: dashboards/apps.py). From then on every INSERT,
  UPDATE or DELETE that Django sends to one of them, however it was made
  (`save()`, the admin, `bulk_create`, `QuerySet.update`, `QuerySet.delete`,
  raw SQL through Django's cursor, `loaddata`, a migration), moves the number
  on once its transaction commits. Signals would miss the bulk writes and
  `QuerySet.update`; watching the SQL misses only writes that do not go through
  this project's Django (psql by hand, another program): `bump()` after those.
- After the commit, not inside the transaction: an UPDATE there would hold the
  row's lock until the end of the writer's transaction, so that every other
  writer (a ten-thousand-row import, an officer posting an update) would queue
  behind it, and could deadlock with it. Moved on after the commit, the number
  never runs ahead of the data: a reader that sees the new number sees the
  write; one that still sees the old number may already see the write, which
  only makes what it caches newer than its key.
- `writes_pending()`: this transaction has written watched tables and not yet
  committed. What it reads includes its own writes, which others cannot see
  and which may yet be rolled back, so it must neither read the cache nor fill
  it. (A test in a TestCase never commits: after it has written its data, the
  cache is passed by, exactly as the dashboards worked before there was one.)
"""

import re
import time

from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.db.backends.signals import connection_created

from .models import DataVersion

# The table an INSERT, UPDATE or DELETE writes: Django quotes table names with
# double quotes on both PostgreSQL and SQLite; SQLite's bulk_create may say
# INSERT OR IGNORE.
WRITE = re.compile(r'\s*(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|REPLACE\s+INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)"?', re.I)
ROW = 1  # the one row's primary key

_watched: set[str] = set()


def current(using: str = DEFAULT_DB_ALIAS) -> int | None:
    """The version now; None before the first watched write (a new or restored
    database), when nothing may be cached, since no number yet names its data."""
    return DataVersion.rows.using(using).filter(pk=ROW).values_list("n", flat=True).first()


def bump(using: str = DEFAULT_DB_ALIAS) -> None:
    """Move the version on. Called after a commit (or in autocommit), so the row
    is locked only for this one statement. Plain statements, no transaction of
    their own: in autocommit this runs straight after the write, whose cursor
    SQLite may still be reading (an INSERT ... RETURNING), and must not commit."""
    connection = connections[using]
    table = connection.ops.quote_name(DataVersion._meta.db_table)
    with connection.cursor() as cursor:
        try:
            cursor.execute(f"UPDATE {table} SET n = n + 1 WHERE id = %s", [ROW])
        except DatabaseError:
            if DataVersion._meta.db_table not in connection.introspection.table_names():
                return  # migrations have not made the table yet: nothing can be cached
            raise
        if cursor.rowcount == 0:
            # No row yet, or `flush` emptied the table, or a restored backup (which
            # leaves it out: core.models.NotInBackups): start from the clock, so
            # that the number never repeats one that a cache may still hold.
            cursor.execute(f"INSERT INTO {table} (id, n) VALUES (%s, %s) ON CONFLICT DO NOTHING", [ROW, time.time_ns()])


def watch(tables) -> None:
    """Move the version on after every write to these tables (names as in the database)."""
    _watched.update(tables)
    for connection in connections.all(initialized_only=True):
        _install(connection)
    connection_created.connect(_on_connection_created, dispatch_uid="core.versions")


def writes_pending(using: str = DEFAULT_DB_ALIAS) -> bool:
    """Whether this connection's open transaction has written a watched table."""
    return any(getattr(func, "moves_data_version", False) for _, func, _ in connections[using].run_on_commit)


def _on_connection_created(sender, connection, **kwargs) -> None:
    _install(connection)


def _install(connection) -> None:
    # First in the list: `connection.execute_wrapper()` (tests use it) pops the last one added.
    if _after_write not in connection.execute_wrappers:
        connection.execute_wrappers.insert(0, _after_write)


def _after_write(execute, sql, params, many, context):
    result = execute(sql, params, many, context)
    written = WRITE.match(sql)
    if written and written[1] in _watched:
        connection = context["connection"]
        if connection.in_atomic_block:
            if not writes_pending(connection.alias):  # once per transaction
                connection.on_commit(_bumper(connection.alias), robust=True)
        else:  # autocommit, or a transaction managed by hand (no commit hook to wait for)
            bump(connection.alias)
    return result


_bumpers: dict = {}


def _bumper(alias: str):
    """The function that bumps after a commit on `alias`, marked so that
    `writes_pending` finds it among the commit hooks."""
    if alias not in _bumpers:

        def bump_after_commit():
            bump(alias)

        bump_after_commit.moves_data_version = True
        _bumpers[alias] = bump_after_commit
    return _bumpers[alias]
