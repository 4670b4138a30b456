"""Queue the reminders job every REMINDERS_EVERY_MINUTES until stopped: the
job engine (django-tasks) has no periodic jobs of its own. `make run` starts
it (Procfile, "scheduler"); in production run one beside the workers, or
run `send_reminders` from cron instead. Two schedulers at once are harmless:
the log sends each email once."""

import time

from django.conf import settings
from django.core.management.base import BaseCommand

from reminders.tasks import send_reminders_job


class Command(BaseCommand):
    help = "Queue the reminder emails job every REMINDERS_EVERY_MINUTES minutes, until stopped."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Queue the job once and stop.")

    def handle(self, *args, once: bool, **options):
        every = settings.REMINDERS_EVERY_MINUTES * 60
        self.stdout.write(f"Queueing the reminders job every {settings.REMINDERS_EVERY_MINUTES} minutes.")
        try:
            while True:
                result = send_reminders_job.enqueue()
                self.stdout.write(f"Queued the reminders job ({result.id}).")
                if once:
                    return
                time.sleep(every)
        except KeyboardInterrupt:
            self.stdout.write("Stopped.")
