"""The action list searched (/actions/?q=…) against the Django admin's
changelist searched for the same words (/admin/actions/action/?q=…), on the
same data, as a superuser.

    .venv/bin/python bench/search.py --database sqlite --sizes small
    .venv/bin/python bench/search.py --database postgres --sizes large

Each size is generated with `generate_partnership` into a fresh database
(analysed afterwards on PostgreSQL, as a live database would be). Every
generated action says "Synthetic action <n>: reduce child poverty in the
priority wards", is owned by "Synthetic owners" and every update says
"Synthetic progress update", so the words below cover a search that matches
every action through its own text, one that matches only through progress,
a reference, and a word that matches nothing. Each figure is the median of
--repeat runs, printed beside the admin's with the ratio (page / admin) and
the queries of one request; the API (/api/v1/actions/?q=…) uses the page's
FilterSet and is shown for reference.
"""

import re

from harness import PARTNERSHIP_SIZES, each_size_apart, fresh_database, parse_args, sizes_option, timed

SIZES = PARTNERSHIP_SIZES
WORDS = ["action", "child poverty", "progress", "S1234", "housing"]
args = parse_args(__doc__, sizes=sizes_option(SIZES))

each_size_apart(args)


def measure(client, url: str) -> tuple[float, int, int]:
    """The median time of a GET, in seconds, the queries of one, and how many
    actions it found (the page's and the admin's own counts)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    assert client.get(url).status_code == 200, url  # warm up, and check
    with CaptureQueriesContext(connection) as queries:
        seconds, response = timed(lambda: client.get(url), args.repeat)
    assert response.status_code == 200, url
    if response["Content-Type"].startswith("application/json"):
        found = response.json()["count"]
    else:  # "<h2 …>20000 actions</h2>" on the page, "20000 results" in the admin
        found = int(re.search(r'(?:results-heading">|>\s*)(\d+) (?:actions?|results?)\b', response.content.decode())[1])
    return seconds, len(queries.captured_queries) // args.repeat, found


def column(figure: tuple[float, int, int]) -> str:
    return f"{figure[0] * 1000:7.0f} ms {figure[1]:3} q {figure[2]:6}"


for size in args.sizes:
    with fresh_database(args.database):
        from urllib.parse import urlencode

        from django.contrib.auth import get_user_model
        from django.core.management import call_command
        from django.db import connection
        from django.test import Client

        from actions.models import Action
        from progress.models import ProgressUpdate

        call_command("generate_partnership", **SIZES[size], verbosity=0)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        admin = get_user_model().objects.create_superuser("bench-admin", "admin@example.org", "x")
        client = Client()
        client.force_login(admin)

        print(
            f"\n{args.database}, {size}: {Action.objects.count():,} actions, "
            f"{ProgressUpdate.objects.count():,} updates; median of {args.repeat}, "
            "queries per request, actions found; ratio = page / admin"
        )
        print(f"{'q':14} {'page /actions/':>24}   {'admin changelist':>24}   ratio   {'API /api/v1/actions/':>24}")
        for words in WORDS:
            query = urlencode({"q": words})
            page = measure(client, f"/actions/?{query}")
            changelist = measure(client, f"/admin/actions/action/?{query}")
            api = measure(client, f"/api/v1/actions/?{query}")
            ratio = page[0] / changelist[0] if changelist[0] else float("nan")
            print(f"{words:14} {column(page)}   {column(changelist)}   {ratio:5.2f}   {column(api)}")
