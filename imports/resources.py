"""The django-import-export resource that turns a plan's action rows into
actions: creating, updating or leaving each unchanged, and adding a progress
update where a row's progress is new."""

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from import_export import fields, resources, widgets
from import_export.instance_loaders import CachedInstanceLoader

from actions.models import Action, Indicator, ReviewCadence
from plans.models import Organisation, Plan, Theme
from progress.models import LATEST_FIRST, ProgressUpdate
from progress.services import progress_updates_bulk_create

from .columns import BY_FIELD
from .owners import OwnerMatcher
from .tabulate import ActionRow, Table, ThemeKey, cell_text
from .widgets import (
    CadenceWidget,
    DateWidget,
    IndicatorsWidget,
    OrganisationsWidget,
    TextWidget,
    YesNoWidget,
    read_date,
    read_status,
)

TEXT_FIELDS = [
    "reference", "text", "outcomes", "measures", "owners", "timescale", "monitoring", "links", "initial_response",
    "transcription_note",
]  # fmt: skip
PROGRESS_FIELDS = ["progress", "status", "progress_date"]

COMPARED = [
    "reference", "text", "outcomes", "measures", "owners", "timescale", "monitoring", "links", "initial_response",
    "transcription_note", "due_date", "review_cadence", "recommendation_accepted", "theme_id", "position",
]  # fmt: skip
M2M_FIELDS = ["owner_organisations", "indicators"]
# The columns an import may change, as bulk_update names them (COMPARED's theme_id is the theme).
WRITTEN = {name: "theme" if name == "theme_id" else name for name in COMPARED}

# Internal columns the importer adds to each row before the resource sees it.
ID, POSITION, THEME, ROW = "_id", "_position", "_theme", "_row"
SHOWN_CHARACTERS = 200  # of each value before and after, in the preview


