"""The report document, built once from a Report: the sections in the order they are read.

Every human format (text, Markdown, HTML) walks this one document, so each heading and
each figure is worded once. JSON and CSV are contracts of their own (json_report.py,
csv_report.py) and do not go through it.
"""

from __future__ import annotations

from credstack.engine.results import ProgramResult, Report
from credstack.report import (
    audit,
    badges,
    careers,
    comparison,
    evidence,
    notes,
    plan,
    recognition,
    subscriptions,
    summary,
)
from credstack.report.document import (
    Block,
    Document,
    Item,
    ItemList,
    Paragraph,
    Section,
    inline,
    strong,
)

REPORT_TITLE = "Advising report"
COMPARE_TITLE = "Program comparison"
NO_PROGRAMS = "No programs to report."
WARNINGS = "Warnings"
UNSAVED = (
    "Includes changes not yet saved to the learner file: this report shows the learner as "
    "they were on screen."
)


def program_section(result: ProgramResult) -> Section:
    """Everything about one program, from its summary to its warnings."""
    parts: list[Block | None] = [
        summary.header(result),
        summary.summary(result),
        audit.requirements(result),
        audit.prior_learning(result),
        audit.unplaced(result),
        recognition.not_recognised(result),
        recognition.petitions(result),
        *plan.plans(result),
    ]
    if result.warnings:
        warnings = ItemList(tuple(Item(inline(w)) for w in result.warnings))
        parts.append(Section(WARNINGS, (warnings,)))
    return Section(result.title, tuple(p for p in parts if p is not None), kind="program")


def advice_sections(report: Report) -> list[Section]:
    """Roles, the next best credential, evidence, subscriptions, imported badges."""
    parts = [
        careers.roles(report.roles),
        careers.next_best(report.next_best),
        evidence.evidence(report.evidence),
        subscriptions.subscriptions(report.subscriptions),
        badges.badges(report.imported),
    ]
    return [part for part in parts if part is not None]


def build_document(report: Report, *, compare: bool = False, unsaved: bool = False) -> Document:
    """The report (or, with `compare`, the programs side by side) as one document;
    `unsaved` (a TUI takeaway of a learner with unsaved edits) says so first."""
    blocks: list[Block] = [Paragraph(inline(strong(UNSAVED, "warn")))] if unsaved else []
    if not compare and (agreed := notes.notes(report.notes)) is not None:
        blocks.append(agreed)  # what was agreed comes before the figures
    if not report.results:
        blocks.append(Paragraph(inline(NO_PROGRAMS)))
    elif compare:
        blocks += comparison.side_by_side(report.results)
    else:
        blocks += [program_section(result) for result in report.results]
    if not compare:
        blocks += advice_sections(report)
    title = COMPARE_TITLE if compare else REPORT_TITLE
    return Document(title, report.learner, report.as_of, tuple(blocks))
