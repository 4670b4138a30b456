"""Who may see a plan. Loaded by rules' autodiscovery; views ask
`user.has_perm("plans.view_plan", plan)` and list pages use
`Plan.objects.visible_to(user)`, which apply the same rule."""

import rules

from .models import Membership, membership_of


@rules.predicate
def is_admin(user) -> bool:
    membership = membership_of(user)
    return bool(membership and membership.is_admin)


@rules.predicate
def is_lead_officer(user) -> bool:
    membership = membership_of(user)
    return bool(membership and membership.role == Membership.Role.LEAD)


@rules.predicate
def can_read_plan(user, plan) -> bool:
    return plan.is_visible_to(user)


rules.add_perm("plans.view_plan", can_read_plan)
# Whoever may read a plan may take it away as a spreadsheet; only admins import.
rules.add_perm("plans.export_plan", can_read_plan)
rules.add_perm("plans.import_plan", is_admin)
