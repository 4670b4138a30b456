"""A file the browser downloads rather than shows: the exports, the board
workbook, the public plan's CSV. One place for the content types and the
header that names the file, so every download is offered the same way."""

from pathlib import PurePath

from django.http import HttpResponse

CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}


def download(data: bytes | str, file_name: str) -> HttpResponse:
    """`data` as a download named `file_name`, its type read from the name's extension."""
    response = HttpResponse(data, content_type=CONTENT_TYPES[PurePath(file_name).suffix.lstrip(".")])
    response["Content-Disposition"] = f'attachment; filename="{file_name}"'
    return response
