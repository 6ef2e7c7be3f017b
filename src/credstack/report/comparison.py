"""`credstack compare`: the programs side by side, in the order the caller sorted them."""

from __future__ import annotations

from collections.abc import Sequence

from credstack.engine.results import ProgramResult
from credstack.report import format as fmt
from credstack.report.document import (
    Block,
    Column,
    Paragraph,
    Span,
    Table,
    inline,
    strong,
    toned,
)

CAPTION = "Programs side by side"
PARENTHESES_NOTE = "Credits in parentheses: with prior learning assessed and granted."
COLUMNS = (
    Column("Program"),
    Column("Institution", under=True),
    Column("Award", under=True),
    Column("Applied", numeric=True),
    Column("Remaining", numeric=True, under=True),
    Column("Terms"),
    Column("Finish", under=True),
    Column("Cost", numeric=True),
    Column("Cost per credit", numeric=True, under=True),
    Column("Savings", numeric=True, under=True),
)


def side_by_side(results: Sequence[ProgramResult]) -> list[Block]:
    """The table (one row per program) and the notes that explain it."""
    rows = tuple(
        (
            inline(strong(row.title), f" ({row.program})"),
            inline(row.institution),
            inline(row.award),
            inline(f"{row.applied} ({row.potential_applied})"),
            inline(f"{row.remaining} ({row.potential_remaining})"),
            inline(row.terms, " " if row.bar else "", Span(row.bar, tone="info", decorative=True)),
            inline(toned(row.finish, "bad") if row.stuck else row.finish),
            inline(row.cost),
            inline(row.cost_per_credit),
            inline(row.savings),
        )
        for row in fmt.compare_rows(results)
    )
    blocks: list[Block] = [Table(COLUMNS, rows, caption=CAPTION)]
    blocks.append(Paragraph(inline(PARENTHESES_NOTE)))
    blocks += [Paragraph(inline(note)) for note in fmt.compare_notes(results)]
    return blocks
