"""Failed sign-ins are throttled (django-axes, core/lockout.py), per username
and address and per address, for a while and never for ever; an admin can
unlock; the password-reset page is throttled too (core/password_reset.py).
Everything goes through the real pages, from the address set as REMOTE_ADDR."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.core import mail
from django.core.checks import run_checks
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse

from core.client_address import client_address
from core.lockout import try_again_after
from core.models import PasswordResetRequest

RIGHT = "correct horse battery staple"
OFFICE = "198.51.100.7"
ELSEWHERE = "203.0.113.20"


def sign_in(client, username, password=RIGHT, address=OFFICE, **headers):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address, **headers)


def fail(client, username, times, address=OFFICE, **headers):
    return [sign_in(client, username, "wrong", address, **headers).status_code for _ in range(times)]


def signed_in(response) -> bool:
    return response.status_code == 302 and response.url == reverse("home")


def shown(moment: datetime) -> str:
    """How the page shows a time: in London, rounded up to the minute."""
    local = moment.astimezone(ZoneInfo("Europe/London"))
    if local.second or local.microsecond:
        local = local.replace(second=0, microsecond=0) + timedelta(minutes=1)
    return local.strftime("%H:%M")


def age(**filters):
    """Time travel: the failures behind a lock are older than the cool-off."""
    AccessAttempt.objects.filter(**filters).update(attempt_time=datetime.now(UTC) - timedelta(minutes=15, seconds=1))


# --- Signing in


def test_the_attack_from_the_issue_is_refused_and_told_when_to_try_again(client, world):
    statuses = fail(client, "officer", 30)

    response = sign_in(client, "officer")

    assert statuses == [200] * 9 + [429] * 21
    assert response.status_code == 429
    assert "You have tried to sign in too many times" in response.text
    lock = AccessAttempt.objects.get(username="officer")
    # Tries during the lock do not push its end back: the time shown holds.
    assert lock.failures_since_start == 10
    assert f"Try again after {shown(lock.attempt_time + timedelta(minutes=15))}" in response.text
    assert "ask an admin" in response.text.lower()
    assert "_auth_user_id" not in client.session


def test_nine_failures_then_the_right_password_signs_in_and_forgets_them(client, world):
    fail(client, "officer", 9)

    assert signed_in(sign_in(client, "officer"))
    assert not AccessAttempt.objects.filter(username="officer").exists()


def test_signing_in_forgets_only_that_users_failures(world):
    fail(Client(), "lead", 9)
    fail(Client(), "officer", 9)

    assert signed_in(sign_in(Client(), "officer"))

    # Else anyone with one working password could go on guessing the others'.
    assert fail(Client(), "lead", 1) == [429]


def test_the_lock_is_on_that_username_from_that_address(world):
    fail(Client(), "officer", 10)

    assert sign_in(Client(), "officer").status_code == 429
    assert signed_in(sign_in(Client(), "officer", address=ELSEWHERE))
    assert signed_in(sign_in(Client(), "lead"))


@override_settings(SIGN_IN_ADDRESS_FAILURE_LIMIT=15)
def test_an_address_is_locked_after_its_own_higher_limit_whatever_the_usernames(world):
    for guess in range(14):
        fail(Client(), f"someone-{guess}", 1)
    assert signed_in(sign_in(Client(), "officer"))  # an office below the limit signs in

    assert fail(Client(), "someone-else", 1) == [429]

    assert sign_in(Client(), "officer").status_code == 429
    assert sign_in(Client(), "lead").status_code == 429
    assert signed_in(sign_in(Client(), "officer", address=ELSEWHERE))


def test_by_default_ten_failures_lock_for_15_minutes_and_an_address_has_a_higher_limit():
    account_limit, cool_off = settings.AXES_FAILURE_LIMIT, settings.AXES_COOLOFF_TIME

    assert (account_limit, cool_off) == (10, timedelta(minutes=15))
    assert account_limit < settings.SIGN_IN_ADDRESS_FAILURE_LIMIT


def test_sign_in_works_again_after_the_cool_off(client, world):
    fail(client, "officer", 10)
    assert sign_in(client, "officer").status_code == 429

    age(username="officer")

    assert signed_in(sign_in(client, "officer"))


def test_the_page_says_when_the_last_failures_behind_the_lock_are_old_enough(client, world):
    fail(client, "officer", 10)
    five_minutes_ago = datetime.now(UTC) - timedelta(minutes=5)
    AccessAttempt.objects.filter(username="officer").update(attempt_time=five_minutes_ago)

    response = sign_in(client, "officer")

    assert f"Try again after {shown(five_minutes_ago + timedelta(minutes=15))}" in response.text


def test_times_are_shown_in_london_rounded_up_to_the_minute():
    summer = datetime(2026, 7, 1, 14, 41, 30, tzinfo=UTC)  # British Summer Time
    winter = datetime(2026, 1, 15, 9, 0, tzinfo=UTC)

    assert try_again_after(summer) == "15:42 on 1 July 2026"
    assert try_again_after(winter) == "09:00 on 15 January 2026"


def test_the_django_admin_sign_in_is_locked_the_same_way(client, world):
    for _ in range(10):
        client.post(reverse("admin:login"), {"username": "admin", "password": "wrong"}, REMOTE_ADDR=OFFICE)

    response = client.post(reverse("admin:login"), {"username": "admin", "password": RIGHT}, REMOTE_ADDR=OFFICE)

    assert response.status_code == 429
    assert "You have tried to sign in too many times" in response.text


def test_django_axes_raises_no_warnings_in_the_deployment_checks():
    assert [message.id for message in run_checks(include_deployment_checks=True) if message.id.startswith("axes")] == []


# --- The client's address


def request_from(remote_addr="192.0.2.1", **headers):
    return RequestFactory().post("/accounts/login/", REMOTE_ADDR=remote_addr, **headers)


def test_the_address_is_the_connections_unless_a_proxy_header_is_configured():
    assert client_address(request_from()) == "192.0.2.1"
    assert client_address(request_from(HTTP_X_FORWARDED_FOR="203.0.113.9")) == "192.0.2.1"
    assert client_address(request_from("not an address")) is None


@override_settings(CLIENT_ADDRESS_HEADER="HTTP_X_FORWARDED_FOR")
def test_behind_a_proxy_the_address_it_appended_counts_not_the_clients_own_claim():
    assert client_address(request_from(HTTP_X_FORWARDED_FOR="10.9.9.9, 203.0.113.9")) == "203.0.113.9"
    assert client_address(request_from(HTTP_X_FORWARDED_FOR=" 2001:DB8:0:0::1 ")) == "2001:db8::1"
    assert client_address(request_from(HTTP_X_FORWARDED_FOR="203.0.113.9, nonsense")) == "192.0.2.1"
    assert client_address(request_from()) == "192.0.2.1"


@override_settings(CLIENT_ADDRESS_HEADER="X-Real-IP")
def test_a_single_address_header_can_be_named_as_http_spells_it():
    assert client_address(request_from(HTTP_X_REAL_IP="203.0.113.9")) == "203.0.113.9"


def test_requests_without_a_usable_address_are_throttled_together_not_crashed(world):
    # e.g. gunicorn on a Unix socket with no proxy header configured
    assert fail(Client(), "officer", 10, address="") == [200] * 9 + [429]

    assert sign_in(Client(), "officer", address="not an address").status_code == 429
    assert signed_in(sign_in(Client(), "officer", address=ELSEWHERE))


def test_a_forged_forwarded_for_header_does_not_escape_the_lock(world):
    for n in range(10):
        fail(Client(), "officer", 1, HTTP_X_FORWARDED_FOR=f"10.0.0.{n}")

    assert sign_in(Client(), "officer", HTTP_X_FORWARDED_FOR="10.0.0.99").status_code == 429


@override_settings(CLIENT_ADDRESS_HEADER="HTTP_X_FORWARDED_FOR")
def test_behind_the_configured_proxy_each_client_is_throttled_on_its_own_address(world):
    proxy = "10.0.0.1"
    for n in range(10):
        fail(Client(), "officer", 1, address=proxy, HTTP_X_FORWARDED_FOR=f"10.0.0.{n}, {OFFICE}")

    assert sign_in(Client(), "officer", address=proxy, HTTP_X_FORWARDED_FOR=f"10.0.0.99, {OFFICE}").status_code == 429
    assert signed_in(sign_in(Client(), "officer", address=proxy, HTTP_X_FORWARDED_FOR=ELSEWHERE))


# --- An admin unlocks


def test_an_admin_sees_the_access_attempts_and_unlocks_a_locked_user(client, world):
    fail(client, "officer", 10)
    admin = Client()
    admin.force_login(world.admin)
    changelist = reverse("admin:axes_accessattempt_changelist")

    assert "Access attempts" in admin.get(reverse("admin:index")).text
    listing = admin.get(changelist, {"q": "officer"})
    assert "Locked Out" in listing.text
    response = admin.post(
        changelist,
        {"action": "unlock", "_selected_action": [a.pk for a in AccessAttempt.objects.filter(username="officer")]},
        follow=True,
    )

    assert "Deleted 1 access attempt: sign-in is unlocked for them." in response.text
    assert signed_in(sign_in(client, "officer"))


def test_only_admins_reach_the_access_attempts(client, world):
    client.force_login(world.lead)

    assert client.get(reverse("admin:axes_accessattempt_changelist")).status_code == 302


# --- The password-reset page


def ask_for_reset(email, address=OFFICE):
    return Client().post(reverse("password_reset"), {"email": email}, REMOTE_ADDR=address)


@pytest.fixture
def olive(world):
    world.officer.email = "olive@lincolnshire.example"
    world.officer.save()
    return world.officer.email


def test_within_the_limits_a_reset_works_as_before(olive):
    response = ask_for_reset(olive)

    assert response.url == reverse("password_reset_done")
    assert len(mail.outbox) == 1
    assert Client().get(reverse("password_reset")).status_code == 200


def test_one_email_address_gets_at_most_the_limit_of_emails_whatever_the_address(olive):
    for n in range(settings.PASSWORD_RESET_LIMIT):
        assert ask_for_reset(olive, address=f"192.0.2.{n}").status_code == 302

    response = ask_for_reset(olive.upper(), address=ELSEWHERE)

    assert response.status_code == 429
    assert "You have asked to reset a password too many times" in response.text
    assert "Try again after" in response.text
    assert len(mail.outbox) == settings.PASSWORD_RESET_LIMIT


def test_one_client_address_makes_at_most_its_limit_of_requests(olive):
    for n in range(settings.PASSWORD_RESET_ADDRESS_LIMIT):
        assert ask_for_reset(f"someone-{n}@example.org").status_code == 302

    response = ask_for_reset(olive)

    assert response.status_code == 429
    assert not mail.outbox
    assert ask_for_reset(olive, address=ELSEWHERE).status_code == 302


def test_the_refusal_does_not_reveal_whether_an_account_uses_the_email_address(olive):
    for n in range(settings.PASSWORD_RESET_ADDRESS_LIMIT):
        ask_for_reset(f"someone-{n}@example.org")

    known, unknown = ask_for_reset(olive), ask_for_reset("nobody@example.org")

    assert known.status_code == unknown.status_code == 429
    assert known.content == unknown.content


def test_asking_again_works_once_the_window_has_passed_and_old_requests_are_forgotten(olive):
    for _ in range(settings.PASSWORD_RESET_LIMIT):
        ask_for_reset(olive)
    assert ask_for_reset(olive).status_code == 429
    PasswordResetRequest.objects.update(requested_at=datetime.now(UTC) - settings.PASSWORD_RESET_WINDOW)

    assert ask_for_reset(olive).status_code == 302
    assert PasswordResetRequest.objects.count() == 1
