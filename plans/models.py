import datetime
from functools import cached_property

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.db.models.functions import Coalesce
from simple_history.models import HistoricalRecords

from core.dates import add_months, day_of_month

from .names import normalise_name


class Organisation(models.Model):
    """A council or partner body that owns plans or is named as an owner of actions."""

    class Kind(models.TextChoices):
        COUNCIL = "council", "Council"
        HEALTH = "health", "Health"
        GOVERNMENT = "government", "Government department or agency"
        EDUCATION = "education", "Education or training"
        VOLUNTARY = "voluntary", "Voluntary or community sector"
        BUSINESS = "business", "Business"
        PARTNERSHIP = "partnership", "Partnership or board"
        OTHER = "other", "Other"

    name = models.CharField(max_length=200, unique=True)
    short_name = models.CharField(max_length=50, blank=True, help_text='How plans abbreviate it, e.g. "LCC".')
    slug = models.SlugField(max_length=100, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.OTHER)
    partnerships = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="member_organisations",
        limit_choices_to={"kind": Kind.PARTNERSHIP},
        help_text="The partnerships this organisation is a member of; its officers read their plans.",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class PlanQuerySet(models.QuerySet):
    def published(self) -> "PlanQuerySet":
        """The plans residents and open-data callers read: public, and no longer a draft.
        The public pages and the API's anonymous callers both read exactly these."""
        return self.filter(is_public=True, status__in=[Plan.Status.ACTIVE, Plan.Status.CLOSED])

    def visible_to(self, user) -> "PlanQuerySet":
        """The plans this user may read: see `Plan.is_visible_to`."""
        membership = membership_of(user)
        if membership and membership.reads_everything:
            return self.all()
        readable = Q(is_public=True)
        if membership and membership.organisation_id:
            circle = membership.circle
            # Through the `actions` relation that the actions app adds: plans never import it.
            owns_an_action = Plan.objects.filter(
                pk=OuterRef("pk"), actions__owner_organisations=membership.organisation_id
            )
            readable |= Q(organisation__in=circle) | Q(partnership__in=circle) | Exists(owns_an_action)
        return self.filter(readable)


