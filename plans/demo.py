"""Demo users for trying the product locally: one per role."""

import secrets
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction

from .models import Membership, Organisation


@dataclass(frozen=True)
class DemoUser:
    username: str
    role: str
    organisation_slug: str | None


DEMO_USERS = [
    DemoUser("admin", Membership.Role.ADMIN, None),
    DemoUser("chair", Membership.Role.CHAIR, "lincolnshire-children-young-peoples-strategic-partnership"),
    DemoUser("officer", Membership.Role.OFFICER, "lincolnshire-county-council"),
]


@transaction.atomic
def demo_users_reset() -> list[tuple[Membership, str]]:
    """Create the demo users, or reset the ones that exist, each with a new random
    password; return each membership with its password."""
    User = get_user_model()
    created = []
    for demo in DEMO_USERS:
        organisation = Organisation.objects.get(slug=demo.organisation_slug) if demo.organisation_slug else None
        user, _ = User.objects.get_or_create(username=demo.username)
        password = secrets.token_urlsafe(12)
        user.set_password(password)
        user.save()
        membership, _ = Membership.objects.update_or_create(
            user=user, defaults={"role": demo.role, "organisation": organisation}
        )
        created.append((membership, password))
    return created
