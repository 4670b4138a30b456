"""How long a 10,000-row workbook takes to read, preview and import.

.venv/bin/python bench/import_10k.py --database sqlite
.venv/bin/python bench/import_10k.py --database postgres --rows 10000
"""

import datetime

from harness import fresh_database, parse_args, timed

args = parse_args(__doc__, rows={"type": int, "default": 10_000})

with fresh_database(args.database):
    from django.contrib.auth import get_user_model
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client, override_settings

    from imports.forms import read_upload
    from imports.importing import NewPlan, run_import
    from imports.tabulate import read_table
    from plans.models import Organisation
    from spreadsheets import Sheet, write_xlsx

    council = Organisation.objects.create(name="Bench Council", slug="bench-council", kind="council")
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
    print(f"{args.database}: a workbook of {args.rows:,} rows, {len(workbook) / 1024 / 1024:.1f} MB")

    # The upload request itself, through the page, with the database queue (the check is left to a worker).
    admin = get_user_model().objects.create_superuser("bench-admin", "bench@example.org", "bench-pass-123")
    client = Client()
    client.force_login(admin)

    def upload():
        file = SimpleUploadedFile("plan.xlsx", workbook)
        form = {"file": file, "new_plan_title": "Bench plan", "new_plan_organisation": council.pk}
        with override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}):
            response = client.post("/imports/new/", form, HTTP_HOST="localhost")
        assert response.status_code == 302, response.status_code
        return response

    upload_seconds, _ = timed(upload, args.repeat)
    read_seconds, read = timed(lambda: read_upload("plan.xlsx", workbook), args.repeat)
    print(f"  the upload request:        {upload_seconds:6.2f} s  (the check job then reads the file)")
    table = read_table(read)
    print(f"  read the workbook:         {read_seconds:6.1f} s")
    preview_seconds, outcome = timed(
        lambda: run_import(table=table, new_plan=NewPlan("Bench plan", council), write=False), args.repeat
    )
    assert not outcome.problems, outcome.problems[:3]
    print(f"  preview (nothing written): {preview_seconds:6.1f} s  {outcome.counts['actions_new']:,} new actions")
    import_seconds, outcome = timed(
        lambda: run_import(table=table, new_plan=NewPlan("Bench plan", council), write=True), 1
    )
    print(f"  import (written):          {import_seconds:6.1f} s  {outcome.counts['actions_new']:,} actions, "
          f"{outcome.counts['progress_updates_new']:,} progress updates")  # fmt: skip
    plan = outcome.plan
    again_seconds, outcome = timed(lambda: run_import(table=table, plan=plan, write=False), 1)
    print(f"  the same file again:       {again_seconds:6.1f} s  {outcome.counts['actions_unchanged']:,} unchanged")
    total = read_seconds + preview_seconds + import_seconds
    print(f"  upload → preview → import: {total:6.1f} s")
