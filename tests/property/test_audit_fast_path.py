"""The audit's fast path (`assignment.forced`) gives exactly the MILP's placement.

Whenever `forced` answers, its placement must be the one the MILP finds (after the same
canonical order), so no number can depend on which of the two ran; and the whole audit
is the same with the fast path on or off.
"""

from __future__ import annotations

from unittest import mock

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from credstack.engine import assignment
from credstack.engine.assignment import Problem, RequirementSpec, UnitSpec, forced, solve_milp
from credstack.engine.audit import run_audit
from tests.property.audit_instances import AuditCase, audit_cases

SETTINGS = settings(
    max_examples=400,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@st.composite
def requirement_specs(draw: st.DrawFn) -> RequirementSpec:
    kind = draw(st.sampled_from(["courses", "choose", "credits", "credits"]))
    cap = draw(st.sampled_from([None, 300, 600, 900, 1500])) if kind == "credits" else None
    return RequirementSpec(
        kind=kind,
        cap=cap,
        choose=draw(st.integers(1, 3)) if kind == "choose" else None,
        listed=draw(st.integers(1, 4)),
        needed=draw(st.sampled_from([300, 600, 900])),
        specific=draw(st.booleans()) if kind == "credits" else True,
    )


@st.composite
def problems(draw: st.DrawFn) -> Problem:
    """Small problems, most of whose units can go to at most one requirement."""
    named = draw(st.lists(requirement_specs(), min_size=1, max_size=3))
    requirements = list(named)
    if draw(st.booleans()):
        requirements.append(
            RequirementSpec(kind="general", cap=draw(st.sampled_from([-300, 0, 600, 3000])))
        )
    count = len(requirements)
    units = []
    for _ in range(draw(st.integers(1, 7))):
        width = min(count, draw(st.sampled_from([0, 1, 1, 1, 1, 2])))
        eligible = tuple(
            sorted(draw(st.sets(st.integers(0, count - 1), min_size=width, max_size=width)))
        )
        units.append(
            UnitSpec(
                credits=draw(st.sampled_from([0, 100, 300, 300, 400, 450])),
                divisible=draw(st.booleans()) and draw(st.booleans()),
                external=draw(st.integers(0, 2)) == 0,
                rpl=draw(st.integers(0, 5)) == 0,
                eligible=eligible,
            )
        )
    pairs: frozenset[frozenset[int]] = frozenset()
    if count >= 2 and draw(st.integers(0, 5)) == 0:
        pairs = frozenset({frozenset({0, 1})})
    return Problem(
        units=tuple(units),
        requirements=tuple(requirements),
        pairs=pairs,
        program=draw(st.sampled_from([600, 1200, 6000, 6000])),
        external_cap=draw(st.sampled_from([0, 600, 6000, 6000])),
        rpl_cap=draw(st.sampled_from([None, 300, 6000, 6000])),
    )


@SETTINGS
@given(problems())
def test_the_fast_path_answers_what_the_milp_answers(problem: Problem) -> None:
    fast = forced(problem)
    if fast is not None:
        assert fast.placements == solve_milp(problem).placements


def test_the_fast_path_answers_often_on_these_problems() -> None:
    """The comparison above is not vacuous: the fast path answers many of them."""
    answered = []

    @settings(max_examples=200, deadline=None, database=None)
    @given(problems())
    def count(problem: Problem) -> None:
        answered.append(forced(problem) is not None)

    count()
    assert sum(answered) >= 20, f"{sum(answered)} of {len(answered)}"
    assert not all(answered)


@SETTINGS
@given(audit_cases())
def test_an_audit_is_the_same_with_and_without_the_fast_path(case: AuditCase) -> None:
    with_fast_path = run_audit(case.program, case.loaded, case.units)
    with mock.patch.object(assignment, "forced", return_value=None):
        milp_only = run_audit(case.program, case.loaded, case.units)
    assert with_fast_path == milp_only, case.describe()
