"""Audit semantics §4: comparison across institutions (cost per credit, savings, ranking).

Money in different currencies is never added or ranked against each other.
"""

from __future__ import annotations

from pathlib import Path

from credstack.engine.compare import rank
from credstack.engine.evaluate import programs_of_award
from tests.unit.semantics_helpers import (
    Case,
    articulation,
    courses,
    credential,
    d,
    held,
    issuer,
    learner,
    policy,
    program,
    requirement,
    run,
)

X = issuer("x") + policy(tuition=80) + courses("X1", "X2")
P = (
    issuer("p", kind="provider", credit_system="none")
    + credential("badge", price=150)
    + credential("unused", price=999)
)


def home(**settings: object) -> str:
    """R: program `p` (12 credits: core = A1-A4); badge -> A1, X2 -> A2."""
    return (
        issuer("r")
        + policy(**settings)  # type: ignore[arg-type]
        + courses("A1", "A2", "A3", "A4")
        + program("p", 12, requirement("core", courses=["A1", "A2", "A3", "A4"]))
        + articulation("badge", ["p:badge"], grants=["A1"])
        + articulation("x2", ["x:X2"], grants=["A2"])
    )


def test_compare_cost_per_credit_and_savings(tmp_path: Path) -> None:
    result = run(
        tmp_path,
        {"r": home(fees=50), "x": X, "p": P},
        learner("r:p") + held("p:badge") + held("x:X2") + held("p:unused"),
    )
    # Left to take: A3 + A4, 6 credits in one term: 6 x 100 + 50 = 650.
    assert result.confirmed.plan.cost == 650
    # Paid for what is behind the applied credit: the badge's price 150 and X2 at x's
    # tuition, 3 x 80 = 240 (engine decision); p:unused (999) is behind nothing. 390.
    assert result.paid_for_held == 390
    # Cost per credit of the whole award: (390 + 650) / 12 = 86.67 (rounded).
    assert round(result.cost_per_credit, 2) == d("86.67")
    # From nothing at R: 12 credits in one term, 1200 + 50 = 1250; saves 1250 - 650 = 600.
    assert (result.from_scratch_cost, result.from_scratch_terms) == (1250, 1)
    assert result.savings == 600


def test_compare_never_ranks_across_currencies(tmp_path: Path) -> None:
    e = (
        issuer("e", kind="university", currency="EUR", credit_system="ects")
        + policy(tuition=1000)
        + courses("E1")
        + program("p", 3, requirement("core", courses=["E1"]))
        + articulation("badge", ["p:badge"], grants=["E1"])
    )
    cheap = (
        issuer("u", kind="university")
        + policy(tuition=100)
        + courses("U1", "U2")
        + program("cheap", 3, requirement("core", courses=["U1"]))
        + program("dear", 6, requirement("core", courses=["U1", "U2"]))
    )
    case = Case(
        tmp_path,
        {"e": e, "u": cheap, "p": P},
        learner("e:p", "u:cheap", "u:dear") + held("p:badge"),
    )
    report = case.report()
    costs = {r.program: (r.currency, r.confirmed.plan.cost) for r in report.results}
    # e:p is done (the USD badge covers E1): 0 EUR. u:cheap 300 USD, u:dear 600 USD.
    assert costs == {"e:p": ("EUR", 0), "u:cheap": ("USD", 300), "u:dear": ("USD", 600)}
    # By cost, results are grouped by currency (no exchange rate is assumed) and ranked
    # within it: EUR first (its code sorts first), then USD 300, USD 600.
    ranked = [r.program for r in rank(report.results, "cost")]
    assert ranked == ["e:p", "u:cheap", "u:dear"]
    # The USD price of the badge is not added to a EUR cost per credit: left out, warned.
    euro = report.results[0]
    assert euro.paid_for_held == 0
    assert any("p:badge" in w and "USD" in w for w in euro.warnings)


def test_compare_programs_of_award_type(tmp_path: Path) -> None:
    other = (
        issuer("s", kind="university")
        + policy()
        + courses("S1")
        + program("ba", 3, requirement("core", courses=["S1"]), award="bachelor")
    )
    r = home() + program("bs", 3, requirement("core", courses=["A1"]), award="bachelor")
    region, _ = Case(tmp_path, {"r": r, "s": other, "x": X, "p": P}, learner("r:p")).load()
    # Every program of the chosen award type, across institutions, in reference order.
    assert programs_of_award(region, "bachelor") == ["r:bs", "s:ba"]
    assert programs_of_award(region, "certificate") == ["r:p"]
