import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from plans.models import Membership, Organisation


@pytest.fixture
def council_plans(db):
    """The five council plans, loaded from the shipped fixture."""
    call_command("loaddata", "council_plans", verbosity=0)


@pytest.fixture
def organisation(db):
    return Organisation.objects.create(name="Example Borough Council", slug="example-borough-council", kind="council")


@pytest.fixture
def make_user(db):
    def make(username: str, role: str = Membership.Role.OFFICER, organisation: Organisation | None = None):
        user = get_user_model().objects.create_user(username=username, password="correct horse battery staple")
        user.is_staff = user.is_superuser = role == Membership.Role.ADMIN
        user.save()
        Membership.objects.create(user=user, role=role, organisation=organisation)
        return user

    return make


@pytest.fixture
def admin_user(make_user):
    return make_user("ada", Membership.Role.ADMIN)
