"""Requests a second under gunicorn: the five-plan overview against the
sign-in page, with the dashboards' cache off and on, in one run.

    .venv/bin/python bench/overview_load.py --database postgres
    .venv/bin/python bench/overview_load.py --database postgres --clients 20 --seconds 5 --repeat 3

A fresh database gets the five council plans and the demo users
(`setup_demo`) and the database cache's table (`createcachetable`). gunicorn
then serves the production settings (config/settings/prod.py: the database
cache shared by the workers, persistent connections) on 127.0.0.1, twice:
with DASHBOARD_CACHE=0 (every request builds the figures, as before the cache)
and with the cache on. Only two things differ from a real deployment: plain
HTTP (SECURE_SSL_REDIRECT=0) and static files left uncollected, since no
static file is asked for.

Each measurement is --clients threads, each making one request after another
for --seconds (a bounded load: no request is started after the time is up),
the chair signed in by her session cookie for the overview and no cookie for
the sign-in page; the median of --repeat is printed, with the ratio of the
two pages measured in the same server run. Then the overview's queries,
counted in this process against the same database and the same cache: with
the cache off, cold (the first request after a write) and warm.
"""

import http.client
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from harness import ROOT, fresh_database, parse_args

args = parse_args(
    __doc__,
    clients={"type": int, "default": 20, "help": "Concurrent clients."},
    seconds={"type": float, "default": 5.0, "help": "How long each measurement runs."},
    workers={"type": int, "default": 4, "help": "gunicorn worker processes."},
)
SECRET_KEY = "bench-overview-load-" + "x" * 40  # the same in this process and the server: sessions are signed with it
os.environ["SECRET_KEY"] = SECRET_KEY
SIGN_IN = "/accounts/login/"
GOAL = 1 / 6
DATABASE_CACHE = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "django_cache"}}

# The production settings, with the static files served as they are (no manifest to collect).
SETTINGS = """\
from config.settings.prod import *  # noqa: F403

STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}  # noqa: F405
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(port: int, path: str, cookie: str = "") -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.request("GET", path, headers={"Cookie": cookie} if cookie else {})
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


class Server:
    """gunicorn on a free port of 127.0.0.1, as the README's production section runs it."""

    def __init__(self, folder: str, cache_on: bool):
        self.port = free_port()
        env = {
            **os.environ,
            "PYTHONPATH": os.pathsep.join([folder, str(ROOT)]),
            "DJANGO_SETTINGS_MODULE": "bench_overview_settings",
            "ALLOWED_HOSTS": "127.0.0.1",
            "SECURE_SSL_REDIRECT": "0",
            "DASHBOARD_CACHE": "1" if cache_on else "0",
            "LOG_LEVEL": "WARNING",
        }
        env.pop("DEBUG", None)
        command = [sys.executable, "-m", "gunicorn", "config.wsgi", "--bind", f"127.0.0.1:{self.port}"]
        command += ["--workers", str(args.workers), "--log-level", "warning"]
        self.process = subprocess.Popen(command, cwd=ROOT, env=env)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if get(self.port, SIGN_IN)[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        self.stop()
        raise SystemExit("gunicorn did not answer within 60 seconds")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)


def load(port: int, path: str, cookie: str, must_contain: bytes) -> float:
    """Requests a second: `args.clients` clients for `args.seconds`; every answer must be the page."""
    done, failures = [0] * args.clients, []
    start = time.monotonic()
    deadline = start + args.seconds

    def client(index: int) -> None:
        while time.monotonic() < deadline:
            status, body = get(port, path, cookie)
            if status != 200 or must_contain not in body:
                failures.append(status)
                return
            done[index] += 1

    threads = [threading.Thread(target=client, args=(index,)) for index in range(args.clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - start
    if failures:
        raise SystemExit(f"{path}: {len(failures)} clients got something other than the page (status {failures[0]})")
    return sum(done) / elapsed


def measure(folder: str, cache_on: bool, overview: str, cookie: str) -> tuple[float, float]:
    """The median requests a second of the sign-in page and the overview, measured in turn."""
    server = Server(folder, cache_on)
    try:
        for _ in range(args.workers * 2):  # every worker started, connected, and (cache on) the figures kept
            get(server.port, overview, cookie)
        sign_in, page = [], []
        for _ in range(args.repeat):
            sign_in.append(load(server.port, SIGN_IN, "", b'name="password"'))
            page.append(load(server.port, overview, cookie, b"Actions by latest status"))
        return statistics.median(sign_in), statistics.median(page)
    finally:
        server.stop()


def overview_queries(client, overview: str) -> dict[str, int]:
    """The overview's queries with the cache off, cold (after a write) and warm, on the database cache."""
    from django.db import connection
    from django.test import override_settings
    from django.test.utils import CaptureQueriesContext

    from core import versions

    def counted() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(overview).status_code == 200
        return len(queries.captured_queries)

    with override_settings(CACHES=DATABASE_CACHE):
        with override_settings(DASHBOARD_CACHE=False):
            off = counted()
        versions.bump()
        return {"cache off": off, "cold": counted(), "warm": counted()}


with tempfile.TemporaryDirectory() as folder, fresh_database(args.database):
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client, override_settings

    from dashboards.scope import overview_scope
    from plans.models import Membership

    Path(folder, "static").mkdir()
    Path(folder, "bench_overview_settings.py").write_text(SETTINGS + f"STATIC_ROOT = {str(Path(folder, 'static'))!r}\n")
    with open(os.devnull, "w") as quiet, override_settings(DEBUG=True):  # setup_demo runs only with DEBUG on
        call_command("setup_demo", stdout=quiet)
    with override_settings(CACHES=DATABASE_CACHE):
        call_command("createcachetable", verbosity=0)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    chair = Membership.objects.filter(role=Membership.Role.CHAIR).select_related("user").first().user
    # The chair's partnership oversees two of the five plans: "all" shows every plan she may read.
    overview = "/dashboard/?plans=all"
    plans = len(overview_scope(chair, "all").plans)
    client = Client()
    client.force_login(chair)  # a session in the database, as signing in makes; the server reads its cookie
    cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
    queries = overview_queries(client, overview)
    connection.close()  # nothing of this process's open while the server runs

    print(
        f"{args.database}: gunicorn, {args.workers} workers, {args.clients} clients, "
        f"{args.seconds:g} s a measurement, median of {args.repeat}; the overview {overview} shows {plans} plans"
    )
    results = {}
    for cache_on in (False, True):
        sign_in, page = measure(folder, cache_on, overview, cookie)
        results[cache_on] = page
        label = "cache on " if cache_on else "cache off"
        print(
            f"{label}: sign-in page {sign_in:6.1f} req/s   overview {page:6.1f} req/s   "
            f"ratio {page / sign_in:6.1%}  (goal at least {GOAL:.1%})"
        )
    print(f"overview with the cache against without: {results[True] / results[False]:.1f}x")
    print("overview queries: " + ", ".join(f"{name} {count}" for name, count in queries.items()))
