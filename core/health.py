"""/health/ for load balancers and monitors (README, "Health check").

200 "OK" when the database answers and every migration is applied; otherwise
503 naming the check that failed ("database" or "migrations") and nothing
else: no error text, versions or host names, since anyone may ask.

The checks run on a connection of their own, in a thread given DEADLINE_SECONDS:
a database that has gone away gives 503 in time instead of holding the worker
until TCP gives up. The driver's own timeouts are no bound on their own
(libpq counts whole seconds, and tries again without TLS after a TLS attempt
times out), but they do end the thread soon after. The view is public (views
opt in to sign-in, core/access.py), reads no session and sets no cookie.
"""

import logging
import threading

from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpResponse
from django.utils.cache import add_never_cache_headers
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)

# The answer comes within this, inside the 5 seconds load balancers allow.
DEADLINE_SECONDS = 4
# How long connecting, and then each query, may take before the driver gives up.
TIMEOUT_SECONDS = 3

# Migrations are only applied, never unapplied, under a running site: once
# the plan is empty it stays so until the next deploy restarts the workers.
# Working the plan out reads every migration file, too slow for each probe.
_all_migrations_applied = False


def probe_connection(alias: str = DEFAULT_DB_ALIAS):
    """A new connection to the site's database that gives up quickly."""
    probe = connections[alias].copy()
    options = probe.settings_dict.setdefault("OPTIONS", {})
    if probe.vendor == "postgresql":
        options["connect_timeout"] = TIMEOUT_SECONDS
        statement_timeout = f"-c statement_timeout={TIMEOUT_SECONDS * 1000}"
        options["options"] = f"{options.get('options', '')} {statement_timeout}".strip()
    elif probe.vendor == "sqlite":
        options["timeout"] = TIMEOUT_SECONDS  # waiting for a lock; the default is 5
    return probe


def database_answers(probe) -> bool:
    with probe.cursor() as cursor:
        cursor.execute("SELECT 1")
        return cursor.fetchone()[0] == 1


def migrations_applied(probe) -> bool:
    global _all_migrations_applied
    if not _all_migrations_applied:
        executor = MigrationExecutor(probe)
        _all_migrations_applied = not executor.migration_plan(executor.loader.graph.leaf_nodes())
    return _all_migrations_applied


def failed_check() -> str | None:
    """The name of the first check that fails, or None when all pass. Only in
    a thread of its own: the probe becomes that thread's default connection,
    because the migration recorder looks its connection up by name."""
    name = "database"
    try:
        probe = probe_connection()
        connections[DEFAULT_DB_ALIAS] = probe
        try:
            if not database_answers(probe):
                return name
            name = "migrations"
            return None if migrations_applied(probe) else name
        finally:
            probe.close()
    except Exception:  # whatever the failure, the answer is 503, and the log says why
        logger.warning("Health check failed: %s", name, exc_info=True)
        return name


def failed_check_in_time() -> str | None:
    """failed_check(), or "database" when it has not finished by the deadline."""
    outcome = []
    checking = threading.Thread(target=lambda: outcome.append(failed_check()), name="health-check", daemon=True)
    checking.start()
    checking.join(DEADLINE_SECONDS)
    if not outcome:
        logger.warning("Health check failed: database (no answer within %s seconds)", DEADLINE_SECONDS)
        return "database"
    return outcome[0]


# Not in the request's transaction (ATOMIC_REQUESTS): opening one needs the
# database, and a database that is down must give 503, not an error page.
@transaction.non_atomic_requests
@csrf_exempt
@require_safe
def health(request):
    failed = failed_check_in_time()
    if failed is None:
        response = HttpResponse("OK\n", content_type="text/plain; charset=utf-8")
    else:
        response = HttpResponse(f"Unavailable: {failed}\n", content_type="text/plain; charset=utf-8", status=503)
    add_never_cache_headers(response)
    return response
