"""Demo users for trying the product locally: one per role; and reporting
rounds for the five plans."""

import datetime
import secrets
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction

from core.dates import add_months

from .models import Membership, Organisation, Plan, ReportingPattern, ReportingRound
from .services import reporting_pattern_save


@dataclass(frozen=True)
class DemoUser:
    username: str
    role: str
    organisation_slug: str | None


DEMO_USERS = [
    DemoUser("admin", Membership.Role.ADMIN, None),
    DemoUser("chair", Membership.Role.CHAIR, "lincolnshire-children-young-peoples-strategic-partnership"),
    DemoUser("officer", Membership.Role.OFFICER, "lincolnshire-county-council"),
]


@transaction.atomic
def demo_users_reset() -> list[tuple[Membership, str]]:
    """Create the demo users, or reset the ones that exist, each with a new random
    password; return each membership with its password."""
    User = get_user_model()
    created = []
    for demo in DEMO_USERS:
        organisation = Organisation.objects.get(slug=demo.organisation_slug) if demo.organisation_slug else None
        user, _ = User.objects.get_or_create(username=demo.username)
        password = secrets.token_urlsafe(12)
        user.set_password(password)
        # An example address, so that `make run` shows their reminder emails in the console.
        user.email = f"{demo.username}@example.org"
        user.save()
        membership, _ = Membership.objects.update_or_create(
            user=user, defaults={"role": demo.role, "organisation": organisation}
        )
        created.append((membership, password))
    return created


# The five plans are old (2009 to 2022), so their demo rounds are set relative
# to today rather than to their periods: every quarter, each plan's first
# updates due a little later than the last one's, so that the pages and
# reminders show some updates due soon and some later.
DEMO_FIRST_DUE_IN_DAYS = [10, 20, 35, 50, 65]


@transaction.atomic
def demo_reporting_patterns_set(today: datetime.date) -> list[tuple[Plan, list[ReportingRound]]]:
    """Give each plan that has no repeating pattern a quarterly one, starting
    soon after `today`; leave patterns an admin has set alone. A plan whose
    end date has passed gets the pattern but no rounds (see
    plans.services.reporting_horizon). Returns each plan given a pattern,
    with the rounds written."""
    plans = Plan.objects.filter(reporting_pattern__isnull=True).order_by("slug")
    given = []
    for plan, days in zip(plans, DEMO_FIRST_DUE_IN_DAYS * 2, strict=False):
        first_due = today + datetime.timedelta(days=days)
        # The board meets early in the month after the first updates are due.
        first_board = add_months(first_due.replace(day=1), 1).replace(day=3 + len(given))
        pattern = ReportingPattern(
            every_months=ReportingPattern.Every.QUARTER,
            first_board_on=first_board,
            due_day=min(first_due.day, ReportingPattern.LAST_DUE_DAY),
            opens_weeks_before=3,
        )
        given.append((plan, reporting_pattern_save(plan=plan, pattern=pattern, today=today)))
    return given
