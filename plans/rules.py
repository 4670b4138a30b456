"""Who may do what with a plan. Loaded by rules' autodiscovery.

The product's permissions have their own names (`plans.read_plan`, not
Django's `plans.view_plan`): Django's model permissions stay with the admin
site and its ModelBackend, and every predicate here is safe when asked
without an object (the admin asks that way), answering False.

Views ask `user.has_perm("plans.read_plan", plan)`; list pages use
`Plan.objects.visible_to(user)`, which applies the same rule."""

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
    return plan is not None and plan.is_visible_to(user)


rules.add_perm("plans.read_plan", can_read_plan)
# Whoever may read a plan may take it away as a spreadsheet; only admins import.
rules.add_perm("plans.export_plan", can_read_plan)
rules.add_perm("plans.import_plan", is_admin)


@rules.predicate
def leads_the_plans_organisation(user, plan) -> bool:
    """A lead officer of the organisation that owns the plan."""
    membership = membership_of(user)
    return bool(
        plan is not None
        and membership
        and membership.role == Membership.Role.LEAD
        and membership.organisation_id
        and membership.organisation_id == plan.organisation_id
    )


# A plan's settings (its details, its reporting rounds and their pattern):
# admins, and the lead officers of the organisation that owns it.
rules.add_perm("plans.change_plan_settings", is_admin | leads_the_plans_organisation)
