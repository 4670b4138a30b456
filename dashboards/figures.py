"""The figures a partnership chair takes into a board meeting, each computed
with aggregate queries (a fixed number whatever the size of the partnership)
and each with the action-list filters that show the actions behind it."""

import datetime
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import Count, F, Q

from actions.models import COUNTED_STATE, ActionQuerySet, Status
from actions.schedule import due_soon_days, next_update_due_of, open_q, overdue_q, update_due_soon_q, update_late_q
from plans.models import top_theme_id
from progress.models import ProgressUpdate

LIST_LENGTH = 10
CHANGES_LENGTH = 20  # of each kind of change a board reads by name; the rest are a link away

# The per-row counts a board asks of each theme or plan beside its statuses.
FLAGS = ["overdue", "late", "stale"]


@dataclass(frozen=True)
class Period:
    as_of: datetime.date
    since: datetime.date
    stale_days: int

    @property
    def stale_before(self) -> datetime.date:
        return self.as_of - datetime.timedelta(days=self.stale_days)

    def query(self, **filters) -> str:
        """The action-list query string for `filters`, as of this period's day."""
        return urlencode({**filters, "as_of": self.as_of.isoformat()})


@dataclass
class StatusRow:
    label: str
    counts: dict[str, int]
    filters: dict  # the action-list filters that select this row's actions
    period: Period
    link: str = ""  # where the row's name leads: a plan's own dashboard, on the overview
    flags: dict[str, int] = field(default_factory=dict)  # overdue, late, stale: see FLAGS

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def all_query(self) -> str:
        return self.period.query(**self.filters)

    @property
    def flag_cells(self) -> list[tuple[str, int, str]]:
        """(flag, count, link query) for overdue, late and stale, in that order."""
        return [(flag, self.flags.get(flag, 0), self.period.query(**self.filters, **FLAG_FILTERS[flag](self.period)))
                for flag in FLAGS]  # fmt: skip

    @property
    def cells(self) -> list[tuple[str, str, int, str]]:
        """(status, label, count, link query) for each status, in board order."""
        return [
            (status, status.label, self.counts.get(status, 0), self.period.query(**self.filters, status=status))
            for status in Status  # the order boards read them in
        ]


@dataclass
class Dashboard:
    period: Period
    base_filters: dict
    totals: StatusRow
    groups: list[StatusRow]
    counts: dict[str, int]
    overdue: list = field(default_factory=list)
    late: list = field(default_factory=list)
    due_soon: list = field(default_factory=list)
    owners: list[dict] = field(default_factory=list)
    transitions: list[dict] = field(default_factory=list)
    changes: "Changes | None" = None
    links: dict[str, str] = field(default_factory=dict)
    due_soon_days: int = field(default_factory=due_soon_days)

    def link(self, **filters) -> str:
        return self.period.query(**self.base_filters, **filters)


def build(
    actions: ActionQuerySet, period: Period, *, groups: list[tuple[object, str]], group_by: str, base_filters: dict
) -> Dashboard:
    """The dashboard of `actions`, grouped into `groups` ((key, label) pairs) by the
    expression `group_by` ("plan_id", or "top_theme" for a plan's themes)."""
    as_of = period.as_of
    actions = actions.with_schedule(as_of).annotate(top_theme=top_theme_id())
    overdue = overdue_q(as_of)
    late = update_late_q(as_of)
    due_soon = update_due_soon_q(as_of)
    stale = (Q(latest_update_on__isnull=True) | Q(latest_update_on__lt=period.stale_before)) & open_q()

    flag_conditions = {"overdue": overdue, "late": late, "stale": stale}
    by_group: dict[object, dict[str, int]] = {}
    flags_by_group: dict[object, dict[str, int]] = {}
    grouped = actions.values(group_by, "reported_status").annotate(
        count=Count("pk"), **{flag: Count("pk", filter=flag_conditions[flag]) for flag in FLAGS}
    )
    for row in grouped.order_by():
        by_group.setdefault(row[group_by], {})[row["reported_status"]] = row["count"]
        flags = flags_by_group.setdefault(row[group_by], dict.fromkeys(FLAGS, 0))
        for flag in FLAGS:
            flags[flag] += row[flag]
    totals, total_flags = _summed(by_group.values()), _summed(flags_by_group.values())
    group_filter = "plan" if group_by == "plan_id" else "theme"
    rows = [
        StatusRow(
            label, by_group.get(key, {}), {**base_filters, group_filter: key}, period,
            flags=flags_by_group.get(key, dict.fromkeys(FLAGS, 0)),
        )
        for key, label in groups
    ]  # fmt: skip

    counts = actions.aggregate(
        actions=Count("pk"),
        overdue=Count("pk", filter=overdue),
        newly_overdue=Count("pk", filter=overdue & Q(due_date__gte=period.since)),
        late=Count("pk", filter=late),
        due_soon=Count("pk", filter=due_soon),
        stale=Count("pk", filter=stale),
    )
    new_updates = ProgressUpdate.objects.filter(
        action__in=actions.values("pk"), date_of_update__gt=period.since, date_of_update__lte=as_of,
        state=COUNTED_STATE,
    )  # fmt: skip
    counts["new_updates"] = new_updates.count()

    all_actions = StatusRow("All actions", totals, base_filters, period, flags=total_flags)
    dashboard = Dashboard(period, base_filters, all_actions, rows, counts)
    listed = actions.select_related("plan").order_by("due_date", "pk")
    dashboard.overdue = list(listed.filter(overdue)[:LIST_LENGTH])
    for action in dashboard.overdue:
        action.days_overdue = (as_of - action.due_date).days
    dashboard.late = _with_next_due(listed.filter(late).order_by("last_activity_on", "pk")[:LIST_LENGTH], as_of)
    dashboard.due_soon = _with_next_due(listed.filter(due_soon).order_by("last_activity_on", "pk")[:LIST_LENGTH], as_of)
    dashboard.owners = _by_owner(actions, overdue=overdue, late=late, stale=stale)
    dashboard.transitions = _transitions(actions, period)
    counts["newly_completed"] = sum(t["count"] for t in dashboard.transitions if t["to"] == Status.COMPLETED)
    dashboard.changes = _changes(actions, new_updates, period, overdue)
    dashboard.changes.status_count = sum(t["count"] for t in dashboard.transitions)
    _add_links(dashboard)
    return dashboard


