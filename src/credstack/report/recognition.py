"""What the receiving institution did not recognise, and routes worth a petition."""

from __future__ import annotations

from credstack.engine.results import ProgramResult
from credstack.report import format as fmt
from credstack.report.document import Column, Paragraph, Section, Table, inline

NOT_RECOGNISED = "What was not recognised, and why"
PETITIONS = "Worth a petition (not counted)"
PETITIONS_NOTE = (
    "No rule at this institution recognises these, but a chain of other institutions' "
    "rules leads to one of its courses."
)


def not_recognised(result: ProgramResult) -> Section | None:
    refusals = result.recognition.not_recognised
    if not refusals:
        return None
    table = Table(
        columns=(Column("Item"), Column("Reason"), Column("Rule")),
        rows=tuple(
            (inline(n.item), inline(n.reason), inline(n.rule or fmt.DASH)) for n in refusals
        ),
    )
    return Section(NOT_RECOGNISED, (table,))


def petitions(result: ProgramResult) -> Section | None:
    found = result.recognition.petitions
    if not found:
        return None
    table = Table(
        columns=(Column("Item"), Column("Course"), Column("Chain of rules")),
        rows=tuple(
            (inline(p.item), inline(p.course), inline(" \u2192 ".join(p.chain))) for p in found
        ),
    )
    return Section(PETITIONS, (Paragraph(inline(PETITIONS_NOTE)), table))
