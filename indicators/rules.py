"""Who may read an indicator and enter its figures. Loaded by rules' autodiscovery.

An indicator is read by whoever may read a plan that works towards it (through
an action or a theme), by its responsible organisation's people, and by admins
and chairs (who read every plan). Its figures are entered by admins and by
officers and lead officers of its responsible organisation; nobody else."""

import rules
from django.db.models import Q

from plans.models import Membership, Plan, membership_of
from plans.rules import is_admin


def readable_indicators(user, indicators):
    """`indicators` narrowed to those `user` may read (for lists)."""
    membership = membership_of(user)
    if membership and membership.reads_everything:
        return indicators
    plans = Plan.objects.visible_to(user).values("pk")
    readable = Q(actions__plan__in=plans) | Q(themes__plan__in=plans)
    if membership and membership.organisation_id:
        readable |= Q(organisation=membership.organisation_id)
    return indicators.filter(pk__in=indicators.model.objects.filter(readable).values("pk"))


@rules.predicate
def can_read_indicator(user, indicator) -> bool:
    if indicator is None:
        return False
    return readable_indicators(user, type(indicator).objects.filter(pk=indicator.pk)).exists()


@rules.predicate
def works_for_the_responsible_organisation(user, indicator) -> bool:
    membership = _officer_membership(user)
    return bool(indicator is not None and membership and membership.organisation_id == indicator.organisation_id)


@rules.predicate
def is_an_officer(user) -> bool:
    return _officer_membership(user) is not None


def _officer_membership(user) -> Membership | None:
    """The membership of an officer or lead officer of an organisation; None for anyone else."""
    membership = membership_of(user)
    officers = (Membership.Role.OFFICER, Membership.Role.LEAD)
    return membership if membership and membership.organisation_id and membership.role in officers else None


rules.add_perm("indicators.read_indicator", can_read_indicator)
# Uploading a sheet of figures: each row is then checked against enter_figures for its indicator.
rules.add_perm("indicators.import_figures", is_admin | is_an_officer)
rules.add_perm("indicators.enter_figures", is_admin | works_for_the_responsible_organisation)
