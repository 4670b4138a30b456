"""The figures a partnership chair takes into a board meeting, read in a fixed
number of queries whatever the size of the partnership, and each with the
action-list filters that show the actions behind it. One query reads a row per
action with everything the figures count (its status as of the day and at the
start of the period, and the schedule's flags, each rule in the database's
terms); the counts, the transitions and the choice of the actions each list
names are made from those rows."""

import datetime
from collections import Counter
from dataclasses import dataclass, field
from typing import NamedTuple
from urllib.parse import urlencode

from django.db.models import Case, Q, When

from actions.models import COUNTED_STATE, Action, ActionQuerySet, Status
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
    in_scope = actions.values("pk")  # the actions alone, without the figures worked out below
    rows = _action_rows(actions, in_scope, period, group_by)

    by_group: dict[object, dict[str, int]] = {}
    for (group, status), count in Counter((row.group, row.reported_status) for row in rows).items():
        by_group.setdefault(group, {})[status] = count
    flagged = {flag: Counter(row.group for row in rows if getattr(row, flag)) for flag in FLAGS}
    flags_by_group = {group: {flag: flagged[flag][group] for flag in FLAGS} for group in by_group}
    counts = {"actions": len(rows), **{name: sum(getattr(row, name) for row in rows) for name in CONDITIONS}}
    changed = [row for row in rows if row.status_then != row.reported_status]  # in plan order, as read
    moves = Counter((row.status_then, row.reported_status) for row in changed)
    totals = dict(Counter(row.reported_status for row in rows))
    total_flags = {flag: counts[flag] for flag in FLAGS}
    group_filter = "plan" if group_by == "plan_id" else "theme"
    group_rows = [
        StatusRow(
            label, by_group.get(key, {}), {**base_filters, group_filter: key}, period,
            flags=flags_by_group.get(key, dict.fromkeys(FLAGS, 0)),
        )
        for key, label in groups
    ]  # fmt: skip

    new_updates = ProgressUpdate.objects.filter(
        action__in=in_scope, date_of_update__gt=period.since, date_of_update__lte=as_of,
        state=COUNTED_STATE,
    )  # fmt: skip
    counts["new_updates"] = new_updates.count()

    all_actions = StatusRow("All actions", totals, base_filters, period, flags=total_flags)
    dashboard = Dashboard(period, base_filters, all_actions, group_rows, counts)
    dashboard.transitions = _transitions(moves)
    counts["newly_completed"] = sum(t["count"] for t in dashboard.transitions if t["to"] == Status.COMPLETED)

    # The actions each list names: the first few of each, chosen from the
    # rows above, then read in full in one query.
    chosen = {
        "overdue": _first(rows, "overdue", _by_due_date, LIST_LENGTH),
        "late": _first(rows, "late", _by_last_activity, LIST_LENGTH),
        "due_soon": _first(rows, "due_soon", _by_last_activity, LIST_LENGTH),
        "newly_overdue": _first(rows, "newly_overdue", _by_due_date, CHANGES_LENGTH),
        "status_changes": [row.pk for row in changed[:CHANGES_LENGTH]],
        "newly_completed": [row.pk for row in changed if row.reported_status == Status.COMPLETED][:CHANGES_LENGTH],
    }
    wanted = {pk for pks in chosen.values() for pk in pks}
    listed = {action.pk: action for action in _listed(actions, wanted, as_of)}
    status_then = {row.pk: row.status_then for row in changed}
    for action in listed.values():
        action.status_then = status_then.get(action.pk, action.reported_status)
    named = {name: [listed[pk] for pk in pks] for name, pks in chosen.items()}
    dashboard.overdue = named["overdue"]
    for action in dashboard.overdue:
        action.days_overdue = (as_of - action.due_date).days
    dashboard.late = _with_next_due(named["late"], as_of)
    dashboard.due_soon = _with_next_due(named["due_soon"], as_of)
    dashboard.owners = _by_owner(in_scope, rows)
    dashboard.changes = Changes(
        status_changes=named["status_changes"],
        new_updates=list(
            new_updates.select_related("action__plan").order_by("-date_of_update", "-created_at", "-pk")[
                :CHANGES_LENGTH
            ]
        ),
        newly_overdue=named["newly_overdue"],
        newly_completed=named["newly_completed"],
        status_count=sum(moves.values()),
    )
    _add_links(dashboard)
    return dashboard


def plan_board(plan, period: Period) -> Dashboard:
    """A plan's dashboard: a row per top-level theme."""
    themes = [(theme.pk, str(theme)) for theme in plan.themes.filter(parent=None)]
    return build(plan.actions.all(), period, groups=themes, group_by="top_theme", base_filters={"plan": plan.pk})


def overview_board(plans: list, period: Period) -> Dashboard:
    """The dashboard of several plans: a row per plan, in the order given."""
    actions = Action.objects.filter(plan__in=[plan.pk for plan in plans])
    return build(actions, period, groups=[(plan.pk, plan.title) for plan in plans], group_by="plan_id", base_filters={})


