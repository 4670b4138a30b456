"""Sessions end 2 hours after the last request, and 12 hours after signing in
however busy (core/sessions.py); the cookie itself dies with the browser."""

import json
import os
import subprocess
import sys
import time
from unittest import mock

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from core import sessions
from core.sessions import LAST_USED_AT, SIGNED_IN_AT
from progress.models import ProgressUpdate

HOUR = 60 * 60
MINUTE = 60
PASSWORD = "correct horse battery staple"
IDLE_MESSAGE = "You were signed out because you had not done anything for 2 hours. Sign in again to carry on."
LIMIT_MESSAGE = "You were signed out because you had been signed in for 12 hours. Sign in again to carry on."
UPDATE = {
    "status": "on_track",
    "narrative": "A long narrative about the childcare audit, typed over two hours.",
    "date_of_update_day": "3",
    "date_of_update_month": "3",
    "date_of_update_year": "2026",
}


@pytest.fixture
def officer_client(client, world):
    client.force_login(world.officer)
    return client


def make_idle(client, seconds):
    """As if the session's last request was `seconds` ago."""
    session = client.session
    session[LAST_USED_AT] -= seconds
    session.save()


def make_signed_in_earlier(client, seconds):
    """As if the session signed in `seconds` earlier, and has been busy since."""
    session = client.session
    session[SIGNED_IN_AT] -= seconds
    session.save()


def sign_in_url(next_path):
    return f"{reverse('login')}?next={next_path}"


def test_the_session_cookie_dies_with_the_browser_and_the_session_lasts_at_most_12_hours(client, world):
    response = client.post(reverse("login"), {"username": "officer", "password": PASSWORD})

    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["expires"] == "" and cookie["max-age"] == ""
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE and not settings.SESSION_SAVE_EVERY_REQUEST
    assert client.session.get_expiry_age() <= 12 * HOUR
    stored = Session.objects.get(session_key=cookie.value)
    assert stored.expire_date <= timezone.now() + timezone.timedelta(hours=12)


def test_signing_in_starts_both_clocks(client, world):
    before = time.time()
    client.post(reverse("login"), {"username": "officer", "password": PASSWORD})

    assert before <= client.session[SIGNED_IN_AT] == client.session[LAST_USED_AT] <= time.time()


def test_after_2_hours_idle_the_user_is_signed_out_and_sent_to_sign_in_with_a_message(officer_client):
    make_idle(officer_client, 2 * HOUR)

    response = officer_client.get(reverse("my-actions"))

    assert response.status_code == 302 and response.url == sign_in_url("/my-actions/")
    sign_in_page = officer_client.get(response.url)
    assert IDLE_MESSAGE in sign_in_page.text
    assert not sign_in_page.wsgi_request.user.is_authenticated
    assert officer_client.get(reverse("my-actions")).status_code == 302  # signed out for good


def test_at_1_hour_59_minutes_idle_the_session_carries_on_and_its_idle_time_starts_again(officer_client):
    make_idle(officer_client, 2 * HOUR - MINUTE)

    response = officer_client.get(reverse("my-actions"))

    assert response.status_code == 200
    assert time.time() - officer_client.session[LAST_USED_AT] < 5


def test_after_12_hours_of_steady_use_the_session_ends_anyway(officer_client):
    start = time.time()
    with mock.patch.object(sessions, "now") as clock:
        for hours in range(1, 12):
            clock.return_value = start + hours * HOUR
            assert officer_client.get(reverse("my-actions")).status_code == 200, f"after {hours} hours"
            assert officer_client.post(reverse("session-keep-alive")).json()["signed_in"]

        clock.return_value = start + 12 * HOUR
        response = officer_client.get(reverse("my-actions"))

    assert response.url == sign_in_url("/my-actions/")
    assert LIMIT_MESSAGE in officer_client.get(response.url).text


def test_a_progress_update_posted_after_2_hours_idle_saves_nothing_until_the_user_signs_in_again(officer_client, world):
    form_url = reverse("progress-update-new", args=[world.action_a.pk])
    make_idle(officer_client, 2 * HOUR + 1)

    response = officer_client.post(form_url, UPDATE)

    assert response.url == sign_in_url(form_url)
    assert not ProgressUpdate.objects.exists()
    officer_client.post(reverse("login"), {"username": "officer", "password": PASSWORD})
    officer_client.post(form_url, UPDATE)
    assert ProgressUpdate.objects.get().narrative == UPDATE["narrative"]


def test_a_request_within_a_minute_of_the_last_one_does_not_write_the_session(officer_client):
    officer_client.get(reverse("my-actions"))
    last_used = officer_client.session[LAST_USED_AT]

    response = officer_client.get(reverse("my-actions"))

    assert officer_client.session[LAST_USED_AT] == last_used
    assert settings.SESSION_COOKIE_NAME not in response.cookies  # nothing saved, nothing sent


def test_the_limits_come_from_settings(officer_client, settings):
    settings.SESSION_IDLE_SECONDS = 10 * MINUTE
    make_idle(officer_client, 10 * MINUTE)

    response = officer_client.get(reverse("my-actions"), follow=True)

    assert "because you had not done anything for 10 minutes" in response.text


def test_the_limits_come_from_the_environment():
    code = "from django.conf import settings as s; print(s.SESSION_COOKIE_AGE, s.SESSION_IDLE_SECONDS, s.SESSION_WARNING_SECONDS)"
    env = {"SESSION_MAX_SECONDS": "3600", "SESSION_IDLE_SECONDS": "900", "SESSION_WARNING_SECONDS": "60"}

    assert run_settings(code, env).stdout.split() == ["3600", "900", "60"]


