"""Expire import previews nobody confirmed, and mark imports that never
finished as interrupted, dropping their uploaded files; give up undos that
never finished (each wrote nothing). Run it daily (see
README, "Importing and exporting spreadsheets")."""

from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from imports.services import IMPORT_RUNS_AT_MOST, import_records_expire


class Command(BaseCommand):
    help = (
        "Mark previews older than IMPORT_PREVIEW_EXPIRES_HOURS as expired and imports still running after "
        "--interrupted-after-minutes as interrupted, and drop their uploaded files."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--interrupted-after-minutes",
            type=int,
            default=int(IMPORT_RUNS_AT_MOST.total_seconds() // 60),
            help="An import still running after this many minutes was killed part-way (default: %(default)s).",
        )

    def handle(self, *args, interrupted_after_minutes, **options):
        if interrupted_after_minutes < 1:
            raise CommandError("--interrupted-after-minutes must be at least 1.")
        done = import_records_expire(interrupted_after=timedelta(minutes=interrupted_after_minutes))
        hours = settings.IMPORT_PREVIEW_EXPIRES_HOURS
        self.stdout.write(
            f"{done['expired']} preview(s) older than {hours} hour(s) expired; "
            f"{done['interrupted']} import(s) that never finished marked interrupted (each wrote nothing); "
            f"{done['files_dropped']} uploaded file(s) dropped; "
            f"{done['undos_given_up']} undo(s) that never finished given up (the import stands)."
        )
