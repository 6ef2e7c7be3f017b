"""Audit semantics §4, the Pareto front of cost against finish (engine/pareto.py and
engine/compare.py's tradeoffs): one test per rule."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from decimal import Decimal

import pytest

from credstack.engine.compare import tradeoffs
from credstack.engine.evaluate import evaluate
from credstack.engine.pareto import Point, pareto_front
from credstack.model.learner import LearnerFile
from credstack.model.region import Region
from credstack.store.catalogue_loader import load_region_with_problems
from credstack.store.learner_store import load_learner
from credstack.store.shipped import shipped_catalogues, shipped_learners

AS_OF = dt.date(2026, 11, 28)


@pytest.fixture(scope="module")
def shipped_region() -> Region:
    return load_region_with_problems(shipped_catalogues())[0]


@pytest.fixture(scope="module")
def career_changer(shipped_region: Region) -> LearnerFile:
    return load_learner(shipped_learners() / "career-changer.toml", shipped_region).learner


def p(key: str, finish: int, cost: int, group: str = "USD") -> Point[str]:
    return Point(key, group, finish, Decimal(cost))


def test_a_program_both_sooner_and_cheaper_takes_another_off_the_front() -> None:
    assert pareto_front([p("a", 10, 100), p("b", 12, 150)]) == {"a"}


def test_sooner_but_dearer_and_later_but_cheaper_are_both_on_the_front() -> None:
    assert pareto_front([p("soon", 10, 200), p("cheap", 14, 100)]) == {"soon", "cheap"}


def test_same_finish_the_cheaper_wins() -> None:
    assert pareto_front([p("a", 10, 100), p("b", 10, 101)]) == {"a"}


def test_same_cost_the_sooner_wins() -> None:
    assert pareto_front([p("a", 10, 100), p("b", 11, 100)]) == {"a"}


def test_two_programs_with_the_same_finish_and_cost_are_both_on_the_front() -> None:
    assert pareto_front([p("a", 10, 100), p("b", 10, 100), p("c", 11, 100)]) == {"a", "b"}


def test_costs_in_different_currencies_are_never_compared() -> None:
    points = [p("usd", 10, 100, "USD"), p("eur", 12, 900, "EUR"), p("eur2", 13, 950, "EUR")]
    assert pareto_front(points) == {"usd", "eur"}


def test_no_programs_no_front() -> None:
    assert pareto_front([]) == frozenset()


def test_finish_is_placed_by_each_institutions_calendar(
    shipped_region: Region, career_changer: LearnerFile
) -> None:
    """A finish term is placed at its start month in its own institution's calendar,
    so "2028 spring" in January sorts before "2028 autumn" in September."""
    as_of = AS_OF
    results = [
        evaluate(shipped_region, career_changer, ref, as_of)
        for ref in ("northbridge:bs-it", "metro-cc:as-cis")
    ]
    points = tradeoffs(shipped_region, results, as_of)
    for point in points:
        assert point.finish is not None
        year, name = point.finish.split(" ", 1)
        policy = shipped_region.get(point.program.split(":")[0]).catalogue.institution  # type: ignore[union-attr]
        assert policy is not None
        month = next(t.starts for t in policy.term if t.name == name)
        assert point.finish_month == int(year) * 12 + month - 1


def test_unfinishable_plans_are_not_placed(
    shipped_region: Region, career_changer: LearnerFile
) -> None:
    as_of = AS_OF
    result = evaluate(shipped_region, career_changer, "northbridge:bs-it", as_of)
    stuck_plan = replace(result.confirmed.plan, unschedulable=("IT999",))
    stuck = replace(result, confirmed=replace(result.confirmed, plan=stuck_plan))
    assert tradeoffs(shipped_region, [stuck], as_of) == ()


def test_nothing_left_finishes_at_the_as_of_month(
    shipped_region: Region, career_changer: LearnerFile
) -> None:
    as_of = AS_OF
    result = evaluate(shipped_region, career_changer, "northbridge:bs-it", as_of)
    done_plan = replace(result.confirmed.plan, finish=None, terms=(), term_count=0)
    done = replace(result, confirmed=replace(result.confirmed, plan=done_plan))
    (point,) = tradeoffs(shipped_region, [done], as_of)
    assert point.finish_month == 2026 * 12 + 10 and point.on_front
