"""A scheduling problem: the items to place, the attended terms, what is already done.

Shared by the scheduler (engine/schedule.py) and its exact fallback
(engine/schedule_milp.py), so both read offerings, loads and prerequisites one way.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from credstack.model.prereq import Expr, codes, satisfied


@dataclass(frozen=True)
class Item:
    key: str
    credits: int  # hundredths
    requires: Expr = None
    corequires: Expr = None
    offered: frozenset[str] | None = None  # None: every term
    group: str | None = None  # interchangeable items (elective slots) share a group


@dataclass(frozen=True)
class Slot:
    name: str
    capacity: int  # hundredths: the learner's load, within the term maximum
    maximum: int = 0  # hundredths: the term maximum (an item up to it may be taken alone)

    @property
    def alone(self) -> int:
        """The largest single item this term can take."""
        return max(self.capacity, self.maximum)


class Problem:
    def __init__(self, items: Sequence[Item], slots: Sequence[Slot], done: frozenset[str]):
        self.items = list(items)
        self.slots = list(slots)
        self.done = done
        self.index = {item.key: i for i, item in enumerate(items)}

    def holds(self, expr: Expr, mask: int) -> bool:
        index = self.index
        done = self.done

        def complete(code: str) -> bool:
            i = index.get(code)
            return (mask >> i) & 1 == 1 if i is not None else code in done

        return satisfied(expr, complete)

    def offered(self, i: int, t: int) -> bool:
        offered = self.items[i].offered
        return offered is None or self.slots[t].name in offered

    def available(self, i: int, t: int, mask: int) -> bool:
        item = self.items[i]
        return self.offered(i, t) and self.holds(item.requires, mask)

    def successors(self) -> list[list[int]]:
        after: list[list[int]] = [[] for _ in self.items]
        for j, item in enumerate(self.items):
            for code in codes(item.requires):
                i = self.index.get(code)
                if i is not None:
                    after[i].append(j)
        return after
