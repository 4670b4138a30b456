"""Which plans the partnership overview shows: a chair's own partnership's
plans first, with a switch to every plan she may read."""

from dataclasses import dataclass, field

from plans.models import Membership, Plan, membership_of

OURS, ALL = "ours", "all"


@dataclass
class Scope:
    plans: list[Plan]  # the plans shown
    readable: int  # how many plans the user may read
    ours: int  # how many of those their organisation (or its partnerships) owns or oversees
    narrowed: bool  # showing only those
    name: str = ""  # the user's organisation, which the narrowed overview is named after
    circle: set[int] = field(default_factory=set)

    def is_ours(self, plan: Plan) -> bool:
        return plan.organisation_id in self.circle or plan.partnership_id in self.circle


def overview_scope(user, choice: str | None) -> Scope:
    """A chair sees her partnership's plans unless she asks for all; anyone
    else sees every plan they may read unless they ask for their own."""
    readable = list(
        Plan.objects.visible_to(user)
        .select_related("organisation", "partnership")
        .order_by("organisation__name", "title")
    )
    membership = membership_of(user)
    circle = membership.circle if membership else set()
    scope = Scope(readable, len(readable), 0, False, str(membership.organisation or "") if membership else "", circle)
    ours = [plan for plan in readable if scope.is_ours(plan)]
    scope.ours = len(ours)
    wanted = (
        choice if choice in (OURS, ALL) else (OURS if membership and membership.role == Membership.Role.CHAIR else ALL)
    )
    if wanted == OURS and ours and len(ours) < len(readable):
        scope.plans, scope.narrowed = ours, True
    return scope
