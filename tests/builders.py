"""Small factories for tests: plain functions with the fields a test cares about."""

import datetime
import itertools

from actions.models import Action
from plans.models import Organisation, Plan, Theme
from progress.models import ProgressUpdate
from progress.services import progress_update_save, progress_updates_bulk_create

_numbers = itertools.count(1)


def make_organisation(name: str, kind: str = Organisation.Kind.COUNCIL, **fields) -> Organisation:
    slug = fields.pop("slug", None) or f"{name.lower().replace(' ', '-')}-{next(_numbers)}"
    return Organisation.objects.create(name=name, slug=slug, kind=kind, **fields)


def make_plan(organisation: Organisation, title: str = "Child Poverty Action Plan", **fields) -> Plan:
    slug = fields.pop("slug", None) or f"plan-{next(_numbers)}"
    return Plan.objects.create(organisation=organisation, title=title, slug=slug, status="active", **fields)


def make_theme(plan: Plan, title: str = "Economic Poverty", **fields) -> Theme:
    return Theme.objects.create(plan=plan, title=title, **fields)


def make_action(plan: Plan, text: str = "Baseline the number of parents", *, owners=(), theme=None, **fields) -> Action:
    action = Action.objects.create(plan=plan, theme=theme, text=text, **fields)
    action.owner_organisations.set(owners)
    return action


def make_update(action: Action, status: str = "on_track", on: datetime.date | None = None, **fields) -> ProgressUpdate:
    fields.setdefault("narrative", f"Update {next(_numbers)}")
    update = ProgressUpdate(action=action, status=status, date_of_update=on, **fields)
    return progress_update_save(update=update, user=None)


def make_many_actions(plan: Plan, count: int, *, owner: Organisation, theme=None) -> list[Action]:
    """`count` actions owned by `owner`, each with two dated updates, created in bulk."""
    actions = Action.objects.bulk_create(
        Action(plan=plan, theme=theme, reference=f"X{n}", text=f"Bulk action {n}", position=n, review_cadence=3)
        for n in range(count)
    )
    Action.owner_organisations.through.objects.bulk_create(
        Action.owner_organisations.through(action_id=action.pk, organisation_id=owner.pk) for action in actions
    )
    progress_updates_bulk_create([
        ProgressUpdate(action=action, status=status, narrative="Bulk update", date_of_update=datetime.date(2026, month, 1))
        for action in actions
        for month, status in ((1, "on_track"), (2, "at_risk"))
    ])  # fmt: skip
    return actions
