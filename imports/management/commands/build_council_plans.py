from django.core.management.base import BaseCommand, CommandError

from imports.council_plans import FIXTURE_PATH, SourceError, build_fixture, render_fixture


class Command(BaseCommand):
    help = "Build fixtures/council_plans.json from the transcriptions in fixtures/source/."

    def add_arguments(self, parser):
        parser.add_argument(
            "--check", action="store_true", help="Fail if the committed fixture differs from its source."
        )

    def handle(self, *args, check: bool, **options):
        try:
            rendered = render_fixture(build_fixture())
        except SourceError as error:
            raise CommandError(f"The source cannot be built: {error}") from error
        current = FIXTURE_PATH.read_text(encoding="utf-8") if FIXTURE_PATH.exists() else ""
        if check:
            if rendered != current:
                raise CommandError(f"{FIXTURE_PATH.name} is out of date; run `python manage.py build_council_plans`.")
            self.stdout.write(f"{FIXTURE_PATH.name} matches its source.")
            return
        FIXTURE_PATH.write_text(rendered, encoding="utf-8")
        self.stdout.write(f"Wrote {FIXTURE_PATH}.")
