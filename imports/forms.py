from django import forms
from django.conf import settings

from core.forms import GovukBoundField
from plans.models import Organisation, Plan
from spreadsheets import SpreadsheetError, check_file, read_rows, too_large

from .columns import COLUMNS


def read_upload(name: str, data: bytes) -> list[list]:
    return read_rows(
        name,
        data,
        max_bytes=settings.IMPORT_MAX_UPLOAD_BYTES,
        max_rows=settings.IMPORT_MAX_ROWS,
        max_columns=settings.IMPORT_MAX_COLUMNS,
        max_uncompressed_bytes=settings.IMPORT_MAX_UNCOMPRESSED_BYTES,
    )


def check_upload(name: str, data: bytes) -> None:
    """Refuse at once a file that is no spreadsheet we read, or too big: the
    quick checks, which read no cell. Reading its rows is the check job's."""
    check_file(
        name,
        data,
        max_bytes=settings.IMPORT_MAX_UPLOAD_BYTES,
        max_uncompressed_bytes=settings.IMPORT_MAX_UNCOMPRESSED_BYTES,
    )


class AnsweredBoundField(GovukBoundField):
    """A field whose label never says "(optional)": the plan choice always has
    an answer ("A new plan" is one), and a new plan's title and owner are
    needed whenever it is chosen."""

    marked_optional = False


class UploadForm(forms.Form):
    """Where to import, then the file. The answers are checked before the
    file: a browser cannot show a chosen file again, so while an answer is
    wrong the file is not looked at, and its error asks for it again; the
    answers typed are kept. The file itself gets only the quick checks
    (`check_upload`): its rows are read by the check job, after the upload."""

    plan = forms.ModelChoiceField(
        label="Import into",
        queryset=Plan.objects.select_related("organisation").order_by("title"),
        required=False,
        empty_label="A new plan",
        help_text="Importing into an existing plan updates its actions from the file's rows",
        bound_field_class=AnsweredBoundField,
    )
    new_plan_title = forms.CharField(
        label="Title of the new plan", required=False, max_length=300, bound_field_class=AnsweredBoundField
    )
    new_plan_organisation = forms.ModelChoiceField(
        label="Council or organisation that owns the new plan",
        queryset=Organisation.objects.exclude(kind=Organisation.Kind.PARTNERSHIP),
        required=False,
        bound_field_class=AnsweredBoundField,
    )
    file = forms.FileField(
        label="Spreadsheet",
        help_text="An Excel workbook (.xlsx), an OpenDocument spreadsheet (.ods) or a CSV file",
        error_messages={"required": "Choose the spreadsheet to import", "empty": "The file is empty."},
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.IMPORT_MAX_UPLOAD_BYTES:
            # Refuse before reading it into memory, with the reader's own words.
            raise forms.ValidationError(too_large(upload.size, settings.IMPORT_MAX_UPLOAD_BYTES))
        return upload

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("plan"):
            if not cleaned.get("new_plan_title"):
                self.add_error("new_plan_title", "Enter the title of the new plan, or choose a plan to import into")
            if not cleaned.get("new_plan_organisation"):
                self.add_error("new_plan_organisation", "Choose the council or organisation that owns the new plan")
        upload = cleaned.get("file")
        if upload is None:
            return cleaned
        if any(name != "file" for name in self.errors):
            self.add_error("file", f"Choose {upload.name} again: it is checked once the answers above are right")
            return cleaned
        data = upload.read()
        try:
            check_upload(upload.name, data)
        except SpreadsheetError as error:
            self.add_error("file", str(error))
            return cleaned
        cleaned["content"] = data
        return cleaned


class MappingForm(forms.Form):
    """One choice per column of the file: which field it holds, or leave it out."""

    save_mapping = forms.BooleanField(label="Save these choices for the next file from this council", required=False)

    def __init__(self, *args, headings: list[str], mapping: dict[int, str | None], **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", "Leave this column out"), *[(column.field, column.label) for column in COLUMNS]]
        self.columns = []
        for index, heading in enumerate(headings):
            name = f"column_{index}"
            self.fields[name] = forms.ChoiceField(
                label=heading or f"Column {index + 1} (no heading)",
                choices=choices,
                required=False,
                initial=mapping.get(index) or "",
            )
            self.columns.append(name)
        self.order_fields([*self.columns, "save_mapping"])

    def mapping(self) -> dict[int, str | None]:
        return {index: self.cleaned_data[f"column_{index}"] or None for index in range(len(self.columns))}


class HeaderRowForm(forms.Form):
    """Which of the file's first rows holds the headings, where the one we
    found is wrong or none was found."""

    header_row = forms.TypedChoiceField(
        label="Which row holds the column headings?",
        coerce=int,
        error_messages={
            "required": "Choose the row that holds the column headings",
            "invalid_choice": "Choose the row that holds the column headings from the file's first rows",
        },
    )

    def __init__(self, *args, first_rows: list[list[str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["header_row"].choices = [
            ("", "Choose a row"),
            *[(number, f"Row {number}: {_row_summary(row)}") for number, row in enumerate(first_rows, start=1)],
        ]


def _row_summary(row: list[str], characters: int = 80) -> str:
    text = " | ".join(cell for cell in row if cell)
    if not text:
        return "(empty)"
    return text if len(text) <= characters else text[: characters - 1] + "…"
