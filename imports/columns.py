"""The columns a plan's spreadsheet may have, and the headings councils give them.

Each field has one heading in our own layout (what exports write) and the
other headings councils use for the same thing. Theme columns also say what
the plan calls that level ("Aim", "Priority"), which becomes the theme's kind.
"""

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Column:
    field: str
    heading: str  # as our exports write it
    label: str  # as the mapping page offers it


COLUMNS = [
    Column("theme", "Theme", "Theme (top level)"),
    Column("theme_kind", "Theme kind", "What the plan calls its top-level themes"),
    Column("sub_theme", "Sub-theme", "Sub-theme (inside the theme)"),
    Column("sub_theme_kind", "Sub-theme kind", "What the plan calls its sub-themes"),
    Column("reference", "Reference", "Action reference"),
    Column("text", "Action", "Action"),
    Column("outcomes", "Outputs / outcomes", "Outputs or outcomes"),
    Column("measures", "Measures of success", "Measures of success"),
    Column("owners", "Owners", "Owners or leads (as written)"),
    Column("owner_organisations", "Owner organisations", "Owner organisations (names, one per line)"),
    Column("timescale", "Timescale", "Timescale (as written)"),
    Column("due_date", "Due date", "Due date"),
    Column("review_cadence", "Review cadence", "How often progress is reviewed"),
    Column("monitoring", "Monitoring", "Monitoring"),
    Column("links", "Links to plans and targets", "Links to plans and targets"),
    Column("indicators", "Indicators", "Indicators (e.g. NI 116, PHOF 1.08i)"),
    Column("recommendation_accepted", "Recommendation accepted", "Recommendation accepted? (Yes/No)"),
    Column("initial_response", "Initial response", "Initial response"),
    Column("status", "Latest status", "Progress status"),
    Column("progress_date", "Latest update date", "Date of the progress update"),
    Column("progress", "Progress", "Progress"),
    Column("transcription_note", "Transcription note", "Transcription note"),
]
BY_FIELD = {column.field: column for column in COLUMNS}
THEME_FIELDS = ("theme", "sub_theme")

# Headings councils use, normalised (see `normalise`), with the field each
# means and, for theme columns, the kind of theme it holds.
SYNONYMS: dict[str, tuple[str, str]] = {}


def _add(field: str, *headings: str, kind: str = "") -> None:
    for heading in headings:
        SYNONYMS[normalise(heading)] = (field, kind)


def normalise(heading: str) -> str:
    """Lower case, dashes and slashes unified, punctuation and spacing ignored."""
    text = str(heading or "").lower().replace("–", "-").replace("—", "-").replace("’", "'")
    text = re.sub(r"\s*([/\-&?:()])\s*", r"\1", text)
    return re.sub(r"\s+", " ", text).strip(" .:")


_add("theme", "Theme", "Themes")
_add("theme", "Strategic Theme", kind="Strategic Theme")
_add("theme", "Expected Outcome", "Expected Outcomes", "Outcome area", kind="Expected Outcome")
_add("theme", "Priority", "Priorities", kind="Priority")
_add("theme", "Recommendation", "Recommendations", kind="Recommendation")
_add("theme_kind", "Theme kind")
_add("sub_theme", "Sub-theme", "Sub theme", "Subtheme")
_add("sub_theme", "Aims (what do we want to achieve?)", "Aims", "Aim", kind="Aim")
_add(
    "sub_theme",
    "Child Poverty Strategy Objective",
    "Strategy Objective",
    "Strategic Objective",
    kind="Strategy Objective",
)
_add("sub_theme", "Themed Priority", "Themed Priorities", kind="Themed Priority")
_add("sub_theme_kind", "Sub-theme kind")
_add("reference", "Reference", "Action Reference", "Action Ref", "Ref", "Ref.", "Ref no", "No.", "Number")
_add("text", "Action", "Actions", "Objectives (How)", "Objectives", "Action / Outputs", "Action/Outputs", "What")
_add("outcomes", "Outputs / outcomes", "Outputs to be achieved", "Outputs", "Outcomes", "Outcome", "Expected outputs")
_add(
    "measures",
    "Measures of success",
    "Measure of success",
    "Success measures",
    "Success measure",
    "Measures",
    "KPI",
    "KPIs",
)
_add("owners", "Owners", "Owner", "Action Owner", "Action Owners", "Responsibility", "Responsible", "Lead (By Who)",
     "Lead", "Leads", "Lead officer", "Resources/Lead", "Who", "By who")  # fmt: skip
_add("owner_organisations", "Owner organisations", "Owning organisations")
_add("timescale", "Timescale", "Timescales", "Deadline (By When)", "Deadline", "By when", "Milestones/Timescales",
     "Milestones", "Target date", "When")  # fmt: skip
_add("due_date", "Due date", "Due")
_add("review_cadence", "Review cadence", "Review frequency")
_add("monitoring", "Monitoring", "Monitoring arrangements", "How monitored")
_add(
    "links",
    "Links to plans and targets",
    "Links – plans/targets",
    "Links - plans/targets",
    "Links",
    "Links to other plans",
)
_add("indicators", "Indicators", "National indicators")
_add("recommendation_accepted", "Recommendation accepted", "Recommendation Accepted? Yes/No",
     "Recommendation Accepted?", "Accepted", "Accepted? Yes/No")  # fmt: skip
_add("initial_response", "Initial response", "Response")
_add("status", "Latest status", "Status", "RAG", "RAG status", "Progress status")
_add("progress_date", "Latest update date", "Date of update", "Update date", "Progress date")
_add("progress", "Progress", "Progress update", "Latest update", "Update", "Comments", "Commentary")
_add("transcription_note", "Transcription note", "Notes")


def recognise(heading) -> tuple[str, str] | None:
    """The field and theme kind a heading means, or None."""
    return SYNONYMS.get(normalise(heading))