class Plan(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        ACTIVE = "active", "Active"
        CLOSED = "closed", "Closed"

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="plans",
        help_text="The council or body that owns the plan.",
    )
    partnership = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="partnership_plans",
        limit_choices_to={"kind": Organisation.Kind.PARTNERSHIP},
        help_text="The partnership that oversees the plan; its member organisations' officers read it.",
    )
    is_public = models.BooleanField(
        "public, read-only", default=False, help_text="Anyone may read this plan without signing in."
    )
    approval_required = models.BooleanField(
        "updates need approval",
        default=False,
        help_text="An officer's update is shown on dashboards, reports and public pages once a lead officer "
        "of an owning organisation or an admin approves it.",
    )
    accessibility_contact = models.CharField(
        max_length=300,
        blank=True,
        help_text="How to report a problem with the accessibility of the plan's public pages: "
        "an email address or telephone number. Shown on its accessibility statement.",
    )
    title = models.CharField(max_length=300)
    slug = models.SlugField(max_length=100, unique=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    period = models.CharField(
        max_length=100, blank=True, help_text='The period or publication date as the plan writes it, e.g. "April 2012".'
    )
    starts_on = models.DateField(null=True, blank=True)
    ends_on = models.DateField(null=True, blank=True)
    source = models.TextField(blank=True, help_text="The document the plan came from.")
    notes = models.TextField(blank=True, help_text="Text of the plan outside its table: introduction, notes, lists.")
    transcription_note = models.TextField(
        blank=True, help_text="What the source lost or left unclear, and the judgements made in transcribing it."
    )
    history = HistoricalRecords()

    objects = PlanQuerySet.as_manager()

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title

    def is_visible_to(self, user) -> bool:
        """Admins and partnership chairs read every plan; anyone reads a public
        plan; an officer reads the plans their organisation owns, oversees as a
        partnership, belongs to the partnership of, or owns an action in."""
        if self.is_public:
            return True
        membership = membership_of(user)
        if membership is None:
            return False
        if membership.reads_everything:
            return True
        if not membership.organisation_id:
            return False
        circle = membership.circle
        return (
            self.organisation_id in circle
            or self.partnership_id in circle
            or self.actions.filter(owner_organisations=membership.organisation_id).exists()
        )

    def clean(self):
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": "The plan cannot end before it starts."})


class Theme(models.Model):
    """A group of actions: a strategic theme, priority, expected outcome, aim,
    strategy objective or recommendation. Themes nest (outcome → aim), at most
    `Theme.DEPTH` levels deep: what the five plans need, and what the filters,
    dashboards, imports and exports all read (see `within_theme`)."""

    DEPTH = 2

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="themes")
    parent = models.ForeignKey("self", on_delete=models.CASCADE, null=True, blank=True, related_name="children")
    reference = models.CharField(
        max_length=50, blank=True, help_text='As the plan writes it, e.g. "Priority 1" or "3.".'
    )
    kind = models.CharField(max_length=100, blank=True, help_text='What the plan calls this level, e.g. "Priority".')
    title = models.TextField()
    position = models.PositiveIntegerField(default=0, help_text="Order within the plan.")
    transcription_note = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["plan", "position", "pk"]

    def __str__(self) -> str:
        if not self.reference:
            return self.title
        separator = " " if self.reference.endswith((".", ":", ")")) else ": "
        return f"{self.reference}{separator}{self.title}"

    def clean(self):
        if self.parent_id is None:
            return
        if self.parent.plan_id != self.plan_id:
            raise ValidationError({"parent": "A theme can only sit inside a theme of the same plan."})
        ancestor, level = self.parent, 1
        while ancestor is not None:
            if ancestor.pk == self.pk:
                raise ValidationError({"parent": "A theme cannot sit inside itself."})
            ancestor, level = ancestor.parent, level + 1
        if level + self._depth_below() > self.DEPTH:
            raise ValidationError({"parent": f"Themes nest at most {self.DEPTH} levels deep."})

    def trail(self) -> list["Theme"]:
        """This theme and the themes it sits in, outermost first."""
        trail, theme = [], self
        while theme is not None:
            trail.insert(0, theme)
            theme = theme.parent
        return trail

    def top(self) -> "Theme":
        return self.trail()[0]

    def _depth_below(self) -> int:
        """How many levels of themes sit inside this one."""
        if self.pk is None:
            return 0
        depth, level = 0, Theme.objects.filter(parent=self)
        while level.exists():
            depth += 1
            level = Theme.objects.filter(parent__in=level)
        return depth


def theme_path(to: str = "theme") -> list[str]:
    """The paths from a row to its theme and each theme above it, nearest
    first: ["theme", "theme__parent"] for two levels."""
    return [to + "__parent" * level for level in range(Theme.DEPTH)]


def within_theme(theme, to: str = "theme") -> Q:
    """Rows (through `to`) in `theme` or in any theme nested inside it."""
    condition = Q()
    for path in theme_path(to):
        condition |= Q(**{path: theme})
    return condition


def top_theme_id(to: str = "theme"):
    """The id of the outermost theme above a row (its own theme at the top)."""
    return Coalesce(*[f"{path}_id" for path in reversed(theme_path(to))])


