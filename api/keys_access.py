"""What an API key reads: what an officer of its organisation reads on the
pages, narrowed to the key's plans if it has any. The officer is a stand-in,
never saved: the same rule (Plan.objects.visible_to) answers for both, so a
key can never read more than the pages would show that officer."""

from django.contrib.auth import get_user_model
from django.db.models import Exists, Q, QuerySet

from plans.models import Membership, Plan

from .models import ApiKey


def key_officer(api_key: ApiKey):
    """An unsaved user who is an officer of the key's organisation, for the
    rules and FilterSets that take a user (e.g. ActionFilter's `user`)."""
    user = get_user_model()(username=f"api-key-{api_key.prefix}")
    # Setting the forward side caches the reverse, so membership_of(user) finds it.
    Membership(user=user, organisation_id=api_key.organisation_id, role=Membership.Role.OFFICER)
    return user


def officer_plans(organisation_id: int) -> QuerySet:
    """The plans an officer of this organisation reads."""
    stand_in = ApiKey(organisation_id=organisation_id, prefix="")
    return Plan.objects.visible_to(key_officer(stand_in))


def key_plans(api_key: ApiKey) -> QuerySet:
    """The plans this key reads."""
    chosen = ApiKey.plans.through.objects.filter(apikey=api_key.pk)
    # One query, not two: the chosen plans, or every plan if none are chosen.
    return officer_plans(api_key.organisation_id).filter(Q(pk__in=chosen.values("plan")) | ~Exists(chosen))
