"""Admins sign in with a second factor (a code from an authenticator app) where
ADMIN_TWO_FACTOR_REQUIRED is on; nobody else is ever asked."""

from base64 import b32encode
from datetime import timedelta
from unittest.mock import patch
from urllib.parse import urlencode

import pytest
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from plans.models import Membership

PASSWORD = "correct horse battery staple"
SETUP = reverse("two-factor-setup")
VERIFY = reverse("two-factor-verify")
WRONG_CODE = "The code is not right. Check the time on your phone and enter the newest code"


@pytest.fixture(autouse=True)
def two_factor_on(settings):
    settings.ADMIN_TWO_FACTOR_REQUIRED = True
    return settings


def code(device: TOTPDevice, steps_ahead: int = 0) -> str:
    """The code the admin's app shows now (or `steps_ahead` 30-second steps on:
    a code once accepted is never accepted again, so a second sign-in within
    the same 30 seconds uses the next one)."""
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, steps_ahead):06d}"


def wrong_code(device: TOTPDevice) -> str:
    accepted = {code(device, steps) for steps in (-1, 0, 1, 2)}
    return next(guess for guess in ("000000", "111111", "222222", "333333", "444444") if guess not in accepted)


def to(page: str, next_url: str) -> str:
    return f"{page}?{urlencode({'next': next_url})}"


def set_up_device(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)


def sign_in(client, username: str, next_url: str = ""):
    query = f"?{urlencode({'next': next_url})}" if next_url else ""
    return client.post(reverse("login") + query, {"username": username, "password": PASSWORD, "next": next_url})


# Setting up an authenticator app, the first time


def test_an_admin_signing_in_is_sent_to_set_up_an_authenticator_app(client, world):
    response = sign_in(client, "admin", "/plans/")
    assert response.url == "/plans/"

    response = client.get("/plans/")

    assert response.url == to(SETUP, "/plans/")
    page = client.get(response.url)
    assert page.status_code == 200
    assert "Set up your authenticator app" in page.text
    device = TOTPDevice.objects.get(user=world.admin)
    assert not device.confirmed
    assert 'src="data:image/svg+xml' in page.text
    key = b32encode(device.bin_key).decode()
    assert " ".join(key[i : i + 4] for i in range(0, len(key), 4)) in page.text
    assert 'inputmode="numeric"' in page.text and 'autocomplete="one-time-code"' in page.text
    assert 'style="' not in page.text


def test_reloading_the_set_up_page_keeps_the_same_secret(client, world):
    client.force_login(world.admin)

    client.get(SETUP)
    client.get(SETUP)

    assert TOTPDevice.objects.filter(user=world.admin).count() == 1


def test_the_right_code_confirms_the_app_and_reaches_the_page_asked_for(client, world):
    client.force_login(world.admin)
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=world.admin)

    response = client.post(SETUP, {"code": code(device), "next": "/admin/"})

    assert response.url == "/admin/"
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/admin/").status_code == 200


def test_a_code_typed_with_a_space_in_the_middle_is_accepted(client, world):
    client.force_login(world.admin)
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=world.admin)
    right = code(device)

    response = client.post(SETUP, {"code": f"{right[:3]} {right[3:]}"})

    assert response.url == reverse("home")


def test_a_wrong_code_at_set_up_is_refused_and_the_app_stays_unconfirmed(client, world):
    client.force_login(world.admin)
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=world.admin)

    response = client.post(SETUP, {"code": wrong_code(device), "next": "/admin/"})

    assert response.status_code == 200
    assert WRONG_CODE in response.text
    assert "<title>Error: " in response.text
    device.refresh_from_db()
    assert not device.confirmed
    assert client.get("/admin/").url == to(SETUP, "/admin/")


@pytest.mark.parametrize(
    "typed, message",
    [
        ("", "Enter the 6-digit code from your authenticator app"),
        ("12345", "Enter the code as the 6 digits your authenticator app shows, like 123456"),
        ("abcdef", "Enter the code as the 6 digits your authenticator app shows, like 123456"),
    ],
)
def test_a_code_that_is_not_6_digits_is_explained(client, world, typed, message):
    client.force_login(world.admin)

    response = client.post(SETUP, {"code": typed})

    assert response.status_code == 200
    assert message in response.text


def test_an_admin_who_has_an_app_cannot_set_up_another_without_the_code(client, world):
    device = set_up_device(world.admin)
    client.force_login(world.admin)

    response = client.get(to(SETUP, "/admin/"))

    assert response.url == to(VERIFY, "/admin/")
    assert list(TOTPDevice.objects.filter(user=world.admin)) == [device]


# Entering the code on later sign-ins


def test_the_next_sign_in_asks_for_the_code_and_the_right_one_lets_them_in(client, world):
    device = set_up_device(world.admin)
    sign_in(client, "admin")

    response = client.get("/admin/")
    assert response.url == to(VERIFY, "/admin/")
    assert "Enter the code from your authenticator app" in client.get(response.url).text

    response = client.post(VERIFY, {"code": code(device), "next": "/admin/"})

    assert response.url == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_a_wrong_code_at_sign_in_is_refused(client, world):
    device = set_up_device(world.admin)
    client.force_login(world.admin)

    response = client.post(VERIFY, {"code": wrong_code(device), "next": "/admin/"})

    assert response.status_code == 200
    assert WRONG_CODE in response.text
    assert client.get("/admin/").url == to(VERIFY, "/admin/")


