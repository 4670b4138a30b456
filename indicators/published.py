"""The published names of the national indicators the five plans cite, with
the document each comes from: nothing here is the plans' own text, and a code
whose name is uncertain is left unnamed (see README, "Indicators")."""

from dataclasses import dataclass

NI_HANDBOOK = (
    "Communities and Local Government, National Indicators for Local Authorities and Local Authority "
    "Partnerships: Handbook of Definitions (2008)"
)
PHOF_2013 = (
    "Department of Health, Healthy Lives, Healthy People: Improving outcomes and supporting transparency. "
    "A public health outcomes framework for England, 2013–2016 (2012)"
)
NI_102 = (
    "Achievement gap between pupils eligible for free school meals and their peers achieving the expected "
    "level at Key Stages 2 and 4"
)


@dataclass(frozen=True)
class Published:
    name: str
    source: str
    unit: str = "percentage"
    better: str = "lower"
    frequency: str = "yearly"


PUBLISHED = {
    ("NI", "116"): Published("Proportion of children in poverty", NI_HANDBOOK),
    ("NI", "117"): Published("16 to 18 year olds who are not in education, employment or training (NEET)", NI_HANDBOOK),
    ("NI", "151"): Published("Overall employment rate (working-age)", NI_HANDBOOK, better="higher"),
    ("NI", "153"): Published(
        "Working age people claiming out of work benefits in the worst performing neighbourhoods", NI_HANDBOOK
    ),
    ("NI", "092"): Published(
        "Narrowing the gap between the lowest achieving 20% in the Early Years Foundation Stage Profile and the rest",
        NI_HANDBOOK,
        frequency="academic_year",
    ),
    ("NI", "102i"): Published(NI_102, NI_HANDBOOK, frequency="academic_year"),
    ("NI", "102ii"): Published(NI_102, NI_HANDBOOK, frequency="academic_year"),
    ("PHOF", "1.08i"): Published(
        "Gap in the employment rate between those with a long-term health condition and the overall employment rate",
        PHOF_2013,
    ),
    ("PHOF", "1.08ii"): Published(
        "Gap in the employment rate between those with a learning disability and the overall employment rate",
        PHOF_2013,
    ),
    ("PHOF", "1.08iii"): Published(
        "Gap in the employment rate for those in contact with secondary mental health services and the overall "
        "employment rate",
        PHOF_2013,
    ),
}
