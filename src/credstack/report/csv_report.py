"""`--format csv`: one row per program, the summary figures as columns (docs/report-formats.md).

Numbers are written as the JSON writes them (rounded to 2 decimals, no thousands
separator, no currency sign); the same file serves `report` and `compare` (rows in the
order given). Text cells that a spreadsheet would run as a formula are neutralised, and
control characters in them are made visible (credstack.safe_text).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from decimal import Decimal

from credstack.engine.results import Outcome, ProgramResult, Report
from credstack.report import badges as badges_section
from credstack.report import careers
from credstack.report import evidence as evidence_section
from credstack.report import subscriptions as subscriptions_section
from credstack.report.json_numbers import number
from credstack.safe_text import safe_text

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

Cell = str | int | float | bool | Decimal | None

VIEW_COLUMNS: list[tuple[str, Callable[[Outcome], Cell]]] = [
    ("applied", lambda o: o.audit.applied),
    ("remaining", lambda o: o.audit.remaining),
    ("planned_credits", lambda o: o.plan.planned_credits),
    ("terms", lambda o: o.plan.term_count),
    ("terms_proven_minimal", lambda o: o.plan.proven),
    ("lower_bound_terms", lambda o: o.plan.lower_bound),
    ("finish", lambda o: o.plan.finish),
    ("tuition", lambda o: o.plan.tuition),
    ("fees", lambda o: o.plan.fees),
    ("assessment_fees", lambda o: o.plan.assessment_fees),
    ("cost", lambda o: o.plan.cost),
    ("external_applied", lambda o: o.audit.external_applied),
    ("external_cap", lambda o: o.audit.external_cap),
    ("rpl_applied", lambda o: o.audit.rpl_applied),
    ("rpl_cap", lambda o: o.audit.rpl_cap),
]

HEAD_COLUMNS: list[tuple[str, Callable[[ProgramResult], Cell]]] = [
    ("program", lambda r: r.program),
    ("title", lambda r: r.title),
    ("institution", lambda r: r.institution),
    ("award", lambda r: r.award),
    ("credits", lambda r: r.credits),
    ("currency", lambda r: r.currency),
]

TAIL_COLUMNS: list[tuple[str, Callable[[ProgramResult], Cell]]] = [
    ("paid_for_held", lambda r: r.paid_for_held),
    ("cost_per_credit", lambda r: r.cost_per_credit),
    ("from_scratch_terms", lambda r: r.from_scratch_terms),
    ("from_scratch_cost", lambda r: r.from_scratch_cost),
    ("savings", lambda r: r.savings),
    ("requirements", lambda r: "; ".join(
        f"{q.id}={q.status}" + ("" if q.status == "waived" else
                                f" {number(q.applied)}/{number(q.needed)}")
        for q in r.confirmed.audit.requirements
    )),
    ("not_recognised", lambda r: "; ".join(n.item for n in r.recognition.not_recognised)),
    ("unschedulable", lambda r: "; ".join(r.confirmed.plan.unschedulable)),
    ("warnings", lambda r: "; ".join(r.warnings)),
]


def columns() -> list[str]:
    """The column names, in order."""
    return [
        *(name for name, _ in HEAD_COLUMNS),
        *(f"confirmed_{name}" for name, _ in VIEW_COLUMNS),
        *(f"potential_{name}" for name, _ in VIEW_COLUMNS),
        *(name for name, _ in TAIL_COLUMNS),
        "learner",
        "as_of",
    ]


def cell(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return str(number(value))
    if isinstance(value, int | float):
        return str(value)
    text = safe_text(str(value), multiline=True)  # a cell is data, never a terminal command
    return "'" + text if text.startswith(FORMULA_START) else text


def row(result: ProgramResult, report: Report) -> list[str]:
    values: list[Cell] = [get(result) for _, get in HEAD_COLUMNS]
    values += [get(result.confirmed) for _, get in VIEW_COLUMNS]
    values += [get(result.potential) for _, get in VIEW_COLUMNS]
    values += [get(result) for _, get in TAIL_COLUMNS]
    values += [report.learner, report.as_of.isoformat()]
    return [cell(v) for v in values]


def render_csv(report: Report, *, compare: bool = False, color: bool = False) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns())
    for result in report.results:
        writer.writerow(row(result, report))
    if not compare:
        for extra in careers.careers_csv(report):
            writer.writerow([cell(v) for v in extra])  # type: ignore[arg-type]
        for extra in evidence_section.evidence_csv(report):
            writer.writerow([cell(v) for v in extra])  # type: ignore[arg-type]
        for extra in subscriptions_section.subscriptions_csv(report):
            writer.writerow([cell(v) for v in extra])  # type: ignore[arg-type]
        for extra in badges_section.badges_csv(report):
            writer.writerow([cell(v) for v in extra])  # type: ignore[arg-type]
    return out.getvalue()
