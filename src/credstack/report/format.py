"""One set of numbers, money and labels for every format and the TUI.

Everything here formats values the engine computed; nothing here computes a credit or a
cost. `number` is the one rounding rule (the JSON's numbers, the CSV's cells, the credits
shown); strings returned are plain (unescaped): each walker escapes them for its format.
`STATUS_STYLE` is the one colour set of requirement statuses (terminal report and TUI).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from credstack.engine import evidence as evidence_engine
from credstack.engine.evidence import EvidenceCheck
from credstack.engine.results import Assignment, Audit, Outcome, Plan, ProgramResult, Unit
from credstack.report.document import Tone

DASH = "\u2014"
BAR = "\u2588"
BAR_WIDTH = 10
BLOCK_PREFIX = "BLOCK:"
ELECTIVE_PREFIX = "ELECTIVE:"

BASIS_LABELS = {
    "internal": "internal",
    "articulation": "articulation",
    "exception": "exception",
    "rpl": "RPL",
}
STATUS_LABELS = {"met": "met", "partial": "partial", "open": "open", "waived": "waived"}
STATUS_TONE: dict[str, Tone] = {"met": "good", "partial": "warn", "open": "bad", "waived": "info"}
# How each tone looks in a terminal (rich styles): the report's text and the TUI.
TONE_STYLE: dict[Tone, str] = {
    "good": "green",
    "warn": "yellow",
    "bad": "red",
    "info": "cyan",
    "muted": "dim",
}
STATUS_STYLE = {status: TONE_STYLE[tone] for status, tone in STATUS_TONE.items()}

CENT = Decimal("0.01")


def number(value: Decimal) -> int | float:
    """Credits and money rounded to 2 decimals, as the JSON writes them (integers stay
    integers): the one rounding rule of every format."""
    rounded = value.quantize(CENT, rounding=ROUND_HALF_UP)
    if rounded == rounded.to_integral_value():
        return int(rounded)
    return float(rounded)


def maybe_number(value: Decimal | None) -> int | float | None:
    """`number`, or None for a figure that does not apply."""
    return None if value is None else number(value)


def credits(value: Decimal) -> str:
    """Credits rounded to 2 decimals, integers without decimals: 3, 7.5, 2.25."""
    return str(number(value))


def maybe_credits(value: Decimal | None) -> str:
    """`credits`, or a dash for a figure that does not apply (a credential without credits)."""
    return DASH if value is None else credits(value)


def cr(value: Decimal) -> str:
    return f"{credits(value)} cr"


def money(value: Decimal, currency: str) -> str:
    """'USD 4,550.50': the currency code and the amount to the cent."""
    rounded = value.quantize(CENT, rounding=ROUND_HALF_UP)
    return f"{currency} {rounded:,.2f}"


def finish(label: str | None) -> str:
    return label if label else DASH


def plan_finish(plan: Plan) -> str:
    """A plan's last term; a dash when nothing is left; "cannot finish" when some of it can
    be scheduled in no attended term or a requirement stays open (every front end)."""
    return finish(plan.finish) if plan.finishes else "cannot finish"


def elective(code: str) -> str | None:
    """'ELECTIVE:BUS/MGT:3:3' -> 'Elective (BUS/MGT, level 3+), 3 cr'; None for a course."""
    if not code.startswith(ELECTIVE_PREFIX):
        return None
    parts = code[len(ELECTIVE_PREFIX) :].split(":")
    if len(parts) != 3:
        return None
    subject, level, size = parts
    what = "any subject" if subject in ("", "*") else subject
    if level not in ("", "*"):
        what += f", level {level}+"
    return f"Elective ({what}), {size} cr"


def course_label(code: str) -> str:
    """A planned course code, or an elective slot in words."""
    return elective(code) or code


def unit_label(unit: Unit) -> str:
    """A unit key, with what a block of credit stands for."""
    if not unit.is_block:
        return unit.key
    filters = [f for f in (unit.subject, f"level {unit.level}" if unit.level else "") if f]
    suffix = f", {' '.join(filters)}" if filters else ""
    return f"{unit.key} (block of {cr(unit.credits)}{suffix})"


def via_label(unit: Unit) -> str:
    """Which rule, route or exception made the unit."""
    if unit.basis == "internal":
        return "held at this institution"
    if unit.basis == "articulation":
        return f"articulation rule {unit.via}"
    if unit.basis == "rpl":
        return f"RPL route {unit.via}"
    kind = (unit.via or "exception").removeprefix("exception:")
    return f"adviser exception ({kind})"


def placed_credits(assignment: Assignment) -> str:
    """Credits placed here; for part of a block, 'N of M cr'."""
    if assignment.unit.is_block and assignment.credits != assignment.unit.credits:
        return f"{credits(assignment.credits)} of {cr(assignment.unit.credits)}"
    return cr(assignment.credits)


def sources(unit: Unit) -> str:
    return ", ".join(unit.sources) if unit.sources else DASH


def terms(plan: Plan) -> str:
    """The term count and whether it is the proven minimum, or its lower bound."""
    if plan.term_count == 0 and not plan.terms:
        return "0 (nothing left to schedule)"
    if plan.proven:
        return f"{plan.term_count} (proven minimum)"
    return f"{plan.term_count} (lower bound {plan.lower_bound})"


def cap(applied: Decimal, limit: Decimal | None) -> str:
    if limit is None:
        return f"{cr(applied)} (no cap)"
    return f"{credits(applied)} of {cr(limit)} allowed"


def bar(count: int, longest: int) -> str:
    """A small text bar of terms, scaled so the longest plan is BAR_WIDTH wide at most."""
    if count <= 0 or longest <= 0:
        return ""
    if longest <= BAR_WIDTH:
        return BAR * count
    return BAR * max(1, round(count * BAR_WIDTH / longest))


def by_requirement(audit: Audit) -> dict[str, list[Assignment]]:
    """The audit's assignments grouped by requirement id (catalogue order kept)."""
    grouped: dict[str, list[Assignment]] = {}
    for assignment in audit.assignments:
        grouped.setdefault(assignment.requirement, []).append(assignment)
    return grouped


