"""Undoing an import: a page that says what undoing will do, and the POST
that takes the import for undoing and leaves the undo to a job (imports/undo.py)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from core.access import check_perm

from .models import ImportRecord
from .tasks import undo_import
from .undo import NotUndoable, import_record_undo_claim, undo_for


@login_required
@require_http_methods(["GET", "POST"])
@transaction.non_atomic_requests
def import_undo(request: HttpRequest, pk: int) -> HttpResponse:
    """Not one transaction per request: the claim commits at once, so a second
    undo is refused straight away, and the job is queued only once claimed."""
    check_perm(request, "plans.import_plan", None)
    record = get_object_or_404(ImportRecord.objects.select_related("plan", "undone_by"), pk=pk)
    if request.method == "POST":
        return _undo(request, record)
    context = {"record": record, "nav": "imports"}
    try:
        undo = undo_for(record)
        context.update(undo=undo, summary=undo.summary())
    except NotUndoable as refusal:
        context["refusal"] = str(refusal)
    return render(request, "imports/import_undo.html", context)


def _undo(request: HttpRequest, record: ImportRecord) -> HttpResponse:
    title = record.plan_title
    try:
        record = import_record_undo_claim(record=record, user=request.user)
    except NotUndoable as refusal:
        messages.error(request, str(refusal))
        return redirect("import-detail", pk=record.pk)
    undo_import.enqueue(record.pk, request.user.pk)
    record.refresh_from_db()
    if record.status == ImportRecord.Status.UNDONE:  # the job has run already (a worker was quick, or in tests)
        done = f"the plan {title} was deleted." if record.new_plan else f"{title} is as it was before it."
        messages.success(request, f"The import was undone: {done}")
    elif record.status == ImportRecord.Status.UNDOING:
        messages.success(request, "The import is being undone. This page shows when it has finished.")
    else:
        messages.error(request, "The import could not be undone: see why on its undo page.")
    return redirect("import-detail", pk=record.pk)
