from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    """Is child poverty falling? Each indicator's targets and observed figures
    (with restatements), its status against target, and its pages."""

    name = "indicators"
    verbose_name = "Indicators"