def requirement_titles(audit: Audit) -> dict[str, str]:
    return {r.id: r.title for r in audit.requirements}


def rpl_assignments(result: ProgramResult) -> list[Assignment]:
    """Potential-view assignments of RPL units (counted only once assessed)."""
    return [a for a in result.potential.audit.assignments if a.unit.basis == "rpl"]


def unplaced_units(result: ProgramResult) -> list[Unit]:
    """Recognised units the confirmed audit could not apply (caps, or no room)."""
    units = {u.key: u for u in result.recognition.units}
    return [units[key] for key in result.confirmed.audit.unplaced if key in units]


def potential_plan_differs(result: ProgramResult) -> bool:
    return result.potential.plan.terms != result.confirmed.plan.terms


def status_word(status: str) -> str:
    return STATUS_LABELS.get(status, status)


def progress(applied: Decimal, needed: Decimal, status: str) -> str:
    if status == "waived":
        return ""
    return f"{credits(applied)} of {cr(needed)}"


@dataclass(frozen=True)
class SummaryRow:
    label: str
    confirmed: str
    potential: str


def summary_rows(result: ProgramResult) -> list[SummaryRow]:
    """The confirmed and potential views side by side, one row per figure."""
    currency = result.currency

    def row(label: str, show: Callable[[Outcome], str]) -> SummaryRow:
        return SummaryRow(label, show(result.confirmed), show(result.potential))

    def of_total(o: Outcome) -> str:
        return f"{credits(o.audit.applied)} of {cr(result.credits)}"

    return [
        row("Credits applied", of_total),
        row("Credits remaining", lambda o: cr(o.audit.remaining)),
        row("Credits planned", lambda o: cr(o.plan.planned_credits)),
        row("Terms", lambda o: terms(o.plan)),
        row("Finish", lambda o: plan_finish(o.plan)),
        row("Tuition", lambda o: money(o.plan.tuition, currency)),
        row("Term fees", lambda o: money(o.plan.fees, currency)),
        row("RPL assessment fees", lambda o: money(o.plan.assessment_fees, currency)),
        row("Cost", lambda o: money(o.plan.cost, currency)),
        row("External credit", lambda o: cap(o.audit.external_applied, o.audit.external_cap)),
        row("RPL credit", lambda o: cap(o.audit.rpl_applied, o.audit.rpl_cap)),
    ]


