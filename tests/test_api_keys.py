"""API keys: made and revoked by admins, shown once and stored hashed; a key
reads what an officer of its organisation reads, never more; refused keys
are 401; calls are throttled per key and per address; every GET answers
conditional requests."""

import datetime
import hashlib

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from api.keys_access import key_plans
from api.models import ApiKey
from plans.models import Membership, Plan
from tests.builders import make_update

KEYED_API = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.authentication.ApiKeyAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.KeyRateThrottle", "api.throttling.AnonymousRateThrottle"],
}
ENDPOINTS = ["plans", "themes", "actions", "organisations", "progress-updates", "indicators", "observations"]


@pytest.fixture(autouse=True)
def keyed_api(settings):
    """The API as settings switch keys, throttles and conditional requests on."""
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, **KEYED_API}
    if "api.conditional.ConditionalGetMiddleware" not in settings.MIDDLEWARE:
        settings.MIDDLEWARE = [*settings.MIDDLEWARE, "api.conditional.ConditionalGetMiddleware"]
    cache.clear()  # throttle counts and remembered versions from other tests
    yield
    cache.clear()


def make_key(organisation, *, plans=(), **fields) -> str:
    api_key = ApiKey(name="Partner dashboard", organisation=organisation, **fields)
    key = api_key.issue()
    api_key.save()
    api_key.plans.set(plans)
    return key