class Membership(models.Model):
    """Who a user is in the product: their organisation and their role."""

    class Role(models.TextChoices):
        ADMIN = "admin", "Admin"
        CHAIR = "chair", "Partnership chair"
        LEAD = "lead", "Lead officer"
        OFFICER = "officer", "Officer"

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="membership")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="members"
    )
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.OFFICER)

    class Meta:
        ordering = ["user__username"]

    def __str__(self) -> str:
        where = f" of {self.organisation}" if self.organisation_id else ""
        return f"{self.user} ({self.get_role_display()}{where})"

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        # The role alone decides who uses the Django admin: admins, with every
        # model permission there; nobody else. Set here and nowhere else.
        is_admin = self.role == self.Role.ADMIN
        if (self.user.is_staff, self.user.is_superuser) != (is_admin, is_admin):
            self.user.is_staff = self.user.is_superuser = is_admin
            self.user.save(update_fields=["is_staff", "is_superuser"])

    def clean(self):
        if self.role in {self.Role.OFFICER, self.Role.LEAD} and self.organisation_id is None:
            raise ValidationError({"organisation": "An officer belongs to an organisation; choose one."})

    @property
    def is_admin(self) -> bool:
        return self.role == self.Role.ADMIN or self.user.is_superuser

    @property
    def reads_everything(self) -> bool:
        return self.is_admin or self.role == self.Role.CHAIR

    @cached_property
    def circle(self) -> set[int]:
        """The organisation and the partnerships it belongs to."""
        if not self.organisation_id:
            return set()
        partnerships = Organisation.objects.filter(member_organisations=self.organisation_id)
        return {self.organisation_id, *partnerships.values_list("pk", flat=True)}


def membership_of(user) -> Membership | None:
    """The user's membership, or None for anonymous users and users with none.
    A superuser with no membership is treated as an admin."""
    if user is None or not user.is_authenticated or not user.is_active:
        return None
    try:
        return user.membership
    except Membership.DoesNotExist:
        if user.is_superuser:
            # A superuser made with `createsuperuser` has no membership; an
            # unsaved one stands in for it.
            return Membership(user=user, role=Membership.Role.ADMIN)
        return None


