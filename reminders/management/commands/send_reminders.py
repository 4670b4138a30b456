"""Send the reminders due now, or say who would get what (--dry-run).
The scheduler runs this every 15 minutes through the job queue; it can also
run from cron. Running it again sends nothing twice."""

import datetime

from django.core.management.base import BaseCommand, CommandError

from reminders.models import SentReminder
from reminders.sending import scheduled_run, send_reminders


def _day(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError as error:
        raise CommandError(f"--date must be a day written YYYY-MM-DD, not {text!r}.") from error


def _short(text: str, length: int = 60) -> str:
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


def _named(action) -> str:
    return f"{action.reference}: {action.text}" if action.reference else action.text


class Command(BaseCommand):
    help = "Send the reminder emails due now (each once), or list them with --dry-run."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Print who would get what; send nothing.")
        parser.add_argument(
            "--date", help="Send (or list) the reminders of this day, YYYY-MM-DD, instead of today's (catching up)."
        )

    def handle(self, *args, dry_run: bool, date: str | None, **options):
        if date or dry_run:
            run = send_reminders(_day(date) if date else None, dry_run=dry_run)
        else:  # as the schedule runs it, from cron
            run = scheduled_run()
        if run.day is None:
            self.stdout.write(run.reason)
            return
        if dry_run:
            self._print(run)
            return
        self.stdout.write(str(run))
        if run.failed:
            raise CommandError(f"{run.failed} email(s) could not be sent; the next run tries them again.")

    def _print(self, run):
        if not run.digests:
            self.stdout.write(f"{run.day:%A %-d %B %Y}: nothing to send.")
            return
        self.stdout.write(f"{run.day:%A %-d %B %Y}: {len(run.digests)} email(s) would be sent (dry run, none sent).")
        for digest in run.digests:
            user = digest.user
            self.stdout.write(
                f"\n{user.get_full_name() or user.username} <{user.email}>: {SentReminder.Kind(digest.kind).label}"
            )
            for row in digest.summary:
                theme = _short(row.theme.title) if row.theme else "no theme"
                self.stdout.write(
                    f"  {_short(row.plan.title)}, {theme}: {row.actions} actions, {row.on_track} on track, "
                    f"{row.late} late, {row.no_update} no update"
                )
            for item in digest.items:
                self.stdout.write(f"  - {_short(_named(item.action))} [{item.rule}, due {item.due_on:%-d %b %Y}]")
            for approval in digest.approvals:
                self.stdout.write(
                    f"  - {_short(_named(approval.action))} [update awaiting approval for {approval.days_waiting} days]"
                )
