"""A program's header line and its summary: both views side by side, whole-award figures."""

from __future__ import annotations

from credstack.engine.results import ProgramResult
from credstack.report import format as fmt
from credstack.report.document import Column, Fields, Paragraph, Section, Table, inline, strong

SUMMARY = "Summary"
CONFIRMED = "Confirmed"
POTENTIAL = "Potential (with prior learning)"


def header(result: ProgramResult) -> Paragraph:
    """'Northbridge University · northbridge:bs-it · bachelor · 120 cr · USD'."""
    return Paragraph(inline(strong(result.institution), f" \u00b7 {fmt.header_line(result)}"))


def summary(result: ProgramResult) -> Section:
    table = Table(
        columns=(Column(""), Column(CONFIRMED), Column(POTENTIAL)),
        rows=tuple(
            (inline(row.label), inline(row.confirmed), inline(row.potential))
            for row in fmt.summary_rows(result)
        ),
    )
    figures = Fields(tuple((label, inline(value)) for label, value in fmt.program_figures(result)))
    return Section(SUMMARY, (table, figures))
