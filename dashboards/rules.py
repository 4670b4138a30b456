"""Who may write a board commentary. Loaded by rules' autodiscovery."""

import rules

from plans.models import Membership, membership_of
from plans.rules import is_admin


@rules.predicate
def chairs_the_plans_partnership(user, plan) -> bool:
    """A partnership chair whose organisation oversees or owns the plan: chairs
    read every plan, but speak to their own board."""
    membership = membership_of(user)
    return bool(
        plan is not None
        and membership
        and membership.role == Membership.Role.CHAIR
        and membership.organisation_id
        and membership.organisation_id in {plan.partnership_id, plan.organisation_id}
    )


rules.add_perm("dashboards.write_commentary", is_admin | chairs_the_plans_partnership)
