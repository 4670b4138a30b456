"""Fetching a plan for the signed-in user: the plan, or a refusal."""

from django.shortcuts import get_object_or_404

from core.access import refuse_to_read

from .models import Plan


def get_plan_for_user(request, slug: str, perm: str = "plans.read_plan") -> Plan:
    """The plan, if the user has `perm` on it; otherwise sign-in or 404."""
    plan = get_object_or_404(Plan.objects.select_related("organisation", "partnership"), slug=slug)
    if not request.user.has_perm(perm, plan):
        refuse_to_read(request)
    return plan
