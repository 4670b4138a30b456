"""Indicator figures out to a spreadsheet and back in: upload, preview,
confirm. The file's rows wait in the session between the steps (a file has
at most spreadsheet.MAX_ROWS rows); each step checks them against the
figures as they are then, so a confirm writes what its preview showed or
nothing."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from actions.models import Indicator
from core.access import SignInRequired, check_perm, refuse_to_read
from core.downloads import download
from plans.models import Plan
from spreadsheets import SpreadsheetError, read_rows, too_large, write_csv, write_xlsx

from .figures import figures_for, indicators_of_plan
from .rules import readable_indicators
from .spreadsheet import MAX_ROWS, Checked, NotWritten, cell_text, figures_check, figures_sheet, figures_write

SESSION_KEY = "indicator_figures_import"


class UploadForm(forms.Form):
    file = forms.FileField(
        label="Spreadsheet",
        help_text=f"An Excel workbook (.xlsx), an OpenDocument spreadsheet (.ods) or a CSV file, "
        f"of at most {MAX_ROWS:,} rows",
        error_messages={"required": "Choose the spreadsheet to import", "empty": "The file is empty."},
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.IMPORT_MAX_UPLOAD_BYTES:
            # Refused before it is read into memory, in the reader's own words.
            raise forms.ValidationError(too_large(upload.size, settings.IMPORT_MAX_UPLOAD_BYTES))
        try:
            rows = read_rows(
                upload.name, upload.read(), max_bytes=settings.IMPORT_MAX_UPLOAD_BYTES, max_rows=MAX_ROWS,
                max_columns=settings.IMPORT_MAX_COLUMNS,
                max_uncompressed_bytes=settings.IMPORT_MAX_UNCOMPRESSED_BYTES,
            )  # fmt: skip
        except SpreadsheetError as error:
            raise forms.ValidationError(str(error)) from error
        # As text, so that the session can keep them; the check reads text alike from any kind of file.
        self.cleaned_data["rows"] = [[cell_text(cell) for cell in row] for row in rows]
        return upload


def may_import(user) -> bool:
    """Admins, and officers and lead officers, who enter their organisation's figures (`indicators.import_figures`)."""
    return user.has_perm("indicators.import_figures")


def _check_may_import(request: HttpRequest) -> None:
    if not may_import(request.user):
        check_perm(request, "indicators.enter_figures", None)  # sign-in for visitors, 403 for the rest


@require_GET
def figures_export(request: HttpRequest, file_format: str) -> HttpResponse:
    """Every indicator the user may read, or those of one plan (?plan=<pk>), with their figures."""
    if not request.user.is_authenticated:
        raise SignInRequired
    indicators, name = Indicator.objects.all(), "indicator-figures"
    if plan_pk := request.GET.get("plan"):
        plan = get_object_or_404(Plan, pk=plan_pk) if plan_pk.isdigit() else None
        if plan is None or not request.user.has_perm("plans.read_plan", plan):
            refuse_to_read(request)
        indicators, name = indicators_of_plan(plan), f"{plan.slug}-indicator-figures"
    sheet = figures_sheet(figures_for(readable_indicators(request.user, indicators)).values())
    data = write_xlsx([sheet]) if file_format == "xlsx" else write_csv(sheet)
    return download(data, f"{name}.{file_format}")


@login_required
@require_http_methods(["GET", "POST"])
def figures_import(request: HttpRequest) -> HttpResponse:
    _check_may_import(request)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        request.session[SESSION_KEY] = {"file_name": form.cleaned_data["file"].name, "rows": form.cleaned_data["rows"]}
        return redirect("indicator-import-preview")
    return render(request, "indicators/import_upload.html", {"form": form, "max_rows": MAX_ROWS})


@never_cache
@login_required
@require_GET
def figures_import_preview(request: HttpRequest) -> HttpResponse:
    _check_may_import(request)
    stored = request.session.get(SESSION_KEY)
    if not stored:
        return redirect("indicator-import")
    checked = figures_check(stored["rows"], request.user)
    return _preview(request, stored, checked)


@login_required
@require_POST
def figures_import_confirm(request: HttpRequest) -> HttpResponse:
    _check_may_import(request)
    stored = request.session.get(SESSION_KEY)
    if not stored:
        return redirect("indicator-import")
    checked = figures_check(stored["rows"], request.user)
    if checked.problems or not checked.changes:
        return _preview(request, stored, checked)
    if checked.digest() != request.POST.get("digest"):
        notice = "The figures changed after you checked the file: check what the import will change now"
        return _preview(request, stored, checked, notice=notice)
    try:
        figures_write(checked.changes, request.user)
    except NotWritten as failure:
        checked.problems = failure.problems
        return _preview(request, stored, checked, notice="Nothing was written: fix the file and upload it again")
    del request.session[SESSION_KEY]
    messages.success(request, _done(checked, stored["file_name"]))
    return redirect("indicator-import")


def _preview(request: HttpRequest, stored: dict, checked: Checked, notice: str = "") -> HttpResponse:
    context = {"file_name": stored["file_name"], "checked": checked, "notice": notice, "digest": checked.digest()}
    return render(request, "indicators/import_preview.html", context)


def _done(checked: Checked, file_name: str) -> str:
    new, restated, targets = checked.new_figures, checked.restated, checked.targets
    return (
        f"{file_name} imported: {new} new figure{'s' if new != 1 else ''}, {restated} "
        f"correction{'s' if restated != 1 else ''}, {targets} target{'s' if targets != 1 else ''} set"
    )
