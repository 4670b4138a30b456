"""The two pages of the admins' second factor (core/two_factor.py): setting up
an authenticator app, and entering its code on signing in."""

import re
from base64 import b32encode
from urllib.parse import urlencode

import segno
from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.two_factor import (
    check_code,
    confirmed_device,
    device_being_set_up,
    mark_verified,
    second_factor_asked_of,
)


class CodeForm(forms.Form):
    """A 6-digit code, checked against `device` (throttled by django-otp)."""

    code = forms.CharField(
        max_length=20,
        error_messages={"required": "Enter the 6-digit code from your authenticator app"},
        widget=forms.TextInput(
            attrs={
                "class": "govuk-input--width-5 govuk-input--extra-letter-spacing",
                "inputmode": "numeric",
                "autocomplete": "one-time-code",
                "spellcheck": "false",
            }
        ),
    )

    def __init__(self, device: TOTPDevice, request: HttpRequest, *, label: str, hint: str = ""):
        super().__init__(request.POST if request.method == "POST" else None)
        self.device = device
        self.fields["code"].label = label
        self.fields["code"].help_text = hint

    def clean_code(self) -> str:
        # People copy codes with the app's space in the middle ("123 456").
        code = re.sub(r"[\s-]", "", self.cleaned_data["code"])
        if not re.fullmatch(r"\d{6}", code):
            raise forms.ValidationError("Enter the code as the 6 digits your authenticator app shows, like 123456")
        problem = check_code(self.device, code)
        if problem:
            raise forms.ValidationError(problem)
        return code


def _asked_next(request: HttpRequest) -> str:
    return request.POST.get("next") or request.GET.get("next") or ""


def _next_url(request: HttpRequest) -> str:
    """Where to go once verified: `next` if it is one of ours, else the usual
    page after signing in."""
    next_url = _asked_next(request)
    if url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return next_url
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def _page(request: HttpRequest, template: str, context: dict) -> HttpResponse:
    # No service navigation: every link in it leads back here until verified.
    return render(request, template, {**context, "next": _next_url(request), "navigation": []})


def _other_page(name: str, request: HttpRequest) -> HttpResponse:
    """The other two-factor page, passing `next` on (it checks it itself)."""
    next_url = _asked_next(request)
    return redirect(reverse(name) + (f"?{urlencode({'next': next_url})}" if next_url else ""))


@never_cache
@login_required
def setup(request: HttpRequest) -> HttpResponse:
    """Set up an authenticator app: scan a QR code (or type the key), then
    enter a code from the app, which confirms it and verifies this session."""
    if not second_factor_asked_of(request.user) or request.user.is_verified():
        return redirect(_next_url(request))
    if confirmed_device(request.user):
        # Only another admin, by removing the device, lets someone set up anew:
        # a stolen password alone must not replace the app.
        return _other_page("two-factor-verify", request)

    device = device_being_set_up(request.user)
    form = CodeForm(device, request, label="Enter the 6-digit code from your app")
    if form.is_valid():
        device.refresh_from_db()  # check_code saved the code's time step on another copy
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        TOTPDevice.objects.devices_for_user(request.user, confirmed=False).delete()
        mark_verified(request, device)
        return redirect(_next_url(request))

    qr_code = segno.make(device.config_url, error="m").svg_data_uri(scale=5, light="white")
    key = b32encode(device.bin_key).decode()
    return _page(
        request,
        "registration/two_factor_setup.html",
        {"form": form, "qr_code": qr_code, "key_groups": [key[i : i + 4] for i in range(0, len(key), 4)]},
    )


@never_cache
@login_required
def verify(request: HttpRequest) -> HttpResponse:
    """Enter the code from the authenticator app the user set up."""
    if not second_factor_asked_of(request.user) or request.user.is_verified():
        return redirect(_next_url(request))
    device = confirmed_device(request.user)
    if device is None:
        return _other_page("two-factor-setup", request)

    form = CodeForm(
        device,
        request,
        label="Code from your authenticator app",
        hint=f"The 6-digit code the app shows for {settings.OTP_TOTP_ISSUER}. It changes every 30 seconds.",
    )
    if form.is_valid():
        mark_verified(request, device)
        return redirect(_next_url(request))
    return _page(request, "registration/two_factor_verify.html", {"form": form})