def bearer(key: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def ids(client, endpoint: str, **headers) -> set[int]:
    response = client.get(f"/api/v1/{endpoint}/", {"page_size": 500}, **headers)
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


# Making and revoking keys


def test_making_a_key_shows_it_once_and_keeps_only_its_hash(client, world):
    client.force_login(world.admin)
    response = client.post(
        reverse("admin:api_apikey_add"),
        {
            "name": "NHS dashboard",
            "organisation": world.lincs.pk,
            "expires_at_0": "2099-01-01",
            "expires_at_1": "09:00",
        },
    )

    key = response.context["key"]
    api_key = ApiKey.objects.get()
    assert key in response.text
    assert api_key.created_by == world.admin
    assert api_key.secret_hash == hashlib.sha256(key.split("_", 2)[2].encode()).hexdigest()
    assert key not in client.get(reverse("admin:api_apikey_change", args=[api_key.pk])).text
    assert key not in client.get(reverse("admin:api_apikey_changelist")).text


def test_a_secret_is_stored_only_as_its_hash(world):
    key = make_key(world.lincs)
    secret = key.split("_", 2)[2]

    stored = ApiKey.objects.values().get()
    assert all(secret not in str(value) for value in stored.values())
    assert ApiKey.find(key) == ApiKey.objects.get()


def test_a_key_cannot_name_a_plan_its_organisations_officers_do_not_read(client, world):
    client.force_login(world.admin)
    response = client.post(
        reverse("admin:api_apikey_add"),
        {
            "name": "Too wide",
            "organisation": world.lincs.pk,
            "plans": [world.plan_a.pk, world.plan_b.pk],
            "expires_at_0": "2099-01-01",
            "expires_at_1": "09:00",
        },
    )

    assert response.status_code == 200
    assert "does not read Thurrock Plan" in response.text
    assert not ApiKey.objects.exists()


def test_an_admin_revokes_keys(client, world):
    make_key(world.lincs)
    client.force_login(world.admin)

    client.post(
        reverse("admin:api_apikey_changelist"),
        {"action": "revoke", "_selected_action": [ApiKey.objects.get().pk]},
    )

    assert ApiKey.objects.get().revoked_at is not None


@pytest.mark.parametrize("role", ["chair", "lead", "officer", "thurrock_officer", "stranger", None])
@pytest.mark.parametrize("page", ["changelist", "add", "change"])
def test_only_admins_manage_keys(client, world, role, page):
    make_key(world.lincs)
    if role:
        client.force_login(getattr(world, role))
    args = [ApiKey.objects.get().pk] if page == "change" else []

    response = client.get(reverse(f"admin:api_apikey_{page}", args=args))

    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


@pytest.mark.parametrize("page", ["changelist", "add", "change"])
def test_admins_reach_every_key_page(client, world, page):
    make_key(world.lincs)
    client.force_login(world.admin)
    args = [ApiKey.objects.get().pk] if page == "change" else []

    assert client.get(reverse(f"admin:api_apikey_{page}", args=args)).status_code == 200


def test_only_admins_revoke(client, world):
    make_key(world.lincs)
    client.force_login(world.lead)

    client.post(
        reverse("admin:api_apikey_changelist"),
        {"action": "revoke", "_selected_action": [ApiKey.objects.get().pk]},
    )

    assert ApiKey.objects.get().revoked_at is None


# What a key reads


@pytest.mark.parametrize("organisation", ["lincs", "jobcentre", "thurrock", "hartlepool", "partnership"])
def test_a_key_reads_the_plans_an_officer_of_its_organisation_reads(world, make_user, organisation):
    organisation = getattr(world, organisation)
    officer = make_user(f"officer-of-{organisation.slug}", Membership.Role.OFFICER, organisation)

    key = ApiKey.find(make_key(organisation))

    assert set(key_plans(key)) == set(Plan.objects.visible_to(officer))


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_a_key_reads_what_its_organisations_officer_reads_on_every_endpoint(client, world, endpoint):
    make_update(world.action_a, "on_track", datetime.date(2027, 3, 1))
    make_update(world.action_b, "on_track", datetime.date(2027, 3, 1))
    key = make_key(world.lincs)
    client.force_login(world.officer)
    as_the_officer = ids(client, endpoint)
    client.logout()

    assert ids(client, endpoint, **bearer(key)) == as_the_officer


def test_a_key_reads_more_than_an_anonymous_caller_and_less_than_an_admin(client, world):
    key = make_key(world.lincs)

    as_the_key = ids(client, "plans", **bearer(key))

    assert as_the_key == {world.plan_a.pk, world.plan_p.pk}
    assert ids(client, "plans") == {world.plan_p.pk}


def test_a_key_for_some_plans_reads_only_those(client, world):
    key = make_key(world.lincs, plans=[world.plan_a])

    assert ids(client, "plans", **bearer(key)) == {world.plan_a.pk}
    assert ids(client, "actions", **bearer(key)) == {world.action_a.pk, world.action_a2.pk}
    detail = client.get(f"/api/v1/plans/{world.plan_p.pk}/", **bearer(key))
    assert detail.status_code == 404


def test_a_key_reads_nothing_its_organisation_stops_reading(world):
    key = ApiKey.find(make_key(world.jobcentre, plans=[world.plan_a]))

    world.jobcentre.partnerships.clear()
    world.action_a2.owner_organisations.clear()

    assert not key_plans(key).exists()


def test_a_key_reads_with_either_header(client, world):
    key = make_key(world.lincs)

    assert ids(client, "plans", HTTP_X_API_KEY=key) == {world.plan_a.pk, world.plan_p.pk}


def test_a_key_cannot_write(client, world):
    key = make_key(world.lincs)

    response = client.post("/api/v1/plans/", {"title": "New"}, **bearer(key))

    assert response.status_code == 405


def test_signed_in_sessions_still_read_the_api(client, world):
    client.force_login(world.thurrock_officer)

    assert ids(client, "plans") == {world.plan_b.pk, world.plan_p.pk}


# Refused keys


@pytest.mark.parametrize(
    "change, message",
    [
        ({"revoked_at": timezone.now()}, "This API key was revoked."),
        ({"expires_at": timezone.now() - datetime.timedelta(days=1)}, "This API key expired on"),
    ],
    ids=["revoked", "expired"],
)
def test_a_revoked_or_expired_key_is_refused(client, world, change, message):
    key = make_key(world.lincs)
    ApiKey.objects.update(**change)

    response = client.get("/api/v1/plans/", **bearer(key))

    assert response.status_code == 401
    assert response.json()["detail"].startswith(message)
    assert response["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.parametrize("key", ["apt_000000000000_not-a-secret", "nonsense", "apt_", "Bearer two words"])
def test_an_unknown_key_is_refused(client, world, key):
    real = make_key(world.lincs)

    response = client.get("/api/v1/plans/", HTTP_AUTHORIZATION=f"Bearer {key}")
    wrong_secret = client.get("/api/v1/plans/", **bearer(real[:-4] + "AAAA"))

    assert response.status_code == wrong_secret.status_code == 401
    assert "detail" in response.json()


# Last used


def test_a_key_records_when_it_was_last_used(client, world):
    key = make_key(world.lincs)

    client.get("/api/v1/plans/", **bearer(key))

    assert ApiKey.objects.get().last_used_at is not None


def test_last_used_is_written_at_most_once_a_minute(client, world):
    key = make_key(world.lincs)
    recently = timezone.now() - datetime.timedelta(seconds=30)
    ApiKey.objects.update(last_used_at=recently)

    with CaptureQueriesContext(connection) as queries:
        client.get("/api/v1/plans/", **bearer(key))

    assert ApiKey.objects.get().last_used_at == recently
    assert not [q for q in queries if q["sql"].startswith("UPDATE") and "api_apikey" in q["sql"]]


def test_last_used_is_written_again_after_a_minute(client, world):
    key = make_key(world.lincs)
    earlier = timezone.now() - datetime.timedelta(minutes=2)
    ApiKey.objects.update(last_used_at=earlier)

    client.get("/api/v1/plans/", **bearer(key))

    assert ApiKey.objects.get().last_used_at > earlier


# Throttling


def test_a_key_is_throttled_on_its_own(client, world, settings):
    settings.API_KEY_RATE = "2/hour"
    key, other = make_key(world.lincs), make_key(world.lincs)

    answers = [client.get("/api/v1/plans/", **bearer(key)) for _ in range(3)]

    assert [answer.status_code for answer in answers] == [200, 200, 429]
    assert int(answers[-1]["Retry-After"]) > 0
    assert client.get("/api/v1/plans/", **bearer(other)).status_code == 200


def test_anonymous_callers_are_throttled_per_address(client, world, settings):
    settings.API_ANONYMOUS_RATE = "2/hour"

    answers = [client.get("/api/v1/plans/", REMOTE_ADDR="192.0.2.1").status_code for _ in range(3)]

    assert answers == [200, 200, 429]
    assert client.get("/api/v1/plans/", REMOTE_ADDR="192.0.2.2").status_code == 200


def test_the_address_behind_a_proxy_is_the_one_throttled(client, world, settings):
    settings.API_ANONYMOUS_RATE = "1/hour"
    settings.CLIENT_ADDRESS_HEADER = "X-Forwarded-For"

    first = client.get("/api/v1/plans/", HTTP_X_FORWARDED_FOR="192.0.2.1")
    second = client.get("/api/v1/plans/", HTTP_X_FORWARDED_FOR="192.0.2.2")

    assert (first.status_code, second.status_code) == (200, 200)


def test_a_keyed_caller_is_not_counted_against_its_address(client, world, settings):
    settings.API_ANONYMOUS_RATE = "1/hour"
    key = make_key(world.lincs)

    client.get("/api/v1/plans/", **bearer(key))
    client.get("/api/v1/plans/", **bearer(key))

    assert client.get("/api/v1/plans/").status_code == 200


# Conditional requests


def test_a_get_carries_an_etag_and_a_last_modified(client, world):
    response = client.get("/api/v1/plans/")

    assert response["ETag"].startswith('"')
    assert response["Last-Modified"].endswith("GMT")
    assert "no-cache" in response["Cache-Control"]


def test_the_same_version_is_not_sent_twice(client, world):
    first = client.get("/api/v1/plans/")

    by_etag = client.get("/api/v1/plans/", HTTP_IF_NONE_MATCH=first["ETag"])
    by_date = client.get("/api/v1/plans/", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])

    assert by_etag.status_code == by_date.status_code == 304
    assert by_etag.content == b""
    assert by_etag["ETag"] == first["ETag"]


def test_a_changed_body_is_sent_in_full_with_new_validators(client, world):
    first = client.get("/api/v1/plans/")
    Plan.objects.filter(pk=world.plan_p.pk).update(title="Hartlepool Plan, revised")

    by_etag = client.get("/api/v1/plans/", HTTP_IF_NONE_MATCH=first["ETag"])
    by_date = client.get("/api/v1/plans/", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])

    assert by_etag.status_code == by_date.status_code == 200
    assert by_etag["ETag"] != first["ETag"]
    assert by_etag["Last-Modified"] != first["Last-Modified"]


def test_a_keyed_answer_is_private_and_validated_for_that_key(client, world):
    key = make_key(world.lincs)
    anonymous = client.get("/api/v1/plans/")

    keyed = client.get("/api/v1/plans/", HTTP_IF_NONE_MATCH=anonymous["ETag"], **bearer(key))

    assert keyed.status_code == 200
    assert "private" in keyed["Cache-Control"]
    assert client.get("/api/v1/plans/", HTTP_IF_NONE_MATCH=keyed["ETag"], **bearer(key)).status_code == 304