def program_figures(result: ProgramResult) -> list[tuple[str, str]]:
    """Whole-award figures: cost per credit and savings, with what they are made of."""
    currency = result.currency
    return [
        (
            "Cost per credit (whole award)",
            f"{money(result.cost_per_credit, currency)} = (paid for held learning "
            f"{money(result.paid_for_held, currency)} + confirmed cost "
            f"{money(result.confirmed.plan.cost, currency)}) / {cr(result.credits)}",
        ),
        (
            "Savings vs starting from scratch",
            f"{money(result.savings, currency)} (from scratch: "
            f"{result.from_scratch_terms} term{'' if result.from_scratch_terms == 1 else 's'}, "
            f"{money(result.from_scratch_cost, currency)})",
        ),
    ]


def header_line(result: ProgramResult) -> str:
    return (
        f"{result.program} \u00b7 {result.award} \u00b7 {cr(result.credits)} \u00b7 "
        f"{result.currency}"
    )


@dataclass(frozen=True)
class CompareRow:
    program: str
    title: str
    institution: str
    award: str
    applied: str
    remaining: str
    potential_applied: str
    potential_remaining: str
    terms: str
    finish: str
    cost: str
    cost_per_credit: str
    savings: str
    bar: str
    stuck: bool


def compare_rows(results: Sequence[ProgramResult]) -> list[CompareRow]:
    """One row per program, in the order given (the caller has already sorted them)."""
    longest = max((r.confirmed.plan.term_count for r in results), default=0)
    rows = []
    for r in results:
        plan = r.confirmed.plan
        rows.append(
            CompareRow(
                program=r.program,
                title=r.title,
                institution=r.institution,
                award=r.award,
                applied=credits(r.confirmed.audit.applied),
                remaining=credits(r.confirmed.audit.remaining),
                potential_applied=credits(r.potential.audit.applied),
                potential_remaining=credits(r.potential.audit.remaining),
                terms=str(plan.term_count),
                finish=plan_finish(plan),
                cost=money(plan.cost, r.currency),
                cost_per_credit=money(r.cost_per_credit, r.currency),
                savings=money(r.savings, r.currency),
                bar=bar(plan.term_count, longest),
                stuck=not plan.finishes,
            )
        )
    return rows


def compare_notes(results: Sequence[ProgramResult]) -> list[str]:
    notes = []
    if len({r.currency for r in results}) > 1:
        notes.append(
            "Costs are in each institution's own currency; no exchange rates are applied, "
            "so costs in different currencies are not comparable."
        )
    if any(not r.confirmed.plan.finishes for r in results):
        notes.append(
            "\u201ccannot finish\u201d: some required courses can be scheduled in no attended "
            "term, or a requirement cannot be completed; see the program's report."
        )
    return notes


def evidence_summary(checks: Sequence[EvidenceCheck]) -> str:
    """'5 artifacts: 4 ok, 1 changed' (engine/evidence.py's wording, for every front end)."""
    return evidence_engine.summary(checks)


def evidence_verdict(checks: Sequence[EvidenceCheck]) -> str:
    """'verification failed', 'every artifact verified', or '' (engine/evidence.py's)."""
    return evidence_engine.verdict(checks)
