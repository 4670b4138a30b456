"""How long the board report takes for a large partnership, beside the
partnership overview it stands on, measured in the same run.

    .venv/bin/python bench/board_report.py --database postgres
    .venv/bin/python bench/board_report.py --database sqlite

Generates 50 plans, 20,000 actions and 200,000 updates with
`generate_partnership` into a fresh database, runs ANALYZE, then times as a
partnership chair (median of --repeat runs, through Django's test client):
the overview and the report as it is now (what a board reads, capped
lists), each with its figures built (the dashboards' cache emptied first)
and from the cache (as when the chair comes from her dashboard);
the report listing every action, as it was (dashboards.reports.FULL_LIST_UP_TO
raised); asking for the workbook (the page, and the POST that queues the
job); and the job itself, building the workbook. Prints ms, bytes and queries.
"""

from harness import PARTNERSHIP_SIZES, fresh_database, parse_args, timed

SIZE = PARTNERSHIP_SIZES["large"]
args = parse_args(__doc__)

with fresh_database(args.database):
    from django.contrib.auth import get_user_model
    from django.core.cache import cache
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from dashboards import reports
    from dashboards.models import BoardWorkbook
    from dashboards.tasks import build_board_workbook
    from plans.models import Membership, Plan

    call_command("generate_partnership", **SIZE, verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    chair = get_user_model().objects.create_user("bench-chair")
    Membership.objects.create(user=chair, role=Membership.Role.CHAIR)
    client = Client()
    client.force_login(chair)
    plan = Plan.objects.order_by("pk").first()

    rows = []

    def measure(name: str, request, repeat: int = args.repeat) -> float:
        request()  # warm up
        with CaptureQueriesContext(connection) as queries:
            seconds, response = timed(request, repeat)
        size = len(response.content) if hasattr(response, "content") else len(response)
        count = len(queries.captured_queries) // repeat
        rows.append((name, seconds, size, count))
        print(f"{args.database} {name:48} {seconds * 1000:8.0f} ms {size:>12,} bytes {count:4} queries", flush=True)
        return seconds

    def get(url, cold: bool = False):
        """A GET of `url`; `cold`: with the dashboards' cache emptied first (dashboards.cache), so
        the figures are built; else they come from the cache, as after the dashboard."""

        def request():
            if cold:
                cache.clear()
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
            return response

        return request

    overview = measure("partnership overview, figures built", get("/dashboard/", cold=True))
    report = measure("board report, figures built", get("/dashboard/report/", cold=True))
    overview_warm = measure("partnership overview, figures from the cache", get("/dashboard/"))
    report_warm = measure("board report, figures from the cache", get("/dashboard/report/"))
    plan_url = f"/plans/{plan.slug}/dashboard/report/"
    plan_report = measure(f"plan board report ({plan.actions.count()} actions), built", get(plan_url, cold=True))
    measure("workbook: the page that asks for it, built", get("/dashboard/report.xlsx", cold=True))

    def ask():
        BoardWorkbook.objects.all().delete()  # else the second asks finds the first still waiting
        response = client.post("/dashboard/report.xlsx")
        assert response.status_code == 302
        return response

    measure("workbook: asking for it (queues the job)", ask)
    workbook = BoardWorkbook.objects.get()

    def build():
        BoardWorkbook.objects.filter(pk=workbook.pk).update(status=BoardWorkbook.Status.BUILDING, content=None)
        assert build_board_workbook.call(workbook.pk) == "ready"
        return bytes(BoardWorkbook.objects.get(pk=workbook.pk).content)

    measure("workbook: the job building it", build, repeat=1)

    reports.FULL_LIST_UP_TO = 10**9  # as it was: every action on the page, the workbook built at once
    before = measure("board report listing every action (before), built", get("/dashboard/report/", True), repeat=1)
    measure("workbook built while the page waits (before), built", get("/dashboard/report.xlsx", True), repeat=1)

    print()
    print(
        f"report / overview, figures built: {report / overview:.2f}×; from the cache: {report_warm / overview_warm:.2f}×"
    )
    print(f"report before / now: {before / report:.1f}×; plan report / overview: {plan_report / overview:.2f}×")
