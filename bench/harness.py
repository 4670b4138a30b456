"""Benchmarks run against a fresh database of their own, never the app's:
`--database sqlite` (a temporary file) or `--database postgres` (a database
created on the local server, or on BENCH_POSTGRES_URL, and dropped after)."""

import argparse
import contextlib
import os
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def parse_args(description: str, **extra) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--repeat", type=int, default=3, help="Timed runs per measurement (the median is reported).")
    for name, options in extra.items():
        parser.add_argument(f"--{name.replace('_', '-')}", **options)
    return parser.parse_args()


@contextlib.contextmanager
def fresh_database(kind: str):
    """Point Django at a new, migrated database; remove it afterwards."""
    server = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    name = f"bench_{uuid.uuid4().hex[:8]}"
    with tempfile.TemporaryDirectory() as folder:
        if kind == "sqlite":
            os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
        else:
            import psycopg2

            admin = psycopg2.connect(server)
            admin.autocommit = True
            admin.cursor().execute(f'CREATE DATABASE "{name}"')
            os.environ["DATABASE_URL"] = server.rsplit("/", 1)[0] + f"/{name}"
        os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.dev"
        os.environ["DEBUG"] = "false"  # no query log kept in memory
        os.environ["ALLOWED_HOSTS"] = "testserver,127.0.0.1,localhost"
        import django
        from django.core.management import call_command

        django.setup()
        call_command("migrate", verbosity=0)
        try:
            yield
        finally:
            if kind == "postgres":
                from django.db import connections

                connections.close_all()
                admin.cursor().execute(f'DROP DATABASE IF EXISTS "{name}"')
                admin.close()


def timed(function, repeat: int) -> tuple[float, object]:
    """The median wall time of `repeat` runs, in seconds, and the last result."""
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result
