"""The service navigation, built in one place from the permission rules: a
link shows only to those who may use the page behind it."""

from dataclasses import dataclass

import rules
from django.urls import reverse


@dataclass(frozen=True)
class Link:
    text: str
    url_name: str
    section: str  # what views put in their context as `nav` to mark it current
    permission: str | None = None  # a rule the user must pass, if any
    staff_only: bool = False  # the Django admin: its own test, set from the role


LINKS = [
    Link("My actions", "my-actions", "my-actions"),
    Link("Dashboard", "dashboard", "dashboard"),
    Link("Plans", "plan-list", "plans"),
    Link("Actions", "action-list", "actions"),
    Link("Indicators", "indicator-list", "indicators"),
    Link("Email reminders", "reminder-settings", "reminder-settings"),
    Link("Approvals", "approvals", "approvals", permission="progress.see_approvals"),
    Link("Imports", "import-list", "imports", permission="plans.import_plan"),
    Link("Admin", "admin:index", "", staff_only=True),
]


def links_for(user) -> list[dict]:
    """The links this user sees, in order: none for a visitor who has not signed in."""
    if not user.is_authenticated:
        return []
    return [
        {"text": link.text, "href": reverse(link.url_name), "section": link.section}
        for link in LINKS
        # The rule itself, not user.has_perm: Django's model permissions (two
        # queries on every page) play no part in the product's pages.
        if (link.permission is None or rules.has_perm(link.permission, user)) and (not link.staff_only or user.is_staff)
    ]


def navigation(request) -> dict:
    """Context processor: `navigation`, the links for the signed-in user."""
    user = getattr(request, "user", None)
    return {"navigation": links_for(user) if user is not None else []}
