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


# The partnership sizes the page benchmarks generate (generate_partnership's options).
PARTNERSHIP_SIZES = {
    "small": {"plans": 5, "actions": 1_000, "updates": 10_000},
    "large": {"plans": 50, "actions": 20_000, "updates": 200_000},
}


def sizes_option(sizes: dict) -> dict:
    """The --sizes option of a benchmark that runs at each of `sizes`."""
    return {"nargs": "*", "default": list(sizes), "choices": list(sizes)}


def each_size_apart(args: argparse.Namespace) -> None:
    """Django is configured once per process: with more than one size asked
    for, run this benchmark again for each size, each in its own process, then stop."""
    if len(args.sizes) <= 1:
        return
    import subprocess

    for size in args.sizes:
        subprocess.run(
            [sys.executable, sys.argv[0], "--database", args.database, "--repeat", str(args.repeat), "--sizes", size],
            check=True,
        )
    raise SystemExit


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
