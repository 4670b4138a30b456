"""The password-reset page, with limits: beyond PASSWORD_RESET_LIMIT requests
for one email address, or PASSWORD_RESET_ADDRESS_LIMIT from one client address,
within PASSWORD_RESET_WINDOW, it sends no email and says when to try again (429).
The limit on an email address keeps anyone from filling a person's inbox; the
one on a client address, from asking about address after address.

Requests are counted in the database (PasswordResetRequest), which every
gunicorn worker and machine shares. The refusal is the same whether or not an
account uses the email address, so it reveals nothing."""

from datetime import datetime

from django.conf import settings
from django.contrib.auth.views import PasswordResetView
from django.shortcuts import render
from django.utils import timezone
from django.utils.crypto import salted_hmac

from core.client_address import client_address
from core.lockout import try_again_after
from core.models import PasswordResetRequest


class ThrottledPasswordResetView(PasswordResetView):
    """Django's password-reset page, unchanged within the limits."""

    def form_valid(self, form):
        refused_until = admit(self.request, form.cleaned_data["email"])
        if refused_until is not None:
            context = {"until": try_again_after(refused_until)}
            return render(self.request, "registration/password_reset_throttled.html", context, status=429)
        return super().form_valid(form)


def admit(request, email: str) -> datetime | None:
    """None if this request may go ahead, and it is counted; otherwise, when the
    next request would be let through, and nothing is counted, so that asking
    again too soon does not put that time back."""
    now = timezone.now()
    since = now - settings.PASSWORD_RESET_WINDOW
    PasswordResetRequest.objects.filter(requested_at__lt=since).delete()
    recent = PasswordResetRequest.objects.filter(requested_at__gte=since)
    address, digest = client_address(request), _digest(email)
    ends = [
        _free_at(recent.filter(address=address), settings.PASSWORD_RESET_ADDRESS_LIMIT),
        _free_at(recent.filter(email_digest=digest), settings.PASSWORD_RESET_LIMIT),
    ]
    refused_until = max(filter(None, ends), default=None)
    if refused_until is None:
        PasswordResetRequest.objects.create(address=address, email_digest=digest, requested_at=now)
    return refused_until


def _free_at(requests, limit: int) -> datetime | None:
    """None if there are fewer than `limit` requests, else when the oldest of
    the newest `limit` leaves the window."""
    newest = list(requests.order_by("-requested_at").values_list("requested_at", flat=True)[:limit])
    return newest[-1] + settings.PASSWORD_RESET_WINDOW if len(newest) >= limit else None


def _digest(email: str) -> str:
    # Django finds the account case-insensitively, so the count is too.
    return salted_hmac("core.password_reset", email.strip().lower(), algorithm="sha256").hexdigest()
