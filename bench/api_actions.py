"""The action list endpoint (/api/v1/actions/) against the action list page
(/actions/) on the same data, the same filters and the same page of 50.

    .venv/bin/python bench/api_actions.py --database sqlite --sizes small
    .venv/bin/python bench/api_actions.py --database postgres --sizes large

Each size is generated with `generate_partnership` into a fresh database
(analysed afterwards on PostgreSQL, as a live database would be) and every
generated plan is then published, so that an anonymous API call reads the
same actions. The page and the signed-in calls are made through Django's test
client as a partnership chair; each figure is the median of --repeat runs,
printed beside its peer with the ratio and the queries of one request.
"""

import os

from harness import PARTNERSHIP_SIZES, each_size_apart, fresh_database, parse_args, sizes_option, timed

SIZES = PARTNERSHIP_SIZES
# What is asked of both, as the page's query string. "action 12" matches
# about one action in eighteen of the generated text ("Synthetic action 12…").
CASES = {
    "first page": "",
    "last page ({last})": "page={last}",
    "status": "status=off_track",
    "search": "q=action+12",
    "status and search": "status=off_track&q=action+12",
    "status, sorted by due": "status=off_track&sort=due",
}
args = parse_args(__doc__, sizes=sizes_option(SIZES))

each_size_apart(args)

# The anonymous calls are measured, not throttled (120 an hour by default).
os.environ["API_ANONYMOUS_RATE"] = "100000/hour"


def measure(client, url: str) -> tuple[float, int]:
    """The median time of a GET, in seconds, and the queries of one."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    assert client.get(url).status_code == 200, url  # warm up, and check
    with CaptureQueriesContext(connection) as queries:
        seconds, response = timed(lambda: client.get(url), args.repeat)
    assert response.status_code == 200, url
    return seconds, len(queries.captured_queries) // args.repeat


def row(label: str, page: tuple[float, int], api: tuple[float, int]) -> str:
    ratio = api[0] / page[0] if page[0] else float("nan")
    return f"{label:24} {page[0] * 1000:8.0f} ms {page[1]:4} q   {api[0] * 1000:8.0f} ms {api[1]:4} q   {ratio:5.2f}"


for size in args.sizes:
    with fresh_database(args.database):
        from django.contrib.auth import get_user_model
        from django.core.management import call_command
        from django.db import connection
        from django.test import Client

        from actions.models import Action
        from plans.models import Membership, Plan

        call_command("generate_partnership", **SIZES[size], verbosity=0)
        Plan.objects.update(is_public=True)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        chair = get_user_model().objects.create_user("bench-chair")
        Membership.objects.create(user=chair, role=Membership.Role.CHAIR)
        signed_in, anonymous = Client(), Client()
        signed_in.force_login(chair)

        print(
            f"\n{args.database}, {size}: {Action.objects.count():,} actions in "
            f"{Plan.objects.published().count()} published plans; median of {args.repeat}, "
            "queries per request; ratio = API / page"
        )
        print(f"{'':24} {'page /actions/':>19}   {'API /api/v1/actions/':>19}   ratio")
        last = -(-Action.objects.count() // 50)
        for label, query in CASES.items():
            suffix = f"?{query.format(last=last)}" if query else ""
            page = measure(signed_in, f"/actions/{suffix}")
            api = measure(signed_in, f"/api/v1/actions/{suffix}")
            print(row(label.format(last=last), page, api))
        # The public pages have no action list to set beside it: the
        # anonymous call is set beside the chair's call of the same page.
        chair_call = measure(signed_in, "/api/v1/actions/")
        anonymous_call = measure(anonymous, "/api/v1/actions/")
        print(f"{'':24} {'API, signed in':>19}   {'API, anonymous':>19}   ratio")
        print(row("first page", chair_call, anonymous_call))
