"""Who is reminded of what on a given day. Reads only: the sender
(reminders.sending), the dry run and the admin preview all start here.

- A daily digest to each officer and lead officer with an email address:
  the actions their organisation owns (in plans not closed) whose update
  is due within their
  chosen number of days, due today, or late, each only on its occasions
  (see `occasion`).
  A lead officer's digest also lists the updates awaiting their approval
  too long (reminders.approvals), and goes out for those alone.
- An escalation digest to each lead officer: their organisation's actions
  late by more than ESCALATE_AFTER_DAYS.
- A weekly summary to each partnership chair, once per ISO week.

Nothing goes out on a day that is not a working day. Whether an update is
due or late is actions.schedule's rule, never worked out here. Every
function reads a fixed number of queries, whatever the number of people
and actions.
"""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Q

from actions.models import Action, Status
from actions.schedule import next_board_of, next_update_due_of, update_due_soon_q, update_late_q
from plans.models import Membership, Plan, Theme, top_theme_id

from .approvals import (
    APPROVAL_RULE,
    ApprovalItem,
    approval_item,
    approval_occasion,
    awaiting_approval_too_long,
    submitted_on,
    update_subject,
)
from .cadence import latest_step
from .calendar import is_working_day
from .models import ReminderSettings, SentReminder, action_subject

Kind = SentReminder.Kind
Rule = SentReminder.Rule

# Late reminders go on the first day late, the seventh, and then every
# fourteenth day: 21, 35, 49, ...; escalations on the first day past
# ESCALATE_AFTER_DAYS, and then every fourteenth day.
LATE_EVERY_DAYS = 14
# The widest "due within" a person can choose (ReminderSettings.due_within_days).
MOST_DAYS_AHEAD = 60
# An occasion still to come was logged, if at all, within this many days:
# "due soon" at most MOST_DAYS_AHEAD before its day, a late step within the
# 14 days before the next. So a run reads only the log of those days.
LOOK_BACK_DAYS = MOST_DAYS_AHEAD + 1
# The chair's summary lists at most this many late actions, the latest first.
SUMMARY_LATE_LENGTH = 30


def escalate_after_days() -> int:
    return settings.ESCALATE_AFTER_DAYS


@dataclass(frozen=True)
class DigestItem:
    """One action in an email, and why it is there."""

    action: Action
    rule: str
    due_on: datetime.date
    days_late: int = 0
    board_on: datetime.date | None = None
    key: str = ""  # the occasion, with `rule`: what the log keeps

    @property
    def is_late(self) -> bool:
        return self.days_late > 0

    @property
    def owners(self) -> list:
        return list(self.action.owner_organisations.all())


@dataclass
class SummaryRow:
    """One line of a chair's summary: a plan's theme, or the plan itself."""

    plan: Plan
    theme: Theme | None
    actions: int = 0
    on_track: int = 0
    late: int = 0
    no_update: int = 0


@dataclass
class Digest:
    """One email: to `user`, of `kind`, for `day`."""

    user: object
    kind: str
    day: datetime.date
    items: list[DigestItem] = field(default_factory=list)
    summary: list[SummaryRow] = field(default_factory=list)  # chair summaries only
    late_total: int = 0  # chair summaries: all late actions, listed or not
    approvals: list[ApprovalItem] = field(default_factory=list)  # lead officers' digests only

    @property
    def key(self) -> str:
        """The occasion of the email itself: the day, or the ISO week for a summary."""
        if self.kind == Kind.CHAIR_SUMMARY:
            year, week, _ = self.day.isocalendar()
            return f"{year}-W{week:02d}"
        return self.day.isoformat()

    @property
    def late_count(self) -> int:
        return self.late_total if self.kind == Kind.CHAIR_SUMMARY else sum(item.is_late for item in self.items)

    @property
    def is_empty(self) -> bool:
        return not self.items and not self.summary and not self.approvals

    def log_rows(self) -> list[SentReminder]:
        """The rows that claim this email's occasions in the log: one for the
        email, one for each action in a digest."""
        email_rule = Rule.SUMMARY if self.kind == Kind.CHAIR_SUMMARY else Rule.DAILY
        email = {"user": self.user, "kind": self.kind, "email": self.user.email, "sent_on": self.day}
        rows = [SentReminder(**email, rule=email_rule, key=self.key)]
        if self.kind != Kind.CHAIR_SUMMARY:
            rows += [
                SentReminder(
                    **email, rule=item.rule, key=item.key, action=item.action, subject=action_subject(item.action.pk)
                )
                for item in self.items
            ]
            rows += [
                SentReminder(
                    **email,
                    rule=APPROVAL_RULE,
                    key=item.key,
                    action=item.action,
                    subject=update_subject(item.update.pk),
                )
                for item in self.approvals
            ]
        return rows


