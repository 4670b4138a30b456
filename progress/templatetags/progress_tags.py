from django import template

from progress.models import REPORTED_STATUSES

register = template.Library()


@register.filter
def reported_status_label(status: str | None) -> str:
    return REPORTED_STATUSES.get(status or "", "No update yet")
