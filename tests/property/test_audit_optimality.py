"""The audit is optimal: run_audit's applied credits equal a brute-force maximum over every
placement (semantics §2, "the answer must be optimal, not greedy"), and among placements
reaching it, as many requirements are fully met as possible (the first tie-break; the
named requirements are counted, not the implicit general one).
"""

from __future__ import annotations

from decimal import Decimal

from hypothesis import HealthCheck, example, given, settings

from credstack.engine.audit import run_audit
from credstack.engine.results import GENERAL
from tests.property.audit_instances import FOUND, AuditCase, audit_cases
from tests.property.brute import audit_optimum

SETTINGS = settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
TOLERANCE = Decimal("0.005")  # equal to the hundredth: every quantity is in hundredths


@SETTINGS
@given(audit_cases())
@example(FOUND["surplus_to_general"])
@example(FOUND["double_count_without_general"])
@example(FOUND["block_rounding"])
@example(FOUND["pair_of_capped_credits_requirements"])
@example(FOUND["room_after_a_pair"])
@example(FOUND["pair_meets_more_at_same_total"])
@example(FOUND["highs_1_14_presolve"])
def test_applied_equals_brute_force_maximum(case: AuditCase) -> None:
    audit = run_audit(case.program, case.loaded, case.units)
    best = audit_optimum(case.data, case.units)
    expected = Decimal(best.total) / 100
    assert abs(audit.applied - expected) < TOLERANCE, (
        f"applied {audit.applied}, brute-force maximum {expected}\n{case.describe()}\n"
        f"assignments: {[(a.unit.key, a.requirement, a.credits) for a in audit.assignments]}"
    )


@SETTINGS
@given(audit_cases())
@example(FOUND["surplus_to_general"])
@example(FOUND["double_count_without_general"])
@example(FOUND["block_rounding"])
@example(FOUND["pair_of_capped_credits_requirements"])
@example(FOUND["room_after_a_pair"])
@example(FOUND["pair_meets_more_at_same_total"])
def test_tie_break_most_requirements_met(case: AuditCase) -> None:
    audit = run_audit(case.program, case.loaded, case.units)
    best = audit_optimum(case.data, case.units)
    if abs(audit.applied - Decimal(best.total) / 100) >= TOLERANCE:
        return  # not optimal at all: test_applied_equals_brute_force_maximum reports it
    met = sum(1 for r in audit.requirements if r.status == "met" and r.id != GENERAL)
    assert met == best.met, (
        f"{met} requirements met, brute force meets {best.met} at the same total "
        f"{audit.applied}\n{case.describe()}\n"
        f"statuses: {[(r.id, r.status, r.applied) for r in audit.requirements]}\n"
        f"assignments: {[(a.unit.key, a.requirement, a.credits) for a in audit.assignments]}"
    )
