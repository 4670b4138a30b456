"""A large synthetic partnership for measuring dashboards: many plans, tens of
thousands of actions, hundreds of thousands of progress updates. Written in
bulk; history is not recorded for it."""

import datetime
import random

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from actions.models import Action, ReviewCadence, Status
from plans.models import Organisation, Plan, Theme
from progress.models import ProgressUpdate
from progress.services import progress_updates_bulk_create

BATCH = 5000


class Command(BaseCommand):
    help = "Generate a large synthetic partnership (for benchmarks, never for real data)."

    def add_arguments(self, parser):
        parser.add_argument("--plans", type=int, default=50)
        parser.add_argument("--actions", type=int, default=20000, help="Actions in all.")
        parser.add_argument("--updates", type=int, default=200000, help="Progress updates in all.")
        parser.add_argument("--organisations", type=int, default=40)
        parser.add_argument("--seed", type=int, default=2026)

    @transaction.atomic
    def handle(self, *args, plans, actions, updates, organisations, seed, **options):
        chance = random.Random(seed)
        partnership = Organisation.objects.create(
            name="Synthetic Partnership", slug=f"synthetic-{seed}", kind="partnership"
        )
        owners = Organisation.objects.bulk_create(
            Organisation(name=f"Synthetic Organisation {n}", slug=f"synthetic-{seed}-{n}", kind="council")
            for n in range(organisations)
        )
        for owner in owners:
            owner.partnerships.add(partnership)
        made_plans = Plan.objects.bulk_create(
            Plan(organisation=chance.choice(owners), partnership=partnership, title=f"Synthetic plan {n}",
                 slug=f"synthetic-{seed}-plan-{n}", status=Plan.Status.ACTIVE)
            for n in range(plans)
        )  # fmt: skip
        themes = []
        for plan in made_plans:
            tops = Theme.objects.bulk_create(Theme(plan=plan, title=f"Priority {n}", position=n) for n in range(1, 6))
            themes += tops
            themes += Theme.objects.bulk_create(
                Theme(plan=plan, parent=top, title=f"Objective {n}", position=10 + n) for n, top in enumerate(tops)
            )
        today = timezone.localdate()
        cadences = [None, *ReviewCadence.values]
        created = timezone.now() - datetime.timedelta(days=800)
        made = []
        for start in range(0, actions, BATCH):
            batch = []
            for n in range(start, min(start + BATCH, actions)):
                theme = chance.choice(themes)
                batch.append(Action(
                    plan_id=theme.plan_id, theme=theme, position=n, reference=f"S{n}",
                    text=f"Synthetic action {n}: reduce child poverty in the priority wards",
                    owners="Synthetic owners", timescale="Annual", review_cadence=chance.choice(cadences),
                    due_date=today + datetime.timedelta(days=chance.randint(-400, 400)) if n % 3 else None,
                    created_at=created,
                ))  # fmt: skip
            made += Action.objects.bulk_create(batch)
        through = Action.owner_organisations.through
        for start in range(0, len(made), BATCH):
            through.objects.bulk_create(
                through(action_id=action.pk, organisation_id=chance.choice(owners).pk)
                for action in made[start : start + BATCH]
            )
        statuses = [status.value for status in Status.stated()]
        for start in range(0, updates, BATCH):
            progress_updates_bulk_create([
                ProgressUpdate(
                    action_id=chance.choice(made).pk,
                    status=chance.choice(statuses),
                    narrative="Synthetic progress update",
                    date_of_update=today - datetime.timedelta(days=chance.randint(0, 720)),
                )
                for _ in range(start, min(start + BATCH, updates))
            ])  # fmt: skip
        self.stdout.write(
            f"Generated {plans:,} plans, {len(themes):,} themes, {len(made):,} actions and {updates:,} progress updates "
            f"owned by {organisations} organisations in one partnership."
        )