class ActionImportResource(resources.ModelResource):
    """Rows in, actions out. Each row is read, checked and compared in memory;
    what the rows of a chunk write (new and changed actions, progress updates,
    owner and indicator links, history) is written in bulk once the chunk has
    been read, in a few queries, rather than with a savepoint and a query or
    three for every row: a 10,000-row file must import in seconds. The number
    of queries grows with the chunks (and the themes a file adds), not the rows."""

    id = fields.Field(attribute="id", column_name=ID, widget=widgets.IntegerWidget())
    position = fields.Field(attribute="position", column_name=POSITION, widget=widgets.IntegerWidget())
    theme = fields.Field(attribute="theme_id", column_name=THEME, widget=widgets.IntegerWidget())
    due_date = fields.Field(attribute="due_date", column_name="due_date", widget=DateWidget())
    review_cadence = fields.Field(attribute="review_cadence", column_name="review_cadence", widget=CadenceWidget())
    recommendation_accepted = fields.Field(
        attribute="recommendation_accepted", column_name="recommendation_accepted", widget=YesNoWidget()
    )
    owner_organisations = fields.Field(
        attribute="owner_organisations", column_name="owner_organisations", widget=OrganisationsWidget()
    )
    indicators = fields.Field(attribute="indicators", column_name="indicators", widget=IndicatorsWidget())

    class Meta:
        model = Action
        fields = ["id", "position", "theme", *TEXT_FIELDS, "due_date", "review_cadence", "recommendation_accepted",
                  *M2M_FIELDS]  # fmt: skip
        import_id_fields = ["id"]
        instance_loader_class = CachedInstanceLoader
        skip_unchanged = True
        report_skipped = True
        store_instance = True
        store_row_values = True
        # Changes are found by comparing with a snapshot (see `skip_row`), not
        # with import-export's diff, which reads every related value per row.
        skip_diff = True
        clean_model_instances = True
        # New and changed actions are written with bulk_create and bulk_update
        # at the end of each chunk (importing.CHUNK_ROWS), and no savepoint is
        # taken per row: the import is one transaction, and a file with a
        # problem writes nothing anyway (see importing.import_steps).
        use_bulk = True

    def __init__(
        self,
        *,
        plan: Plan,
        table: Table,
        rows_by_number: dict[int, ActionRow],
        user=None,
        source: str = "",
        moved: set[int] = frozenset(),
        review: dict | None = None,
    ):
        super().__init__()
        for name in TEXT_FIELDS:
            self.fields[name] = fields.Field(attribute=name, column_name=name, widget=TextWidget())
        self.plan = plan
        self.table = table
        self.rows_by_number = rows_by_number
        self.user = user
        self.source = source
        self.theme_ids: dict[ThemeKey, int] = {}
        self.themes_by_id: dict[int, Theme] = {}
        self.themes_created: list[Theme] = []
        self.latest_updates: dict[int, tuple] = {}
        self.stored: dict[int, dict] = {}  # the plan's actions as they are, by pk: see `unchanged`
        self.related_ids: dict[int, dict[str, set[int]]] = {}
        self.link_ids: dict[tuple[str, int, int], int] = {}  # (m2m field, action, related) → the link's id
        self.changed_fields: dict[int, list[str]] = {}  # spreadsheet row → what changed
        self.before_after: dict[int, list[list[str]]] = {}  # spreadsheet row → [what, before, after]…
        # Actions whose order among the others the file changes; the rest may
        # be renumbered to make room for inserted or removed rows, which is
        # written but not shown as a change.
        self.moved = moved
        # Whether the new progress updates arrive approved or awaiting approval
        # (state, and who approved them when): see importing.review_of_new_updates.
        self.review = review or {}
        self.names: dict[str, dict[int, str]] = {name: {} for name in M2M_FIELDS}
        self.progress_rows: set[int] = set()
        self.owner_lookup: OwnerMatcher | None = None
        self.owners_named: dict[str, list[Organisation]] = {}  # owners text → the organisations it names
        self._plain_fields: list[fields.Field] | None = None  # see import_instance
        self._saved: list[tuple[Action, dict]] = []  # (action, its row), written at the end of the chunk

    def get_queryset(self):
        return Action.objects.filter(plan=self.plan)

    def init_instance(self, row=None):
        return Action(plan=self.plan)

    def prepare(self) -> None:
        """Before the first row: the plan's themes, and each action's compared
        fields, latest update and related organisations and indicators, each
        in one query."""
        self._ensure_themes()
        self.stored = {action["pk"]: action for action in self.get_queryset().values("pk", *COMPARED)}
        self.themes_by_id = {theme.pk: theme for theme in self.plan.themes.all()}
        updates = ProgressUpdate.objects.filter(action__plan=self.plan).order_by("action_id", *LATEST_FIRST)
        for action_id, *latest in updates.values_list("action_id", "narrative", "status", "date_of_update"):
            self.latest_updates.setdefault(action_id, tuple(latest))
        for name in M2M_FIELDS:
            through, column = _links(name)
            for pk, action_id, related_id in through.objects.filter(action__plan=self.plan).values_list(
                "pk", "action_id", column
            ):
                self.related_ids.setdefault(action_id, {}).setdefault(name, set()).add(related_id)
                self.link_ids[name, action_id, related_id] = pk

    def _ensure_themes(self) -> None:
        """Find each theme the file names among the plan's themes, or add it:
        in bulk, one level at a time (a sub-theme needs its parent's id)."""
        existing = {}
        themes = list(self.plan.themes.order_by("position", "pk"))
        by_pk = {theme.pk: theme for theme in themes}

        def key_of(theme: Theme) -> ThemeKey:
            parent = key_of(by_pk[theme.parent_id]) if theme.parent_id else None
            return ThemeKey.of(parent, theme.reference, theme.title)

        for theme in themes:
            existing.setdefault(key_of(theme), theme.pk)
        position = max((theme.position for theme in themes), default=0)
        waiting: dict[ThemeKey, Theme] = {}  # new themes, in the file's order
        for key, theme_row in self.table.themes.items():
            if key in existing:
                self.theme_ids[key] = existing[key]
                continue
            position += 1
            waiting[key] = Theme(
                plan=self.plan, reference=theme_row.reference, kind=theme_row.kind, title=theme_row.title,
                position=position,
            )  # fmt: skip
        self.themes_created = list(waiting.values())
        while waiting:
            level = {key: theme for key, theme in waiting.items() if key.parent is None or key.parent in self.theme_ids}
            if not level:  # a parent the file does not name: cannot happen (tabulate names every parent)
                raise AssertionError(f"themes without a parent: {list(waiting)}")
            for key, theme in level.items():
                theme.parent_id = self.theme_ids.get(key.parent) if key.parent else None
            Theme.objects.bulk_create(level.values())
            Theme.history.bulk_history_create(list(level.values()), **self._history())
            for key, theme in level.items():
                self.theme_ids[key] = theme.pk
                del waiting[key]

    def _history(self) -> dict:
        """Who and why, for the history rows the import writes."""
        reason = f"Imported from {self.source}"[:100] if self.source else "Imported from a spreadsheet"
        return {"default_user": self.user, "default_change_reason": reason, "default_date": timezone.now()}

    def before_import_row(self, row, **kwargs):
        action_row = self.rows_by_number[row[ROW]]
        row[THEME] = self.theme_ids.get(action_row.theme) if action_row.theme else None
        errors = {}
        if not cell_text(row.get("text")):
            errors["text"] = "This row has no action. Fill in the action, or clear the row."
        try:
            row["_status"] = read_status(row.get("status"))
        except ValueError as error:
            errors["status"] = str(error)
        try:
            row["_progress_date"] = read_date(row.get("progress_date"))
        except ValueError as error:
            errors["progress_date"] = str(error)
        for name in M2M_FIELDS:
            if name in row:
                try:
                    row[f"_{name}"] = {related.pk for related in self.fields[name].clean(row)}
                except ValueError as error:
                    errors[name] = str(error)
        if errors:
            raise ValidationError(errors)

    def after_init_instance(self, instance, new, row, **kwargs):
        instance.import_snapshot = None if new else {name: getattr(instance, name) for name in COMPARED}

    def unchanged(self, row: dict) -> bool:
        """Whether an existing action's row (as the dataset has it) changes
        nothing, found by reading its cells and comparing them with the action
        as stored, without import-export's round for the row (loading the
        action, setting each field on it, comparing): most rows of a file
        imported before change nothing. False whenever in doubt (a problem in
        the row, an organisations or indicators column): such a row goes the
        usual way, which finds what changed or what is wrong."""
        stored = self.stored.get(row[ID])
        if stored is None or any(name in row for name in M2M_FIELDS):
            return False
        try:
            self.before_import_row(row)
        except ValidationError:
            return False
        for field in self.plain_fields():
            if field.column_name not in row or field.attribute == "id":
                continue
            try:
                if field.clean(row) != stored[field.attribute]:
                    return False
            except ValueError:
                return False
        return self._new_progress(row[ID], row) is None

    def plain_fields(self) -> list[fields.Field]:
        """The fields read into a plain attribute of the action (not organisations or indicators)."""
        if self._plain_fields is None:
            self._plain_fields = [
                field for field in self.get_import_fields()
                if not isinstance(field.widget, widgets.ManyToManyWidget) and not field.readonly
                and "__" not in field.attribute
            ]  # fmt: skip
        return self._plain_fields

    def import_instance(self, instance, row, **kwargs):
        """import-export's, for this resource's fields (each a plain attribute
        of the action), without looking up and ordering the fields again for
        every row, which cost more than reading the values."""
        errors = {}
        for field in self.plain_fields():
            if field.column_name not in row:
                continue
            try:
                value = field.clean(row)
            except ValueError as error:
                errors[field.attribute] = ValidationError(str(error), code="invalid")
                continue
            if value is not None or field.saves_null_values:
                setattr(instance, field.attribute, value)
        if errors:
            raise ValidationError(errors)
        # The theme object from the cache, so that validating the action does
        # not fetch it again.
        instance.theme = self.themes_by_id.get(instance.theme_id)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        """The model's own checks, except asking the database whether the plan
        and theme exist: both come from this import's own lookups, and asking
        would cost two queries a row."""
        errors = dict(import_validation_errors or {})
        try:
            instance.full_clean(exclude=[*errors, "plan", "theme", "continues"], validate_unique=False)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def _new_progress(self, pk: int | None, row) -> tuple | None:
        """The progress update this row adds, or None. A file without status or
        date columns is compared on its narrative alone: it says nothing about
        the status the latest update already has."""
        narrative = cell_text(row.get("progress"))
        if not narrative:
            return None
        latest = self.latest_updates.get(pk) if pk else None
        update = (narrative, row["_status"], row["_progress_date"])
        if latest is not None:
            carried = (
                narrative,
                row["_status"] if "status" in row else latest[1],
                row["_progress_date"] if "progress_date" in row else latest[2],
            )
            if carried == latest:
                return None
        return update

    def skip_row(self, instance, original, row, import_validation_errors=None):
        if import_validation_errors:
            return False
        snapshot = instance.import_snapshot
        if snapshot is None:
            return False
        labels = {"theme_id": "theme", "position": "order"}
        changed = []  # [what, before, after]
        for name in COMPARED:
            before, after = snapshot[name], getattr(instance, name)
            if before != after and (name != "position" or instance.pk in self.moved):
                changed.append(
                    [labels.get(name) or BY_FIELD[name].label, self._shown(name, before), self._shown(name, after)]
                )
        related = self.related_ids.get(instance.pk, {})
        for name in M2M_FIELDS:
            if name in row and row[f"_{name}"] != related.get(name, set()):
                before, after = related.get(name, set()), row[f"_{name}"]
                changed.append([BY_FIELD[name].label, self._names(name, before), self._names(name, after)])
        if update := self._new_progress(instance.pk, row):
            latest = self.latest_updates.get(instance.pk)
            changed.append(["new progress update", _cut(latest[0]) if latest else "", _cut(update[0])])
        if changed:
            self.changed_fields[row[ROW]] = [what for what, _, _ in changed]
            self.before_after[row[ROW]] = changed
        return not changed and instance.position == snapshot["position"]

    def _shown(self, name: str, value) -> str:
        """A field's value as the preview shows it."""
        if value is None or value == "":
            return ""
        if name == "theme_id":
            return str(self.themes_by_id.get(value, ""))
        if name == "review_cadence":
            return str(ReviewCadence(value).label)
        if isinstance(value, bool):
            return "Yes" if value else "No"
        if isinstance(value, datetime.date):
            return f"{value:%d/%m/%Y}"
        return _cut(str(value))

    def _names(self, name: str, ids: set[int]) -> str:
        """Organisations' or indicators' names, fetching only those not seen yet."""
        known = self.names[name]
        unseen = ids - known.keys()
        if unseen:
            model = Organisation if name == "owner_organisations" else Indicator
            known.update({pk: str(related) for pk, related in model.objects.in_bulk(unseen).items()})
        return _cut("; ".join(sorted(known.get(pk, "") for pk in ids)))

    def after_save_instance(self, instance, row, **kwargs):
        # Not written yet (use_bulk): the chunk's actions are, before `after_import`.
        self._saved.append((instance, row))

    def get_bulk_update_fields(self) -> list[str]:
        """Only the columns some action of the chunk changes: bulk_update
        writes each listed column of every action it is given."""
        return [
            WRITTEN[name]
            for name in COMPARED
            if any(instance.import_snapshot[name] != getattr(instance, name) for instance in self.update_instances)
        ]

    def bulk_update(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        if not self.get_bulk_update_fields():  # only m2m links or progress changed: nothing to update
            self.update_instances.clear()
            return
        super().bulk_update(using_transactions, dry_run, raise_errors, batch_size, result)

    def after_import(self, dataset, result, **kwargs):
        """Write what the chunk's rows gathered, now that its actions are
        written and have ids: owner and indicator links, progress updates and
        history. Progress updates go through progress's service, which also
        refreshes the summary of each action given one, in one UPDATE (the
        others' updates are as they were)."""
        if result.has_errors():  # a chunk that could not be written: the import writes nothing
            self._saved = []
            return
        new_updates = []
        new_links, old_links = {name: [] for name in M2M_FIELDS}, {name: [] for name in M2M_FIELDS}
        for instance, row in self._saved:
            self._gather_links(instance, row, new_links, old_links)
            update = self._new_progress(instance.pk, row)
            if update is None:
                continue
            narrative, status, date_of_update = update
            # Progress read from a plan's spreadsheet is the plan's own, like the
            # progress column of a published plan.
            new_updates.append(
                ProgressUpdate(
                    action=instance,
                    narrative=narrative,
                    status=status,
                    date_of_update=date_of_update,
                    from_source_plan=True,
                    **self.review,
                )
            )
            self.latest_updates[instance.pk] = update
            self.progress_rows.add(row[ROW])
        for name in M2M_FIELDS:
            through, _ = _links(name)
            if old_links[name]:
                through.objects.filter(pk__in=old_links[name]).delete()
            through.objects.bulk_create(new_links[name])
        history = self._history()
        progress_updates_bulk_create(new_updates, history=history)
        saved = [instance for instance, _ in self._saved]
        Action.history.bulk_history_create([action for action in saved if action.import_snapshot is None], **history)
        changed = [action for action in saved if action.import_snapshot is not None]
        Action.history.bulk_history_create(changed, update=True, **history)
        self._saved = []

    def _gather_links(self, instance, row, new_links: dict[str, list], old_links: dict[str, list]) -> None:
        """The owner and indicator links an action's row adds and removes: those
        its columns list, or (for a new action, where the file has no owner
        organisations column) the organisations its owners text names."""
        for name in M2M_FIELDS:
            through, column = _links(name)
            had = self.related_ids.get(instance.pk, {}).get(name, set())
            if name in row:
                wanted = sorted(row[f"_{name}"])
            elif name == "owner_organisations" and instance.import_snapshot is None:
                wanted = [organisation.pk for organisation in self._organisations_named_in(instance.owners)]
            else:
                continue
            new_links[name] += [through(action_id=instance.pk, **{column: pk}) for pk in wanted if pk not in had]
            old_links[name] += [self.link_ids[name, instance.pk, pk] for pk in had - set(wanted)]

    def _organisations_named_in(self, owners: str) -> list[Organisation]:
        """Where the file has no owner organisations column, link the owners text
        to the organisations it names (see imports/owners.py): once for each
        distinct text, which a plan's rows repeat."""
        if self.owner_lookup is None:
            self.owner_lookup = OwnerMatcher.load(plan_owner_id=self.plan.organisation_id)
        if owners not in self.owners_named:
            self.owners_named[owners] = self.owner_lookup.organisations_in(owners)
        return self.owners_named[owners]


def _links(name: str) -> tuple[type, str]:
    """The table linking actions to their `name` (owner organisations or
    indicators), and its column holding the linked object's id."""
    return getattr(Action, name).through, f"{Action._meta.get_field(name).m2m_reverse_field_name()}_id"


def _cut(text: str) -> str:
    return text if len(text) <= SHOWN_CHARACTERS else text[: SHOWN_CHARACTERS - 1].rstrip() + "…"