def _summed(dicts) -> dict[str, int]:
    total: dict[str, int] = {}
    for counts in dicts:
        for key, count in counts.items():
            total[key] = total.get(key, 0) + count
    return total


FLAG_FILTERS = {
    "overdue": lambda period: {"overdue": "on"},
    "late": lambda period: {"update_late": "on"},
    "stale": lambda period: {"no_update_since": period.stale_before.isoformat(), "open": "on"},
}


@dataclass
class Changes:
    """What changed since the last board, by name: the actions behind the counts."""

    status_changes: list  # actions, each with `status_then` and `reported_status`
    new_updates: list  # progress updates, each with its action
    newly_overdue: list
    newly_completed: list
    status_count: int = 0  # how many actions' status changed, listed or not


def _changes(actions, new_updates, period: Period, overdue: Q) -> Changes:
    """Up to CHANGES_LENGTH of each kind of change, four queries whatever the data size."""
    listed = actions.select_related("plan")
    changed = listed.with_status_on(period.since, "status_then").exclude(status_then=F("reported_status"))
    in_plan_order = ["plan__title", "plan_id", "position", "pk"]
    return Changes(
        status_changes=list(changed.order_by(*in_plan_order)[:CHANGES_LENGTH]),
        new_updates=list(
            new_updates.select_related("action__plan").order_by("-date_of_update", "-created_at", "-pk")[
                :CHANGES_LENGTH
            ]
        ),
        newly_overdue=list(
            listed.filter(overdue & Q(due_date__gte=period.since)).order_by("due_date", "pk")[:CHANGES_LENGTH]
        ),
        newly_completed=list(
            changed.filter(reported_status=Status.COMPLETED).order_by(*in_plan_order)[:CHANGES_LENGTH]
        ),
    )


def _add_links(board: Dashboard) -> None:
    """The action-list query behind every number, so that "7 late" leads to the seven."""
    period, link = board.period, board.link
    since = period.since.isoformat()
    stale = FLAG_FILTERS["stale"](period)
    board.links = {
        "actions": link(),
        "overdue": link(overdue="on"),
        "newly_overdue": link(overdue="on", due_after=since),
        "late": link(update_late="on"),
        "due_soon": link(update_due_soon="on"),
        "stale": link(**stale),
        "new_updates": link(updated_since=since),
        "newly_completed": link(status=Status.COMPLETED, changed_since=since),
        "status_changes": link(changed_since=since),
    }
    for transition in board.transitions:
        transition["link"] = link(changed_since=since, was_status=transition["from"], status=transition["to"])
    for owner in board.owners:
        mine = {"owner": owner["organisation"]}
        owner["links"] = {
            "owned": link(**mine),
            "late": link(**mine, update_late="on"),
            "stale": link(**mine, **stale),
            "off_track": link(**mine, status=Status.OFF_TRACK),
            "overdue": link(**mine, overdue="on"),
        }


def _with_next_due(actions, as_of: datetime.date) -> list:
    listed = list(actions)
    for action in listed:
        action.next_update_due = next_update_due_of(action)
        action.days_late = (as_of - action.next_update_due).days
    return sorted(listed, key=lambda action: (action.next_update_due, action.pk))


def _by_owner(actions, **conditions) -> list[dict]:
    rows = (
        actions.values(organisation=F("owner_organisations"), name=F("owner_organisations__name"))
        .annotate(
            owned=Count("pk"),
            off_track=Count("pk", filter=Q(reported_status=Status.OFF_TRACK)),
            **{name: Count("pk", filter=condition) for name, condition in conditions.items()},
        )
        .order_by("-off_track", "-late", "-overdue", "name")
    )
    return [row for row in rows if row["organisation"] is not None]


def _transitions(actions, period: Period) -> list[dict]:
    """Actions whose reported status changed between `since` and `as_of`: from → to, how many."""
    rows = (
        actions.with_status_on(period.since, "status_then")
        .exclude(status_then=F("reported_status"))
        .values("status_then", "reported_status")
        .annotate(count=Count("pk"))
        .order_by("-count")
    )
    return [
        {
            "from": row["status_then"],
            "from_label": Status(row["status_then"]).label,
            "to": row["reported_status"],
            "to_label": Status(row["reported_status"]).label,
            "count": row["count"],
        }
        for row in rows
    ]
