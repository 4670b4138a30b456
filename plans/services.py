"""Writes to a plan's details, its reporting rounds and their repeating
pattern. Each is one transaction: a pattern is never saved without its
rounds, nor its rounds half rewritten."""

import datetime

from django.db import transaction
from django.db.models import Max

from core.dates import add_months

from .models import Plan, ReportingPattern, ReportingRound

# How far ahead a pattern writes rounds for a plan with no end date (or a later one).
HORIZON_MONTHS = 24


def reporting_horizon(plan: Plan, today: datetime.date) -> datetime.date:
    """The last day a pattern writes board meetings up to: 24 months ahead,
    or the plan's end date when it ends sooner (when it has ended, no round
    is written)."""
    horizon = add_months(today, HORIZON_MONTHS)
    return min(horizon, plan.ends_on) if plan.ends_on else horizon


# What the plan's settings page changes; the rest (its owner, slug, source
# and notes) stays with imports and the Django admin.
PLAN_DETAILS = (
    "title",
    "period",
    "starts_on",
    "ends_on",
    "status",
    "partnership",
    "is_public",
    "approval_required",
    "accessibility_contact",
)


@transaction.atomic
def plan_details_save(*, plan: Plan, **details) -> Plan:
    """Change the plan's details (any of PLAN_DETAILS) and save them all or
    none: a ValidationError names the field at fault and writes nothing. The
    plan's history keeps the version before, and who changed it."""
    unknown = set(details) - set(PLAN_DETAILS)
    if unknown:
        raise TypeError(f"Not a plan detail: {', '.join(sorted(unknown))}")
    for name, value in details.items():
        setattr(plan, name, value)
    plan.full_clean()
    plan.save()
    return plan


@transaction.atomic
def reporting_pattern_save(*, plan: Plan, pattern: ReportingPattern, today: datetime.date) -> list[ReportingRound]:
    """Save the plan's repeating pattern (its fields already set) and rewrite
    the rounds it made whose updates are not yet due (due today or later);
    rounds already due and rounds made or edited by hand stay. Returns the
    rounds written."""
    _lock(plan)
    pattern.plan = plan
    pattern.full_clean()
    pattern.save()
    for stale in plan.reporting_rounds.filter(from_pattern=True, updates_due_on__gte=today):
        stale.delete()  # one by one, so that each deletion is in the round's history
    return _write_rounds(pattern, today)


@transaction.atomic
def reporting_pattern_remove(*, plan: Plan, today: datetime.date) -> int:
    """Stop repeating: remove the pattern and the rounds it made whose updates
    are not yet due. Returns how many rounds were removed."""
    _lock(plan)
    ReportingPattern.objects.filter(plan=plan).delete()
    stale = list(plan.reporting_rounds.filter(from_pattern=True, updates_due_on__gte=today))
    for reporting_round in stale:
        reporting_round.delete()
    return len(stale)


@transaction.atomic
def reporting_rounds_extend(*, today: datetime.date) -> int:
    """As days pass, each pattern's horizon moves on: write its rounds for
    board meetings after the plan's latest one, up to the horizon. A round
    deleted by hand is not put back. Safe to run any number of times; meant
    for a periodic job. Returns how many rounds were written."""
    written = 0
    for pattern in ReportingPattern.objects.select_related("plan"):
        _lock(pattern.plan)
        latest = pattern.plan.reporting_rounds.aggregate(latest=Max("board_on"))["latest"]
        written += len(_write_rounds(pattern, today, after=latest))
    return written


@transaction.atomic
def reporting_round_save(*, reporting_round: ReportingRound, plan: Plan) -> ReportingRound:
    """Save a round made or edited by hand: from now on the pattern leaves it alone."""
    reporting_round.plan = plan
    reporting_round.from_pattern = False
    reporting_round.full_clean()
    reporting_round.save()
    return reporting_round


@transaction.atomic
def reporting_round_delete(*, reporting_round: ReportingRound) -> None:
    reporting_round.delete()


def _lock(plan: Plan) -> None:
    """Two admins saving at once would each write the rounds: the second waits
    for the first and then sees its rounds. (SQLite locks the whole database
    on the first write anyway.)"""
    Plan.objects.select_for_update().filter(pk=plan.pk).first()


def _write_rounds(
    pattern: ReportingPattern, today: datetime.date, after: datetime.date | None = None
) -> list[ReportingRound]:
    """The pattern's rounds whose updates are due today or later, for board
    meetings after `after` (when given) up to the horizon, except for
    meetings the plan already has a round for."""
    taken = set(pattern.plan.reporting_rounds.exclude(board_on=None).values_list("board_on", flat=True))
    written = []
    for board_on in pattern.board_meetings(until=reporting_horizon(pattern.plan, today)):
        reporting_round = pattern.round_for(board_on)
        if board_on in taken or reporting_round.updates_due_on < today or (after and board_on <= after):
            continue
        reporting_round.full_clean()
        reporting_round.save()
        written.append(reporting_round)
    return written
