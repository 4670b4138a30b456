from django.apps import AppConfig


class ApiConfig(AppConfig):
    """The read-only JSON API (/api/v1/) for partners' systems and open data:
    Django REST Framework, its schema by drf-spectacular. Reads every app
    below it; writes nothing but its own keys."""

    name = "api"
    verbose_name = "API"

    def ready(self):
        from . import schema  # noqa: F401  (registers the API key's description in the schema)