@pytest.mark.parametrize(
    "env, named",
    [
        ({"SESSION_IDLE_SECONDS": "2h"}, ["SESSION_IDLE_SECONDS", "'2h'"]),
        ({"SESSION_MAX_SECONDS": "0"}, ["SESSION_MAX_SECONDS", "'0'"]),
        (
            {"SESSION_IDLE_SECONDS": "300", "SESSION_WARNING_SECONDS": "300"},
            ["SESSION_WARNING_SECONDS (300) must be less than SESSION_IDLE_SECONDS (300)."],
        ),
    ],
)
def test_a_bad_limit_in_the_environment_is_named_when_the_site_starts(env, named):
    result = run_settings("", env)

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    for words in named:
        assert words in result.stderr


def run_settings(code: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    clean = {key: value for key, value in os.environ.items() if not key.startswith("SESSION_")}
    return subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=settings.BASE_DIR,
        env={**clean, "DJANGO_SETTINGS_MODULE": "config.settings.test", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_keep_alive_marks_the_session_used_and_says_how_long_is_left(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.officer)
    page = client.get(reverse("progress-update-new", args=[world.action_a.pk]))
    token = page.context["csrf_token"]
    make_idle(client, HOUR)

    response = client.post(reverse("session-keep-alive"), headers={"X-CSRFToken": str(token)})

    assert response.status_code == 200
    assert response.json() == {"signed_in": True, "seconds_left": pytest.approx(2 * HOUR, abs=2), "ends": "idle"}
    assert time.time() - client.session[LAST_USED_AT] < 5


def test_keep_alive_needs_the_csrf_token(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.officer)

    response = client.post(reverse("session-keep-alive"))

    assert response.status_code == 403
    assert "signed_in" not in response.text


def test_asking_how_long_is_left_does_not_count_as_use(officer_client):
    make_idle(officer_client, HOUR)
    last_used = officer_client.session[LAST_USED_AT]

    response = officer_client.get(reverse("session-keep-alive"))

    assert response.json()["seconds_left"] == pytest.approx(HOUR, abs=2)
    assert officer_client.session[LAST_USED_AT] == last_used


def test_keep_alive_cannot_stretch_the_12_hour_limit(officer_client):
    make_signed_in_earlier(officer_client, 12 * HOUR - MINUTE)

    answer = officer_client.post(reverse("session-keep-alive")).json()

    assert answer["ends"] == "limit" and answer["seconds_left"] <= MINUTE


@pytest.mark.parametrize("method", ["get", "post"])
def test_keep_alive_answers_401_in_json_when_signed_out(client, db, method):
    response = getattr(client, method)(reverse("session-keep-alive"))

    assert response.status_code == 401
    assert json.loads(response.content) == {"signed_in": False}


def test_keep_alive_after_the_idle_limit_signs_out_and_answers_401_not_a_redirect(officer_client):
    make_idle(officer_client, 2 * HOUR)

    response = officer_client.post(reverse("session-keep-alive"))

    assert response.status_code == 401 and response.json() == {"signed_in": False}
    assert officer_client.get(reverse("my-actions")).status_code == 302


def test_keep_alive_is_never_cached(officer_client):
    response = officer_client.get(reverse("session-keep-alive"))

    assert "no-store" in response.headers["Cache-Control"]


def test_signed_in_pages_tell_the_warning_how_long_is_left(officer_client, world):
    response = officer_client.get(reverse("progress-update-new", args=[world.action_a.pk]))

    assert '<meta name="app-session-timeout"' in response.text
    assert 'data-seconds-left="7200"' in response.text
    assert 'data-warning-seconds="300"' in response.text
    assert f'data-keep-alive-url="{reverse("session-keep-alive")}"' in response.text
    assert '<template id="app-session-timeout">' in response.text
    assert "You will be signed out soon" in response.text


def test_pages_for_visitors_who_have_not_signed_in_carry_no_warning(client, world):
    response = client.get(reverse("login"))

    assert "app-session-timeout" not in response.text


def test_the_warning_has_no_inline_script_or_style_for_the_content_security_policy(officer_client, world):
    response = officer_client.get(reverse("progress-update-new", args=[world.action_a.pk]))
    head = response.text.split("</head>")[0]

    assert "<script" not in head and "style=" not in head and "<style" not in head


def test_signing_in_again_over_a_live_session_restarts_the_12_hour_clock(officer_client):
    make_signed_in_earlier(officer_client, 11 * HOUR)

    officer_client.post(reverse("login"), {"username": "officer", "password": PASSWORD})

    assert time.time() - officer_client.session[SIGNED_IN_AT] < 5


def test_a_session_signed_in_before_the_limits_existed_gets_its_clocks_started(officer_client):
    session = officer_client.session
    del session[SIGNED_IN_AT], session[LAST_USED_AT]
    session.save()

    assert officer_client.get(reverse("my-actions")).status_code == 200
    assert time.time() - officer_client.session[SIGNED_IN_AT] < 5


def test_a_post_to_sign_out_after_the_idle_limit_lands_on_sign_in_without_coming_back(officer_client):
    make_idle(officer_client, 2 * HOUR)

    response = officer_client.post(reverse("logout"))

    assert response.url == reverse("login")
