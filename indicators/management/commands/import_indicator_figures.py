"""Check a spreadsheet of indicator figures, and with --confirm write it: the
same checks and the same all-or-nothing write as the import page."""

from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from spreadsheets import SpreadsheetError, read_rows

from ...spreadsheet import MAX_ROWS, NotWritten, figures_check, figures_write


class Command(BaseCommand):
    help = "Check (and with --confirm, import) a spreadsheet of indicator figures, as the given user."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--user", required=True, help="Username the figures are entered as; their rights apply")
        parser.add_argument("--confirm", action="store_true", help="Write the changes; without it, only check")

    def handle(self, *args, file, user, confirm, **options):
        path = Path(file)
        try:
            importer = get_user_model().objects.get(username=user)
            rows = read_rows(
                path.name, path.read_bytes(), max_bytes=settings.IMPORT_MAX_UPLOAD_BYTES, max_rows=MAX_ROWS,
                max_columns=settings.IMPORT_MAX_COLUMNS, max_uncompressed_bytes=settings.IMPORT_MAX_UNCOMPRESSED_BYTES,
            )  # fmt: skip
        except (OSError, SpreadsheetError, get_user_model().DoesNotExist) as error:
            raise CommandError(str(error)) from error
        checked = figures_check(rows, importer)
        for change in checked.changes:
            self.stdout.write(f"Row {change.row}: {change.indicator} {change.period}: {'; '.join(change.describe())}")
        if checked.problems:
            self._fail(checked.problems)
        self.stdout.write(f"{len(checked.changes)} rows to change, {checked.unchanged} unchanged")
        if confirm and checked.changes:
            try:
                figures_write(checked.changes, importer)
            except NotWritten as failure:
                self._fail(failure.problems)
            self.stdout.write(self.style.SUCCESS("Imported"))

    def _fail(self, problems):
        for problem in problems:
            self.stderr.write(f"Row {problem.row or '–'}, {problem.column or 'file'}: {problem.message}")
        raise CommandError(f"{len(problems)} problem(s): nothing written")
