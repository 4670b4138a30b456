"""Sending the day's reminders, each email once.

For each email, in one transaction: insert its rows in the log (claiming its
occasions), then send it. When another run (another machine, a second
scheduler) claimed any of them first, the database refuses the rows and the
email is skipped; when sending fails, the rows are rolled back and the next
run tries again. So running twice, or at once, sends nothing twice.
"""

import datetime
import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import get_connection
from django.db import IntegrityError, transaction
from django.utils import timezone

from plans.services import reporting_rounds_extend

from .digests import Digest, digests_for_day
from .emails import build_email
from .models import SentReminder

logger = logging.getLogger(__name__)


@dataclass
class Run:
    """What one run did."""

    day: datetime.date | None
    digests: list[Digest] = field(default_factory=list)
    sent: int = 0
    already_sent: int = 0  # claimed by another run meanwhile
    failed: int = 0
    reason: str = ""  # why nothing was looked at, when nothing was

    def __str__(self) -> str:
        if self.reason:
            return self.reason
        return (
            f"{self.day:%A %-d %B %Y}: {self.sent} email{'s' if self.sent != 1 else ''} sent, "
            f"{self.already_sent} already sent by another run, {self.failed} failed."
        )


def reminder_day(now: datetime.datetime | None = None) -> tuple[datetime.date | None, str]:
    """The day whose reminders are due now, or None and why not: before
    REMINDERS_FROM_HOUR nothing goes out, so the day's first run counts the
    updates posted first thing."""
    now = timezone.localtime(now)
    if now.hour < settings.REMINDERS_FROM_HOUR:
        return None, f"Nothing is sent before {settings.REMINDERS_FROM_HOUR:02d}:00."
    return now.date(), ""


def send_reminders(day: datetime.date | None = None, *, dry_run: bool = False) -> Run:
    """Send every reminder due on `day` (by default, today if it is time) and
    not sent yet. A dry run finds them and sends nothing."""
    reason = ""
    if day is None:
        day, reason = reminder_day()
    if day is None:
        return Run(None, reason=reason)
    run = Run(day, digests_for_day(day))
    if dry_run or not run.digests:
        return run
    connection = get_connection()
    try:
        connection.open()  # one connection to the mail server for the whole run
    except Exception:
        logger.exception("Could not connect to the mail server; nothing was sent")
        run.failed = len(run.digests)
        return run
    try:
        for digest in run.digests:
            outcome = send_one(digest, connection=connection)
            setattr(run, outcome, getattr(run, outcome) + 1)
    finally:
        connection.close()
    logger.info("Reminders for %s: %s", day, run)
    return run


def send_one(digest: Digest, *, connection=None) -> str:
    """Claim the email's occasions in the log, then send it: "sent",
    "already_sent" (another run claimed one first) or "failed" (nothing logged)."""
    message = build_email(digest, site_url=settings.SITE_URL)
    message.connection = connection
    try:
        with transaction.atomic():
            SentReminder.objects.bulk_create(digest.log_rows())
            message.send()
    except IntegrityError:
        return "already_sent"
    except Exception:
        # Sending failed: the log rows went with the transaction, so the next run retries.
        logger.exception("Sending the %s reminder to user %s failed", digest.kind, digest.user.pk)
        return "failed"
    return "sent"


def scheduled_run() -> Run:
    """What the schedule does every few minutes (the job, or the command from
    cron): move each plan's reporting rounds on as the days pass (they are
    written 24 months ahead, plans/services.py), then send what is due."""
    reporting_rounds_extend(today=timezone.localdate())
    return send_reminders()
