"""How long the reminders take, and how many queries, at two sizes.

    .venv/bin/python bench/reminders.py --database sqlite
    .venv/bin/python bench/reminders.py --database postgres

Each size is generated with `generate_partnership` into a fresh database,
with people spread over its organisations (a lead officer in four, the rest
officers) and five chairs. Measured on the first working day of next week:
finding who gets what (`digests_for_day`), the dry run, and a real run
through the in-memory email backend (every email built, logged and "sent").
Finding who gets what must take the same number of queries at both sizes.
"""

import os

from harness import fresh_database, parse_args, sizes_option, timed

SIZES = {
    "small": {"plans": 5, "actions": 2_000, "updates": 4_000, "people": 200},
    "large": {"plans": 50, "actions": 20_000, "updates": 40_000, "people": 2_000},
}
args = parse_args(__doc__, sizes=sizes_option(SIZES))

if len(args.sizes) > 1:
    # Django is configured once per process: each size runs in its own, and
    # the last compares the query counts.
    import subprocess
    import sys

    counts = []
    for size in args.sizes:
        done = subprocess.run(
            [sys.executable, __file__, "--database", args.database, "--repeat", str(args.repeat), "--sizes", size],
            check=True,
            capture_output=True,
            text=True,
        )
        print(done.stdout, end="")
        counts.append(int(done.stdout.rsplit("finding queries=", 1)[1].split()[0]))
    assert len(set(counts)) == 1, f"finding who gets what took {counts} queries: it grows with the size"
    print(f"Finding who gets what takes {counts[0]} queries at every size.")
    raise SystemExit

os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"
size = args.sizes[0]
config = SIZES[size]
with fresh_database(args.database):
    import datetime

    from django.contrib.auth import get_user_model
    from django.core import mail
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from plans.models import Membership, Organisation
    from reminders.calendar import first_working_day_of_week
    from reminders.digests import digests_for_day
    from reminders.sending import send_reminders

    call_command(
        "generate_partnership",
        plans=config["plans"],
        actions=config["actions"],
        updates=config["updates"],
        verbosity=0,
    )
    User = get_user_model()
    organisations = list(Organisation.objects.exclude(kind=Organisation.Kind.PARTNERSHIP).order_by("pk"))
    partnership = Organisation.objects.get(kind=Organisation.Kind.PARTNERSHIP)
    users = User.objects.bulk_create(
        User(username=f"person{n}", email=f"person{n}@example.org") for n in range(config["people"])
    )
    Membership.objects.bulk_create(
        Membership(
            user=user,
            organisation=partnership if n < 5 else organisations[n % len(organisations)],
            role=Membership.Role.CHAIR if n < 5 else Membership.Role.LEAD if n < 5 + len(organisations) else "officer",
        )
        for n, user in enumerate(users)
    )
    day = first_working_day_of_week(timezone.localdate() + datetime.timedelta(days=7))

    def measure(function, repeat):
        """Seconds, queries per run and the result. Queries are counted, not
        kept: Django's query log stops at 9,000."""
        queries = []

        def count(execute, sql, params, many, context):
            queries.append(1)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(count):
            seconds, result = timed(function, repeat)
        return seconds, len(queries) // repeat, result

    seconds, finding, digests = measure(lambda: digests_for_day(day), args.repeat)
    emails = len(digests)
    items = sum(len(d.items) for d in digests)
    print(
        f"{args.database} {size:5} {config['actions']:6,} actions {config['people']:5,} people: "
        f"{emails:,} emails, {items:,} actions listed"
    )
    print(f"  who gets what     {seconds:7.2f} s  finding queries={finding}")
    seconds, count, _ = measure(lambda: send_reminders(day, dry_run=True), args.repeat)
    print(f"  dry run           {seconds:7.2f} s  {count} queries")
    seconds, count, run = measure(lambda: send_reminders(day), 1)
    assert run.sent == emails and len(mail.outbox) == emails, run
    # SQLite takes at most 999 values in one statement: a long email's log rows go in several inserts.
    print(f"  sending (locmem)  {seconds:7.2f} s  {count} queries ({count - finding} to log {emails:,} emails)")
    seconds, count, again = measure(lambda: send_reminders(day), 1)
    assert again.sent == 0 and not again.digests, again
    print(f"  running again     {seconds:7.2f} s  {count} queries, nothing sent")
