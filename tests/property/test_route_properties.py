"""Transfer routes against brute force (docs/routes.md).

On small random cases (tests/property/route_instances.py), the chosen route costs and
finishes exactly as the best of every subset of the feeder's courses (not only the
candidates the search kept after pruning) does, evaluated one by one; the budget and the
finish-by constraints hold; held items are never bought; a search forced to be bounded
says so, and no subset costs less than its lower bound.
"""

from __future__ import annotations

from itertools import combinations

from hypothesis import HealthCheck, given, settings

from credstack.engine.routes import RouteFinder, by_key, find_routes
from tests.property.route_instances import GOAL, RouteCase, route_cases

SETTINGS = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def _brute(case: RouteCase, optimise: str) -> tuple[object, ...] | None:
    """The best (cost, finish) over every subset of the feeder items not held."""
    region, learner = case.region(), case.learner_file()
    finder = RouteFinder(region, learner, GOAL)
    deadline = by_key(region, GOAL, case.by)
    free = [ref for ref in case.feeder_items() if ref not in case.held()]
    best: tuple[object, ...] | None = None
    for size in range(len(free) + 1):
        for subset in combinations(free, size):
            route = finder.evaluate_set(subset)
            if not route.finishes:
                continue
            if case.budget is not None and route.cost > case.budget:
                continue
            finish = finder.finish_key(route.finish)
            if deadline is not None and finish > deadline:
                continue
            key = (route.cost, finish) if optimise == "cost" else (finish, route.cost)
            best = key if best is None or key < best else best
    return best


@SETTINGS
@given(route_cases())
def test_the_cheapest_route_equals_brute_force_over_every_subset(case: RouteCase) -> None:
    region, learner = case.region(), case.learner_file()
    result = find_routes(region, learner, GOAL, budget=case.budget, by=case.by)
    assert result.search.optimality == "optimal"
    want = _brute(case, "cost")
    if want is None:
        assert result.best is None
        return
    assert result.best is not None
    finder = RouteFinder(region, learner, GOAL)
    got = (result.best.cost, finder.finish_key(result.best.finish))
    assert got == want


@SETTINGS
@given(route_cases())
def test_the_soonest_route_equals_brute_force_over_every_subset(case: RouteCase) -> None:
    region, learner = case.region(), case.learner_file()
    result = find_routes(region, learner, GOAL, optimise="time", budget=case.budget, by=case.by)
    want = _brute(case, "time")
    if want is None:
        assert result.best is None
        return
    assert result.best is not None
    finder = RouteFinder(region, learner, GOAL)
    assert (finder.finish_key(result.best.finish), result.best.cost) == want


@SETTINGS
@given(route_cases())
def test_constraints_hold_and_held_items_are_never_bought(case: RouteCase) -> None:
    region, learner = case.region(), case.learner_file()
    result = find_routes(region, learner, GOAL, budget=case.budget, by=case.by)
    deadline = by_key(region, GOAL, case.by)
    finder = RouteFinder(region, learner, GOAL)
    for route in result.pareto:
        assert not {item.ref for item in route.items} & case.held()
        assert route.finishes
        if case.budget is not None:
            assert route.cost <= case.budget
        if deadline is not None:
            assert finder.finish_key(route.finish) <= deadline
        assert route.cost == sum((p.cost for p in route.phases), start=route.cost * 0)


@SETTINGS
@given(route_cases())
def test_a_bounded_search_says_so_and_no_route_beats_its_bound(case: RouteCase) -> None:
    """Forced to bound its search (no exact enumeration), the search says `bounded`, and
    no subset of the feeder's items costs less than its lower bound."""
    region, learner = case.region(), case.learner_file()
    result = find_routes(region, learner, GOAL, exact_items=-1)
    search = result.search
    assert search.optimality == "bounded" and search.bound
    assert search.lower_bound_cost is not None
    finder = RouteFinder(region, learner, GOAL)
    free = [ref for ref in case.feeder_items() if ref not in case.held()]
    for size in range(len(free) + 1):
        for subset in combinations(free, size):
            route = finder.evaluate_set(subset)
            if route.finishes:
                assert route.cost >= search.lower_bound_cost
