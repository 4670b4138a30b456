from django.apps import AppConfig


class CoreConfig(AppConfig):
    """What every app shares: GOV.UK form pieces, sign-in, access helpers and
    the navigation. Its one model counts password-reset requests; it sits below every domain app."""

    name = "core"
    verbose_name = "Core"
