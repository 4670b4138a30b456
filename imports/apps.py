from django.apps import AppConfig


class ImportsConfig(AppConfig):
    """Plans in and out as spreadsheets: importing a council's file (with a
    preview, a column mapping and a record of each import) and exporting plans
    and action lists. Reading and writing the files themselves is the plain
    `spreadsheets` package's job."""

    name = "imports"
    verbose_name = "Imports"