# --- Occasions: when an action is worth an email


def late_step(days_late: int, *, first: int = 1) -> int | None:
    """The latest late occasion reached after `days_late` days: 1, 7, 21, 35, ...
    For escalations (`first` = ESCALATE_AFTER_DAYS + 1): first, first + 14, ..."""
    if first == 1 and 1 <= days_late < 21:
        return 1 if days_late < 7 else 7
    return latest_step(days_late, first=21 if first == 1 else first, every=LATE_EVERY_DAYS)


def occasion(due_on: datetime.date, day: datetime.date, within_days: int) -> tuple[str, str] | None:
    """(rule, key) of the occasion an update due on `due_on` is worth an email
    on `day`, or None. Each occasion is sent once (the log), and a day
    missed is caught up by the latest occasion reached, once."""
    if due_on > day + datetime.timedelta(days=within_days):
        return None
    if due_on > day:
        return Rule.DUE_SOON, due_on.isoformat()
    if due_on == day:
        return Rule.DUE_TODAY, due_on.isoformat()
    step = late_step((day - due_on).days)
    return Rule.LATE, f"{due_on.isoformat()}:late:{step}"


def escalation_occasion(due_on: datetime.date, day: datetime.date) -> tuple[str, str] | None:
    step = late_step((day - due_on).days, first=escalate_after_days() + 1)
    if step is None:
        return None
    return Rule.LATE_ESCALATED, f"{due_on.isoformat()}:escalated:{step}"


# --- Reading


@dataclass
class _Day:
    """Everything one day's emails need, read in a fixed number of queries."""

    day: datetime.date
    members: list[Membership]
    actions_by_organisation: dict[int, list[Action]]
    sent: set[tuple]
    approvals_by_organisation: dict[int, list] = field(default_factory=dict)


def _recipients(users=None):
    """Memberships of active people with an email address (any, for a
    preview of `users`), with their user and settings."""
    members = Membership.objects.filter(user__is_active=True).filter(
        Q(role__in=[Membership.Role.OFFICER, Membership.Role.LEAD], organisation__isnull=False)
        | Q(role=Membership.Role.CHAIR)
    )
    if users is None:
        members = members.exclude(user__email="")
    else:
        members = members.filter(user__in=users)
    return members.select_related("user", "user__reminder_settings").order_by("user__pk")


def _settings(member: Membership) -> ReminderSettings:
    try:
        return member.user.reminder_settings
    except ReminderSettings.DoesNotExist:
        return ReminderSettings(user=member.user)


def _due_or_late_actions(organisations: set[int], day: datetime.date) -> dict[int, list[Action]]:
    """The actions these organisations own whose update is due within the
    widest window anyone chooses, or late, by owning organisation."""
    if not organisations:
        return {}
    Owner = Action.owner_organisations.through
    owned = Owner.objects.filter(action=OuterRef("pk"), organisation__in=organisations)
    actions = (
        Action.objects.with_schedule()
        .filter(Exists(owned))
        .exclude(plan__status=Plan.Status.CLOSED)
        .filter(update_due_soon_q(day, MOST_DAYS_AHEAD) | update_late_q(day))
        .select_related("plan", "theme")
        .prefetch_related("owner_organisations")
    )
    by_organisation: dict[int, list[Action]] = {}
    for action in actions:
        action.next_update_due = next_update_due_of(action)
        for owner in action.owner_organisations.all():
            if owner.pk in organisations:
                by_organisation.setdefault(owner.pk, []).append(action)
    return by_organisation


def _sent_occasions(users: list, day: datetime.date) -> set[tuple]:
    """(user id, kind, rule, key, subject) of every occasion already logged
    that this day's emails could repeat: the emails of the day and week, and
    the actions' occasions of the last LOOK_BACK_DAYS."""
    week = Digest(None, Kind.CHAIR_SUMMARY, day).key
    logged = SentReminder.objects.filter(user__in=users).filter(
        Q(rule=Rule.DAILY, key=day.isoformat())
        | Q(rule=Rule.SUMMARY, key=week)
        | Q(action__isnull=False, sent_on__gt=day - datetime.timedelta(days=LOOK_BACK_DAYS), sent_on__lte=day)
    )
    return set(logged.values_list("user_id", "kind", "rule", "key", "subject"))


