"""A second factor for admins, who import and change everything: with
ADMIN_TWO_FACTOR_REQUIRED on, an admin signed in with a password reaches no
page until they also enter a code from an authenticator app (TOTP, django-otp).
The pages that ask for it are in core/two_factor_views.py."""

import math
from urllib.parse import urlencode

from django.conf import settings
from django.db import transaction
from django.middleware.csrf import rotate_token
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.timesince import timeuntil
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

WRONG_CODE = "The code is not right. Check the time on your phone and enter the newest code"


def second_factor_asked_of(user) -> bool:
    """Whether this user must enter a code as well as their password.

    Admins are the users whose Membership role is ADMIN. core may not import
    plans (the import layers), so is_staff and is_superuser stand for the role
    here: Membership.save sets both from it, and nobody else has them."""
    return bool(settings.ADMIN_TWO_FACTOR_REQUIRED and user.is_authenticated and (user.is_staff or user.is_superuser))


def confirmed_device(user) -> TOTPDevice | None:
    """The authenticator app the user set up: the newest, should an admin have
    added another in the Django admin."""
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).order_by("-pk").first()


def device_being_set_up(user) -> TOTPDevice:
    """The user's unconfirmed device, made if there is none: reloading the
    set-up page keeps the QR code they may already have scanned."""
    device = TOTPDevice.objects.devices_for_user(user, confirmed=False).order_by("-pk").first()
    return device or TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)


def check_code(device: TOTPDevice, code: str) -> str | None:
    """None if `code` is the device's current code, else what to tell the user.

    django-otp throttles each device: after n wrong codes in a row, no code is
    checked for OTP_TOTP_THROTTLE_FACTOR × 2^(n-1) seconds; a right one resets
    it. The row is locked so that two requests at once cannot both try."""
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().filter(pk=device.pk).first()
        if device is None:  # another admin removed it while this page was open
            return "Your authenticator app has been removed. Reload this page to set one up again"
        allowed, details = device.verify_is_allowed()
        if not allowed:
            return f"You have entered a wrong code too many times. Wait {_wait(details)}, then enter the newest code"
        if not device.verify_token(code):
            return WRONG_CODE
    return None


def _wait(details: dict | None) -> str:
    locked_until = (details or {}).get("locked_until")
    if locked_until is None:
        return "a few minutes"
    seconds = math.ceil((locked_until - timezone.now()).total_seconds())
    if seconds < 60:
        return "1 second" if seconds <= 1 else f"{seconds} seconds"
    return timeuntil(locked_until)


def mark_verified(request, device: TOTPDevice) -> None:
    """Record in the session that this user passed the second factor, under a
    new session key and CSRF token, as Django does on signing in, so that a key
    known from before cannot ride on the stronger sign-in."""
    request.session.cycle_key()
    rotate_token(request)
    otp_login(request, device)


# Open to an admin who has not entered a code: signing out, the two-factor
# pages, and core/sessions.py's keep-alive, which answers the set-up page's
# idle-session warning in JSON and must never redirect.
OPEN_PAGES = {"logout", "admin:logout", "two-factor-setup", "two-factor-verify", "session-keep-alive"}


class AdminTwoFactorMiddleware:
    """Sends an admin whose session has not passed the second factor to set up
    an authenticator app (if they have none) or to enter its code, and back to
    the page they asked for after. Covers the Django admin too. OPEN_PAGES and
    static files stay open. Goes after django_otp's OTPMiddleware, which
    provides user.is_verified(); works in process_view, once the address is
    resolved, so that pages are told apart by name."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not second_factor_asked_of(request.user) or request.user.is_verified():
            return None
        if request.resolver_match.view_name in OPEN_PAGES or request.path.startswith(settings.STATIC_URL):
            return None
        page = "two-factor-verify" if confirmed_device(request.user) else "two-factor-setup"
        return redirect(f"{reverse(page)}?{urlencode({'next': request.get_full_path()})}")
