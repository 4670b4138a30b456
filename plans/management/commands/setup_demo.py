from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from plans.demo import demo_users_reset
from plans.models import Plan


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
        self.stdout.write("\nDemo users (new passwords on every run):")
        for membership, password in demo_users_reset():
            where = f", {membership.organisation}" if membership.organisation else ""
            self.stdout.write(
                f"  {membership.user.username:<8}  password: {password}  ({membership.get_role_display()}{where})"
            )
        self.stdout.write("")
