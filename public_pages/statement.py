"""The facts behind each public plan's accessibility statement that come
from the product rather than the plan: what the test suite checks on every
change. Only what is really tested is claimed; the plan's settings add who
to contact."""

import datetime

# Update this date whenever the checks below or the public pages change.
PREPARED_ON = datetime.date(2026, 11, 30)

STANDARD = "Web Content Accessibility Guidelines (WCAG) version 2.2, level AA"

CHECKS = [
    "Automated checks with axe-core against the WCAG 2.0, 2.1 and 2.2 level A and AA rules, on the plan page, "
    "an action page and this statement, on a wide screen (1280 pixels) and a narrow one (320 pixels), run by the "
    "product's test suite on every change; they must find no failures.",
    "Checks that the pages work without JavaScript: every page is made on the server and uses no script to show "
    "its content.",
    "Keyboard checks in the test suite for the signed-in product's pages, which share these pages' layout "
    "and components (GOV.UK Frontend).",
]

KNOWN_LIMITS = [
    "Automated checks find only some accessibility problems. These pages have not been checked by hand against "
    "every WCAG 2.2 AA success criterion, so there may be problems we do not know about.",
    "The plan's own text (its actions, timescales and progress updates) is shown as the plan and its partners "
    "wrote it, and may use abbreviations or long sentences.",
]


def contact_link(contact: str) -> str:
    """A mailto: link for an email address; nothing for a telephone number."""
    return f"mailto:{contact}" if "@" in contact and " " not in contact.strip() else ""
