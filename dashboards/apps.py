from django.apps import AppConfig, apps

FIGURES_READ_FROM = ["plans", "actions", "progress", "indicators"]


class DashboardsConfig(AppConfig):
    """The partnership's view of its plans: dashboards, charts and board
    reports. Reads plans, actions and progress; owns only the chairs' board commentaries."""

    name = "dashboards"
    verbose_name = "Dashboards"

    def ready(self):
        from core import versions

        # Every table the cached figures are read from (dashboards/cache.py), with
        # their many-to-many and history tables: a write to any moves the version on.
        versions.watch(
            model._meta.db_table
            for label in FIGURES_READ_FROM
            for model in apps.get_app_config(label).get_models(include_auto_created=True)
        )
