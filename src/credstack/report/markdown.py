"""`--format markdown`: what an adviser emails a learner after the appointment.

Readable as plain text and as rendered Markdown (CommonMark / GitHub tables). Every
catalogue or learner string is escaped, so a title holding `|`, `*`, `[..](..)` or HTML
shows literally and never breaks a table.
"""

from __future__ import annotations

from collections.abc import Sequence

from credstack.engine.results import Assignment, Plan, ProgramResult, Report
from credstack.report import badges as badges_section
from credstack.report import careers
from credstack.report import evidence as evidence_section
from credstack.report import format as fmt
from credstack.report import subscriptions as subscriptions_section
from credstack.report.markdown_escape import md


def _table(headers: Sequence[str], rows: Sequence[Sequence[str]], align: str = "") -> list[str]:
    """A GitHub table; cells must already be escaped. `align`: one of l/r per column."""
    marks = [("---:" if a == "r" else "---") for a in align.ljust(len(headers), "l")]
    lines = ["| " + " | ".join(headers) + " |", "| " + " | ".join(marks) + " |"]
    lines += ["| " + " | ".join(cell or " " for cell in row) + " |" for row in rows]
    return lines


def _unit(assignment: Assignment, currency: str) -> str:
    unit = assignment.unit
    text = (
        f"**{md(fmt.unit_label(unit))}**: {md(fmt.placed_credits(assignment))}, "
        f"{fmt.BASIS_LABELS[unit.basis]}, from {md(fmt.sources(unit))}, "
        f"{md(fmt.via_label(unit))}"
    )
    if unit.fee:
        text += f", assessment fee {md(fmt.money(unit.fee, currency))}"
    if unit.note:
        text += f" \u2014 \u201c{md(unit.note)}\u201d"
    return text


def _summary(result: ProgramResult) -> list[str]:
    rows = [[md(r.label), md(r.confirmed), md(r.potential)] for r in fmt.summary_rows(result)]
    lines = ["### Where you stand", ""]
    lines += _table(["", "Confirmed", "Potential (with prior learning)"], rows)
    lines.append("")
    lines += [f"- **{md(label)}:** {md(value)}" for label, value in fmt.program_figures(result)]
    return lines


def _requirements(result: ProgramResult) -> list[str]:
    audit = result.confirmed.audit
    placed = fmt.by_requirement(audit)
    lines = ["### Requirements", ""]
    for req in audit.requirements:
        line = f"- **{md(req.title)}** ({md(req.id)}): {fmt.status_word(req.status)}"
        if req.status != "waived":
            line += f", {md(fmt.progress(req.applied, req.needed, req.status))}"
        lines.append(line)
        lines += [f"  - {_unit(a, result.currency)}" for a in placed.get(req.id, [])]
    return lines


def _potential(result: ProgramResult) -> list[str]:
    rpl = fmt.rpl_assignments(result)
    if not rpl:
        return []
    titles = fmt.requirement_titles(result.potential.audit)
    lines = [
        "### Prior learning that may count, once assessed",
        "",
        "Not counted yet: these credits are in the potential view only.",
        "",
    ]
    for a in rpl:
        into = titles.get(a.requirement, a.requirement)
        lines.append(f"- {_unit(a, result.currency)}; toward {md(into)}")
    return lines


def _unplaced(result: ProgramResult) -> list[str]:
    units = fmt.unplaced_units(result)
    if not units:
        return []
    lines = ["### Recognised but not applied (a cap, or no room left)", ""]
    for unit in units:
        lines.append(
            f"- **{md(fmt.unit_label(unit))}**: {md(fmt.cr(unit.credits))}, "
            f"{fmt.BASIS_LABELS[unit.basis]}, from {md(fmt.sources(unit))}, "
            f"{md(fmt.via_label(unit))}"
        )
    return lines


