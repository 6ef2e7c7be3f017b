"""The Pareto front of cost against finish (docs/audit-semantics.md §4): which programs
no other program beats on both.

A point is on the front when no other point of its group finishes no later and costs no
more while being strictly better on one of the two. Groups are currencies: costs in
different currencies are never compared (no exchange rates are assumed), so each
currency has its own front. Two points with the same finish and the same cost are both
on the front (neither beats the other).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)


@dataclass(frozen=True)
class Point(Generic[K]):
    """One program as the front sees it: when it finishes and what it costs."""

    key: K
    group: str  # the currency: only points of one group are compared
    finish: int  # an ordinal of the finish (months since year 0): smaller is sooner
    cost: Decimal


def pareto_front(points: Iterable[Point[K]]) -> frozenset[K]:
    """The keys of the points no other point of their group dominates.

    One sort and one sweep per group, O(n log n): by finish, then cost; a point is on
    the front when its cost is the lowest of its finish and lower than every cost that
    finishes sooner.
    """
    groups: dict[str, list[Point[K]]] = {}
    for point in points:
        groups.setdefault(point.group, []).append(point)
    front: set[K] = set()
    for members in groups.values():
        members.sort(key=lambda p: (p.finish, p.cost))
        sooner_best: Decimal | None = None  # the lowest cost of every earlier finish
        index = 0
        while index < len(members):
            finish = members[index].finish
            lowest = members[index].cost  # sorted: the first of a finish is its cheapest
            while index < len(members) and members[index].finish == finish:
                point = members[index]
                if point.cost == lowest and (sooner_best is None or lowest < sooner_best):
                    front.add(point.key)
                index += 1
            if sooner_best is None or lowest < sooner_best:
                sooner_best = lowest
    return frozenset(front)
