"""The board report's action tables: one per theme of a plan, or one per plan
grouped under the partnership that oversees it, the reader's own first."""

from dataclasses import dataclass

from plans.models import Plan

from .reports import top_theme_of


@dataclass
class ReportSection:
    heading: str  # a theme, or a plan's title
    group: str  # on the all-plans report, the partnership, on the first of its plans; else ""
    actions: list


def overseer(plan: Plan):
    """The partnership that oversees the plan, or the body that owns it when none does."""
    return plan.partnership or plan.organisation


def report_sections(actions, plans: list[Plan], *, by_plan: bool, own: set[int] = frozenset()) -> list[ReportSection]:
    """`actions` (in plan order) as the report's sections. `plans` are the
    report's plans, loaded with their organisation and partnership."""
    if not by_plan:
        sections: dict[str, ReportSection] = {}
        for action in actions:
            heading = str(top_theme_of(action) or "Actions without a theme")
            sections.setdefault(heading, ReportSection(heading, "", [])).actions.append(action)
        return list(sections.values())

    by_plan_id: dict[int, list] = {}
    for action in actions:
        by_plan_id.setdefault(action.plan_id, []).append(action)
    ordered = sorted(
        (plan for plan in plans if plan.pk in by_plan_id),
        key=lambda plan: (overseer(plan).pk not in own, overseer(plan).name, plan.title, plan.pk),
    )
    result, previous = [], None
    for plan in ordered:
        group = overseer(plan)
        result.append(ReportSection(plan.title, group.name if group != previous else "", by_plan_id[plan.pk]))
        previous = group
    return result
