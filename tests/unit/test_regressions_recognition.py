"""Recognition and audit regressions found by an independent brute-force check (issue 15).

Each case is a verbatim copy of ../shared/regressions/CASE (catalogs/, learner.toml) in
tests/data/regressions/CASE; the right answers are those of the README there.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from credstack.engine.evaluate import evaluate
from credstack.engine.results import GENERAL, ProgramResult
from credstack.store.catalogue_loader import load_region
from credstack.store.learner_store import load_learner

CASES = Path(__file__).resolve().parent.parent / "data" / "regressions"


def result_of(case: str) -> ProgramResult:
    folder = CASES / case
    region = load_region(folder / "catalogs")
    learner = load_learner(folder / "learner.toml", region).learner
    return evaluate(region, learner, learner.learner.goals[0])


def where_each_item_went(result: ProgramResult, items: tuple[str, ...]) -> dict[str, set[str]]:
    """Each held item -> where it ended up: applied, unplaced, not recognised (confirmed)."""
    audit = result.confirmed.audit
    applied = {s for a in audit.assignments for s in a.unit.sources}
    unplaced = {s for u in result.recognition.units if u.key in audit.unplaced for s in u.sources}
    refused = {r.item for r in result.recognition.not_recognised}
    ends = (("applied", applied), ("unplaced", unplaced), ("not recognised", refused))
    return {item: {name for name, found in ends if item in found} for item in items}


def test_substitution_consumes_item_for_and_rule() -> None:
    # E1 is substituted for B1: it counts as B1 for the program and as nothing else, so
    # the and-rule r1 (E1 + E2 -> A1) cannot fire. Applied 3 (B1), not 6; A1 is planned.
    result = result_of("substitute-moves-and")
    audit = result.confirmed.audit
    assert (audit.applied, audit.remaining) == (Decimal(3), Decimal(3))
    units = {u.key: u for u in result.recognition.units}
    assert set(units) == {"B1"}
    assert (units["B1"].basis, units["B1"].sources) == ("exception", ("ex:E1",))
    # E2 does not vanish: it is not recognised, and the reason names the rule and E1.
    refused = {r.item: r for r in result.recognition.not_recognised}
    assert set(refused) == {"ex:E2"}
    assert refused["ex:E2"].rule == "r1"
    assert "ex:E1" in refused["ex:E2"].reason and "B1" in refused["ex:E2"].reason
    assert where_each_item_went(result, ("ex:E1", "ex:E2")) == {
        "ex:E1": {"applied"},
        "ex:E2": {"not recognised"},
    }
    assert result.confirmed.plan.planned_credits == audit.remaining
    assert [t.courses for t in result.confirmed.plan.terms] == [("A1",)]


def test_substitution_leaves_other_rules_firing() -> None:
    # E1 is substituted for B1, which takes it away from rA (E1 -> A1); rB (E2 -> A1)
    # fires on E2 alone. Applied 6: A1 from E2, B1 from E1; nothing left to take.
    result = result_of("substitute-other-rule")
    audit = result.confirmed.audit
    assert (audit.applied, audit.remaining) == (Decimal(6), Decimal(0))
    units = {u.key: (u.basis, u.sources, u.via) for u in result.recognition.units}
    assert units == {
        "A1": ("articulation", ("ex:E2",), "rB"),
        "B1": ("exception", ("ex:E1",), "exception:substitute"),
    }
    assert result.recognition.not_recognised == ()
    assert audit.unplaced == ()
    assert where_each_item_went(result, ("ex:E1", "ex:E2")) == {
        "ex:E1": {"applied"},
        "ex:E2": {"applied"},
    }
    assert result.confirmed.plan.terms == ()
    assert result.confirmed.plan.planned_credits == 0


def test_general_capacity_counts_double_counting_against_nominal_credits() -> None:
    # decisions.md, "The general requirement's capacity": 7 credits - (7 + 2) nominal +
    # 2 applied twice (CHE301 in r1 and r2) = 0. No room for BIO101: applied 2, not 3.
    result = result_of("dc-over-nominal")
    audit = result.confirmed.audit
    assert (audit.applied, audit.remaining) == (Decimal(2), Decimal(5))
    placed = sorted((a.unit.key, a.requirement, a.credits) for a in audit.assignments)
    assert placed == [("CHE301", "r1", Decimal(2)), ("CHE301", "r2", Decimal(2))]
    assert audit.unplaced == ("BIO101",)
    assert audit.requirement(GENERAL) is None  # no room, holds nothing: not shown
    assert where_each_item_went(result, ("ru:CHE301", "ru:BIO101")) == {
        "ru:CHE301": {"applied"},
        "ru:BIO101": {"unplaced"},
    }
    # remaining = credits - applied = what the plan covers (r1's 5 credits at level 3)
    plan = result.confirmed.plan
    assert plan.planned_credits == audit.remaining == Decimal(5)
    assert [t.courses for t in plan.terms] == [("ELECTIVE:*:3:3", "ELECTIVE:*:3:2")]
