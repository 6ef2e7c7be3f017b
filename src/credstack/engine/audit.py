"""The audit: the optimal assignment of recognised units to a program's requirements.

Semantics §2. The numbers are recomputed exactly (decimals) from the solver's
placement, so what the solver chose is what the audit counts, to the hundredth.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import Decimal

from credstack.engine import assignment
from credstack.engine.results import (
    GENERAL,
    Assignment,
    Audit,
    RequirementResult,
    Status,
    Unit,
)
from credstack.model.catalogue import Institution, Program
from credstack.model.refs import split_ref
from credstack.model.region import LoadedCatalogue
from credstack.model.requirements import filter_takes, nominal_credits

HUNDRED = Decimal(100)


@dataclass(frozen=True)
class RequirementRule:
    """A requirement as the audit reads it: what it takes and what it needs."""

    id: str
    title: str
    shape: str  # courses | choose | credits | general
    courses: frozenset[str] | None  # listed course codes (courses, choose, credits pool)
    choose: int | None
    credits: Decimal | None  # credits shape / general capacity
    needed: Decimal  # nominal credits
    subjects: frozenset[str] | None = None
    min_level: int | None = None
    max_level: int | None = None

    def takes(self, unit: Unit) -> bool:
        """Whether a unit may be placed here (semantics §2, 'takes only')."""
        if self.shape == "general":
            return True
        if self.shape in ("courses", "choose"):
            return unit.course is not None and unit.course in (self.courses or ())
        if self.courses is not None:
            return unit.course is not None and unit.course in self.courses
        return filter_takes(self, unit.subject, unit.level)


def _codes(names: Sequence[str], catalogue: LoadedCatalogue) -> list[str]:
    return [split_ref(name, catalogue.issuer.id)[1] for name in names]


def general_capacity(
    credits: Decimal, nominal_total: Decimal, double_counted: Decimal = Decimal(0)
) -> Decimal:
    """Room in the implicit general requirement (decisions.md, "The general requirement's
    capacity"): the program's credits, less the nominal credits of every requirement not
    waived, plus the credits double counting applied twice; never below zero.

    The one formula: the audit's model (engine/assignment.py) holds general credit to it,
    and the audit reports it as the general requirement's `needed`.
    """
    return max(Decimal(0), credits - nominal_total + double_counted)


def requirement_rules(
    program: Program, catalogue: LoadedCatalogue, waived: set[str]
) -> tuple[list[RequirementRule], Decimal]:
    """The program's requirement rules (waived ones left out) and the nominal credits of
    those rules (what general_capacity subtracts)."""
    rules: list[RequirementRule] = []
    nominal_total = Decimal(0)
    for requirement in program.requirement:
        needed = nominal_credits(requirement, catalogue)
        if requirement.id in waived:
            continue
        nominal_total += needed
        courses = frozenset(_codes(requirement.courses, catalogue)) if requirement.courses else None
        rules.append(
            RequirementRule(
                id=requirement.id,
                title=requirement.title,
                shape=requirement.shape,
                courses=courses,
                choose=requirement.choose,
                credits=requirement.credits,
                needed=needed,
                subjects=frozenset(requirement.subjects) if requirement.subjects else None,
                min_level=requirement.min_level,
                max_level=requirement.max_level,
            )
        )
    general = general_capacity(program.credits, nominal_total)
    if general > 0 or program.double_count:
        rules.append(
            RequirementRule(
                id=GENERAL,
                title="General credit (any recognised credit)",
                shape="general",
                courses=None,
                choose=None,
                credits=general,
                needed=general,
            )
        )
    return rules, nominal_total


def caps(program: Program, policy: Institution) -> tuple[Decimal, Decimal | None]:
    """External cap min(share x credits, credits - residency) and the RPL cap."""
    share = (
        program.max_external_share
        if program.max_external_share is not None
        else policy.max_external_share
    )
    residency = (
        program.residency_credits
        if program.residency_credits is not None
        else policy.residency_credits
    )
    external = max(Decimal(0), min(share * program.credits, program.credits - residency))
    return external, policy.max_rpl_credits


def _hundredths(value: Decimal) -> int:
    return int((value * HUNDRED).to_integral_value())


def _model_cap(rule: RequirementRule, unlisted: Decimal) -> int | None:
    """A requirement's credit cap as the model takes it, in hundredths.

    General credit's is the program's credits less the nominal credits, not clamped at
    zero: the model adds the credit double counting applied twice, then clamps, as
    general_capacity does.
    """
    if rule.shape == GENERAL:
        return _hundredths(unlisted)
    return _hundredths(rule.credits) if rule.credits is not None else None


def run_audit(
    program: Program,
    catalogue: LoadedCatalogue,
    units: Sequence[Unit],
    waived: set[str] | None = None,
) -> Audit:
    """The optimal audit of `units` against `program` (semantics §2)."""
    waived = waived or set()
    policy = catalogue.catalogue.institution or Institution()
    rules, nominal_total = requirement_rules(program, catalogue, waived)
    external_cap, rpl_cap = caps(program, policy)
    units = sorted(units, key=lambda u: (u.key, u.basis))
    index = {rule.id: i for i, rule in enumerate(rules)}
    pairs = frozenset(
        frozenset((index[a], index[b]))
        for a, b in program.double_count
        if a in index and b in index and a != b
    )
    problem = assignment.Problem(
        units=tuple(
            assignment.UnitSpec(
                credits=_hundredths(unit.credits),
                divisible=unit.is_block,
                external=unit.external,
                rpl=unit.basis == "rpl",
                eligible=tuple(i for i, rule in enumerate(rules) if rule.takes(unit)),
            )
            for unit in units
        ),
        requirements=tuple(
            assignment.RequirementSpec(
                kind=rule.shape,
                cap=_model_cap(rule, program.credits - nominal_total),
                choose=rule.choose,
                listed=len(rule.courses or ()),
                needed=_hundredths(rule.needed),
                specific=rule.courses is not None,
            )
            for rule in rules
        ),
        pairs=pairs,
        program=_hundredths(program.credits),
        external_cap=_hundredths(external_cap),
        rpl_cap=_hundredths(rpl_cap) if rpl_cap is not None else None,
    )
    solution = assignment.solve(problem)
    placed = [
        Assignment(unit=units[u], requirement=rules[r].id, credits=Decimal(h) / HUNDRED)
        for u, spots in sorted(solution.placements.items())
        for r, h in spots
    ]
    return tally(program, rules, placed, units, waived, external_cap, rpl_cap, nominal_total)


def tally(
    program: Program,
    rules: list[RequirementRule],
    placed: list[Assignment],
    units: Sequence[Unit],
    waived: set[str],
    external_cap: Decimal,
    rpl_cap: Decimal | None,
    nominal_total: Decimal,
) -> Audit:
    """Exact counts, statuses and totals for a placement.

    An assignment carries the credits the unit applies in that requirement; a course
    unit placed in two named requirements (a `double_count` pair) counts once, and what
    it applied beyond that is the double-counted credit that makes room in general
    credit (general_capacity, reported as the general requirement's `needed`).
    """
    by_rule: dict[str, list[Assignment]] = {rule.id: [] for rule in rules}
    for item in placed:
        by_rule[item.requirement].append(item)
    applied = {rule.id: sum((a.credits for a in by_rule[rule.id]), Decimal(0)) for rule in rules}
    per_unit: dict[str, Decimal] = {}
    named: dict[str, int] = {}
    for item in placed:
        per_unit[item.unit.key] = per_unit.get(item.unit.key, Decimal(0)) + item.credits
        if item.requirement != GENERAL:
            named[item.unit.key] = named.get(item.unit.key, 0) + 1
    kinds = {a.unit.key: a.unit for a in placed}
    double_counted = Decimal(0)
    for key, count in named.items():
        if count == 2 and not kinds[key].is_block:  # a double_count pair counts once
            once = min(kinds[key].credits, per_unit[key])
            double_counted += per_unit[key] - once
            per_unit[key] = once
    total = min(program.credits, sum(per_unit.values(), Decimal(0)))
    room = general_capacity(program.credits, nominal_total, double_counted)
    rules = [replace(r, credits=room, needed=room) if r.shape == GENERAL else r for r in rules]
    results = [
        _status(rule, by_rule[rule.id], applied[rule.id])
        for rule in rules
        if rule.shape != GENERAL or rule.needed > 0 or by_rule[rule.id]
    ]
    for requirement in program.requirement:
        if requirement.id in waived:
            results.insert(
                [r.id for r in program.requirement].index(requirement.id),
                RequirementResult(
                    id=requirement.id,
                    title=requirement.title,
                    shape=requirement.shape,
                    status="waived",
                    applied=Decimal(0),
                    needed=Decimal(0),
                ),
            )
    placed_keys = set(per_unit)
    external_applied = sum(
        (_cap_credit(kinds[k], per_unit[k]) for k in kinds if kinds[k].external), Decimal(0)
    )
    rpl_applied = sum(
        (_cap_credit(kinds[k], per_unit[k]) for k in kinds if kinds[k].basis == "rpl"), Decimal(0)
    )
    return Audit(
        applied=total,
        remaining=program.credits - total,
        requirements=tuple(results),
        assignments=tuple(placed),
        external_applied=external_applied,
        external_cap=external_cap,
        rpl_applied=rpl_applied,
        rpl_cap=rpl_cap,
        unplaced=tuple(u.key for u in units if u.key not in placed_keys),
    )


def _cap_credit(unit: Unit, applied: Decimal) -> Decimal:
    """What a unit counts against the caps: a whole course, or the part of a block."""
    return applied if unit.is_block else unit.credits


def _status(rule: RequirementRule, items: list[Assignment], applied: Decimal) -> RequirementResult:
    if rule.shape == "courses":
        met = len(items) >= len(rule.courses or ())
    elif rule.shape == "choose":
        met = len(items) >= (rule.choose or 0)
    else:
        met = applied >= (rule.credits or Decimal(0))
    status: Status = "met" if met else ("partial" if items else "open")
    return RequirementResult(
        id=rule.id,
        title=rule.title,
        shape=rule.shape,  # type: ignore[arg-type]
        status=status,
        applied=applied,
        needed=rule.needed,
        units=tuple(a.unit.key for a in items),
    )
