"""The dashboards' figures, kept in Django's cache and keyed on the data
version (core.versions), so a figure is never stale: any write to plans,
themes, actions, progress updates or indicators, committed by any process,
moves the version on and the next request builds the figures afresh.

What is kept: the figures (a figures.Dashboard, and a plan's indicators), never
the page, which carries the reader's name, her navigation and a CSRF token.
Which plans a reader may see is worked out on every request, before the cache
is asked: the key names the plans shown, in order, so two readers share an
entry only where they are shown the very same plans. The chair's commentaries
and her commentary form are read on every request too, so they need no version.

The key also holds today's date (overdue, late and stale are counted against
today), the period asked for and the rest of the query string (the page's links
repeat it), the settings the figures count with, and a digest of the code and
templates (a deploy starts afresh rather than reading what older code kept).

Shared by every gunicorn worker when the cache is (the database cache in
production); with the local-memory cache each worker keeps its own copies, and
is still never stale, since the version lives in the database.
`DASHBOARD_CACHE=0` turns it off."""

import functools
import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from core import versions

from .figures import Period

# A backstop only, for writes made outside Django (core.versions): the version
# is what keeps figures fresh.
TIMEOUT = 60 * 60


@functools.cache
def _code_digest() -> str:
    """A digest of the project's code and templates, read once a process, on its
    first dashboard rather than at every start-up (each command, each worker): what is
    kept (pickled figures, rendered HTML) is only read back by the code that made it."""
    digest = hashlib.sha256()
    skipped = {"node_modules", "staticfiles", "tests", "docs", "bench", "screenshots"}
    for folder in sorted(Path(settings.BASE_DIR).iterdir()):
        if folder.is_dir() and folder.name not in skipped and not folder.name.startswith("."):
            for path in sorted([*folder.rglob("*.py"), *folder.rglob("*.html")]):
                digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


T = TypeVar("T")


def cached(name: str, period: Period, build: Callable[[], T]) -> T:
    """What `build()` returns for `name` (what the figures cover: "plan:7",
    "overview:3,1,2") over `period`: from the cache if it was built at this data
    version today, else built now and kept."""
    if not settings.DASHBOARD_CACHE or versions.writes_pending():
        return build()
    version = versions.current()  # read before the figures are built: see core.versions
    if version is None:
        return build()
    key = _key(version, name, period)
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, TIMEOUT)
    return value


def _key(version: int, name: str, period: Period) -> str:
    parts = (
        _code_digest(), version, timezone.localdate(), name, period.as_of, period.since, period.stale_days,
        settings.UPDATE_DUE_SOON_DAYS,
    )  # fmt: skip
    return "dashboard:" + hashlib.sha256(repr(parts).encode()).hexdigest()
