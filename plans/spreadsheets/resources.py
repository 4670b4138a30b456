"""The django-import-export resource that turns a plan's action rows into
actions: creating, updating or leaving each unchanged, and adding a progress
update where a row's progress is new."""

from django.core.exceptions import ValidationError
from import_export import fields, resources, widgets
from import_export.instance_loaders import CachedInstanceLoader

from actions.models import Action
from plans.models import Organisation, Plan, Theme
from progress.models import LATEST_FIRST, ProgressUpdate

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

# Internal columns the importer adds to each row before the resource sees it.
ID, POSITION, THEME, ROW = "_id", "_position", "_theme", "_row"


class ActionImportResource(resources.ModelResource):
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
                  "owner_organisations", "indicators"]  # fmt: skip
        import_id_fields = ["id"]
        instance_loader_class = CachedInstanceLoader
        skip_unchanged = True
        report_skipped = True
        store_instance = True
        store_row_values = True
        skip_html_diff = True
        clean_model_instances = True

    def __init__(self, *, plan: Plan, table: Table, rows_by_number: dict[int, ActionRow], user=None):
        super().__init__()
        for name in TEXT_FIELDS:
            self.fields[name] = fields.Field(attribute=name, column_name=name, widget=TextWidget())
        self.plan = plan
        self.table = table
        self.rows_by_number = rows_by_number
        self.user = user
        self.theme_ids: dict[ThemeKey, int] = {}
        self.themes_created: list[Theme] = []
        self.latest_updates: dict[int, tuple] = {}
        self.progress_rows: set[int] = set()
        self.owner_lookup: dict[str, Organisation] | None = None

    # Columns are named by field; the table knows the headings people wrote.
    def heading(self, field_name: str) -> str:
        return self.table.heading_of(field_name)

    def get_queryset(self):
        return Action.objects.filter(plan=self.plan)

    def init_instance(self, row=None):
        return Action(plan=self.plan)

    def prepare(self) -> None:
        """Before the first row: the plan's themes and each action's latest update."""
        self._ensure_themes()
        for update in ProgressUpdate.objects.filter(action__plan=self.plan).order_by("action_id", *LATEST_FIRST):
            self.latest_updates.setdefault(update.action_id, (update.narrative, update.status, update.date_of_update))

    def _ensure_themes(self) -> None:
        """Find each theme the file names among the plan's themes, or add it."""
        existing = {}
        themes = list(self.plan.themes.order_by("position", "pk"))
        by_pk = {theme.pk: theme for theme in themes}

        def key_of(theme: Theme) -> ThemeKey:
            parent = key_of(by_pk[theme.parent_id]) if theme.parent_id else None
            return ThemeKey.of(parent, theme.reference, theme.title)

        for theme in themes:
            existing.setdefault(key_of(theme), theme.pk)
        position = max((theme.position for theme in themes), default=0)
        for key, theme_row in self.table.themes.items():
            if key in existing:
                self.theme_ids[key] = existing[key]
                continue
            position += 1
            theme = Theme.objects.create(
                plan=self.plan,
                parent_id=self.theme_ids.get(key.parent) if key.parent else None,
                reference=theme_row.reference,
                kind=theme_row.kind,
                title=theme_row.title,
                position=position,
            )
            self.theme_ids[key] = theme.pk
            self.themes_created.append(theme)

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
        # Many-to-many cells are only read after the row is saved; check them
        # first so that their mistakes are named like any other.
        for name in ("owner_organisations", "indicators"):
            if name in row:
                try:
                    self.fields[name].clean(row)
                except ValueError as error:
                    errors[name] = str(error)
        if errors:
            raise ValidationError(errors)

    def _new_progress(self, instance, row) -> tuple | None:
        narrative = cell_text(row.get("progress"))
        if not narrative:
            return None
        update = (narrative, row["_status"], row["_progress_date"])
        if instance.pk and self.latest_updates.get(instance.pk) == update:
            return None
        return update

    def skip_row(self, instance, original, row, import_validation_errors=None):
        skip = super().skip_row(instance, original, row, import_validation_errors)
        return skip and self._new_progress(original, row) is None

    def after_init_instance(self, instance, new, row, **kwargs):
        instance.is_new_from_import = new

    def after_save_instance(self, instance, row, **kwargs):
        if instance.is_new_from_import and "owner_organisations" not in row:
            instance.owner_organisations.set(self._organisations_named_in(instance.owners))
        update = self._new_progress(instance, row)
        if update is None:
            return
        narrative, status, date_of_update = update
        # Progress read from a plan's spreadsheet is the plan's own, like the
        # progress column of a published plan.
        ProgressUpdate.objects.create(
            action=instance, narrative=narrative, status=status, date_of_update=date_of_update, from_source_plan=True
        )
        self.latest_updates[instance.pk] = update
        self.progress_rows.add(row[ROW])

    def _organisations_named_in(self, owners: str) -> list[Organisation]:
        """Where the file has no owner organisations column, link the owners text
        to organisations it names in full or by short name."""
        if self.owner_lookup is None:
            self.owner_lookup = {}
            for organisation in Organisation.objects.exclude(kind=Organisation.Kind.PARTNERSHIP):
                for name in filter(None, [organisation.name, organisation.short_name]):
                    self.owner_lookup[name.casefold()] = organisation
        words = f" {' '.join(owners.casefold().split())} "
        return list({o.pk: o for name, o in self.owner_lookup.items() if f" {name} " in words}.values())
