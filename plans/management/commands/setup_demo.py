from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.text import Truncator

from plans.demo import demo_reporting_patterns_set, demo_users_reset
from plans.models import Plan, long_date


class Command(BaseCommand):
    help = (
        "Load the five council plans (unless plans are already loaded) and create a demo user per role, "
        "printing their new passwords. Development only."
    )

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("setup_demo creates users with known passwords; it only runs with DEBUG on.")
        if Plan.objects.exists():
            self.stdout.write("Plans are already loaded; leaving them as they are.")
        else:
            call_command("loaddata", "council_plans", verbosity=0)
            self.stdout.write(f"Loaded {Plan.objects.count()} council plans.")
        self._set_reporting_rounds()
        self.stdout.write("\nDemo users (new passwords on every run):")
        for membership, password in demo_users_reset():
            where = f", {membership.organisation}" if membership.organisation else ""
            self.stdout.write(
                f"  {membership.user.username:<8}  password: {password}  ({membership.get_role_display()}{where})"
            )
        self.stdout.write("")

    def _set_reporting_rounds(self):
        given = demo_reporting_patterns_set(timezone.localdate())
        if not given:
            return
        self.stdout.write("\nReporting rounds every quarter, set relative to today (the plans are old):")
        for plan, rounds in given:
            first = f"first updates due {long_date(rounds[0].updates_due_on)}" if rounds else "none: the plan has ended"
            self.stdout.write(f"  {Truncator(plan.title).chars(60)}: {len(rounds)} rounds, {first}")