# What each of a dashboard's counts counts, beside the statuses (see _action_rows).
CONDITIONS = ["overdue", "late", "stale", "newly_overdue", "due_soon"]


class ActionRow(NamedTuple):
    pk: int
    group: object
    reported_status: str
    status_then: str  # at the start of the period
    due_date: datetime.date | None
    last_activity_on: datetime.date
    overdue: bool
    late: bool
    stale: bool
    newly_overdue: bool
    due_soon: bool


def _action_rows(actions, in_scope, period: Period, group_by: str) -> list[ActionRow]:
    """One row per action, in plan order, with what every figure counts: read
    in one query, so that each action's status as of the day and at the start
    of the period are worked out once (see ActionQuerySet.with_latest_update),
    and each rule (actions.schedule) stays written once, in the database's terms."""
    as_of = period.as_of
    overdue = overdue_q(as_of)
    conditions = {
        "overdue": overdue,
        "late": update_late_q(as_of),
        "stale": (Q(latest_update_on__isnull=True) | Q(latest_update_on__lt=period.stale_before)) & open_q(),
        "newly_overdue": overdue & Q(due_date__gte=period.since),
        "due_soon": update_due_soon_q(as_of),
    }
    flagged = {name: Case(When(condition, then=True), default=False) for name, condition in conditions.items()}
    rows = (
        actions.with_schedule(as_of)
        .annotate(top_theme=top_theme_id())
        .with_status_on(period.since, "status_then", in_scope)
        .annotate(**flagged)
        .order_by("plan__title", "plan_id", "position", "pk")
        .values_list("pk", group_by, "reported_status", "status_then", "due_date", "last_activity_on", *CONDITIONS)
    )
    return [ActionRow._make(row) for row in rows]


def _by_due_date(row: ActionRow) -> tuple:
    return (row.due_date, row.pk)


def _by_last_activity(row: ActionRow) -> tuple:
    return (row.last_activity_on, row.pk)


def _first(rows: list[ActionRow], flag: str, key, length: int) -> list[int]:
    """The first `length` actions flagged `flag`, in the order of `key`."""
    return [row.pk for row in sorted((row for row in rows if getattr(row, flag)), key=key)[:length]]


def _listed(actions, pks: set[int], as_of: datetime.date) -> list:
    """The actions `pks` of `actions`, in full, with what the lists show."""
    if not pks:
        return []
    return list(actions.filter(pk__in=pks).with_schedule(as_of).select_related("plan"))


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


def _add_links(board: Dashboard) -> None:
    """The action-list query behind every number, so that "7 late" leads to the seven."""
    period, link = board.period, board.link
    since = period.since.isoformat()
    flagged = {flag: FLAG_FILTERS[flag](period) for flag in FLAGS}  # overdue, late, stale
    board.links = {
        "actions": link(),
        **{flag: link(**filters) for flag, filters in flagged.items()},
        "newly_overdue": link(**flagged["overdue"], due_after=since),
        "due_soon": link(update_due_soon="on"),
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
            **{flag: link(**mine, **filters) for flag, filters in flagged.items()},
            "off_track": link(**mine, status=Status.OFF_TRACK),
        }


def _with_next_due(actions, as_of: datetime.date) -> list:
    listed = list(actions)
    for action in listed:
        action.next_update_due = next_update_due_of(action)
        action.days_late = (as_of - action.next_update_due).days
    return sorted(listed, key=lambda action: (action.next_update_due, action.pk))


def _by_owner(in_scope, rows: list[ActionRow]) -> list[dict]:
    """Per organisation owning any of the actions: how many, and how many
    off track, late, overdue and stale, the most off track first."""
    of_action = {row.pk: row for row in rows}
    owned = Action.owner_organisations.through.objects.filter(action__in=in_scope)
    owned = [(organisation, name, of_action[action]) for action, organisation, name in owned.values_list(
        "action_id", "organisation_id", "organisation__name"
    )]  # fmt: skip
    names = {organisation: name for organisation, name, _ in owned}
    tallies = {
        "owned": Counter(organisation for organisation, _, _ in owned),
        "off_track": Counter(organisation for organisation, _, row in owned if row.reported_status == Status.OFF_TRACK),
        **{flag: Counter(organisation for organisation, _, row in owned if getattr(row, flag)) for flag in FLAGS},
    }
    owners = [
        {
            "organisation": organisation,
            "name": name,
            **{tally: counts[organisation] for tally, counts in tallies.items()},
        }
        for organisation, name in names.items()
    ]
    return sorted(owners, key=lambda owner: (-owner["off_track"], -owner["late"], -owner["overdue"], owner["name"]))


def _transitions(moves: Counter) -> list[dict]:
    """Actions whose reported status changed between `since` and `as_of`: from → to, how many."""
    return [
        {
            "from": then,
            "from_label": Status(then).label,
            "to": now,
            "to_label": Status(now).label,
            "count": count,
        }
        for (then, now), count in moves.most_common()
    ]
