"""Headers on every response: signed-in pages and downloads are never stored,
and browser features the product never uses are turned off."""

import pytest
from django.urls import reverse

SIGNED_IN_PAGES = [
    ("my-actions", {}),
    ("plan-list", {}),
    ("action-list", {}),
    ("dashboard", {}),
    ("report-xlsx", {}),
    ("action-export-csv", {}),
]


@pytest.mark.parametrize("name, kwargs", SIGNED_IN_PAGES, ids=[name for name, _ in SIGNED_IN_PAGES])
def test_signed_in_pages_and_downloads_are_never_stored(client, world, name, kwargs):
    client.force_login(world.officer)

    response = client.get(reverse(name, kwargs=kwargs))

    assert response.status_code == 200
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= cache_control


def test_a_public_plan_read_without_signing_in_may_be_cached(client, world):
    response = client.get(reverse("plan-detail", args=[world.plan_p.slug]))

    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")


@pytest.mark.parametrize("signed_in", [True, False], ids=["signed in", "signed out"])
def test_every_response_turns_off_features_the_product_never_uses(client, world, signed_in):
    if signed_in:
        client.force_login(world.admin)

    for url in [reverse("login"), reverse("plan-list"), "/no-such-page/", reverse("admin:index")]:
        policy = client.get(url)["Permissions-Policy"]
        assert "camera=()" in policy and "geolocation=()" in policy and "microphone=()" in policy
