"""Sign-in throttling on top of django-axes (settings: AXES_*, SIGN_IN_ADDRESS_FAILURE_LIMIT).

Axes counts failed sign-ins per set of AXES_LOCKOUT_PARAMETERS (one username
from one address; one address whatever the username) and compares each count
with one limit. A council office signs in from one address, so the address
gets a higher limit of its own: SignInThrottle. The page a locked-out person
sees, with the time the lock ends, is `locked_out` (AXES_LOCKOUT_CALLABLE)."""

from datetime import datetime, timedelta

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_cool_off, get_failure_limit, get_lockout_parameters
from django.conf import settings
from django.db.models import Sum
from django.shortcuts import render
from django.utils import dateformat, timezone


def _names_the_user(parameter) -> bool:
    return "username" in ([parameter] if isinstance(parameter, str) else parameter)


class SignInThrottle(AxesDatabaseHandler):
    """Axes' database handler (AXES_HANDLER) with two limits: AXES_FAILURE_LIMIT
    for a parameter set that names the username, SIGN_IN_ADDRESS_FAILURE_LIMIT
    for one that does not."""

    def _counted(self, request, credentials):
        """(limit, recent failures) for each lockout parameter set."""
        account_limit = get_failure_limit(request, credentials)
        parameters = get_lockout_parameters(request, credentials)
        attempts = self.get_user_attempts(request, credentials)
        for parameter, recent in zip(parameters, attempts, strict=True):
            yield (account_limit if _names_the_user(parameter) else settings.SIGN_IN_ADDRESS_FAILURE_LIMIT), recent

    def get_failures(self, request, credentials=None) -> int:
        # Axes compares this one number with AXES_FAILURE_LIMIT, both to refuse
        # a sign-in and to lock on a failure; each count is shifted so that it
        # reaches that limit exactly when it reaches its own.
        account_limit = get_failure_limit(request, credentials)
        return max(
            (_total(recent) - (limit - account_limit) for limit, recent in self._counted(request, credentials)),
            default=0,
        )

    def reset_user_attempts(self, request, credentials=None) -> int:
        """On a successful sign-in, forget that user's failures (from this
        address) only. Axes would forget every failure from the address, so
        that anyone with one working password could go on guessing others'."""
        parameters = get_lockout_parameters(request, credentials)
        attempts = self.filter_user_attempts(request, credentials)
        return sum(
            found.delete()[0]
            for parameter, found in zip(parameters, attempts, strict=True)
            if _names_the_user(parameter)
        )

    def locked_until(self, request, credentials=None) -> datetime | None:
        """When the lock on this request ends: when enough of the failures
        behind it are older than the cool-off. None if it is not locked."""
        cool_off = get_cool_off(request)
        ends = [_ends(recent, limit, cool_off) for limit, recent in self._counted(request, credentials)]
        return max(filter(None, ends), default=None)


def _total(attempts) -> int:
    return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0


def _ends(attempts, limit: int, cool_off: timedelta) -> datetime | None:
    """When fewer than `limit` of these failures are left, or None if there are
    already fewer. Each record counts all its failures until its latest one is
    older than the cool-off, so records drop out whole, oldest first."""
    remaining, ends = _total(attempts), None
    for attempt_time, failures in attempts.order_by("attempt_time").values_list("attempt_time", "failures_since_start"):
        if remaining < limit:
            break
        remaining, ends = remaining - failures, attempt_time + cool_off
    return ends


def try_again_after(moment: datetime | None) -> str | None:
    """`moment` as the page says it, in TIME_ZONE (Europe/London): "15:42", or
    "00:05 on 4 March 2026" if that is not today. Rounded up to a whole minute,
    so that "after 15:42" is never early."""
    if moment is None:
        return None
    whole = moment.replace(second=0, microsecond=0)
    local = timezone.localtime(whole if whole == moment else whole + timedelta(minutes=1))
    time = dateformat.format(local, "H:i")
    return time if local.date() == timezone.localdate() else f"{time} on {dateformat.format(local, 'j F Y')}"


def locked_out(request, original_response=None, credentials=None):
    """The page (429) that answers a sign-in refused by the lock, on our
    sign-in page and the Django admin's alike (AXES_LOCKOUT_CALLABLE)."""
    credentials = credentials or getattr(request, "axes_credentials", None)
    until = try_again_after(SignInThrottle().locked_until(request, credentials))
    return render(request, "registration/locked_out.html", {"until": until}, status=settings.AXES_HTTP_RESPONSE_CODE)
