"""The scheduler's exact fallback (engine/schedule_milp.py, EXACT_BUDGET).

The case: 36 courses, 120 credits, 15 credits a term, prerequisites two terms deep: a
perfect packing in 8 terms exists (it was built from one), but list scheduling leaves a
credit or two unused in early terms and needs 9, which its bound (8) cannot prove.
"""

from __future__ import annotations

from credstack.engine.schedule import EXACT_BUDGET, Item, Slot, schedule
from credstack.engine.schedule_milp import exact_schedule
from credstack.engine.schedule_problem import Problem
from credstack.model.prereq import parse
from tests.property.brute import Job, check_schedule

COURSES = [
    ("C0", 3, ""), ("C1", 3, ""), ("C2", 5, ""), ("C3", 4, ""), ("C4", 3, "C3"),
    ("C5", 4, ""), ("C6", 3, "C0"), ("C7", 3, "C0"), ("C8", 2, ""), ("C9", 3, ""),
    ("C10", 3, "C3 and C8"), ("C11", 2, ""), ("C12", 3, "C2"), ("C13", 2, "C5"),
    ("C14", 2, ""), ("C15", 3, ""), ("C16", 3, ""), ("C17", 4, "C7 and C12"),
    ("C18", 5, ""), ("C19", 2, ""), ("C20", 2, "C16"), ("C21", 5, "C14 and C10"),
    ("C22", 4, "C10"), ("C23", 2, "C16 and C17"), ("C24", 3, "C18"), ("C25", 3, ""),
    ("C26", 5, "C22 and C18"), ("C27", 4, ""), ("C28", 5, "C24"), ("C29", 4, ""),
    ("C30", 3, "C23 and C24"), ("C31", 3, ""), ("C32", 5, "C26"), ("C33", 3, ""),
    ("C34", 5, "C27"), ("C35", 2, "C25 and C29"),
]  # fmt: skip
ITEMS = [Item(code, 100 * credits, parse(requires)) for code, credits, requires in COURSES]
SLOTS = [Slot(f"term{t}", 1500, 1800) for t in range(20)]


def _valid(terms: tuple[tuple[int, ...], ...]) -> list[str]:
    jobs = [Job(i.key, i.credits, i.requires, i.corequires, i.offered) for i in ITEMS]
    return check_schedule(jobs, [(s.name, s.capacity) for s in SLOTS], frozenset(), terms)


def test_exact_fallback_packs_a_degree_perfectly_where_list_scheduling_cannot() -> None:
    fast = schedule(ITEMS, SLOTS, frozenset(), exact_fallback=False)
    assert (fast.count, fast.lower_bound, fast.proven) == (9, 8, False)
    token = EXACT_BUDGET.set(60.0)  # a shared, loaded machine: a budget that never runs out
    try:
        exact = schedule(ITEMS, SLOTS, frozenset())
    finally:
        EXACT_BUDGET.reset(token)
    assert (exact.count, exact.proven) == (8, True)
    assert _valid(exact.terms) == []
    assert all(sum(ITEMS[i].credits for i in term) == 1500 for term in exact.terms)


def test_exact_budget_zero_keeps_the_fast_schedule() -> None:
    token = EXACT_BUDGET.set(0.0)
    try:
        result = schedule(ITEMS, SLOTS, frozenset())
    finally:
        EXACT_BUDGET.reset(token)
    assert (result.count, result.proven) == (9, False)


def test_a_budget_that_runs_out_proves_nothing_and_keeps_the_fast_schedule() -> None:
    """A plan must not depend on the machine's speed: when the solver stops at its limit,
    the fast schedule stands, unproven, whatever the solver had found."""
    terms, outcome = exact_schedule(Problem(ITEMS, SLOTS, frozenset()), 8, 1e-6)
    assert outcome == "limit"
    token = EXACT_BUDGET.set(1e-6)
    try:
        result = schedule(ITEMS, SLOTS, frozenset())
    finally:
        EXACT_BUDGET.reset(token)
    assert (result.count, result.proven) == (9, False)


def test_no_schedule_in_fewer_terms_than_the_bound_is_infeasible_not_a_limit() -> None:
    assert exact_schedule(Problem(ITEMS, SLOTS, frozenset()), 7, 30.0) == (None, "infeasible")
