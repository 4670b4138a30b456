"""How long the dashboards take at two sizes of partnership, each beside a
hand-written SQL floor for the same figures, timed in the same run.

    .venv/bin/python bench/dashboards.py --database sqlite --sizes small
    .venv/bin/python bench/dashboards.py --database postgres

Each size is generated with `generate_partnership` into a fresh database,
then ANALYZEd (VACUUM ANALYZE on PostgreSQL: what autovacuum keeps a live
server at; a server that has just been loaded has no statistics otherwise).
The pages are requested through Django's test client as a partnership chair
with no organisation, who sees every plan: the partnership overview, the
first plan's dashboard, and the overview as of six months back.

The floor (PostgreSQL only) works out each action's status, latest date and
status at the start of the period once, with DISTINCT ON, into a temporary
table, then reads from it every figure the page shows: status counts and the
overdue, late and stale counts per plan (or theme), the totals, the
transitions, the counts per owner, the new updates, and the lists of overdue,
late, due-soon and changed actions. It reads the action's summary columns
where the page does (today's status), and leaves out what no figure needs
(permissions, the plan list, rendering).
"""

import datetime
import os

from harness import PARTNERSHIP_SIZES, each_size_apart, fresh_database, parse_args, sizes_option, timed

SIZES = PARTNERSHIP_SIZES
args = parse_args(__doc__, sizes=sizes_option(SIZES))

# The figures themselves, never a cached copy of them (dashboards/cache.py).
os.environ["DASHBOARD_CACHE"] = "0"

each_size_apart(args)

# The latest approved update of each action as it stood on a day: the rule of
# actions.models.latest_updates, written once per day for every action.
LATEST = """
    SELECT DISTINCT ON (action_id) action_id, date_of_update, status
    FROM progress_progressupdate
    WHERE state = 'approved' AND (date_of_update IS NULL OR date_of_update <= %(day)s)
      AND action_id IN (SELECT id FROM actions_action WHERE plan_id = ANY(%(plans)s))
    ORDER BY action_id, date_of_update DESC NULLS LAST, created_at DESC, id DESC
"""
REPORTED = "COALESCE(CASE WHEN {0}.status = '' THEN 'not_recorded' ELSE {0}.status END, 'none')"