def _not_recognised(result: ProgramResult) -> list[str]:
    refusals = result.recognition.not_recognised
    if not refusals:
        return []
    lines = ["### What was not recognised and why", ""]
    for refusal in refusals:
        rule = f" (rule {md(refusal.rule)})" if refusal.rule else ""
        lines.append(f"- **{md(refusal.item)}**: {md(refusal.reason)}{rule}")
    return lines


def _petitions(result: ProgramResult) -> list[str]:
    petitions = result.recognition.petitions
    if not petitions:
        return []
    lines = [
        "### Worth a petition (not counted)",
        "",
        "No rule at this institution recognises these, but a chain of other "
        "institutions' rules leads to one of its courses.",
        "",
    ]
    for p in petitions:
        chain = " \u2192 ".join(md(step) for step in p.chain)
        lines.append(f"- **{md(p.item)}** \u2192 {md(p.course)}, via {chain}")
    return lines


def _plan(plan: Plan, title: str) -> list[str]:
    lines = [f"### {title}", ""]
    if not plan.terms:
        lines.append("Nothing left to schedule." if not plan.unschedulable else "No term planned.")
    else:
        rows = [
            [
                md(t.label),
                "; ".join(md(fmt.course_label(c)) for c in t.courses) or "(no courses)",
                md(fmt.credits(t.credits)),
            ]
            for t in plan.terms
        ]
        lines += _table(["Term", "Courses", "Credits"], rows, "llr")
    if plan.unschedulable:
        codes = ", ".join(md(code) for code in plan.unschedulable)
        lines += ["", f"**Cannot be scheduled in any term you attend:** {codes}"]
    return lines


def _program(result: ProgramResult) -> list[str]:
    lines = [
        f"## {md(result.title)}",
        "",
        f"**{md(result.institution)}** \u00b7 {md(fmt.header_line(result))}",
        "",
    ]
    sections = [
        _summary(result),
        _requirements(result),
        _potential(result),
        _unplaced(result),
        _not_recognised(result),
        _petitions(result),
        _plan(result.confirmed.plan, "Your term plan"),
    ]
    if fmt.potential_plan_differs(result):
        sections.append(_plan(result.potential.plan, "Term plan if prior learning is granted"))
    if result.warnings:
        sections.append(["### Warnings", "", *(f"- {md(w)}" for w in result.warnings)])
    for section in sections:
        if section:
            lines += [*section, ""]
    return lines


def _compare(results: Sequence[ProgramResult]) -> list[str]:
    rows = [
        [
            f"**{md(r.title)}** ({md(r.program)})",
            md(r.institution),
            md(r.award),
            f"{r.applied} ({r.potential_applied})",
            f"{r.remaining} ({r.potential_remaining})",
            f"{r.terms} {r.bar}".rstrip(),
            md(r.finish),
            md(r.cost),
            md(r.cost_per_credit),
            md(r.savings),
        ]
        for r in fmt.compare_rows(results)
    ]
    headers = [
        "Program", "Institution", "Award", "Applied", "Remaining", "Terms", "Finish", "Cost",
        "Cost per credit", "Savings",
    ]
    lines = _table(headers, rows, "lllrrllrrr")
    lines += ["", "Credits in parentheses: with prior learning assessed and granted."]
    for note in fmt.compare_notes(results):
        lines += ["", md(note)]
    return lines


def render_markdown(report: Report, *, compare: bool = False, color: bool = False) -> str:
    title = "Program comparison" if compare else "Advising report"
    lines = [
        f"# {title} for {md(report.learner)}",
        "",
        f"As of {report.as_of.isoformat()}.",
        "",
    ]
    if not report.results:
        lines += ["No programs to report.", ""]
    elif compare:
        lines += [*_compare(report.results), ""]
    else:
        for result in report.results:
            lines += _program(result)
    if not compare:
        lines += careers.careers_markdown(report)
        lines += evidence_section.evidence_markdown(report)
        lines += subscriptions_section.subscriptions_markdown(report)
        lines += badges_section.badges_markdown(report)
    return "\n".join(lines).rstrip("\n") + "\n"
