"""Any list as CSV (`?format=csv`): the columns each view declares in
`csv_columns` (header, path into the JSON object), written by the same
spreadsheets.write_csv as the site's exports, so that text starting like a
formula ("=", "+", "-", "@") gets an apostrophe in front."""

import re
from decimal import Decimal

from rest_framework.renderers import BaseRenderer

from spreadsheets import Sheet, write_csv

# A decimal figure as the JSON gives it ("-1.5000"): written as a number, not
# neutralised like text, because no spreadsheet reads it as a formula.
NUMBER = re.compile(r"-?\d+(\.\d+)?")


class CsvRenderer(BaseRenderer):
    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        view = renderer_context["view"]
        columns = view.csv_columns
        rows = data if isinstance(data, list) else None
        if rows is None:  # an error, or one object: its fields as they are
            return write_csv(Sheet(title="", headers=["error"], rows=[[_cell(data)]]))
        return write_csv(
            Sheet(
                title=view.basename if hasattr(view, "basename") else "",
                headers=[header for header, _ in columns],
                rows=[[_cell(_at(row, path)) for _, path in columns] for row in rows],
            )
        )


def _at(row: dict, path: str):
    """The value at a dotted path ("latest_update.date") in a JSON object."""
    value = row
    for key in path.split("."):
        value = value.get(key) if isinstance(value, dict) else None
    return value


def _cell(value):
    if isinstance(value, list):
        return "; ".join(str(_cell(item)) for item in value)
    if isinstance(value, dict):
        return "; ".join(f"{key}: {item}" for key, item in value.items())
    if isinstance(value, str) and NUMBER.fullmatch(value):
        return Decimal(value)
    return value