# Each action's figures as of the day, with the schedule rule (actions.schedule)
# written out: the next update is due at the earlier of its review and its
# plan's next owed, unanswered round.
PER_ACTION = """
CREATE TEMPORARY TABLE floor_actions AS
WITH now AS ({now}), then_ AS ({then})
SELECT a.id, a.plan_id, COALESCE(t.parent_id, t.id) AS top_theme, a.due_date, a.position,
       {status} AS status, {status_then} AS status_then, {latest_on} AS latest_on,
       COALESCE({latest_on}, (a.created_at AT TIME ZONE %(tz)s)::date) AS last_activity,
       LEAST(
           CASE WHEN a.review_cadence IS NOT NULL
                THEN (COALESCE({latest_on}, (a.created_at AT TIME ZONE %(tz)s)::date)
                      + make_interval(months => a.review_cadence))::date
                WHEN a.due_date IS NOT NULL AND ({latest_on} IS NULL OR {latest_on} < a.due_date) THEN a.due_date
           END,
           (SELECT min(r.updates_due_on) FROM plans_reportinground r
            WHERE r.plan_id = a.plan_id AND r.updates_due_on >= (a.created_at AT TIME ZONE %(tz)s)::date
              AND ({latest_on} IS NULL OR r.opens_on > {latest_on}))
       ) AS next_due
FROM actions_action a
LEFT JOIN plans_theme t ON t.id = a.theme_id
{join_now}
LEFT JOIN then_ ON then_.action_id = a.id
WHERE a.plan_id = ANY(%(plans)s)
"""
FLAGS = """
    count(*) AS actions,
    count(*) FILTER (WHERE due_date < %(as_of)s AND status <> 'completed') AS overdue,
    count(*) FILTER (WHERE due_date < %(as_of)s AND due_date >= %(since)s AND status <> 'completed') AS newly_overdue,
    count(*) FILTER (WHERE next_due < %(as_of)s AND status <> 'completed') AS late,
    count(*) FILTER (WHERE next_due BETWEEN %(as_of)s AND %(soon)s AND status <> 'completed') AS due_soon,
    count(*) FILTER (WHERE (latest_on IS NULL OR latest_on < %(stale)s) AND status <> 'completed') AS stale
"""
FIGURES = [
    f"SELECT {{group}}, status, {FLAGS} FROM floor_actions GROUP BY 1, 2",
    "SELECT status_then, status, count(*) FROM floor_actions WHERE status_then <> status GROUP BY 1, 2",
    f"""SELECT o.organisation_id, org.name, {FLAGS},
               count(*) FILTER (WHERE status = 'off_track') AS off_track
        FROM floor_actions JOIN actions_action_owner_organisations o ON o.action_id = floor_actions.id
        JOIN plans_organisation org ON org.id = o.organisation_id GROUP BY 1, 2""",
    """SELECT count(*) FROM progress_progressupdate u JOIN floor_actions a ON a.id = u.action_id
        WHERE u.state = 'approved' AND u.date_of_update > %(since)s AND u.date_of_update <= %(as_of)s""",
    """SELECT u.*, a.* FROM progress_progressupdate u JOIN actions_action a ON a.id = u.action_id
        WHERE u.state = 'approved' AND u.date_of_update > %(since)s AND u.date_of_update <= %(as_of)s
          AND a.plan_id = ANY(%(plans)s)
        ORDER BY u.date_of_update DESC, u.created_at DESC, u.id DESC LIMIT 20""",
    """SELECT a.* FROM floor_actions f JOIN actions_action a USING (id)
        WHERE f.due_date < %(as_of)s AND f.status <> 'completed' ORDER BY f.due_date, f.id LIMIT 10""",
    """SELECT a.* FROM floor_actions f JOIN actions_action a USING (id)
        WHERE f.next_due < %(as_of)s AND f.status <> 'completed' ORDER BY f.last_activity, f.id LIMIT 10""",
    """SELECT a.* FROM floor_actions f JOIN actions_action a USING (id)
        WHERE f.next_due BETWEEN %(as_of)s AND %(soon)s AND f.status <> 'completed'
        ORDER BY f.last_activity, f.id LIMIT 10""",
    """SELECT a.* FROM floor_actions f JOIN actions_action a USING (id)
        WHERE f.due_date < %(as_of)s AND f.due_date >= %(since)s AND f.status <> 'completed'
        ORDER BY f.due_date, f.id LIMIT 20""",
    """SELECT a.*, p.title FROM floor_actions f JOIN actions_action a USING (id) JOIN plans_plan p ON p.id = a.plan_id
        WHERE f.status_then <> f.status ORDER BY p.title, a.plan_id, a.position, a.id LIMIT 20""",
    """SELECT a.*, p.title FROM floor_actions f JOIN actions_action a USING (id) JOIN plans_plan p ON p.id = a.plan_id
        WHERE f.status_then <> f.status AND f.status = 'completed'
        ORDER BY p.title, a.plan_id, a.position, a.id LIMIT 20""",
]


def floor(connection, plans: list[int], period, *, today: bool, group: str) -> None:
    """Every figure of a dashboard of `plans`, in plain SQL."""
    from django.conf import settings

    params = {
        "plans": plans,
        "as_of": period.as_of,
        "since": period.since,
        "day": period.since,
        "stale": period.stale_before,
        "soon": period.as_of + datetime.timedelta(days=settings.UPDATE_DUE_SOON_DAYS),
        "tz": settings.TIME_ZONE,
    }
    if today:  # the action's summary columns, as the page reads them
        parts = {"now": "SELECT 1", "join_now": "", "status": "a.current_status", "latest_on": "a.last_updated_on"}
    else:
        as_of = LATEST.replace("%(day)s", "%(as_of)s")
        parts = {"now": as_of, "join_now": "LEFT JOIN now ON now.action_id = a.id", "status": REPORTED.format("now")}
        parts["latest_on"] = "now.date_of_update"
    sql = PER_ACTION.format(then=LATEST, status_then=REPORTED.format("then_"), **parts)
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS floor_actions")
        cursor.execute(sql, params)
        for figure in FIGURES:
            cursor.execute(figure.format(group=group), params)
            cursor.fetchall()


