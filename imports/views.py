from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from actions.filters import ActionFilter
from core.access import check_perm
from core.downloads import download
from plans.access import get_plan_for_user

from .exporting import actions_sheet, plan_sheet, spreadsheet_bytes
from .forms import HeaderRowForm, MappingForm, UploadForm
from .models import ImportRecord
from .owner_views import owners_preview
from .services import (
    NotConfirmable,
    import_record_cancel,
    import_record_claim,
    import_record_create,
    import_record_expire_if_stale,
    import_record_recheck,
    mapping_of,
    why_not_confirmable,
)
from .tasks import check_import, confirm_import

CHANGES_SHOWN = 200


def plan_export(request: HttpRequest, slug: str, file_format: str) -> HttpResponse:
    plan = get_plan_for_user(request, slug, "plans.export_plan")
    return download(spreadsheet_bytes(plan_sheet(plan), file_format), f"{plan.slug}.{file_format}")


def action_list_export(request: HttpRequest, file_format: str) -> HttpResponse:
    """The action list as filtered in the URL, every page of it."""
    action_filter = ActionFilter(request.GET or None, user=request.user)
    return download(spreadsheet_bytes(actions_sheet(action_filter.qs), file_format), f"actions.{file_format}")


@login_required
def import_list(request: HttpRequest) -> HttpResponse:
    check_perm(request, "plans.import_plan", None)
    # Not the stored files and copies of plans: a list needs none of them.
    records = ImportRecord.objects.select_related("plan", "created_by").defer("content", "undo_snapshot")[:100]
    return render(request, "imports/import_list.html", {"records": records, "nav": "imports"})


@login_required
@require_http_methods(["GET", "POST"])
def import_new(request: HttpRequest) -> HttpResponse:
    check_perm(request, "plans.import_plan", None)
    form = UploadForm(request.POST or None, request.FILES or None, initial={"plan": request.GET.get("plan")})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        new_plan = {}
        if not data["plan"]:
            new_plan = {"title": data["new_plan_title"], "organisation": data["new_plan_organisation"].pk}
        record = import_record_create(
            user=request.user,
            file_name=data["file"].name,
            content=data["content"],
            plan=data["plan"],
            new_plan=new_plan,
        )
        # The job and the record are committed with this request, so a worker
        # never picks up a job whose record it cannot see yet.
        check_import.enqueue(record.pk, request.user.pk)
        return redirect("import-detail", pk=record.pk)
    return render(request, "imports/import_new.html", {"form": form, "nav": "imports"})


def _refuse(request: HttpRequest, record: ImportRecord) -> HttpResponse:
    """Back to the record's page with why not, unless the record has ended
    in a way its page explains itself (expired, interrupted…). While being
    imported it may end before the page loads: the message says who has it."""
    if record.status in (
        ImportRecord.Status.CHECKING,
        ImportRecord.Status.PREVIEWED,
        ImportRecord.Status.IMPORTING,
        ImportRecord.Status.IMPORTED,
    ):
        messages.error(request, why_not_confirmable(record))
    return redirect("import-detail", pk=record.pk)


def _record_for(request: HttpRequest, pk: int) -> ImportRecord:
    check_perm(request, "plans.import_plan", None)
    record = get_object_or_404(
        ImportRecord.objects.select_related("plan", "created_by", "confirmed_by", "undone_by"), pk=pk
    )
    return import_record_expire_if_stale(record)


RUNNING = (ImportRecord.Status.CHECKING, ImportRecord.Status.IMPORTING, ImportRecord.Status.UNDOING)


def progress_text(record: ImportRecord) -> str:
    """How far the record's job has got, in words, for its page and its status."""
    waiting = "Putting the plan back" if record.status == ImportRecord.Status.UNDOING else "Waiting to start"
    stage = record.stage or (waiting if record.status in RUNNING else "")
    if record.rows_total:
        return f"{stage}: {record.rows_done:,} of {record.rows_total:,} rows."
    return f"{stage}…" if stage else ""


