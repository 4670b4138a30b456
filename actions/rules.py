"""Who may see and change an action: read by whoever may read its plan;
changed by admins and by lead officers of an organisation that owns it."""

import rules

from plans.models import membership_of
from plans.rules import is_admin, is_lead_officer


@rules.predicate
def can_read_action(user, action) -> bool:
    return action.plan.is_visible_to(user)


@rules.predicate
def belongs_to_an_owner(user, action) -> bool:
    membership = membership_of(user)
    if membership is None or not membership.organisation_id:
        return False
    return action.owner_organisations.filter(pk=membership.organisation_id).exists()


rules.add_perm("actions.view_action", can_read_action)
rules.add_perm("actions.change_action", is_admin | (is_lead_officer & belongs_to_an_owner))