class OrganisationAlias(models.Model):
    """Another way plans write an organisation ("Children's Services" for
    Lincolnshire County Council), saved by an admin from an import's preview
    so that the next import links it."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="aliases")
    alias = models.CharField(
        max_length=200, help_text="Stored in lower case without punctuation, as imports compare it."
    )
    used_by = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="only in plans of",
        help_text=(
            "Only in the plans this organisation owns: one council's \"Children's Services\" is not "
            "another's. Leave empty for every plan."
        ),
    )

    class Meta:
        ordering = ["alias"]
        verbose_name_plural = "aliases"
        constraints = [
            models.UniqueConstraint(fields=["used_by", "alias"], name="unique_alias_per_plan_owner"),
            # NULLs are distinct in a unique constraint: the aliases for every plan need their own.
            models.UniqueConstraint(
                fields=["alias"], condition=Q(used_by__isnull=True), name="unique_alias_for_every_plan"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.alias} → {self.organisation}"

    def save(self, *args, **kwargs):
        self.alias = normalise_name(self.alias)
        super().save(*args, **kwargs)

    def clean(self):
        # Before the unique checks, so that they compare the stored form.
        self.alias = normalise_name(self.alias)
        if not self.alias:
            raise ValidationError({"alias": "Write the alias with at least one letter or number."})


def long_date(day) -> str:
    """15 March 2027: how pages and messages write a date."""
    return f"{day.day} {day:%B %Y}"


class ReportingRound(models.Model):
    """One round of reporting on a plan: it opens, updates are due, and the
    board meets to read them. Made by hand on the plan's settings page, or by
    the plan's repeating pattern (ReportingPattern)."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="reporting_rounds")
    name = models.CharField(max_length=100, blank=True, help_text='For example "Quarter 1 2027".')
    opens_on = models.DateField("round opens", help_text="From this day, an update answers the round.")
    updates_due_on = models.DateField("updates due")
    board_on = models.DateField("board meets", null=True, blank=True, help_text="Leave empty if no board meets.")
    from_pattern = models.BooleanField(
        "made by the repeating pattern",
        default=False,
        editable=False,
        help_text="Saving the pattern again rewrites these while their updates are not yet due.",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["plan", "updates_due_on", "pk"]
        indexes = [models.Index(fields=["plan", "updates_due_on"], name="round_plan_due")]
        constraints = [
            models.CheckConstraint(
                condition=Q(opens_on__lte=F("updates_due_on")),
                name="round_opens_by_due_day",
                violation_error_message="The round must open on or before the day updates are due.",
            ),
            models.CheckConstraint(
                condition=Q(board_on__isnull=True) | Q(board_on__gte=F("updates_due_on")),
                name="round_board_after_due_day",
                violation_error_message="The board must meet on or after the day updates are due.",
            ),
        ]

    def __str__(self) -> str:
        return self.name or f"Updates due {long_date(self.updates_due_on)}"

    def clean(self):
        if self.opens_on and self.updates_due_on and self.opens_on > self.updates_due_on:
            raise ValidationError({"opens_on": "The round must open on or before the day updates are due."})
        if self.board_on and self.updates_due_on and self.board_on < self.updates_due_on:
            raise ValidationError({"board_on": "The board must meet on or after the day updates are due."})


class ReportingPattern(models.Model):
    """How a plan's reporting rounds repeat, in one rule: the board meets every
    few months from its first meeting; updates are due on a chosen day of the
    month before each meeting; each round opens some weeks before that day.
    For example: every quarter from the board of 2 April 2027, updates due on
    the 15th of the month before (15 March), the round opening 2 weeks before
    (1 March). plans.services.reporting_pattern_save writes the rounds."""

    class Every(models.IntegerChoices):
        MONTH = 1, "Every month"
        QUARTER = 3, "Every quarter"
        HALF_YEAR = 6, "Every six months"
        YEAR = 12, "Every year"

    # Every month has a 28th: a later day would move about from month to month.
    LAST_DUE_DAY = 28
    MOST_WEEKS = 12

    plan = models.OneToOneField(Plan, on_delete=models.CASCADE, related_name="reporting_pattern")
    every_months = models.PositiveSmallIntegerField("how often the board meets", choices=Every.choices)
    first_board_on = models.DateField("first board meeting")
    due_day = models.PositiveSmallIntegerField(
        "updates due on day", help_text="The day of the month before each board meeting, from 1 to 28."
    )
    opens_weeks_before = models.PositiveSmallIntegerField(
        "round opens (weeks before updates are due)", default=2, help_text="From 0 to 12."
    )
    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"{self.get_every_months_display()} for {self.plan}"

    def clean(self):
        if self.due_day is not None and not 1 <= self.due_day <= self.LAST_DUE_DAY:
            raise ValidationError({"due_day": f"The day updates are due must be from 1 to {self.LAST_DUE_DAY}."})
        if self.opens_weeks_before is not None and self.opens_weeks_before > self.MOST_WEEKS:
            raise ValidationError(
                {"opens_weeks_before": f"The round can open at most {self.MOST_WEEKS} weeks before updates are due."}
            )

    def board_meetings(self, until):
        """The board meetings from the first one, up to and including `until`."""
        meeting, count = self.first_board_on, 0
        while meeting <= until:
            yield meeting
            count += 1
            # Counted from the first meeting, so that 31 January, 28 February, 31 March keeps its month ends.
            meeting = add_months(self.first_board_on, count * self.every_months)

    def round_for(self, board_on) -> ReportingRound:
        """The (unsaved) round for the board meeting on `board_on`."""
        month_before = add_months(board_on.replace(day=1), -1)
        due = day_of_month(month_before.year, month_before.month, self.due_day)
        return ReportingRound(
            plan=self.plan,
            name=f"{board_on:%B %Y} board",
            opens_on=due - datetime.timedelta(weeks=self.opens_weeks_before),
            updates_due_on=due,
            board_on=board_on,
            from_pattern=True,
        )

    def in_words(self) -> str:
        """Every quarter from 2 April 2027; updates due on the 15th of the month before each board meeting; …"""
        opens = (
            "each round opens on the day updates are due"
            if not self.opens_weeks_before
            else f"each round opens {self.opens_weeks_before} week{'s' if self.opens_weeks_before != 1 else ''} "
            "before that"
        )
        return (
            f"The board meets {self.get_every_months_display().lower()} from {long_date(self.first_board_on)}; "
            f"updates are due on the {ordinal(self.due_day)} of the month before each meeting, and {opens}."
        )


def ordinal(number: int) -> str:
    suffix = "th" if 11 <= number % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"
