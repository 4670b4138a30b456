"""The dashboards' background job: building a large board report's workbook
(dashboards.workbooks). The workbook page polls the record; a worker
(`manage.py db_worker`) runs the job. README, "Background jobs".

The job is given the record's id, not the record: it runs later, in another
process, and reads it afresh."""

from django_tasks import task

from .models import BoardWorkbook
from .workbooks import board_workbook_build


@task()
def build_board_workbook(workbook_id: int) -> str:
    workbook = BoardWorkbook.objects.select_related("plan", "requested_by").filter(pk=workbook_id).first()
    if workbook is None:  # deleted while it waited in the queue
        return "gone"
    if workbook.status != BoardWorkbook.Status.BUILDING:  # built already
        return workbook.status
    return board_workbook_build(workbook).status
