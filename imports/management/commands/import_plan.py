"""Import a spreadsheet from the command line, with the same rules as the
import page: a preview unless --confirm, all or nothing, and a record of who
imported what. It runs the pages' jobs itself, here and now: no worker needed.
With --confirm the file is checked and imported in one pass (the admin has
confirmed already), not previewed first and then checked again to import."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from imports.forms import read_upload
from imports.models import ImportRecord
from imports.services import (
    import_record_check,
    import_record_check_and_confirm_steps,
    import_record_create,
    why_not_confirmable,
)
from plans.models import Organisation, Plan
from spreadsheets import SpreadsheetError


class Command(BaseCommand):
    help = "Import a plan's spreadsheet (.xlsx, .ods or .csv): preview it, or import it with --confirm."

    def add_arguments(self, parser):
        parser.add_argument("path", help="The spreadsheet to import.")
        target = parser.add_mutually_exclusive_group(required=True)
        target.add_argument("--plan", help="Slug of the plan to import into.")
        target.add_argument("--new-plan", metavar="TITLE", help="Title of a new plan to create.")
        parser.add_argument("--organisation", help="Slug of the organisation that owns the new plan.")
        parser.add_argument("--user", required=True, help="Username of the admin the import is recorded against.")
        parser.add_argument("--confirm", action="store_true", help="Import for real (otherwise only preview).")
        parser.add_argument(
            "--approve-updates",
            action="store_true",
            help="Where the plan needs approval, mark the new progress updates as approved "
            "(otherwise they await approval by a lead officer).",
        )

    def handle(self, *args, path, plan, new_plan, organisation, user, confirm, approve_updates, **options):
        admin = get_user_model().objects.filter(username=user).first()
        if admin is None or not admin.has_perm("plans.import_plan"):
            raise CommandError(f'"{user}" is not an admin who may import plans.')
        target = self._plan(plan) if plan else None
        owner = self._organisation(organisation) if new_plan else None
        file = Path(path)
        if not file.is_file():
            raise CommandError(f"There is no file at {file}.")
        try:
            content = file.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror or error}.") from None
        try:
            rows = read_upload(file.name, content)
        except SpreadsheetError as error:
            raise CommandError(str(error)) from None
        record = import_record_create(
            user=admin,
            file_name=file.name,
            content=content,
            plan=target,
            new_plan={"title": new_plan, "organisation": owner.pk} if owner else {},
        )
        if not confirm:
            record = import_record_check(record=record, user=admin, rows=rows)
            self._report(record)
            self._refuse_if_problems(record)
            self.stdout.write("This was a preview: nothing was written. Run again with --confirm to import.")
            return
        steps = import_record_check_and_confirm_steps(
            record=record, user=admin, rows=rows, approve_updates=approve_updates
        )
        for step in steps:
            if isinstance(step, ImportRecord):
                record = step
            else:
                self.stdout.write(f"{step[0]:,} of {step[1]:,} rows imported…")
        if record.status == ImportRecord.Status.INTERRUPTED:
            raise CommandError(why_not_confirmable(record))
        self._report(record)
        self._refuse_if_problems(record)
        if record.status != ImportRecord.Status.IMPORTED:
            raise CommandError("Nothing was imported.")
        self.stdout.write(self.style.SUCCESS(f"Imported into {record.plan.title} (import record {record.pk})."))
        if record.updates_approved and record.counts["progress_updates_new"]:
            self.stdout.write(
                f"The {record.counts['progress_updates_new']} new progress update(s) were marked as approved."
            )
        elif awaiting := record.counts.get("progress_updates_awaiting_approval"):
            self.stdout.write(f"The {awaiting} new progress update(s) await approval by a lead officer.")

    def _refuse_if_problems(self, record: ImportRecord) -> None:
        if record.problems:
            unmapped = "text" not in record.mapping.values()
            raise CommandError(_refusal(record.problems) + (CHOOSE_ON_THE_PAGE if unmapped else ""))

    def _plan(self, slug: str) -> Plan:
        try:
            return Plan.objects.get(slug=slug)
        except Plan.DoesNotExist:
            raise CommandError(f'No plan has the slug "{slug}".') from None

    def _organisation(self, slug: str | None) -> Organisation:
        if not slug:
            raise CommandError("Give --organisation, the slug of the organisation that owns the new plan.")
        try:
            return Organisation.objects.get(slug=slug)
        except Organisation.DoesNotExist:
            raise CommandError(f'No organisation has the slug "{slug}".') from None

    def _report(self, record: ImportRecord) -> None:
        counts = record.counts
        self.stdout.write(
            f"{record.file_name}: header on row {record.header_row}, {counts.get('rows', 0)} action rows."
        )
        if "rows" in counts:  # a file refused as a whole has only its problems
            removed = f", {counts['actions_removed']} removed" if "actions_removed" in counts else ""
            self.stdout.write(
                f"Themes: {counts['themes_new']} new, {counts['themes_existing']} existing. "
                f"Actions: {counts['actions_new']} new, {counts['actions_updated']} updated, "
                f"{counts['actions_unchanged']} unchanged{removed}. "
                f"Progress updates: {counts['progress_updates_new']} new."
            )
        for change in record.changes:
            if change["change"] == "update":
                self.stdout.write(f"  Row {change['row']}: updated {', '.join(change['fields'])}")
        for problem in record.problems:
            where = ", ".join(
                part for part in [f"Row {problem['row']}" if problem["row"] else "", problem["column"]] if part
            )
            self.stdout.write(self.style.ERROR(f"  {where + ': ' if where else ''}{problem['message']}"))


# The command has no page to choose the header row and columns on.
CHOOSE_ON_THE_PAGE = (
    " The command reads only the headings it knows (see the README); rename the action column's heading to"
    ' "Action", or import the file on the Imports page, where the header row and each column can be chosen.'
)


def _refusal(problems: list[dict]) -> str:
    """Why nothing was imported: a problem with the file as a whole in its own words."""
    if len(problems) == 1 and not problems[0]["row"]:
        return f"1 problem: nothing was imported. {problems[0]['message']}"
    return f"{len(problems)} problem(s): nothing was imported (listed above)."
