"""Who may see and change an action: read by whoever may read its plan;
edited by admins and by lead officers of an organisation that owns it.
Asked without an action, each predicate answers False."""

import rules

from plans.models import membership_of
from plans.rules import can_read_plan, is_admin, is_lead_officer


@rules.predicate
def can_read_action(user, action) -> bool:
    return action is not None and can_read_plan(user, action.plan)


@rules.predicate
def belongs_to_an_owner(user, action) -> bool:
    membership = membership_of(user)
    if action is None or membership is None or not membership.organisation_id:
        return False
    return action.owner_organisations.filter(pk=membership.organisation_id).exists()


rules.add_perm("actions.read_action", can_read_action)
rules.add_perm("actions.edit_action", is_admin | (is_lead_officer & belongs_to_an_owner))
