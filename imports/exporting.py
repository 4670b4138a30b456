"""Plans and filtered lists of actions as spreadsheets, in the column layout
the importer reads, so that export → import changes nothing."""

from django.db.models import Prefetch
from import_export import fields, resources

from actions.models import Action, ReviewCadence, Status
from plans.models import Organisation, Plan
from spreadsheets import Sheet, write_csv, write_xlsx

from .columns import BY_FIELD, COLUMNS

WIDTHS = {"Theme": 30, "Sub-theme": 30, "Reference": 10, "Action": 60, "Owners": 30, "Timescale": 20,
          "Progress": 60, "Plan": 30, "Due date": 12, "Latest update date": 12}  # fmt: skip


def theme_levels(theme) -> tuple:
    """(theme, sub-theme) as the columns hold them."""
    if theme is None:
        return None, None
    return (theme.parent, theme) if theme.parent_id else (theme, None)


class ActionExportResource(resources.ModelResource):
    """One column per field of our layout; values as people read them."""

    class Meta:
        model = Action
        fields = []

    def __init__(self, *, with_plan: bool = False):
        super().__init__()
        self.fields = {}
        if with_plan:
            self.fields["plan"] = fields.Field(column_name="Plan", attribute="plan__title")
        for column in COLUMNS:
            self.fields[column.field] = fields.Field(column_name=column.heading)
            self.fields[column.field].dehydrate_method = f"dehydrate_{column.field}"

    def get_export_order(self):
        return list(self.fields)

    # Themes: a theme inside another goes in "Sub-theme", its parent in "Theme".
    @staticmethod
    def _levels(action):
        return theme_levels(action.theme)

    def dehydrate_theme(self, action):
        top, _ = self._levels(action)
        return str(top) if top else ""

    def dehydrate_theme_kind(self, action):
        top, _ = self._levels(action)
        return top.kind if top else ""

    def dehydrate_sub_theme(self, action):
        _, sub = self._levels(action)
        return str(sub) if sub else ""

    def dehydrate_sub_theme_kind(self, action):
        _, sub = self._levels(action)
        return sub.kind if sub else ""

    def dehydrate_owner_organisations(self, action):
        return "\n".join(organisation.name for organisation in action.owner_organisations.all())

    def dehydrate_indicators(self, action):
        return "\n".join(str(indicator) for indicator in action.indicators.all())

    def dehydrate_review_cadence(self, action):
        return ReviewCadence(action.review_cadence).label if action.review_cadence else ""

    def dehydrate_recommendation_accepted(self, action):
        return {True: "Yes", False: "No"}.get(action.recommendation_accepted, "")

    def dehydrate_status(self, action):
        # An update's own status in words; blank for "not recorded" and "no update yet".
        return Status(action.reported_status).label if action.reported_status in Status.stated() else ""

    def dehydrate_progress_date(self, action):
        return action.latest_update_on

    def dehydrate_progress(self, action):
        return action.latest_narrative or ""


# Plain fields: the attribute of the same name.
for _column in COLUMNS:
    if not hasattr(ActionExportResource, f"dehydrate_{_column.field}"):
        setattr(
            ActionExportResource,
            f"dehydrate_{_column.field}",
            lambda self, action, name=_column.field: getattr(action, name),
        )


def export_queryset(actions):
    return (
        actions.with_latest_narrative()
        .select_related("plan", "theme__parent")
        .prefetch_related(Prefetch("owner_organisations", queryset=Organisation.objects.order_by("name")), "indicators")
    )


def plan_sheet(plan: Plan) -> Sheet:
    """Every theme and action of the plan in its order; a theme with no actions
    (and no themes inside it) gets a row of its own so that it survives a round trip."""
    resource = ActionExportResource()
    actions = list(export_queryset(plan.actions.all()).order_by("position", "pk"))
    by_theme: dict[int | None, list] = {}
    for action in actions:
        by_theme.setdefault(action.theme_id, []).append(action)
    themes = list(plan.themes.select_related("parent").order_by("position", "pk"))
    has_children = {theme.parent_id for theme in themes}
    headers = resource.get_export_headers()
    rows = []
    for theme in themes:
        for action in by_theme.get(theme.pk, []):
            rows.append(resource.export_resource(action))
        if theme.pk not in by_theme and theme.pk not in has_children:
            rows.append(_theme_only_row(headers, theme))
    rows += [resource.export_resource(action) for action in by_theme.get(None, [])]
    return Sheet(title=_sheet_title(plan.title), headers=headers, rows=rows, widths=WIDTHS)


def _theme_only_row(headers: list[str], theme) -> list:
    row = [""] * len(headers)
    top, sub = theme_levels(theme)
    row[headers.index(BY_FIELD["theme"].heading)] = str(top)
    row[headers.index(BY_FIELD["theme_kind"].heading)] = top.kind
    if sub:
        row[headers.index(BY_FIELD["sub_theme"].heading)] = str(sub)
        row[headers.index(BY_FIELD["sub_theme_kind"].heading)] = sub.kind
    return row


def actions_sheet(actions, title: str = "Actions") -> Sheet:
    resource = ActionExportResource(with_plan=True)
    rows = [resource.export_resource(action) for action in export_queryset(actions)]
    return Sheet(title=title, headers=resource.get_export_headers(), rows=rows, widths=WIDTHS)


def _sheet_title(title: str) -> str:
    # Excel allows 31 characters and none of []:*?/\ in a sheet's name.
    cleaned = "".join(character for character in title if character not in "[]:*?/\\")
    return cleaned[:31].strip() or "Plan"


def spreadsheet_bytes(sheet: Sheet, file_format: str) -> bytes:
    return write_xlsx([sheet]) if file_format == "xlsx" else write_csv(sheet)
