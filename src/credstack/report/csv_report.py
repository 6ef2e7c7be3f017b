"""`--format csv`: one row per program, the summary figures as columns (docs/report-formats.md).

Numbers are written as the JSON writes them (rounded to 2 decimals, no thousands
separator, no currency sign); the same file serves `report` and `compare` (rows in the
order given). Text cells that a spreadsheet would run as a formula are neutralised, and
control characters in them are made visible (credstack.safe_text).
A report (not a comparison) then adds a block per advice section present (roles,
next_best, evidence, subscriptions, imported badges): a blank row, the block's header row
(first column `section`), its rows.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Sequence
from decimal import Decimal

from credstack.engine.badges import ImportedBadge
from credstack.engine.career_results import NextBest, RoleFit
from credstack.engine.evidence import EvidenceCheck
from credstack.engine.results import Outcome, ProgramResult, Report
from credstack.engine.subscription_results import SubscriptionComparison, SubscriptionOption
from credstack.report.format import number
from credstack.safe_text import safe_text

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

Cell = str | int | float | bool | Decimal | None
Block = list[Sequence[Cell]]  # an advice section: its header row, then its rows

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
    (
        "requirements",
        lambda r: "; ".join(
            f"{q.id}={q.status}"
            + ("" if q.status == "waived" else f" {number(q.applied)}/{number(q.needed)}")
            for q in r.confirmed.audit.requirements
        ),
    ),
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


# -- advice sections: a blank row, the section's header row, its rows ---------------------
ROLE_COLUMNS = (
    "section role title target satisfied accepted_held evidenced gap cheapest cheapest_total "
    "cheapest_currency quickest quickest_hours quickest_weeks untaught expired"
).split()
NEXT_COLUMNS = (
    "section rank credential title price currency credits_gained terms_saved net_cost "
    "gap_closed explanation"
).split()
EVIDENCE_COLUMNS = "section held title path state detail sha256 actual_sha256".split()
SUBSCRIPTION_COLUMNS = (
    "section program plan currency annual_fee credentials_per_year covered_credentials "
    "covered_courses covered_credits years_subscribed fees_total uncovered_credits "
    "uncovered_tuition term_fees assessment_fees total_with_plan per_credit_total cheaper "
    "difference break_even_credits over_allowance"
).split()
IMPORTED_COLUMNS = "section held title earned badge_id verification note".split()


def _role(fit: RoleFit) -> list[Cell]:
    cheap, quick = fit.cheapest, fit.quickest
    return [
        "role",
        fit.role,
        fit.title,
        fit.target,
        fit.satisfied,
        "; ".join(fit.accepted_held),
        "; ".join(f"{e.skill}={'/'.join(e.sources)}" for e in fit.evidenced),
        "; ".join(fit.gap),
        "; ".join(cheap.credentials) if cheap else None,
        cheap.total if cheap else None,
        cheap.unit if cheap else None,
        "; ".join(quick.credentials) if quick else None,
        quick.total if quick else None,
        quick.weeks if quick else None,
        "; ".join(fit.untaught),
        "; ".join(fit.expired),
    ]


def _next(c: NextBest) -> list[Cell]:
    return [
        "next_best",
        c.rank,
        c.credential,
        c.title,
        c.price,
        c.currency,
        c.credits_gained,
        c.terms_saved,
        c.net_cost,
        c.gap_closed,
        c.explanation,
    ]


def _artifact(check: EvidenceCheck) -> list[Cell]:
    return [
        "evidence",
        check.held,
        check.title,
        check.path,
        check.state,
        check.detail,
        check.sha256,
        check.actual,
    ]


def _subscription(comparison: SubscriptionComparison, o: SubscriptionOption) -> list[Cell]:
    included = [c for c in o.credentials if c.included]
    return [
        "subscription",
        comparison.program,
        o.plan,
        comparison.currency,
        o.annual_fee,
        o.credentials_per_year,
        "; ".join(c.credential for c in included),
        "; ".join(code for c in included for code in c.courses),
        o.covered_credits,
        o.years_subscribed,
        o.fees_total,
        o.uncovered_credits,
        o.uncovered_tuition,
        o.term_fees,
        o.assessment_fees,
        o.total,
        o.per_credit_total,
        o.cheaper,
        o.difference,
        o.break_even_credits,
        "; ".join(c.credential for c in o.credentials if not c.included),
    ]


def _imported(item: ImportedBadge) -> list[Cell]:
    return [
        "imported",
        item.held,
        item.title,
        item.earned,
        item.badge_id or "",
        item.verification,
        item.note,
    ]


def advice_blocks(report: Report) -> list[Block]:
    """One block per advice section the report has, in the report's order."""
    blocks: list[tuple[bool, Block]] = [
        (bool(report.roles), [ROLE_COLUMNS, *map(_role, report.roles)]),
        (bool(report.next_best), [NEXT_COLUMNS, *map(_next, report.next_best)]),
        (bool(report.evidence), [EVIDENCE_COLUMNS, *map(_artifact, report.evidence)]),
        (
            bool(report.subscriptions),
            [
                SUBSCRIPTION_COLUMNS,
                *(_subscription(c, o) for c in report.subscriptions for o in c.options),
            ],
        ),
        (bool(report.imported), [IMPORTED_COLUMNS, *map(_imported, report.imported)]),
    ]
    return [block for present, block in blocks if present]


def render_csv(report: Report, *, compare: bool = False, color: bool = False) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns())
    for result in report.results:
        writer.writerow(row(result, report))
    if not compare:
        for block in advice_blocks(report):
            writer.writerow([])
            writer.writerows([cell(value) for value in line] for line in block)
    return out.getvalue()
