"""The term plan (confirmed), and the plan if prior learning is granted when it differs."""

from __future__ import annotations

from credstack.engine.results import Plan, ProgramResult
from credstack.report import format as fmt
from credstack.report.document import (
    Block,
    Column,
    Lines,
    Paragraph,
    Section,
    Slot,
    Table,
    Timeline,
    inline,
    strong,
)

CONFIRMED_PLAN = "Term plan (confirmed)"
POTENTIAL_PLAN = "Term plan if prior learning is granted"
NOTHING_LEFT = "Nothing left to schedule."
NO_TERM = "No term planned."
NO_COURSES = "(no courses)"
UNSCHEDULABLE = "Cannot be scheduled in any attended term:"


def _table(plan: Plan) -> Table:
    return Table(
        columns=(Column("Term"), Column("Courses"), Column("Credits", numeric=True)),
        rows=tuple(
            (
                inline(term.label),
                Lines(tuple(inline(fmt.course_label(c)) for c in term.courses))
                if term.courses
                else inline(NO_COURSES),
                inline(fmt.credits(term.credits)),
            )
            for term in plan.terms
        ),
    )


def timeline(plan: Plan, title: str) -> Timeline:
    """The planned terms in order, one slot each, as a timeline."""
    slots = tuple(
        Slot(term.label, fmt.cr(term.credits), tuple(fmt.course_label(c) for c in term.courses))
        for term in plan.terms
    )
    return Timeline(f"{title} as a timeline", slots)


def plan_section(plan: Plan, title: str) -> Section:
    """The plan's terms (or why there are none) and the courses no attended term offers."""
    blocks: list[Block] = []
    if plan.terms:
        blocks += [timeline(plan, title), _table(plan)]
    else:
        blocks.append(Paragraph(inline(NO_TERM if plan.unschedulable else NOTHING_LEFT)))
    if plan.unschedulable:
        codes = ", ".join(plan.unschedulable)
        blocks.append(Paragraph(inline(strong(UNSCHEDULABLE, "bad"), f" {codes}")))
    return Section(title, tuple(blocks))


def plans(result: ProgramResult) -> list[Section]:
    sections = [plan_section(result.confirmed.plan, CONFIRMED_PLAN)]
    if fmt.potential_plan_differs(result):
        sections.append(plan_section(result.potential.plan, POTENTIAL_PLAN))
    return sections
