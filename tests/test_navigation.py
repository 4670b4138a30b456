"""The service navigation is built in one place (core.navigation) from the
permission rules: each role sees the links to the pages it may use."""

import pytest
from django.test import override_settings
from django.urls import reverse

from core.navigation import links_for

EVERYONE = ["My actions", "Dashboard", "Plans", "Actions", "Indicators", "Email reminders"]


@pytest.mark.parametrize(
    "role, links",
    [
        ("admin", [*EVERYONE, "Approvals", "Imports", "Admin"]),
        ("chair", EVERYONE),
        ("lead", [*EVERYONE, "Approvals"]),
        ("officer", EVERYONE),
        ("stranger", EVERYONE),
    ],
)
def test_each_role_sees_the_links_to_what_it_may_use(client, world, role, links):
    user = getattr(world, role)
    client.force_login(user)

    page = client.get(reverse("plan-list")).text

    assert [link["text"] for link in links_for(user)] == links
    for link in links_for(user):
        assert f'href="{link["href"]}"' in page


def test_a_visitor_who_has_not_signed_in_sees_only_sign_in(client, world):
    page = client.get(reverse("plan-list")).text

    assert 'id="navigation"' not in page
    assert "Sign in" in page


@override_settings(UPDATE_DUE_SOON_DAYS=14, DASHBOARD_STALE_AFTER_DAYS=90, DASHBOARD_CHANGES_SINCE_DAYS=28)
def test_the_reporting_numbers_come_from_settings(client, world):
    client.force_login(world.chair)

    dashboard = client.get(reverse("dashboard"))
    actions = client.get(reverse("action-list"))

    assert "in the next 14 days" in dashboard.text
    assert dashboard.context["board"].period.stale_days == 90
    assert (dashboard.context["board"].period.as_of - dashboard.context["board"].period.since).days == 28
    assert "update due in the next 14 days" in actions.text
