"""A 10,000-row workbook checked and imported, beside its floor and a peer,
measured in the same run:

(a) the floor: read the workbook, then insert the same plan, themes, actions
    and progress updates with hand-written bulk_create (no checks, no history);
(b) ours, as the product does it: `import_plan --confirm` (read, check and
    write, with history, owner links and the record of the import);
(c) django-import-export's default import of the same actions: a plain
    ModelResource for Action, `resource.import_data(dataset, dry_run=False)`
    (reading the workbook included; themes made beforehand, not timed);
(d) the same file checked again against the plan it made, unchanged
    (`import_plan` without --confirm: read and check), beside reading it alone.

.venv/bin/python bench/import_10k.py --database postgres
.venv/bin/python bench/import_10k.py --database sqlite --rows 2000
"""

import datetime
import statistics
import tempfile
from io import StringIO
from pathlib import Path

from harness import fresh_database, parse_args, timed

args = parse_args(
    __doc__,
    rows={"type": int, "default": 10_000},
    skip_peer={"action": "store_true", "help": "Leave out (c), the slowest."},
)

with fresh_database(args.database):
    import tablib
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection, transaction
    from import_export import resources

    from actions.models import Action
    from imports.forms import read_upload
    from imports.tabulate import cell_text, read_table
    from plans.models import Organisation, Plan, Theme
    from progress.models import ProgressUpdate
    from spreadsheets import Sheet, write_xlsx

    council = Organisation.objects.create(name="Bench Council", slug="bench-council", kind="council")
    admin = get_user_model().objects.create_superuser("bench-admin", "bench@example.org", "bench-pass-123")
    headings = ["Priority", "Child Poverty Strategy Objective", "Action Reference", "Action / Outputs", "Outcomes",
                "Resources/Lead", "Timescale", "Monitoring", "Measure of success", "Progress"]  # fmt: skip
    rows = []
    for number in range(args.rows):
        rows.append([
            f"Priority {number // 1000 + 1}: Theme number {number // 1000 + 1}",
            f"Objective {number // 100 + 1} of the strategy",
            f"A{number}",
            f"Action {number}: work with partners to reduce child poverty in the priority wards, "
            "reviewing current activities and promoting advice services.\n• First output\n• Second output",
            "All community hubs provide advice services around moving out of poverty",
            "Dave Petrie, Hub Managers, CC Managers",
            datetime.date(2027, 3, 31) if number % 3 == 0 else "Annual",
            "6 monthly reviews on info and impact",
            "Numbers of children in low income families decline",
            "Ongoing – review due in next reporting cycle.",
        ])  # fmt: skip
    workbook = write_xlsx([Sheet("Plan", headings, rows)])
    folder = tempfile.TemporaryDirectory()
    path = Path(folder.name) / "plan.xlsx"
    path.write_bytes(workbook)
    print(f"{args.database}: a workbook of {args.rows:,} rows, {len(workbook) / 1024 / 1024:.1f} MB")

    def counted(function):
        """Run `function`, returning (its result, the number of queries it made)."""
        made = []

        def count(execute, sql, params, many, context):
            made.append(1)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(count):
            result = function()
        return result, len(made)

    runs = iter(range(1, 1000))

    # (a) The floor.
    def floor():
        table = read_table(read_upload(path.name, path.read_bytes()))
        with transaction.atomic():
            run = next(runs)
            plan = Plan.objects.create(title=f"Floor {run}", slug=f"floor-{run}", organisation=council)
            theme_ids = {}
            levels = sorted(table.themes.items(), key=lambda item: item[0].parent is not None)
            for parents in (False, True):
                level = [(key, row) for key, row in levels if (key.parent is not None) == parents]
                themes = Theme.objects.bulk_create(
                    Theme(plan=plan, parent_id=theme_ids.get(key.parent), reference=row.reference, title=row.title,
                          kind=row.kind, position=place)
                    for place, (key, row) in enumerate(level)
                )  # fmt: skip
                theme_ids.update({key: theme.pk for (key, _), theme in zip(level, themes, strict=True)})
            actions = Action.objects.bulk_create(
                Action(plan=plan, theme_id=theme_ids.get(row.theme), position=place, **{
                    name: cell_text(row.values.get(name))
                    for name in ["reference", "text", "outcomes", "measures", "owners", "timescale", "monitoring"]
                })
                for place, row in enumerate(table.actions)
            )  # fmt: skip
            ProgressUpdate.objects.bulk_create(
                ProgressUpdate(action=action, narrative=cell_text(row.values.get("progress")), from_source_plan=True)
                for action, row in zip(actions, table.actions, strict=True)
            )
        return len(actions)

    floor_seconds, (written, floor_queries) = timed(lambda: counted(floor), args.repeat)
    assert written == args.rows
    print(f"  (a) floor: read + bulk insert   {floor_seconds:6.2f} s  {floor_queries:6,} queries")

    # (b) Ours: checked and imported, as the command does it.
    def ours():
        out = StringIO()
        call_command("import_plan", str(path), "--new-plan", f"Ours {next(runs)}", "--organisation", council.slug,
                     "--user", admin.username, "--confirm", stdout=out)  # fmt: skip
        return out.getvalue()

    ours_seconds, (output, ours_queries) = timed(lambda: counted(ours), args.repeat)
    assert f"{args.rows:,} of {args.rows:,} rows imported" in output, output[-500:]
    plan = Plan.objects.filter(title__startswith="Ours").latest("pk")
    assert plan.actions.count() == args.rows

    # (c) django-import-export's default import of the same actions.
    class PlainActionResource(resources.ModelResource):
        class Meta:
            model = Action

    def peer_themes() -> dict:
        """The plan and themes the peer's rows point at (not timed: the default import has no way to make them)."""
        run = next(runs)
        target = Plan.objects.create(title=f"Peer {run}", slug=f"peer-{run}", organisation=council)
        return {
            theme.title: theme.pk
            for theme in Theme.objects.bulk_create(
                Theme(plan=target, title=theme.title, position=theme.position) for theme in plan.themes.all()
            )
        } | {"plan": target.pk}

    columns = ["reference", "text", "outcomes", "measures", "owners", "timescale", "monitoring"]

    def peer(themes: dict):
        table = read_table(read_upload(path.name, path.read_bytes()))
        titles = {key: row.title for key, row in table.themes.items()}
        dataset = tablib.Dataset(headers=["plan", "theme", "position", *columns])
        for place, row in enumerate(table.actions):
            theme = themes[titles[row.theme]] if row.theme else None
            dataset.append([themes["plan"], theme, place, *(cell_text(row.values.get(name)) for name in columns)])
        result = PlainActionResource().import_data(dataset, dry_run=False)
        assert not result.has_errors() and not result.has_validation_errors()
        return result.totals["new"]

    peer_times, peer_queries = [], 0
    for _ in range(0 if args.skip_peer else args.repeat):
        themes = peer_themes()
        seconds, (new, peer_queries) = timed(lambda themes=themes: counted(lambda: peer(themes)), 1)
        assert new == args.rows
        peer_times.append(seconds)
    peer_seconds = statistics.median(peer_times) if peer_times else float("nan")

    # (d) The same file again, unchanged: read and checked, beside reading it alone,
    # with the statistics a live database would have of the plan it is checked against.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    read_seconds, (_, read_queries) = timed(lambda: counted(lambda: read_upload(path.name, path.read_bytes())), 3)

    def check_again():
        out = StringIO()
        call_command("import_plan", str(path), "--plan", plan.slug, "--user", admin.username, stdout=out)
        return out.getvalue()

    check_seconds, (output, check_queries) = timed(lambda: counted(check_again), args.repeat)
    assert f"{args.rows} unchanged" in output, output[-500:]

    print(f"  (b) ours: import_plan --confirm {ours_seconds:6.2f} s  {ours_queries:6,} queries  "
          f"{ours_seconds / floor_seconds:4.1f}× the floor (goal ≤ 3×)")  # fmt: skip
    print(f"  (c) import-export's default     {peer_seconds:6.2f} s  {peer_queries:6,} queries  "
          f"ours is {peer_seconds / ours_seconds:4.1f}× faster (goal ≥ 5×)")  # fmt: skip
    print(f"  (d) read the workbook           {read_seconds:6.2f} s  {read_queries:6,} queries")
    print(f"      unchanged file checked      {check_seconds:6.2f} s  {check_queries:6,} queries  "
          f"{check_seconds / read_seconds:4.1f}× the read (goal ≤ 2×)")  # fmt: skip
