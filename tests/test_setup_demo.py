import re
from io import StringIO

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import RequestFactory, override_settings

from actions.models import Action
from plans.models import Membership, Plan


def sign_in_request():
    """authenticate() needs the request: django-axes counts failures per address."""
    return RequestFactory().post("/accounts/login/")


def setup_demo() -> dict[str, str]:
    out = StringIO()
    call_command("setup_demo", stdout=out)
    return dict(re.findall(r"^\s+(\w+)\s+password: (\S+)", out.getvalue(), re.MULTILINE))


@override_settings(DEBUG=True)
def test_it_loads_the_five_plans_and_a_user_per_role(db):
    passwords = setup_demo()

    assert Plan.objects.count() == 5
    roles = dict(Membership.objects.values_list("user__username", "role"))
    assert roles == {"admin": "admin", "chair": "chair", "officer": "officer"}
    assert Membership.objects.get(role="officer").organisation.name == "Lincolnshire County Council"
    for username, password in passwords.items():
        assert authenticate(sign_in_request(), username=username, password=password) is not None


@override_settings(DEBUG=True)
def test_running_it_twice_duplicates_nothing(db):
    setup_demo()
    counts = (Plan.objects.count(), Action.objects.count(), get_user_model().objects.count())

    passwords = setup_demo()

    assert (Plan.objects.count(), Action.objects.count(), get_user_model().objects.count()) == counts
    assert authenticate(sign_in_request(), username="officer", password=passwords["officer"]) is not None


@override_settings(DEBUG=True)
def test_it_leaves_plans_already_loaded_as_they_are(db):
    setup_demo()
    Plan.objects.filter(slug="thurrock-child-poverty").update(title="Corrected by an admin")

    setup_demo()

    assert Plan.objects.get(slug="thurrock-child-poverty").title == "Corrected by an admin"


def test_it_refuses_to_create_known_passwords_without_debug(db):
    with pytest.raises(CommandError, match="only runs with DEBUG on"):
        call_command("setup_demo", stdout=StringIO())

    assert not get_user_model().objects.exists()
