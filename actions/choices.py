"""The choices an action's fields take: how often it is reviewed, and its
reported status. Kept apart from the models so that the schedule rules can
use them without importing the models."""

from django.db import models


class ReviewCadence(models.IntegerChoices):
    """How often an action's progress is reviewed, in months."""

    MONTHLY = 1, "Monthly"
    QUARTERLY = 3, "Quarterly"
    TERMLY = 4, "Termly"
    SIX_MONTHLY = 6, "Every six months"
    ANNUAL = 12, "Annual"


class Status(models.TextChoices):
    """An action's reported status: the status its latest progress update
    states, or "Status not recorded" where that update states none (progress
    transcribed from a plan), or "No update yet". An update states one of the
    first five (`Status.stated()`). Each carries its RAG colour, its GOV.UK
    tag and its chart fill, so that pages, charts and exports agree."""

    NOT_STARTED = "not_started", "Not started"
    ON_TRACK = "on_track", "On track"
    AT_RISK = "at_risk", "At risk"
    OFF_TRACK = "off_track", "Off track"
    COMPLETED = "completed", "Completed"
    NOT_RECORDED = "not_recorded", "Status not recorded"
    NO_UPDATE = "none", "No update yet"

    @classmethod
    def stated(cls) -> list["Status"]:
        """The statuses a progress update can state."""
        return [cls.NOT_STARTED, cls.ON_TRACK, cls.AT_RISK, cls.OFF_TRACK, cls.COMPLETED]

    @classmethod
    def stated_choices(cls) -> list[tuple[str, str]]:
        return [(status.value, status.label) for status in cls.stated()]

    @property
    def colour(self) -> str:
        """The colour boards call it by (red, amber, green, blue, grey)."""
        return _LOOK[self][0]

    @property
    def tag_class(self) -> str:
        """The GOV.UK tag modifier: GOV.UK Frontend calls amber "orange"."""
        return _LOOK[self][1]

    @property
    def fill(self) -> str:
        """The chart fill, and whether labels on it need dark text."""
        return _LOOK[self][2]

    @property
    def dark_text(self) -> bool:
        return _LOOK[self][3]


# RAG word, GOV.UK tag modifier, chart fill, dark text on that fill.
_LOOK = {
    Status.NOT_STARTED: ("grey", "govuk-tag--grey", "#505a5f", False),
    Status.ON_TRACK: ("green", "govuk-tag--green", "#00703c", False),
    Status.AT_RISK: ("amber", "govuk-tag--orange", "#f47738", True),
    Status.OFF_TRACK: ("red", "govuk-tag--red", "#d4351c", False),
    Status.COMPLETED: ("blue", "govuk-tag--blue", "#1d70b8", False),
    Status.NOT_RECORDED: ("grey", "govuk-tag--grey", "#b1b4b6", True),
    Status.NO_UPDATE: ("grey", "govuk-tag--grey", "#f3f2f1", True),
}
