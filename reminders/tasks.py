"""The reminders' background job. The scheduler (`manage.py run_schedule`)
queues it every REMINDERS_EVERY_MINUTES; a worker (`manage.py db_worker`)
runs it. Each run sends what has become due and nothing already sent, so a
run queued twice, or by two schedulers, is harmless."""

from django_tasks import task

from .sending import scheduled_run


@task()
def send_reminders_job() -> str:
    """Move the reporting rounds on and send the reminders due now; say what was done."""
    return str(scheduled_run())
