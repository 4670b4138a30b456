"""A Content-Security-Policy on every response (django-csp): only our own
files, no inline script or style, never framed, forms post only to us; with
CSP_REPORT_ONLY=1 the browser reports what the policy would block without
blocking it.

The policy can only be this strict because no template or generated markup
has inline script, event handlers, `javascript:` links or style attributes;
the last tests keep it so. (Browser checks: tests/e2e/test_content_security_policy.py.)"""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client, override_settings
from django.urls import path, reverse

from config.urls import urlpatterns as site_urlpatterns
from tests.builders import make_update

TEMPLATE_DIRS = [Path(settings.BASE_DIR) / "templates", Path(settings.BASE_DIR) / "core" / "templates"]

# What a policy without 'unsafe-inline' blocks, as it would appear in markup.
INLINE = {
    "inline <script> (no src)": re.compile(r"<script\b(?![^>]*\ssrc\s*=)[^>]*>", re.IGNORECASE),
    "event handler attribute (on...=)": re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.IGNORECASE),
    "javascript: URL": re.compile(r"javascript:", re.IGNORECASE),
    "style attribute": re.compile(r"<[a-z][^>]*\sstyle\s*=", re.IGNORECASE),
    "<style> element": re.compile(r"<style\b", re.IGNORECASE),
}


def boom(request):
    raise RuntimeError("A deliberate failure, to see the 500 page.")


# The site's own addresses plus one that fails, for the 500 page (see
# test_every_response_has_the_policy's "server error").
urlpatterns = [path("boom/", boom), *site_urlpatterns]


def policy_of(header: str) -> dict[str, list[str]]:
    directives = {}
    for part in header.split(";"):
        name, *sources = part.split()
        directives[name] = sources
    return directives


def inline_code_in(markup: str) -> list[tuple[str, int, str]]:
    """Each piece of inline script or style in `markup`: what it is, its line
    and its start."""
    return [
        (what, markup.count("\n", 0, match.start()) + 1, match.group(0)[:80])
        for what, pattern in INLINE.items()
        for match in pattern.finditer(markup)
    ]


RESPONSES = {
    "signed-out page": (None, lambda w: reverse("login"), 200),
    "signed-in page": ("officer", lambda w: reverse("my-actions"), 200),
    "download": ("officer", lambda w: reverse("action-export-csv"), 200),
    "not found": ("officer", lambda w: "/no-such-page/", 404),
    "admin": ("admin", lambda w: reverse("admin:index"), 200),
    "admin change form": ("admin", lambda w: reverse("admin:actions_action_change", args=[w.action_a.pk]), 200),
    "server error": (None, lambda w: "/boom/", 500),
}


@pytest.mark.urls(__name__)
@pytest.mark.parametrize("name", RESPONSES)
def test_every_response_has_the_policy(world, name):
    user, url, status = RESPONSES[name]
    client = Client(raise_request_exception=False)
    if user:
        client.force_login(getattr(world, user))

    response = client.get(url(world))

    assert response.status_code == status
    assert "Content-Security-Policy-Report-Only" not in response
    policy = policy_of(response["Content-Security-Policy"])
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["form-action"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]


def test_images_come_from_us_or_data_uris_for_the_two_factor_qr_code(client, db):
    policy = policy_of(client.get(reverse("login"))["Content-Security-Policy"])

    assert policy["img-src"] == ["'self'", "data:"]


def test_report_only_mode_reports_and_does_not_enforce(client, world):
    # django-csp reads the settings on every response, so overriding them is
    # what the CSP_REPORT_ONLY switch in config/settings/common.py amounts to.
    policy = settings.CONTENT_SECURITY_POLICY
    client.force_login(world.officer)

    with override_settings(CONTENT_SECURITY_POLICY=None, CONTENT_SECURITY_POLICY_REPORT_ONLY=policy):
        response = client.get(reverse("my-actions"))

    assert "Content-Security-Policy" not in response
    report_only = policy_of(response["Content-Security-Policy-Report-Only"])
    assert report_only["default-src"] == ["'self'"]
    assert report_only["frame-ancestors"] == ["'none'"]


@pytest.mark.parametrize(
    "value, enforced, reported",
    [("", True, False), ("0", True, False), ("1", False, True), ("true", False, True)],
    ids=["unset", "0", "1", "true"],
)
def test_csp_report_only_chooses_the_header(value, enforced, reported):
    code = (
        "from django.conf import settings; "
        "print(hasattr(settings, 'CONTENT_SECURITY_POLICY'), hasattr(settings, 'CONTENT_SECURITY_POLICY_REPORT_ONLY'))"
    )
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=settings.BASE_DIR,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test", "CSP_REPORT_ONLY": value},
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.stdout.split() == [str(enforced), str(reported)], result.stderr


# Emails are read in mail programs, never served under the policy, and their
# styles must be inline: mail programs drop stylesheets.
EMAIL_TEMPLATES = settings.BASE_DIR / "templates" / "reminders" / "email"


def test_no_template_has_inline_script_or_style():
    found = {
        str(template.relative_to(settings.BASE_DIR)): problems
        for directory in TEMPLATE_DIRS
        for template in sorted(directory.rglob("*.html"))
        if not template.is_relative_to(EMAIL_TEMPLATES)
        and (problems := inline_code_in(template.read_text(encoding="utf-8")))
    }

    assert not found, "The Content-Security-Policy would block these; use a static file or a class in frontend/:\n" + (
        "\n".join(
            f"{name}, line {line}: {what}: {start}"
            for name, problems in found.items()
            for what, line, start in problems
        )
    )


def test_the_scan_finds_what_the_policy_blocks():
    markup = (
        "<script>alert(1)</script>\n<script src='/static/app/app.js'></script>\n"
        '<a href="javascript:void(0)" onclick="go()">x</a>\n<p style="color: red">x</p>\n<style>p{}</style>\n'
        '<rect fill="#fff"></rect>'
    )

    assert [(what, line) for what, line, _ in inline_code_in(markup)] == [
        ("inline <script> (no src)", 1),
        ("event handler attribute (on...=)", 3),
        ("javascript: URL", 3),
        ("style attribute", 4),
        ("<style> element", 5),
    ]


def test_pages_with_generated_markup_have_no_inline_script_or_style(client, world):
    """Markup made in Python, such as the dashboards' SVG charts, colours with
    presentation attributes (fill="…") and classes, which the policy allows."""
    make_update(world.action_a, "on_track")
    make_update(world.action_a2, "off_track")
    client.force_login(world.admin)

    for url in [
        reverse("dashboard"),
        reverse("plan-dashboard", args=[world.plan_a.slug]),
        reverse("plan-report", args=[world.plan_a.slug]),
        reverse("plan-detail", args=[world.plan_a.slug]),
        reverse("action-detail", args=[world.action_a.pk]),
    ]:
        response = client.get(url)
        markup = response.content.decode()
        assert response.status_code == 200
        assert "<svg" in markup or "dashboard" not in url, f"{url} drew no chart"
        assert inline_code_in(markup) == [], url
