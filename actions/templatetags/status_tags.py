from django import template

from actions.models import Status

register = template.Library()


@register.inclusion_tag("includes/status_tag.html")
def status_tag(status: str | None) -> dict:
    """An action's reported status, or an update's status, as a GOV.UK tag.
    An update that states no status reads "Status not recorded"."""
    return {"status": Status(status) if status else Status.NOT_RECORDED}