@login_required
def import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    record = _record_for(request, pk)
    context = {"record": record, "nav": "imports", "changes_shown": CHANGES_SHOWN}
    if record.status in RUNNING:
        context["running"] = True
        context["progress"] = progress_text(record)
    if record.status == ImportRecord.Status.PREVIEWED:
        # From the record: showing the choices must not read the whole file again.
        if record.headings:
            context["form"] = MappingForm(headings=record.headings, mapping=mapping_of(record))
        context["header_form"] = HeaderRowForm(
            first_rows=record.first_rows, initial={"header_row": record.header_row or None}
        )
        context["header_row"] = record.header_row
        context["owners"] = owners_preview(record)
    else:
        context["status_notice"] = why_not_confirmable(record)
    context["problems"] = record.problems
    # Problems with the file as a whole go in the error summary itself.
    context["file_problems"] = [problem for problem in record.problems if not problem["row"]]
    context["changes"] = record.changes[:CHANGES_SHOWN]
    return render(request, "imports/import_detail.html", context)


def _check_again(request: HttpRequest, record: ImportRecord, save_mapping=False, **chosen) -> HttpResponse:
    """Check the previewed record again with the admin's choices, as a job."""
    try:
        import_record_recheck(record=record, **chosen)
    except NotConfirmable:
        return _refuse(request, record)
    check_import.enqueue(record.pk, request.user.pk, save_mapping)
    messages.success(request, "The file is being checked again with your choices.")
    return redirect("import-detail", pk=record.pk)


@login_required
@require_POST
def import_mapping(request: HttpRequest, pk: int) -> HttpResponse:
    record = _record_for(request, pk)
    if record.status != ImportRecord.Status.PREVIEWED:
        return _refuse(request, record)
    form = MappingForm(request.POST, headings=record.headings, mapping=mapping_of(record))
    if not form.is_valid():
        return redirect("import-detail", pk=record.pk)
    return _check_again(request, record, form.cleaned_data["save_mapping"], mapping=form.mapping())


@login_required
@require_POST
def import_header_row(request: HttpRequest, pk: int) -> HttpResponse:
    """Read the file's headings from the row the admin chose, and its columns afresh."""
    record = _record_for(request, pk)
    if record.status != ImportRecord.Status.PREVIEWED:
        return _refuse(request, record)
    form = HeaderRowForm(request.POST, first_rows=record.first_rows)
    if not form.is_valid():
        messages.error(request, form.errors["header_row"][0])
        return redirect("import-detail", pk=record.pk)
    return _check_again(request, record, header_row=form.cleaned_data["header_row"])


@login_required
@require_POST
def import_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    record = _record_for(request, pk)
    if import_record_cancel(record=record):
        messages.success(request, "The import was cancelled. Nothing was written.")
        return redirect("import-list")
    record.refresh_from_db()
    return _refuse(request, record)


@login_required
@require_POST
@transaction.non_atomic_requests
def import_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    """Claim the record and leave the import to a job; its page shows the progress.

    Not one transaction per request: the claim commits at once, so a second
    confirmation is refused straight away, and the job is queued only once claimed.
    The preview's ticked "Remove this action" boxes come with it (imports/_matching.html),
    and whether the new progress updates are marked as approved (imports/import_detail.html)."""
    record = _record_for(request, pk)
    try:
        record = import_record_claim(
            record=record,
            user=request.user,
            remove=request.POST.getlist("remove"),
            approve_updates=request.POST.get("approve_updates") == "yes",
        )
    except NotConfirmable:
        return _refuse(request, record)
    confirm_import.enqueue(record.pk, request.user.pk)
    return redirect("import-detail", pk=record.pk)


@login_required
@require_GET
@never_cache
def import_status(request: HttpRequest, pk: int) -> JsonResponse:
    """How far the record's job has got, for its page to poll (frontend/app.js)."""
    record = _record_for(request, pk)
    return JsonResponse(
        {
            "status": record.status,
            "status_label": record.get_status_display(),
            "running": record.status in RUNNING,
            "stage": record.stage,
            "rows_done": record.rows_done,
            "rows_total": record.rows_total,
            "progress": progress_text(record),
        }
    )