def measure(size: str) -> None:
    """Generate `size`, then time each page beside its floor."""

    with fresh_database(args.database):
        from django.conf import settings
        from django.contrib.auth import get_user_model
        from django.core.management import call_command
        from django.db import connection
        from django.test import Client
        from django.test.utils import CaptureQueriesContext
        from django.utils import timezone

        from actions.models import Action
        from core.dates import add_months
        from dashboards.figures import Period, build
        from plans.models import Membership, Plan

        call_command("generate_partnership", **SIZES[size], verbosity=0)
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
        chair = get_user_model().objects.create_user("bench-chair")
        Membership.objects.create(user=chair, role=Membership.Role.CHAIR)
        client = Client()
        client.force_login(chair)
        plan = Plan.objects.order_by("pk").first()
        plans = list(Plan.objects.values_list("pk", flat=True))
        today = timezone.localdate()
        back = add_months(today, -6)

        def period_of(query: dict) -> Period:
            """The period the page shows for `query`: the defaults of dashboards.views.PeriodForm."""
            as_of = query.get("as_of", today)
            since = as_of - datetime.timedelta(days=settings.DASHBOARD_CHANGES_SINCE_DAYS)
            return Period(as_of=as_of, since=since, stale_days=settings.DASHBOARD_STALE_AFTER_DAYS)

        pages = [
            ("partnership overview", "/dashboard/?plans=all", {}, plans, "plan_id"),
            ("plan dashboard", f"/plans/{plan.slug}/dashboard/", {}, [plan.pk], "top_theme"),
            ("overview 6 months back", f"/dashboard/?plans=all&as_of={back}", {"as_of": back}, plans, "plan_id"),
        ]
        print(f"{args.database} {size}: {SIZES[size]}")
        print(
            f"  {'page':24} {'page ms':>8} {'figures ms':>10} {'floor ms':>9} {'page/floor':>10} "
            f"{'figures/floor':>13} {'queries':>8}"
        )
        times = {}
        for name, url, query, in_scope, group in pages:
            client.get(url)  # warm up
            with CaptureQueriesContext(connection) as queries:
                seconds, response = timed(lambda url=url: client.get(url), args.repeat)
            assert response.status_code == 200
            count = len(queries.captured_queries) // args.repeat
            times[name] = seconds
            period = period_of(query)

            # The figures alone (dashboards.figures.build), without the rest of
            # the page: its indicators, commentary, chart and rendering.
            def run_figures(in_scope=in_scope, period=period, group=group):
                groups = [(pk, str(pk)) for pk in in_scope] if group == "plan_id" else []
                actions = Action.objects.filter(plan__in=in_scope)
                build(actions, period, groups=groups, group_by=group, base_filters={})

            figures_seconds, _ = timed(run_figures, args.repeat)
            if connection.vendor == "postgresql":

                def run_floor(in_scope=in_scope, period=period, today=not query, group=group):
                    floor(connection, in_scope, period, today=today, group=group)

                floor_seconds, _ = timed(run_floor, args.repeat)
                floor_ms = f"{floor_seconds * 1000:9.0f}"
                ratios = f"{seconds / floor_seconds:9.1f}x {figures_seconds / floor_seconds:12.1f}x"
            else:
                floor_ms, ratios = f"{'—':>9}", f"{'—':>10} {'—':>13}"
            print(f"  {name:24} {seconds * 1000:8.0f} {figures_seconds * 1000:10.0f} {floor_ms} {ratios} {count:8}")
        ratio = times["overview 6 months back"] / times["partnership overview"]
        print(f"  overview 6 months back / today's overview: {ratio:.2f}x")


for size in args.sizes:
    measure(size)