def _read_day(day: datetime.date, users=None) -> _Day:
    members = list(_recipients(users))
    organisations = {m.organisation_id for m in members if m.role != Membership.Role.CHAIR}
    leads = {m.organisation_id for m in members if m.role == Membership.Role.LEAD}
    return _Day(
        day=day,
        members=members,
        actions_by_organisation=_due_or_late_actions(organisations, day),
        sent=_sent_occasions([m.user_id for m in members], day),
        approvals_by_organisation=awaiting_approval_too_long(leads, day),
    )


# --- Building each person's emails


def _digest(member: Membership, data: _Day, *, skip_sent: bool) -> Digest:
    """The daily digest: the organisation's actions on their occasions."""
    day, within = data.day, _settings(member).due_within_days
    digest = Digest(member.user, Kind.DIGEST, day)
    for action in data.actions_by_organisation.get(member.organisation_id, []):
        found = occasion(action.next_update_due, day, within)
        if found and not (skip_sent and _was_sent(data, member, Kind.DIGEST, found, action)):
            digest.items.append(_item(action, found, day))
    if member.role == Membership.Role.LEAD:
        digest.approvals = _awaiting_my_approval(member, data, skip_sent=skip_sent)
    return _most_urgent_first(digest)


def _awaiting_my_approval(member: Membership, data: _Day, *, skip_sent: bool) -> list[ApprovalItem]:
    """The organisation's updates waiting too long on their occasions, the
    longest waiting first; never the lead officer's own."""
    items = []
    for update in data.approvals_by_organisation.get(member.organisation_id, []):
        key = approval_occasion(submitted_on(update), data.day)
        if key is None or update.author_id == member.user_id:
            continue
        logged = (member.user_id, Kind.DIGEST, APPROVAL_RULE, key, update_subject(update.pk))
        if not (skip_sent and logged in data.sent):
            items.append(approval_item(update, key, data.day))
    return items


def _escalation(member: Membership, data: _Day, *, skip_sent: bool) -> Digest:
    """The lead officer's escalation: the organisation's actions late too long."""
    day = data.day
    digest = Digest(member.user, Kind.ESCALATION, day)
    for action in data.actions_by_organisation.get(member.organisation_id, []):
        found = escalation_occasion(action.next_update_due, day)
        if found and not (skip_sent and _was_sent(data, member, Kind.ESCALATION, found, action)):
            digest.items.append(_item(action, found, day))
    return _most_urgent_first(digest)


def _most_urgent_first(digest: Digest) -> Digest:
    digest.items.sort(key=lambda item: (item.due_on, item.action.plan.title, item.action.position, item.action.pk))
    return digest


def _was_sent(data: _Day, member: Membership, kind: str, found: tuple[str, str], action: Action) -> bool:
    rule, key = found
    return (member.user_id, kind, rule, key, action_subject(action.pk)) in data.sent


def _item(action: Action, found: tuple[str, str], day: datetime.date) -> DigestItem:
    rule, key = found
    due_on = action.next_update_due
    return DigestItem(
        action=action,
        rule=rule,
        due_on=due_on,
        days_late=max((day - due_on).days, 0),
        board_on=_board_on(action),
        key=key,
    )


def _board_on(action: Action) -> datetime.date | None:
    """The board the update is for, where it is due for a reporting round."""
    return next_board_of(action)


def kinds_for(member: Membership | None) -> list[str]:
    """The emails a person's role gets: the daily digest to officers and lead
    officers of an organisation, escalations to lead officers, the weekly
    summary to partnership chairs; none to admins. The settings page offers
    these, and only these are sent."""
    if member is None:
        return []
    if member.role == Membership.Role.CHAIR:
        return [Kind.CHAIR_SUMMARY]
    if not member.organisation_id:
        return []
    if member.role == Membership.Role.LEAD:
        return [Kind.DIGEST, Kind.ESCALATION]
    if member.role == Membership.Role.OFFICER:
        return [Kind.DIGEST]
    return []


def _wanted(member: Membership, kind: str, day: datetime.date) -> bool:
    choices = _settings(member)
    return choices.wants(kind) and not choices.is_paused_on(day)