def test_a_code_already_used_is_not_accepted_again(client, world):
    device = set_up_device(world.admin)
    client.force_login(world.admin)
    client.post(VERIFY, {"code": code(device)})
    client.post(reverse("logout"))
    client.force_login(world.admin)

    response = client.post(VERIFY, {"code": code(device)})

    assert WRONG_CODE in response.text


def test_repeated_wrong_codes_are_throttled_even_before_a_right_one(client, world, two_factor_on):
    two_factor_on.OTP_TOTP_THROTTLE_FACTOR = 60  # a minute's wait after one wrong code
    device = set_up_device(world.admin)
    client.force_login(world.admin)
    client.post(VERIFY, {"code": wrong_code(device)})

    response = client.post(VERIFY, {"code": code(device)})

    assert response.status_code == 200
    assert "You have entered a wrong code too many times. Wait" in response.text
    assert client.get("/admin/").status_code == 302

    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_timestamp=timezone.now() - timedelta(minutes=2))
    assert client.post(VERIFY, {"code": code(device)}).url == reverse("home")


def test_the_secret_never_appears_on_the_code_page(client, world):
    device = set_up_device(world.admin)
    client.force_login(world.admin)

    page = client.get(VERIFY).text + client.post(VERIFY, {"code": wrong_code(device)}).text

    assert device.key not in page
    assert b32encode(device.bin_key).decode() not in page
    assert b32encode(device.bin_key).decode()[:4] + " " not in page
    assert "otpauth" not in page and "data:image" not in page


def test_an_unsafe_next_is_not_followed(client, world):
    device = set_up_device(world.admin)
    client.force_login(world.admin)

    response = client.post(VERIFY, {"code": code(device), "next": "https://evil.example/steal"})

    assert response.url == reverse("home")


# What is covered, and who is asked


def test_the_admin_site_is_unreachable_before_the_code_and_reachable_after(client, world):
    device = set_up_device(world.admin)
    client.force_login(world.admin)

    for page in ["/admin/", reverse("admin:plans_plan_changelist"), reverse("import-list"), reverse("my-actions")]:
        assert client.get(page).url == to(VERIFY, page)

    client.post(VERIFY, {"code": code(device)})

    for page in ["/admin/", reverse("admin:plans_plan_changelist"), reverse("import-list"), reverse("my-actions")]:
        assert client.get(page).status_code == 200


def test_an_admin_can_sign_out_without_the_code(client, world):
    set_up_device(world.admin)
    client.force_login(world.admin)

    response = client.post(reverse("logout"))

    assert response.url == reverse("login")
    assert client.get(VERIFY).url.startswith(reverse("login"))


def test_the_idle_session_warning_still_gets_its_answer_before_the_code(client, world):
    set_up_device(world.admin)
    client.force_login(world.admin)

    response = client.get(reverse("session-keep-alive"))

    assert response.status_code == 200 and response.json()["signed_in"]


def test_static_files_are_not_sent_to_the_code_page(client, world):
    set_up_device(world.admin)
    client.force_login(world.admin)

    response = client.get("/static/app/app.css")

    assert not (response.status_code == 302 and response.url.startswith(VERIFY))


@pytest.mark.parametrize("who", ["officer", "lead", "chair"])
def test_officers_leads_and_chairs_are_never_asked(client, world, who):
    sign_in(client, who)

    assert client.get(reverse("my-actions")).status_code == 200
    assert client.get(SETUP).url == reverse("home")
    assert client.get(VERIFY).url == reverse("home")
    assert not TOTPDevice.objects.exists()


def test_with_the_setting_off_no_one_is_asked(client, world, two_factor_on):
    two_factor_on.ADMIN_TWO_FACTOR_REQUIRED = False
    set_up_device(world.admin)
    sign_in(client, "admin")

    assert client.get("/admin/").status_code == 200
    assert client.get(VERIFY).url == reverse("home")


def test_a_visitor_who_has_not_signed_in_is_asked_to_sign_in(client, world):
    assert client.get(SETUP).url.startswith(reverse("login"))
    assert client.post(VERIFY, {"code": "123456"}).url.startswith(reverse("login"))


# Recovery: an admin who lost their phone


def test_another_admin_removes_a_lost_app_and_its_owner_sets_up_again(client, world, make_user):
    lost = set_up_device(world.admin)
    helper = make_user("grace", Membership.Role.ADMIN)
    helper_device = set_up_device(helper)
    client.force_login(helper)
    client.post(VERIFY, {"code": code(helper_device)})

    listing = client.get(reverse("admin:otp_totp_totpdevice_changelist"))
    assert lost in listing.context["cl"].result_list
    delete = reverse("admin:otp_totp_totpdevice_delete", args=[lost.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 302
    client.post(reverse("logout"))

    sign_in(client, "admin")

    assert client.get("/admin/").url == to(SETUP, "/admin/")


def test_a_code_for_an_app_removed_meanwhile_is_explained(client, world):
    device = set_up_device(world.admin)
    client.force_login(world.admin)
    client.get(VERIFY)

    with patch("core.two_factor_views.confirmed_device", return_value=TOTPDevice(pk=device.pk, user=world.admin)):
        device.delete()
        response = client.post(VERIFY, {"code": "123456"})

    assert response.status_code == 200
    assert "Your authenticator app has been removed. Reload this page to set one up again" in response.text
    assert client.get(VERIFY).url == reverse("two-factor-setup")
