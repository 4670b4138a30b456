"""django-import-export widgets that read cells the way councils write them and
say plainly what is wrong when they cannot."""

import datetime
import re
from functools import cache

from import_export import widgets

from actions.models import Indicator, ReviewCadence, Status
from actions.timescales import read_review_cadence
from plans.models import Organisation

from .owners import OwnerMatcher
from .tabulate import cell_text

_DATE_FORMATS = ["%d/%m/%Y", "%d/%m/%y", "%d-%m-%Y", "%Y-%m-%d", "%d %B %Y", "%d %b %Y", "%d.%m.%Y"]
_LIST_SEPARATORS = re.compile(r"\s*(?:\n|;)\s*")


def read_date(value) -> datetime.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = " ".join(str(value).split())
    text = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", text)
    for date_format in _DATE_FORMATS:
        try:
            return datetime.datetime.strptime(text, date_format).date()
        except ValueError:
            continue
    raise ValueError(f'"{text}" is not a date we can read. Write it like 31/03/2027.')


class TextWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        return cell_text(value)

    def render(self, value, obj=None, **kwargs):
        return value or ""


class DateWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        return read_date(value)

    def render(self, value, obj=None, **kwargs):
        return value


class YesNoWidget(widgets.Widget):
    YES = {"yes", "y", "true", "accepted"}
    NO = {"no", "n", "false", "not accepted"}

    def clean(self, value, row=None, **kwargs):
        text = cell_text(value).casefold().rstrip(".")
        if not text:
            return None
        if text in self.YES:
            return True
        if text in self.NO:
            return False
        raise ValueError(f'"{cell_text(value)}" is not Yes or No. Write Yes, No, or leave it empty.')

    def render(self, value, obj=None, **kwargs):
        return {True: "Yes", False: "No"}.get(value, "")


@cache
def _cadences_by_label() -> dict[str, int]:
    return {str(label).casefold(): cadence for cadence, label in ReviewCadence.choices}


class CadenceWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        text = cell_text(value)
        if not text:
            return None
        cadence = _cadences_by_label().get(text.casefold()) or read_review_cadence(text)
        if cadence is None:
            choices = ", ".join(label for _, label in ReviewCadence.choices)
            raise ValueError(f'"{text}" is not a review cadence we know. Write one of: {choices}.')
        return int(cadence)

    def render(self, value, obj=None, **kwargs):
        return ReviewCadence(value).label if value else ""


_STATUS_WORDS = {
    **{label.casefold(): value for value, label in Status.stated_choices()},
    **{status.value: status.value for status in Status.stated()},
    "green": Status.ON_TRACK,
    "amber": Status.AT_RISK,
    "red": Status.OFF_TRACK,
    "blue": Status.COMPLETED,
    "complete": Status.COMPLETED,
    "grey": Status.NOT_STARTED,
    "status not recorded": "",
    "no update yet": "",
}


def read_status(value) -> str:
    text = cell_text(value)
    if not text:
        return ""
    try:
        return _STATUS_WORDS[text.casefold().rstrip(".")]
    except KeyError:
        choices = ", ".join(label for _, label in Status.stated_choices())
        raise ValueError(f'"{text}" is not a status we know. Write one of: {choices}.') from None


class OrganisationsWidget(widgets.ManyToManyWidget):
    """Organisations by name, short name or alias (whatever the capitals and
    spacing: see imports/owners.py), one per line or separated by semicolons."""

    def __init__(self):
        super().__init__(Organisation, field="name")
        self._matcher = None

    def clean(self, value, row=None, **kwargs):
        if self._matcher is None:  # once per import, not per row
            self._matcher = OwnerMatcher.load()
        names = [name for name in _LIST_SEPARATORS.split(cell_text(value)) if name]
        found = []
        for name in names:
            organisation = self._matcher.organisation_named(name)
            if organisation is None:
                raise ValueError(
                    f'No organisation is called "{name}". Check the spelling, or ask an admin to add it first.'
                )
            found.append(organisation)
        return found

    def render(self, value, obj=None, **kwargs):
        return "\n".join(organisation.name for organisation in value.all()) if value is not None else ""


class IndicatorsWidget(widgets.ManyToManyWidget):
    """Indicators written like "NI 116" or "PHOF 1.08i", one per line; new ones are added."""

    def __init__(self):
        super().__init__(Indicator)
        self._cache: dict[tuple[str, str], Indicator] = {}

    def clean(self, value, row=None, **kwargs):
        found = []
        for label in (label for label in _LIST_SEPARATORS.split(cell_text(value)) if label):
            framework, _, code = label.partition(" ")
            framework = framework.upper()
            if framework not in Indicator.Framework.values or not code.strip():
                raise ValueError(f'"{label}" is not an indicator we can read. Write it like "NI 116" or "PHOF 1.08i".')
            key = (framework, code.strip())
            if key not in self._cache:
                self._cache[key], _ = Indicator.objects.get_or_create(framework=framework, code=code.strip())
            found.append(self._cache[key])
        return found

    def render(self, value, obj=None, **kwargs):
        return "\n".join(str(indicator) for indicator in value.all()) if value is not None else ""