def digests_for_day(day: datetime.date) -> list[Digest]:
    """Every email due to go out on `day` and not sent yet: none on a day that
    is not a working day; at most one of each kind per person a day (a chair's
    summary once a week)."""
    if not is_working_day(day):
        return []
    data = _read_day(day)
    due = [(member, kind) for member in data.members for kind in kinds_for(member) if _is_due(member, kind, data)]
    summaries = chair_summaries([member for member, kind in due if kind == Kind.CHAIR_SUMMARY], day)
    digests = []
    for member, kind in due:
        if kind == Kind.DIGEST:
            digest = _digest(member, data, skip_sent=True)
        elif kind == Kind.ESCALATION:
            digest = _escalation(member, data, skip_sent=True)
        else:
            digest = summaries[member.user_id]
        if not digest.is_empty:
            digests.append(digest)
    return digests


def _is_due(member: Membership, kind: str, data: _Day) -> bool:
    """Whether the person wants this kind of email and has not had it yet
    today (this week, for a chair's summary)."""
    if not _wanted(member, kind, data.day):
        return False
    email = Digest(member.user, kind, data.day)
    return (member.user_id, kind, email.log_rows()[0].rule, email.key, "") not in data.sent


def digest_preview(user, kind: str, day: datetime.date) -> Digest:
    """The email of `kind` that `user` would get on `day`, whatever was sent
    before and whatever their settings (for the admin's preview; logs nothing).
    Empty when they would get none of that kind."""
    data = _read_day(day, users=[user.pk])
    member = next((m for m in data.members), None)
    if member is None or kind not in kinds_for(member):
        return Digest(user, kind, day)
    if kind == Kind.DIGEST:
        return _digest(member, data, skip_sent=False)
    if kind == Kind.ESCALATION:
        return _escalation(member, data, skip_sent=False)
    return chair_summaries([member], day)[member.user_id]


# --- The chair's weekly summary


def _chair_plans(chair: Membership, plans: list[Plan]) -> list[Plan]:
    """The plans of the chair's partnership: those it oversees or owns. A
    chair without an organisation chairs every plan (not closed)."""
    if chair.organisation_id is None:
        return plans
    return [p for p in plans if chair.organisation_id in (p.partnership_id, p.organisation_id)]


def chair_summaries(chairs: list[Membership], day: datetime.date) -> dict[int, Digest]:
    """Each chair's summary for `day`, by user id: counts by plan and theme,
    and the late actions with their owners."""
    if not chairs:
        return {}
    partnerships = {c.organisation_id for c in chairs}
    plans = Plan.objects.exclude(status=Plan.Status.CLOSED).order_by("title", "pk")
    if None not in partnerships:
        plans = plans.filter(Q(partnership__in=partnerships) | Q(organisation__in=partnerships))
    plans = list(plans)
    actions = Action.objects.with_schedule().filter(plan__in=[p.pk for p in plans])
    late = update_late_q(day)
    counts = (
        actions.annotate(top_theme=top_theme_id())
        .values("plan_id", "top_theme")
        .annotate(
            total=Count("pk"),
            on_track=Count("pk", filter=Q(reported_status=Status.ON_TRACK)),
            late=Count("pk", filter=late),
            no_update=Count("pk", filter=Q(reported_status=Status.NO_UPDATE)),
        )
        .order_by()
    )
    themes = Theme.objects.in_bulk({row["top_theme"] for row in counts if row["top_theme"]})
    rows_by_plan: dict[int, list[SummaryRow]] = {}
    for row in counts:
        rows_by_plan.setdefault(row["plan_id"], []).append(
            SummaryRow(None, themes.get(row["top_theme"]), row["total"], row["on_track"], row["late"], row["no_update"])
        )
    late_actions = list(actions.filter(late).select_related("plan", "theme").prefetch_related("owner_organisations"))
    for action in late_actions:
        action.next_update_due = next_update_due_of(action)
    late_actions.sort(key=lambda a: (a.next_update_due, a.plan.title, a.position, a.pk))  # the longest late first
    summaries = {}
    for chair in chairs:
        chaired = _chair_plans(chair, plans)
        digest = Digest(chair.user, Kind.CHAIR_SUMMARY, day)
        for plan in chaired:
            rows = sorted(rows_by_plan.get(plan.pk, []), key=lambda r: (r.theme is not None, _theme_order(r.theme)))
            for row in rows:
                row.plan = plan
            digest.summary += rows
        chaired_ids = {p.pk for p in chaired}
        mine = [a for a in late_actions if a.plan_id in chaired_ids]
        digest.late_total = len(mine)
        digest.items = [_item(action, (Rule.LATE, digest.key), day) for action in mine[:SUMMARY_LATE_LENGTH]]
        summaries[chair.user_id] = digest
    return summaries


def _theme_order(theme: Theme | None) -> tuple:
    return (0, "") if theme is None else (theme.position, theme.title)
