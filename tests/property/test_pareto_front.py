"""The Pareto front of cost against finish equals a brute-force check of every pair on
random points (engine/pareto.py): a point is on the front exactly when no other point of
its currency finishes no later, costs no more and is strictly better on one of the two."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from credstack.engine.pareto import Point, pareto_front


def dominates(a: Point[int], b: Point[int]) -> bool:
    return (
        a.group == b.group
        and a.finish <= b.finish
        and a.cost <= b.cost
        and (a.finish < b.finish or a.cost < b.cost)
    )


def brute_front(points: list[Point[int]]) -> frozenset[int]:
    return frozenset(
        p.key for p in points if not any(dominates(q, p) for q in points if q is not p)
    )


points = st.lists(
    st.tuples(
        st.sampled_from(["USD", "EUR", "GBP"]),
        st.integers(24_300, 24_330),  # finish months: few values, so ties are common
        st.integers(0, 40).map(lambda c: Decimal(c) * 250),
    ),
    max_size=25,
).map(lambda raw: [Point(i, g, f, c) for i, (g, f, c) in enumerate(raw)])


@settings(max_examples=400, deadline=None)
@given(points)
def test_pareto_front_equals_brute_force(points: list[Point[int]]) -> None:
    front = pareto_front(points)
    assert front == brute_front(points)
    # every currency with points has a front, and nothing on it is beaten
    assert {p.group for p in points} == {p.group for p in points if p.key in front}
