"""The scheduler's exact fallback (engine/schedule_milp.py) and its packing bound, against
brute force (tests/property/brute.py): on every small random schedule, the MILP finds a
schedule in exactly the fewest terms, proves there is none in fewer, and what it returns
breaks no prerequisite, corequisite, offering or load."""

from __future__ import annotations

import itertools
from fractions import Fraction

from hypothesis import assume, given
from hypothesis import strategies as st

from credstack.engine.schedule import terms_to_pack
from credstack.engine.schedule_milp import exact_schedule
from credstack.engine.schedule_problem import Problem
from tests.property.brute import check_schedule, fewest_terms, reachable
from tests.property.test_plan_properties import DONE, SETTINGS, ScheduleCase, schedule_cases

BUDGET = 30.0  # seconds: far more than any of these takes; a limit would fail the test


def _brute(case: ScheduleCase) -> int:
    jobs = case.jobs
    every = set(range(len(jobs)))
    assume(reachable(jobs, case.calendar, DONE) == every)
    best = fewest_terms(jobs, case.calendar, DONE, every, len(case.slots))
    assert best is not None
    return best


@SETTINGS
@given(schedule_cases(max_items=7))
def test_exact_schedule_finds_the_fewest_terms_of_brute_force(case: ScheduleCase) -> None:
    best = _brute(case)
    problem = Problem(case.items, case.slots, DONE)
    terms, outcome = exact_schedule(problem, len(case.slots), BUDGET)
    assert outcome == "optimal", case.describe()
    assert terms is not None and len(terms) == best, f"{terms} vs {best}\n" + case.describe()
    problems = check_schedule(case.jobs, case.calendar, DONE, tuple(map(tuple, terms)))
    assert not problems, "\n".join([*problems, case.describe()])


@SETTINGS
@given(schedule_cases(max_items=7))
def test_exact_schedule_proves_no_schedule_is_shorter_than_brute_force(
    case: ScheduleCase,
) -> None:
    best = _brute(case)
    assume(best > 1)
    problem = Problem(case.items, case.slots, DONE)
    terms, outcome = exact_schedule(problem, best - 1, BUDGET)
    assert (terms, outcome) == (None, "infeasible"), case.describe()


def _fewest_bins(sizes: list[int], capacity: int) -> int:
    """Brute force: the fewest bins of `capacity` (an item over it alone in a bin)."""
    alone = sum(1 for s in sizes if s > capacity)
    rest = [s for s in sizes if s <= capacity]
    for bins in range(len(rest) + 1):
        for labels in itertools.product(range(bins), repeat=len(rest)):
            loads = [0] * bins
            for size, label in zip(rest, labels, strict=True):
                loads[label] += size
            if all(load <= capacity for load in loads):
                return bins + alone
    return len(rest) + alone


@SETTINGS
@given(
    st.lists(st.integers(1, 12).map(lambda n: 50 * n), min_size=1, max_size=7),
    st.integers(2, 12).map(lambda n: 100 * n),
)
def test_packing_bound_never_exceeds_the_fewest_bins(sizes: list[int], capacity: int) -> None:
    assert terms_to_pack(sizes, capacity) <= _fewest_bins(sizes, capacity)


def test_packing_bound_sees_what_the_credit_total_misses() -> None:
    """Twenty-one 6-credit courses at a 15-credit load: two a term, eleven terms (the
    credit total says 126 / 15 = 8.4, so 9)."""
    assert terms_to_pack([600] * 21, 1500) == 11
    assert terms_to_pack([600] * 21 + [500] * 7 + [750] * 2 + [100, 300], 1500) == 14


def test_dual_feasible_function_keeps_every_fitting_set_within_one() -> None:
    """u_k maps any set of sizes fitting one term to a total of at most 1 (exhaustively,
    on sizes in twelfths of a term and k up to 10)."""
    from credstack.engine.schedule import DFF_ORDERS, _dff

    sizes = [Fraction(n, 12) for n in range(1, 13)]
    for k in DFF_ORDERS:
        for count in range(1, 5):
            for chosen in itertools.combinations_with_replacement(sizes, count):
                if sum(chosen) <= 1:
                    assert sum(_dff(x, k) for x in chosen) <= 1, (k, chosen)
