from django.apps import AppConfig


class DashboardsConfig(AppConfig):
    """The partnership's view of its plans: dashboards, charts and board
    reports. Reads plans, actions and progress; owns only the chairs' board commentaries."""

    name = "dashboards"
    verbose_name = "Dashboards"
