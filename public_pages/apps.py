from django.apps import AppConfig


class PublicConfig(AppConfig):
    """The pages anyone may read without signing in: each published plan, its
    actions and their latest approved progress, and its accessibility
    statement. Reads plans, actions and progress; owns no models."""

    name = "public_pages"
    verbose_name = "Public pages"
