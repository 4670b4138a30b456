"""What the public pages read: published plans, and each action with its
latest APPROVED update only. Nothing here reads people, import records or
transcription notes, so the pages cannot show them."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404

from actions.models import Action, Status, latest_update_value
from actions.schedule import next_update_due_of, update_is_late
from plans.models import Organisation, Plan, long_date

# A plan is published when it is public and no longer a draft: a draft is
# still being written, whatever its public setting says.


def published_plans():
    return Plan.objects.published()


def get_published_plan(slug: str) -> Plan:
    """The published plan, or 404: an unpublished plan is not there at all."""
    return get_object_or_404(published_plans().select_related("organisation", "partnership"), slug=slug)


def public_actions(plan: Plan):
    """The plan's actions, in order, each with its latest approved update
    (`public_*`), what the schedule rule reads, and its owner organisations."""
    return (
        plan.actions.with_latest_update()
        .annotate(
            public_update_id=latest_update_value("pk"),
            public_status_value=latest_update_value("status"),
            public_update_on=latest_update_value("date_of_update"),
            public_narrative=latest_update_value("narrative"),
            # The author's organisation, never the author.
            public_author_organisation=latest_update_value("author__membership__organisation__name"),
        )
        .prefetch_related(Prefetch("owner_organisations", queryset=Organisation.objects.order_by("name")))
        .order_by("position", "pk")
    )


def public_status(action) -> Status:
    """The status its latest approved update states."""
    if action.public_update_id is None:
        return Status.NO_UPDATE
    return Status(action.public_status_value) if action.public_status_value else Status.NOT_RECORDED


def update_organisation(action) -> str:
    """Who the update is from: the author's organisation, or, for progress
    transcribed from the plan (or an author without one), the action's first
    lead organisation."""
    if action.public_author_organisation:
        return action.public_author_organisation
    owners = list(action.owner_organisations.all())
    return owners[0].name if owners else ""


def freshness(action, today: datetime.date) -> str:
    """ "Updated 3 March 2027; next update due 15 June 2027", by the one due rule."""
    if action.public_update_on:
        updated = f"Updated {long_date(action.public_update_on)}"
    elif action.public_update_id:
        updated = "Progress as the published plan reported it"
    else:
        updated = "No update yet"
    if action.shown_status == Status.COMPLETED:
        return f"{updated}; completed, so no further update is due"
    due = next_update_due_of(action)
    if due is None:
        return f"{updated}; no update is scheduled"
    if update_is_late(due, today):
        return f"{updated}; update late since {long_date(due)}"
    return f"{updated}; next update due {long_date(due)}"


def describe(actions, today: datetime.date) -> list[Action]:
    """Give each action what the public pages show of it."""
    for action in actions:
        action.shown_status = public_status(action)
        action.lead_organisations = [organisation.name for organisation in action.owner_organisations.all()]
        action.update_organisation = update_organisation(action) if action.public_update_id else ""
        action.freshness = freshness(action, today)
    return actions


@dataclass
class StatusRow:
    """A row of the status chart and its table (the shape dashboards.charts reads)."""

    label: str
    counts: dict = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def cells(self) -> list[tuple]:
        return [(status, status.label, self.counts.get(status, 0), "") for status in Status]

    def add(self, status: Status) -> None:
        self.counts[status] = self.counts.get(status, 0) + 1


@dataclass
class PlanPage:
    plan: Plan
    top_themes: list
    unthemed: list
    actions: list
    rows: list[StatusRow]
    totals: StatusRow


def plan_page(plan: Plan, today: datetime.date) -> PlanPage:
    """The plan's themes (nested) with their actions, and its status summary by top theme."""
    themes = list(plan.themes.all())
    actions = describe(list(public_actions(plan)), today)
    by_theme, children = defaultdict(list), defaultdict(list)
    for action in actions:
        by_theme[action.theme_id].append(action)
    for theme in themes:
        theme.public_actions = by_theme[theme.pk]
        children[theme.parent_id].append(theme)
    parents = {theme.pk: theme for theme in themes}
    for theme in themes:
        theme.child_themes = children[theme.pk]
        top = theme
        while top.parent_id:
            top = parents[top.parent_id]
        theme.top_id = top.pk

    rows = {theme.pk: StatusRow(str(theme)) for theme in children[None]}
    unthemed_row = StatusRow("Actions without a theme")
    totals = StatusRow("All actions")
    for action in actions:
        row = rows[parents[action.theme_id].top_id] if action.theme_id else unthemed_row
        row.add(action.shown_status)
        totals.add(action.shown_status)
    summary_rows = [*rows.values(), *([unthemed_row] if unthemed_row.total else [])]
    return PlanPage(plan, children[None], by_theme[None], actions, summary_rows, totals)
