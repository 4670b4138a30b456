"""The admins' second-factor pages, under /accounts/two-factor/."""

from django.urls import path

from core import two_factor_views

urlpatterns = [
    path("set-up/", two_factor_views.setup, name="two-factor-setup"),
    path("code/", two_factor_views.verify, name="two-factor-verify"),
]
