"""Invariants of every audit (semantics §2), each named after its rule."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from credstack.engine.audit import run_audit
from credstack.engine.results import GENERAL, Audit, Unit
from tests.property.audit_instances import (
    FOUND,
    SUBJECTS,
    AuditCase,
    audit_cases,
    block_unit,
    course_unit,
)

SETTINGS = settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def audit_of(case: AuditCase, units: tuple[Unit, ...] | None = None) -> Audit:
    return run_audit(case.program, case.loaded, case.units if units is None else units)


def placements(audit: Audit) -> str:
    return str([(a.unit.key, a.requirement, a.credits) for a in audit.assignments])


@st.composite
def case_and_extra_unit(draw: st.DrawFn) -> tuple[AuditCase, Unit]:
    case = draw(audit_cases(max_course_units=5, max_blocks=1))
    held = {u.key for u in case.units}
    free = [c for c in case.data["course"] if c["code"] not in held]
    if free and draw(st.booleans()):
        course = draw(st.sampled_from(free))
        extra = course_unit(
            course["code"],
            Decimal(course["credits"]),
            course["subject"],
            course["level"],
            draw(st.sampled_from(("internal", "articulation", "rpl"))),
        )
    else:
        extra = block_unit(
            "extra",
            Decimal(draw(st.integers(1, 3))),
            draw(st.sampled_from(SUBJECTS)),
            draw(st.integers(1, 3)),
            draw(st.sampled_from(("articulation", "rpl"))),
        )
    return case, extra


@SETTINGS
@given(case_and_extra_unit())
# found: adding a 1-credit block lowered applied from 2.5 to 2 (and 11 to 10.99 by rounding)
@example(
    (
        FOUND["pair_meets_more_at_same_total"],
        block_unit("extra", Decimal(1), "CS", 1, "articulation"),
    )
)
def test_adding_a_held_unit_never_lowers_applied(pair: tuple[AuditCase, Unit]) -> None:
    case, extra = pair
    before = audit_of(case)
    after = audit_of(case, (*case.units, extra))
    assert after.applied >= before.applied, (
        f"adding {extra.key} ({extra.credits}, {extra.basis}) lowered applied from "
        f"{before.applied} to {after.applied}\n{case.describe()}\n"
        f"before: {placements(before)}\nafter: {placements(after)}"
    )


@SETTINGS
@given(audit_cases())
def test_course_unit_in_two_requirements_only_for_a_double_count_pair(case: AuditCase) -> None:
    """A course unit is indivisible: one named requirement, or both of a double_count pair.

    It may also show in general credit beside a `credits` requirement it overflows
    (decisions.md, "surplus in a credits requirement flows on to general credit"), and it
    never applies more than its credits, a pair counting once.
    """
    audit = audit_of(case)
    rules = {r.id: r for r in case.program.requirement}
    pairs = {frozenset(p) for p in case.program.double_count}
    where: dict[str, list[str]] = defaultdict(list)
    placed: dict[str, Decimal] = defaultdict(Decimal)
    for item in audit.assignments:
        where[item.unit.key].append(item.requirement)
        placed[item.unit.key] += item.credits
        assert item.credits >= 0, item
    context = f"\n{case.describe()}\nassignments: {placements(audit)}"
    for unit in case.units:
        spots = where[unit.key]
        assert len(spots) == len(set(spots)), f"{unit.key} placed twice in one requirement"
        if unit.is_block:
            assert placed[unit.key] <= unit.credits, f"{unit.key} placed beyond its credits"
            continue
        named = [r for r in spots if r != GENERAL]
        assert len(named) <= 1 or (len(named) == 2 and frozenset(named) in pairs), (
            f"{unit.key} placed in {named}; double_count pairs {pairs}" + context
        )
        if GENERAL in spots and named:
            assert any(rules[r].credits is not None for r in named), (
                f"{unit.key} in general credit and in {named}, none a credits requirement" + context
            )
        credits = {
            item.requirement: item.credits
            for item in audit.assignments
            if item.unit.key == unit.key
        }
        for r in named:
            if rules[r].credits is None:  # courses / choose take a unit's whole credits
                assert credits[r] == unit.credits, f"{unit.key} split in {r}" + context
        once = sum(credits.values(), Decimal(0)) - (unit.credits if len(named) == 2 else 0)
        assert once <= unit.credits, f"{unit.key} applies {once} > {unit.credits}" + context


@SETTINGS
@given(audit_cases())
def test_applied_never_exceeds_program_credits(case: AuditCase) -> None:
    audit = audit_of(case)
    assert Decimal(0) <= audit.applied <= case.program.credits, placements(audit)


def _external_cap(case: AuditCase) -> Decimal:
    program = case.data["program"][0]
    policy = case.data["institution"]
    share = Decimal(program.get("max_external_share", policy.get("max_external_share", "0.75")))
    residency = Decimal(program.get("residency_credits", policy.get("residency_credits", "0")))
    credits = Decimal(program["credits"])
    return max(Decimal(0), min(share * credits, credits - residency))


@SETTINGS
@given(audit_cases())
def test_external_applied_within_external_cap(case: AuditCase) -> None:
    audit = audit_of(case)
    cap = _external_cap(case)
    assert audit.external_cap == cap
    external = sum(
        (a.credits for a in audit.assignments if a.unit.is_block and a.unit.external),
        Decimal(0),
    ) + sum(
        (
            {
                a.unit.key: a.unit.credits
                for a in audit.assignments
                if not a.unit.is_block and a.unit.external and a.credits > 0
            }
        ).values(),
        Decimal(0),
    )
    assert audit.external_applied == external
    assert external <= cap, f"external {external} > cap {cap}: {placements(audit)}"


@SETTINGS
@given(audit_cases())
def test_rpl_applied_within_rpl_cap(case: AuditCase) -> None:
    audit = audit_of(case)
    raw = case.data["institution"].get("max_rpl_credits")
    cap = Decimal(raw) if raw is not None else None
    assert audit.rpl_cap == cap
    rpl = sum(
        (a.credits for a in audit.assignments if a.unit.is_block and a.unit.basis == "rpl"),
        Decimal(0),
    ) + sum(
        (
            {
                a.unit.key: a.unit.credits
                for a in audit.assignments
                if not a.unit.is_block and a.unit.basis == "rpl" and a.credits > 0
            }
        ).values(),
        Decimal(0),
    )
    assert audit.rpl_applied == rpl
    if cap is not None:
        assert rpl <= cap, f"RPL {rpl} > cap {cap}: {placements(audit)}"


@SETTINGS
@given(audit_cases())
def test_remaining_is_credits_minus_applied(case: AuditCase) -> None:
    audit = audit_of(case)
    assert audit.remaining == case.program.credits - audit.applied


@SETTINGS
@given(audit_cases())
def test_same_input_same_audit(case: AuditCase) -> None:
    assert audit_of(case) == audit_of(case)


@SETTINGS
@given(audit_cases(), st.randoms(use_true_random=False))
def test_unit_order_does_not_change_the_audit(case: AuditCase, rnd) -> None:  # noqa: ANN001
    shuffled = list(case.units)
    rnd.shuffle(shuffled)
    assert audit_of(case) == audit_of(case, tuple(shuffled))
