"""The plan: what is left to take, in which terms, and what it costs (semantics §3)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from credstack.engine.audit import RequirementRule, requirement_rules
from credstack.engine.calendar import TermSlot, attended_terms
from credstack.engine.results import GENERAL, Audit, Plan, PlannedTerm
from credstack.engine.schedule import Item, Slot, schedule
from credstack.model.catalogue import Institution, Program
from credstack.model.learner import LearnerInfo
from credstack.model.prereq import AllOf, AnyOf, Expr, Need
from credstack.model.refs import split_ref
from credstack.model.region import LoadedCatalogue

HUNDRED = Decimal(100)
HORIZON = 90  # attended terms searched at most (30 years of three terms)


@dataclass(frozen=True)
class Wanted:
    key: str  # course code, or elective label
    credits: Decimal
    is_course: bool


def elective_label(subjects: frozenset[str] | None, level: int | None, credits: Decimal) -> str:
    subject = "/".join(sorted(subjects)) if subjects else "*"
    shown = format(credits.normalize(), "f")
    return f"ELECTIVE:{subject}:{level if level is not None else '*'}:{shown}"


def _slots(total: Decimal, chunk: Decimal) -> list[Decimal]:
    pieces: list[Decimal] = []
    while total > 0:
        piece = min(chunk, total)
        pieces.append(piece)
        total -= piece
    return pieces


class _Completer:
    """The cheapest way to satisfy a prerequisite expression (fewest added credits)."""

    def __init__(self, catalogue: LoadedCatalogue, done: frozenset[str]) -> None:
        self.catalogue = catalogue
        self.done = done
        self.memo: dict[str, frozenset[str]] = {}

    def code(self, name: str) -> str | None:
        issuer, code = split_ref(name, self.catalogue.issuer.id)
        if issuer != self.catalogue.issuer.id or code not in self.catalogue.courses:
            return None
        return code

    def course(self, code: str) -> frozenset[str]:
        """`code` and everything it needs that is not done, cheapest branches."""
        if code in self.done:
            return frozenset()
        if code not in self.memo:
            self.memo[code] = frozenset({code})  # guards against cycles through "or"
            needs = self.expr(self.catalogue.requires.get(code)) | self.expr(
                self.catalogue.corequires.get(code)
            )
            self.memo[code] = frozenset({code}) | needs
        return self.memo[code]

    def expr(self, expr: Expr) -> frozenset[str]:
        if expr is None:
            return frozenset()
        if isinstance(expr, Need):
            code = self.code(expr.code)
            return self.course(code) if code is not None else frozenset()
        if isinstance(expr, AllOf):
            result: frozenset[str] = frozenset()
            for part in expr.parts:
                result |= self.expr(part)
            return result
        assert isinstance(expr, AnyOf)
        options = [self.expr(part) for part in expr.parts]
        return min(options, key=lambda s: (self.credits(s), len(s), sorted(s)))

    def credits(self, codes: frozenset[str]) -> Decimal:
        return sum((self.catalogue.courses[c].credits for c in codes), Decimal(0))


def wanted_items(
    program: Program,
    catalogue: LoadedCatalogue,
    audit: Audit,
    recognised: frozenset[str],
    waived: set[str],
    retake: frozenset[str] = frozenset(),
) -> tuple[list[Wanted], list[str]]:
    """Courses and elective slots still to take, prerequisites included.

    `retake`: recognised external courses the audit could not apply (a cap left them
    out); a requirement that lists one plans it, to be taken in residence.
    """
    policy = catalogue.catalogue.institution or Institution()
    rules, _ = requirement_rules(program, catalogue, waived)
    completer = _Completer(catalogue, recognised)
    planned: dict[str, Wanted] = {}
    electives: list[Wanted] = []
    warnings: list[str] = []
    for rule in rules:
        result = audit.requirement(rule.id)
        if result is None or result.status in ("met", "waived") or rule.shape == GENERAL:
            continue
        placed = set(result.units)
        if rule.shape == "courses":
            for code in sorted(rule.courses or ()):
                if code in placed or code in planned:
                    continue
                if code in recognised and code not in retake:
                    swap = _swap_for(code, audit, rules, policy.elective_chunk)
                    if swap is None:
                        warnings.append(
                            f"{code} is recognised but counted elsewhere; requirement "
                            f"{rule.id!r} stays short"
                        )
                    electives += swap or []
                    continue
                # Not recognised, or external credit the caps left out: take it here.
                planned[code] = Wanted(code, catalogue.courses[code].credits, True)
        elif rule.shape == "choose":
            missing = (rule.choose or 0) - len(placed)
            pool = [c for c in (rule.courses or ()) if c not in recognised and c not in placed]
            reuse = [c for c in pool if c in planned]
            fresh = sorted(
                (c for c in pool if c not in planned),
                key=lambda c: (
                    catalogue.courses[c].credits,
                    len(completer.course(c)) - 1,
                    c,
                ),
            )
            for code in (reuse + fresh)[:missing]:
                planned[code] = Wanted(code, catalogue.courses[code].credits, True)
        else:
            short = result.needed - result.applied
            label_credits = _slots(short, policy.elective_chunk)
            for piece in label_credits:
                electives.append(
                    Wanted(elective_label(rule.subjects, rule.min_level, piece), piece, False)
                )
    for code in sorted(list(planned)):
        for needed in sorted(completer.course(code)):
            if needed not in planned:
                planned[needed] = Wanted(needed, catalogue.courses[needed].credits, True)
    total = audit.applied + sum((w.credits for w in planned.values()), Decimal(0))
    total += sum((w.credits for w in electives), Decimal(0))
    short = program.credits - total
    for piece in _slots(short, policy.elective_chunk):
        electives.append(Wanted(elective_label(None, None, piece), piece, False))
    return list(planned.values()) + electives, warnings


def _swap_for(
    code: str, audit: Audit, rules: list[RequirementRule], chunk: Decimal
) -> list[Wanted] | None:
    """Electives that free a recognised course counted in an elective requirement.

    When a listed course is held but the audit counted it toward a credits or general
    requirement, the learner does not retake it: it moves to the requirement that lists
    it, and the elective requirement gets slots of the same credits instead.
    """
    placed = next((a for a in audit.assignments if a.unit.course == code), None)
    if placed is None:
        return None
    rule = next((r for r in rules if r.id == placed.requirement), None)
    if rule is None or rule.shape not in ("credits", GENERAL):
        return None
    return [
        Wanted(elective_label(rule.subjects, rule.min_level, piece), piece, False)
        for piece in _slots(placed.credits, chunk)
    ]


def make_plan(
    program: Program,
    catalogue: LoadedCatalogue,
    audit: Audit,
    recognised: frozenset[str],
    learner: LearnerInfo,
    begin: dt.date,
    waived: set[str] | None = None,
    assessment_fees: Decimal = Decimal(0),
    retake: frozenset[str] = frozenset(),
) -> Plan:
    """Schedule what is left in the fewest attended terms and cost it."""
    waived = waived or set()
    policy = catalogue.catalogue.institution or Institution()
    wanted, warnings = wanted_items(program, catalogue, audit, recognised, waived, retake)
    terms: list[TermSlot] = list(attended_terms(policy, learner, begin, HORIZON))
    items: list[Item] = []
    for n, want in enumerate(wanted):
        if want.is_course:
            course = catalogue.courses[want.key]
            items.append(
                Item(
                    key=want.key,
                    credits=int(want.credits * HUNDRED),
                    requires=_local(catalogue.requires.get(want.key), catalogue),
                    corequires=_local(catalogue.corequires.get(want.key), catalogue),
                    offered=frozenset(course.offered) if course.offered else None,
                )
            )
        else:
            items.append(
                Item(key=f"{want.key}#{n}", credits=int(want.credits * HUNDRED), group=want.key)
            )
    done = frozenset(recognised)
    slots = [Slot(t.name, int(t.capacity * HUNDRED), int(t.maximum * HUNDRED)) for t in terms]
    result = schedule(items, slots, done)
    planned_terms: list[PlannedTerm] = []
    for index, chosen in enumerate(result.terms):
        keys = tuple(wanted[i].key for i in chosen)
        credits = sum((wanted[i].credits for i in chosen), Decimal(0))
        planned_terms.append(PlannedTerm(terms[index].label, keys, credits))
    stuck = tuple(wanted[i].key for i in result.unschedulable)
    if stuck:
        warnings.append(
            "cannot be scheduled in any attended term (offerings or load): " + ", ".join(stuck)
        )
    planned_credits = sum((t.credits for t in planned_terms), Decimal(0))
    busy = sum(1 for t in planned_terms if t.courses)
    tuition = planned_credits * policy.tuition_per_credit
    fees = policy.fees_per_term * busy
    return Plan(
        terms=tuple(planned_terms),
        term_count=len(planned_terms),
        finish=planned_terms[-1].label if planned_terms else None,
        planned_credits=planned_credits,
        tuition=tuition,
        fees=fees,
        assessment_fees=assessment_fees,
        cost=tuition + fees + assessment_fees,
        lower_bound=result.lower_bound,
        proven=result.proven,
        unschedulable=stuck,
        warnings=tuple(warnings),
    )


def _local(expr: Expr, catalogue: LoadedCatalogue) -> Expr:
    """Prerequisite expressions with own-issuer references written as bare codes."""
    if expr is None:
        return None
    if isinstance(expr, Need):
        issuer, code = split_ref(expr.code, catalogue.issuer.id)
        return Need(code if issuer == catalogue.issuer.id else expr.code)
    parts = tuple(_local(p, catalogue) for p in expr.parts)
    return AllOf(parts) if isinstance(expr, AllOf) else AnyOf(parts)

