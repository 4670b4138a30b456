from django import template

from actions.models import Status
from actions.schedule import DUE_SOON_HELP, LATE_HELP, OVERDUE_HELP, due_soon_days

register = template.Library()


@register.inclusion_tag("includes/status_tag.html")
def status_tag(status: str | None) -> dict:
    """An action's reported status, or an update's status, as a GOV.UK tag.
    An update that states no status reads "Status not recorded"."""
    return {"status": Status(status) if status else Status.NOT_RECORDED}


@register.inclusion_tag("includes/schedule_explained.html")
def schedule_explained(overdue: bool = False) -> dict:
    """What "late", "due soon" and (where the page uses it) "overdue" mean, in a line each."""
    return {
        "late": LATE_HELP,
        "due_soon": DUE_SOON_HELP.format(days=due_soon_days()),
        "overdue": OVERDUE_HELP if overdue else "",
    }
