"""How long a signed-in session lasts (README, "Security").

A session ends SESSION_IDLE_SECONDS after its last request, and
SESSION_COOKIE_AGE after signing in however busy it has been. Both clocks are
stamps in the session itself (epoch seconds), because Django's own expiry
cannot do either: with SESSION_EXPIRE_AT_BROWSER_CLOSE the cookie has no
expiry at all, and the database's expiry date moves on every time the session
is saved. For the same reason SESSION_SAVE_EVERY_REQUEST stays off: it would
write every session on every request and push that expiry date on with it.

Pages with a form warn before an idle session ends (frontend/app.js, from
templates/includes/session_timeout.html); its "Stay signed in" button posts to
`keep_alive` below.

The receiver below is connected when this module is first imported, which the
middleware list and the URLconf both do when the site starts.
"""

import math
import time
from dataclasses import dataclass

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout, user_logged_in
from django.contrib.auth.views import redirect_to_login
from django.contrib.messages.storage import default_storage
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import resolve_url
from django.urls import NoReverseMatch, reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

SIGNED_IN_AT = "session_signed_in_at"
LAST_USED_AT = "session_last_used_at"

IDLE = "idle"  # why a session ends: nothing done for SESSION_IDLE_SECONDS
LIMIT = "limit"  # or signed in for SESSION_COOKIE_AGE


def now() -> float:
    """The clock, in epoch seconds: one place for tests to move it."""
    return time.time()


@dataclass(frozen=True)
class Remaining:
    seconds: float  # until the session ends; 0 or less once it has
    ends: str  # IDLE or LIMIT: which limit comes first


def _stamp(session, key: str) -> float | None:
    try:
        return float(session[key])
    except (KeyError, TypeError, ValueError):
        return None


def remaining(session, at: float) -> Remaining:
    """How long this session has left at `at`; a missing stamp counts as `at`."""
    signed_in = _stamp(session, SIGNED_IN_AT) or at
    last_used = _stamp(session, LAST_USED_AT) or at
    idle_left = last_used + settings.SESSION_IDLE_SECONDS - at
    limit_left = signed_in + settings.SESSION_COOKIE_AGE - at
    if limit_left < idle_left:
        return Remaining(limit_left, LIMIT)
    return Remaining(idle_left, IDLE)


def describe(seconds: int) -> str:
    """7200 -> "2 hours", 5400 -> "1 hour and 30 minutes"."""
    hours, rest = divmod(int(seconds), 3600)
    minutes, secs = divmod(rest, 60)
    parts = [
        f"{count} {unit}{'' if count == 1 else 's'}"
        for count, unit in ((hours, "hour"), (minutes, "minute"), (secs, "second"))
        if count
    ] or ["0 seconds"]
    return parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} and {parts[-1]}"


def signed_out_message(ends: str) -> str:
    if ends == LIMIT:
        why = f"had been signed in for {describe(settings.SESSION_COOKIE_AGE)}"
    else:
        why = f"had not done anything for {describe(settings.SESSION_IDLE_SECONDS)}"
    return f"You were signed out because you {why}. Sign in again to carry on."


@receiver(user_logged_in, dispatch_uid="core.sessions.start_the_clocks")
def start_the_clocks(sender, request, user, **kwargs):
    """Both clocks start at sign-in, also when signing in again over a live
    session (Django keeps its data then)."""
    session = getattr(request, "session", None)
    if session is not None:
        at = now()
        session[SIGNED_IN_AT] = at
        session[LAST_USED_AT] = at


def _keep_alive_path() -> str | None:
    try:
        return reverse("session-keep-alive")
    except NoReverseMatch:
        return None


class SessionTimeoutMiddleware:
    """Signs out a session that has been idle or open too long, before the
    view runs: a form posted after that saves nothing. Otherwise marks the
    session used, at most once per TOUCH_EVERY seconds to spare a write on
    every request (so idle time counts from up to that much earlier)."""

    TOUCH_EVERY = 60  # seconds; a tenth of the idle limit when that is shorter

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            at = now()
            session = request.session
            if _stamp(session, SIGNED_IN_AT) is None:  # signed in before these stamps existed
                session[SIGNED_IN_AT] = at
            left = remaining(session, at)
            if left.seconds <= 0:
                return self.sign_out(request, left.ends)
            last_used = _stamp(session, LAST_USED_AT)
            touch_every = min(self.TOUCH_EVERY, settings.SESSION_IDLE_SECONDS / 10)
            if self.is_use(request) and (last_used is None or at - last_used >= touch_every):
                session[LAST_USED_AT] = at
        return self.get_response(request)

    @staticmethod
    def is_use(request: HttpRequest) -> bool:
        """Every request is use except the warning's own check of the time
        left (a GET to the keep-alive address)."""
        return not (request.method == "GET" and request.path == _keep_alive_path())

    def sign_out(self, request: HttpRequest, ends: str) -> HttpResponse:
        logout(request)
        if request.path == _keep_alive_path():
            return self.get_response(request)  # answers 401, for the page's script
        # MessageMiddleware comes after this one, so the message goes into a
        # storage of our own, written onto the redirect as it would write it.
        storage = default_storage(request)
        storage.add(messages.INFO, signed_out_message(ends))
        if request.path in {resolve_url(settings.LOGIN_URL), reverse("logout")}:
            response = redirect_to_login("", redirect_field_name=None)
        else:
            response = redirect_to_login(request.get_full_path())
        storage.update(response)
        return response


def session_timeout(request: HttpRequest) -> dict:
    """Context processor: `session_timeout`, what the warning needs to know
    (templates/includes/session_timeout.html), for signed-in users only."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not hasattr(request, "session"):
        return {}
    left = remaining(request.session, now())
    return {
        "session_timeout": {
            "seconds_left": max(0, math.ceil(left.seconds)),
            "ends": left.ends,
            "warning_seconds": settings.SESSION_WARNING_SECONDS,
            "idle": describe(settings.SESSION_IDLE_SECONDS),
            "limit": describe(settings.SESSION_COOKIE_AGE),
        }
    }


@never_cache
@require_http_methods(["GET", "POST"])
def keep_alive(request: HttpRequest) -> JsonResponse:
    """POST ("Stay signed in"): marks the session used. GET: only says how
    long is left, for the warning to check before it opens (another tab may
    have been busy). Either way JSON, and 401 once signed out, never a
    redirect to the sign-in page."""
    if not request.user.is_authenticated:
        return JsonResponse({"signed_in": False}, status=401)
    at = now()
    if request.method == "POST":
        request.session[LAST_USED_AT] = at
    left = remaining(request.session, at)
    return JsonResponse({"signed_in": True, "seconds_left": max(0, math.ceil(left.seconds)), "ends": left.ends})
