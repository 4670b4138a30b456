"""How long the dashboards take at two sizes of partnership.

    .venv/bin/python bench/dashboards.py --database sqlite
    .venv/bin/python bench/dashboards.py --database postgres

Each size is generated with `generate_partnership` into a fresh database; the
pages are requested through Django's test client as a partnership chair.
"""

from harness import fresh_database, parse_args, timed

SIZES = {
    "small": {"plans": 5, "actions": 1_000, "updates": 10_000},
    "large": {"plans": 50, "actions": 20_000, "updates": 200_000},
}
args = parse_args(__doc__, sizes={"nargs": "*", "default": list(SIZES), "choices": list(SIZES)})

if len(args.sizes) > 1:
    # Django is configured once per process: each size runs in its own.
    import subprocess
    import sys

    for size in args.sizes:
        subprocess.run(
            [sys.executable, __file__, "--database", args.database, "--repeat", str(args.repeat), "--sizes", size],
            check=True,
        )
    raise SystemExit

results = []
for size in args.sizes:
    with fresh_database(args.database):
        from django.contrib.auth import get_user_model
        from django.core.management import call_command
        from django.db import connection
        from django.test import Client
        from django.test.utils import CaptureQueriesContext

        from plans.models import Membership, Plan

        call_command("generate_partnership", **SIZES[size], verbosity=0)
        chair = get_user_model().objects.create_user("bench-chair")
        Membership.objects.create(user=chair, role=Membership.Role.CHAIR)
        client = Client()
        client.force_login(chair)
        plan = Plan.objects.order_by("pk").first()
        pages = {
            "partnership overview": "/dashboard/",
            "plan dashboard": f"/plans/{plan.slug}/dashboard/",
            "overview as of a past day": "/dashboard/?as_of=2026-01-31&since=2025-10-31",
        }
        for name, url in pages.items():
            client.get(url)  # warm up
            with CaptureQueriesContext(connection) as queries:
                seconds, response = timed(lambda url=url, client=client: client.get(url), args.repeat)
            assert response.status_code == 200
            results.append((size, name, seconds, len(queries.captured_queries) // args.repeat))
            print(
                f"{args.database} {size:5} {name:28} {seconds * 1000:8.0f} ms  {len(queries.captured_queries) // args.repeat} queries"
            )
