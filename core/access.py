"""Refusing access the same way on every page: each object type's fetching
helper (e.g. `plans.access.get_plan_for_user`) returns the object or calls
these, so that no view can forget to check."""

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404


class SignInRequired(Exception):
    """An anonymous visitor asked for something only signed-in users may see."""


def refuse_to_read(request) -> None:
    """Anonymous visitors are asked to sign in; signed-in users who may not
    read the object are told it does not exist, so that editing a URL reveals
    nothing about another organisation's plans."""
    if not request.user.is_authenticated:
        raise SignInRequired
    raise Http404("Not found")


def check_perm(request, perm: str, obj) -> None:
    """Raise unless the user has `perm` on `obj`: 403 for a user who may read
    the object but not do this, after the caller has checked they may read it."""
    if not request.user.has_perm(perm, obj):
        if not request.user.is_authenticated:
            raise SignInRequired
        raise PermissionDenied


class SignInRequiredMiddleware:
    """Turns SignInRequired into a redirect to the sign-in page and back."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, SignInRequired):
            return redirect_to_login(request.get_full_path())
        return None
