"""The schedule with courses over the learner's load (docs/decisions.md: one is taken
alone, within the term maximum), against a brute force of its own: an item is reported
unschedulable exactly when no schedule can take it, and the schedule uses the fewest
terms (issue 15: a small corequisite of a course over the load was reported
unschedulable, with 0 terms).
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import combinations

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from credstack.engine.schedule import Item, Slot, schedule
from credstack.model.prereq import AllOf, AnyOf, Expr, Need
from tests.property.brute import holds

DONE = frozenset({"D1"})
TERMS = ("spring", "fall")
SLOTS = 24


def _fits(items: Sequence[Item], chosen: Sequence[int], slot: Slot, before: set[str]) -> bool:
    """Whether `chosen` may share `slot` after `before`: within the load, or one item
    alone within the maximum; offered; prerequisites earlier; corequisites no later."""
    load = sum(items[i].credits for i in chosen)
    if load > slot.capacity and not (len(chosen) == 1 and load <= slot.maximum):
        return False
    same = before | {items[i].key for i in chosen}
    for i in chosen:
        item = items[i]
        if item.offered is not None and slot.name not in item.offered:
            return False
        if not holds(item.requires, lambda c: c in before or c in DONE):
            return False
        if not holds(item.corequires, lambda c: c in same or c in DONE):
            return False
    return True


def _reachable(items: Sequence[Item], slots: Sequence[Slot]) -> set[int]:
    """Every item some schedule over the repeating calendar takes (a union fixpoint)."""
    taken: set[int] = set()
    changed = True
    while changed:
        changed = False
        for slot in dict.fromkeys(slots):
            rest = [i for i in range(len(items)) if i not in taken]
            for size in range(1, len(rest) + 1):
                for chosen in combinations(rest, size):
                    keys = {items[i].key for i in taken}
                    if not set(chosen) <= taken and _fits(items, chosen, slot, keys):
                        taken |= set(chosen)
                        changed = True
    return taken


def _fewest(items: Sequence[Item], slots: Sequence[Slot], wanted: set[int], most: int) -> int:
    """The fewest leading slots that take every item of `wanted` (at most `most`)."""
    if not wanted:
        return 0
    full = frozenset(wanted)
    frontier: set[frozenset[int]] = {frozenset()}
    for t in range(most):
        following: set[frozenset[int]] = set()
        for done in frontier:
            keys = {items[i].key for i in done}
            following.add(done)
            rest = sorted(full - done)
            for size in range(1, len(rest) + 1):
                for chosen in combinations(rest, size):
                    if _fits(items, chosen, slots[t], keys):
                        if done | set(chosen) == full:
                            return t + 1
                        following.add(done | frozenset(chosen))
        frontier = following
    return most + 1


def _expressions(pool: list[str]) -> st.SearchStrategy[Expr]:
    leaf = st.sampled_from(pool).map(Need)
    pair = st.lists(leaf, min_size=2, max_size=2).map(tuple)
    return st.one_of(leaf, leaf, pair.map(AllOf), pair.map(AnyOf))


@st.composite
def cases(draw: st.DrawFn) -> tuple[tuple[Item, ...], tuple[Slot, ...]]:
    n = draw(st.integers(1, 5))
    keys = [f"K{i}" for i in range(n)]
    items = []
    for i, key in enumerate(keys):
        earlier = keys[:i] + ["D1"]
        later = [k for k in keys if k != key]
        requires = draw(st.none() | _expressions(earlier))
        corequires = draw(st.none() | _expressions(later)) if later else None
        offered = draw(st.none() | st.frozensets(st.sampled_from(TERMS), min_size=1))
        credits = 100 * draw(st.integers(1, 6))
        items.append(Item(key, credits, requires, corequires, offered))
    capacity = {t: 100 * draw(st.integers(2, 5)) for t in TERMS}
    extra = {t: 100 * draw(st.integers(0, 3)) for t in TERMS}
    slots = tuple(Slot(t, capacity[t], capacity[t] + extra[t]) for t in (TERMS * SLOTS)[:SLOTS])
    return tuple(items), slots


SMALL_NEEDS_BIG = (
    (Item("B1", 100, corequires=Need("A1")), Item("A1", 400)),
    tuple(Slot(t, 300, 1200) for t in (TERMS * SLOTS)[:SLOTS]),
)


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases())
@example(SMALL_NEEDS_BIG)
def test_over_the_load_schedule_is_valid_complete_and_shortest(
    case: tuple[tuple[Item, ...], tuple[Slot, ...]],
) -> None:
    items, slots = case
    result = schedule(items, slots, DONE)
    shown = f"{items}\n{slots[:2]}\n{result}"
    before: set[str] = set()
    for t, chosen in enumerate(result.terms):
        assert not chosen or _fits(items, chosen, slots[t], before), shown
        before |= {items[i].key for i in chosen}
    scheduled = {i for term in result.terms for i in term}
    assert set(result.unschedulable) == set(range(len(items))) - _reachable(items, slots), shown
    assert scheduled | set(result.unschedulable) == set(range(len(items))), shown
    assert _fewest(items, slots, scheduled, result.count) == result.count, shown
    assert result.lower_bound <= result.count, shown
