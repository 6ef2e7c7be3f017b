"""Scheduling planned items into the fewest attended terms.

Each term takes at most its capacity (a single item larger than the capacity but within
the term's maximum may be taken alone), only items offered in it, only items whose
prerequisites were done in an earlier term and whose corequisites are done earlier or
in the same term. Exact (iterative deepening over maximal term loads, which is enough:
an item that fits and is available can always move earlier without harm) for up to
EXACT_LIMIT items; above that, list scheduling by longest remaining chain, with the
lower bound (chains through offerings, credits and item counts per load, bin packing by
dual feasible functions) reported beside it. A schedule neither proves minimal goes to
the exact fallback, a time-indexed MILP (engine/schedule_milp.py) within EXACT_BUDGET
seconds: it finds a shorter schedule or proves there is none.

An item is reported unschedulable only when no schedule at all can take it
(`_unschedulable`): an item over the load is taken alone, so a corequisite of one must be
met in an earlier term, and a course whose corequisite it is may follow it.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from contextvars import ContextVar
from dataclasses import dataclass
from fractions import Fraction

from credstack.engine.schedule_problem import Item, Problem, Slot

__all__ = [
    "EXACT_BUDGET",
    "EXACT_LIMIT",
    "Item",
    "Schedule",
    "Slot",
    "keys_by_term",
    "lower_bound",
    "schedule",
    "valid",
]
from credstack.model.prereq import codes

EXACT_LIMIT = 20
# Seconds the exact fallback (engine/schedule_milp.py) may spend on one schedule the fast
# search could not prove; 0 turns it off. A context variable, so a command can set its
# own (batch does) without touching other threads' plans.
EXACT_BUDGET: ContextVar[float] = ContextVar("exact_budget", default=0.25)
WORK_BUDGET = 40_000  # search nodes plus load-enumeration steps, per term count tried
JITTERED_ORDERS = 24


@dataclass(frozen=True)
class Schedule:
    terms: tuple[tuple[int, ...], ...]  # item indices per attended term (trailing empties cut)
    lower_bound: int
    proven: bool
    unschedulable: tuple[int, ...] = ()

    @property
    def count(self) -> int:
        return len(self.terms)


def schedule(
    items: Sequence[Item],
    slots: Sequence[Slot],
    done: frozenset[str],
    known_stuck: frozenset[int] = frozenset(),
    *,
    exact_fallback: bool = True,
    exact_limit: int = EXACT_LIMIT,
) -> Schedule:
    """The fewest-terms schedule of `items` over `slots` (attended terms in order).

    The exhaustive search runs for at most `exact_limit` items (list scheduling above
    that). `exact_fallback`: when neither the bound nor the search proves the schedule
    minimal, ask the time-indexed MILP (engine/schedule_milp.py) for one in fewer terms,
    within `EXACT_BUDGET` seconds."""
    problem = Problem(items, slots, done)
    if not items:
        return Schedule((), 0, True)
    stuck = _unschedulable(problem) | known_stuck
    if stuck:
        keep = [i for i in range(len(items)) if i not in stuck]
        sub = schedule(
            [items[i] for i in keep],
            slots,
            done,
            exact_fallback=exact_fallback,
            exact_limit=exact_limit,
        )
        terms = tuple(tuple(keep[i] for i in term) for term in sub.terms)
        stuck |= {keep[i] for i in sub.unschedulable}
        return Schedule(terms, sub.lower_bound, False, tuple(sorted(stuck)))
    bound = lower_bound(problem)
    heuristic = _list_schedule(problem, bound)
    best = heuristic
    complete = _left_out(problem, heuristic) == 0
    proven = complete and len(heuristic) <= bound
    if complete and not proven and len(items) <= exact_limit:
        for k in range(bound, len(heuristic)):
            found, exhausted = _exact(problem, k)
            if found is not None:
                best, proven = found, True
                break
            if not exhausted:
                break
        else:
            proven = True
    if complete and not proven and exact_fallback:
        best, proven = _fallback(problem, best)
    missing = set(range(len(items))) - {i for term in best for i in term}
    if missing:  # only when the attended terms run out before every item is taken
        return schedule(
            items,
            slots,
            done,
            frozenset(missing),
            exact_fallback=exact_fallback,
            exact_limit=exact_limit,
        )
    return Schedule(tuple(tuple(t) for t in best), bound, proven)


def _fallback(problem: Problem, heuristic: list[list[int]]) -> tuple[list[list[int]], bool]:
    """The MILP's answer when it proves something: a shorter schedule that is minimal, or
    that none is shorter than the heuristic's. When the budget runs out the heuristic's
    schedule stands, unproven, even if the solver had found a shorter one: a plan must
    not depend on how fast the machine was (only whether it is proven minimal may)."""
    budget = EXACT_BUDGET.get()
    if budget <= 0:
        return heuristic, False
    from credstack.engine.schedule_milp import exact_schedule  # loads the solver

    found, outcome = exact_schedule(problem, len(heuristic) - 1, budget)
    if outcome == "infeasible":
        return heuristic, True  # no schedule in fewer terms: the heuristic's is minimal
    if outcome == "optimal" and found is not None and valid(problem, found):
        return found, True
    return heuristic, False


def valid(problem: Problem, terms: Sequence[Sequence[int]]) -> bool:
    """Whether `terms` takes every item once, in terms that offer it, within each term's
    load (an item over the load alone, within the maximum), prerequisites in earlier
    terms and corequisites in earlier terms or the same one."""
    seen: set[int] = set()
    mask = 0
    for t, term in enumerate(terms):
        if t >= len(problem.slots):
            return False
        slot = problem.slots[t]
        load = sum(problem.items[i].credits for i in term)
        alone = len(term) == 1 and problem.items[term[0]].credits <= slot.alone
        if load > slot.capacity and not alone:
            return False
        term_mask = mask
        for i in term:
            term_mask |= 1 << i
        for i in term:
            if i in seen or not problem.available(i, t, mask):
                return False
            if not problem.holds(problem.items[i].corequires, term_mask):
                return False
            seen.add(i)
        mask = term_mask
    return len(seen) == len(problem.items)


def _unschedulable(problem: Problem) -> set[int]:
    """Items that no schedule over the attended terms, repeated, can ever take.

    The items some schedule reaches are closed under union (do one schedule, then the
    other's remaining items), so a fixpoint over single term loads finds them: on each
    kind of attended term, any item that is available with a group of corequisite
    partners within the load (`_group`), or alone when it is over the load but within
    the term maximum, is reachable. What is left is stuck: offered in no attended term,
    larger than every term, after a stuck item, or with corequisites that can never
    share a term with it nor come earlier.
    """
    kinds = list({slot: t for t, slot in reversed(list(enumerate(problem.slots)))}.values())
    kinds.sort()
    items = problem.items
    taken = 0
    changed = True
    while changed:
        changed = False
        for t in kinds:
            slot = problem.slots[t]
            for i, item in enumerate(items):
                if (taken >> i) & 1 or not problem.available(i, t, taken):
                    continue
                group: list[int] | None = None
                if item.credits <= slot.capacity:
                    group = _group(problem, i, t, taken, taken, slot.capacity)
                elif item.credits <= slot.alone and problem.holds(
                    item.corequires, taken | (1 << i)
                ):
                    group = [i]
                if group:
                    for j in group:
                        taken |= 1 << j
                    changed = True
    return {i for i in range(len(items)) if not (taken >> i) & 1}


def _group(
    problem: Problem, i: int, t: int, mask: int, term_mask: int, room: int
) -> list[int] | None:
    """`i` and the corequisite partners it needs in term t, all within `room`, or None.

    `mask`: items done in earlier terms; `term_mask`: those plus the items already chosen
    for term t. A partner is added only for a corequisite that does not hold yet, from
    the codes it names, so a group that exists is found (each step adds an item that any
    valid group containing the current one must hold).
    """
    items = problem.items
    if items[i].credits > room:
        return None
    if problem.holds(items[i].corequires, term_mask | (1 << i)):
        return [i]
    seen: set[int] = set()

    def search(group: list[int], gmask: int, left: int) -> list[int] | None:
        if gmask in seen:
            return None
        seen.add(gmask)
        failing = next((j for j in group if not problem.holds(items[j].corequires, gmask)), None)
        if failing is None:
            return group
        for code in codes(items[failing].corequires):
            k = problem.index.get(code)
            if k is None or (gmask >> k) & 1 or items[k].credits > left:
                continue
            if not problem.available(k, t, mask):
                continue
            found = search([*group, k], gmask | (1 << k), left - items[k].credits)
            if found is not None:
                return found
        return None

    return search([i], term_mask | (1 << i), room - items[i].credits)


def _most(problem: Problem, t: int) -> int:
    """The most credit term t can take: its capacity, or one oversized item alone."""
    slot = problem.slots[t]
    biggest = max((item.credits for item in problem.items if item.credits <= slot.alone), default=0)
    return max(slot.capacity, biggest)


def _relaxed_term(problem: Problem, t: int, mask: int) -> int:
    """`mask` plus every item term t could take if terms had no credit limit."""
    n = len(problem.items)
    new = mask
    for i in range(n):
        if not (mask >> i) & 1 and problem.available(i, t, mask):
            new |= 1 << i
    changed = True
    while changed:  # corequisites taken in the same term
        changed = False
        for i in range(n):
            if (
                (new >> i) & 1
                and not (mask >> i) & 1
                and not problem.holds(problem.items[i].corequires, new)
            ):
                new &= ~(1 << i)
                changed = True
    return new


def _chain_fits(problem: Problem, t: int, mask: int, k: int) -> bool:
    """Whether the items outside `mask` can all be done in terms t..k-1 ignoring credit
    limits: the longest chain through offerings, from a state of the search."""
    full = (1 << len(problem.items)) - 1
    while mask != full and t < k:
        mask = _relaxed_term(problem, t, mask)
        t += 1
    return mask == full


def _most_items(problem: Problem, t: int) -> int:
    """The most items term t can take: as many of the smallest as fit its capacity, or
    one oversized item alone (a bin-packing bound: three 3-credit courses never share a
    term of 7.5 credits, whatever the credit total says)."""
    slot = problem.slots[t]
    count = 0
    room = slot.capacity
    for credits in sorted(item.credits for item in problem.items):
        if credits > room:
            break
        room -= credits
        count += 1
    if count == 0 and any(item.credits <= slot.alone for item in problem.items):
        return 1
    return count


def _big_items(problem: Problem) -> int:
    """A mask of the items no two of which fit one term (each takes more than half of
    the largest capacity): every term holds at most one, so they need a term each."""
    widest = max(slot.capacity for slot in problem.slots)
    mask = 0
    for i, item in enumerate(problem.items):
        if 2 * item.credits > widest:
            mask |= 1 << i
    return mask


def lower_bound(problem: Problem) -> int:
    """The largest of: the longest chain through offerings; the terms needed for the
    credits at full load; the terms needed for the number of items (`_most_items`);
    the number of items that each need a term of their own (`_big_items`); the
    bin-packing bound of dual feasible functions (`_packing_bound`)."""
    n = len(problem.items)
    earliest = [-1] * n
    mask = 0
    t = 0
    while mask != (1 << n) - 1 and t < len(problem.slots):
        new = _relaxed_term(problem, t, mask)
        for i in range(n):
            if (new >> i) & 1 and not (mask >> i) & 1:
                earliest[i] = t
        mask = new
        t += 1
    chain = max(earliest) + 1 if min(earliest) >= 0 else len(problem.slots)
    total = sum(item.credits for item in problem.items)
    room = 0
    by_credits = 0
    for t in range(len(problem.slots)):
        room += _most(problem, t)
        if room >= total:
            by_credits = t + 1
            break
    places = 0
    by_count = 0
    for t in range(len(problem.slots)):
        places += _most_items(problem, t)
        if places >= n:
            by_count = t + 1
            break
    return max(
        chain,
        by_credits,
        by_count,
        _big_items(problem).bit_count(),
        _packing_bound(problem),
    )


DFF_ORDERS = range(1, 11)


def _packing_bound(problem: Problem) -> int:
    """A bin-packing bound from dual feasible functions (Fekete and Schepers 2001): the
    terms the items need by their sizes alone (`terms_to_pack`), whatever their order.
    This is what the credit total misses when sizes do not pack: twenty-one 6-credit
    courses at a 15-credit load need eleven terms (two a term), not 8.4."""
    widest = max((slot.capacity for slot in problem.slots), default=0)
    return terms_to_pack([item.credits for item in problem.items], widest)


def terms_to_pack(sizes: list[int], capacity: int) -> int:
    """The fewest terms of at most `capacity` that can hold items of these `sizes`, by
    the dual feasible functions u_k of Fekete and Schepers: with x = size / capacity,
    u_k(x) = x when (k + 1) x is a whole number, else floor((k + 1) x) / k, maps any set
    of items that fits one term to a total of at most 1; so the terms needed are at least
    the total of u_k over the items, for every k. An item over the capacity is taken
    alone (semantics: within the term maximum) and needs a term of its own."""
    if capacity <= 0:
        return len(sizes)
    alone = sum(1 for size in sizes if size > capacity)
    fractions = [Fraction(size, capacity) for size in sizes if size <= capacity]
    best = 0
    for k in DFF_ORDERS:
        total = sum((_dff(x, k) for x in fractions), Fraction(0))
        best = max(best, math.ceil(total))
    return best + alone


def _dff(x: Fraction, k: int) -> Fraction:
    scaled = (k + 1) * x
    if scaled.denominator == 1:
        return x
    return Fraction(math.floor(scaled), k)


def _orders(problem: Problem) -> list[list[int]]:
    """Priority orders for list scheduling; each starts with the longest remaining chain.

    Ties are then broken by named courses before elective slots and more credits; by
    more courses waiting on it; or by fewer credits (better packing). The best of the
    resulting schedules is kept.
    """
    after = problem.successors()
    tail: dict[int, int] = {}
    below: dict[int, frozenset[int]] = {}

    def length(i: int, seen: frozenset[int] = frozenset()) -> int:
        if i in tail:
            return tail[i]
        if i in seen:
            return 0
        value = 1 + max((length(j, seen | {i}) for j in after[i]), default=0)
        tail[i] = value
        return value

    def descendants(i: int, seen: frozenset[int] = frozenset()) -> frozenset[int]:
        if i in below:
            return below[i]
        found: frozenset[int] = frozenset()
        for j in after[i]:
            if j not in seen:
                found |= {j} | descendants(j, seen | {i})
        below[i] = found
        return found

    items = problem.items
    n = len(items)
    keys = [
        lambda i: (-length(i), items[i].group is not None, -items[i].credits, items[i].key),
        lambda i: (-length(i), -len(descendants(i)), -items[i].credits, items[i].key),
        lambda i: (-length(i), items[i].group is not None, items[i].credits, items[i].key),
    ]
    return [sorted(range(n), key=key) for key in keys]


def _list_schedule(problem: Problem, bound: int = 0) -> list[list[int]]:
    """The best of list scheduling under a few priority orders (see `_orders`).

    While the best is above the lower bound, a few more orders are tried, each the
    first one with every rank jittered by up to three places (seeded: the same input
    always gives the same plan).
    """
    orders = _orders(problem)
    best: list[list[int]] | None = None

    def better(terms: list[list[int]]) -> bool:
        """Fewer items left out (the terms ran out), then fewer terms."""
        if best is None:
            return True
        return (_left_out(problem, terms), len(terms)) < (_left_out(problem, best), len(best))

    for order in orders:
        terms = _list_schedule_by(problem, order)
        if better(terms):
            best = terms
    jitter = random.Random(len(problem.items))
    for _ in range(JITTERED_ORDERS):
        if best is not None and len(best) <= bound and not _left_out(problem, best):
            break
        rank = {i: position for position, i in enumerate(orders[0])}
        order = sorted(rank, key=lambda i: (rank[i] + jitter.randint(-3, 3), rank[i]))
        terms = _list_schedule_by(problem, order)
        if better(terms):
            best = terms
    return best or []


def _left_out(problem: Problem, terms: list[list[int]]) -> int:
    return len(problem.items) - sum(len(term) for term in terms)


def _list_schedule_by(problem: Problem, order: list[int]) -> list[list[int]]:
    n = len(problem.items)
    mask = 0
    terms: list[list[int]] = []
    for t, slot in enumerate(problem.slots):
        if mask == (1 << n) - 1:
            break
        chosen = _fill(problem, t, mask, order, slot)
        terms.append(chosen)
        for i in chosen:
            mask |= 1 << i
    while terms and not terms[-1]:
        terms.pop()
    return terms


def _fill(problem: Problem, t: int, mask: int, order: list[int], slot: Slot) -> list[int]:
    chosen: list[int] = []
    room = slot.capacity
    for i in order:  # an oversized item first, alone, when it is the best available
        item = problem.items[i]
        if (mask >> i) & 1 or not problem.available(i, t, mask):
            continue
        if slot.capacity < item.credits <= slot.alone and problem.holds(
            item.corequires, mask | (1 << i)
        ):
            return [i]
        break
    term_mask = mask
    progress = True
    while progress:
        progress = False
        for i in order:
            if (term_mask >> i) & 1 or problem.items[i].credits > room:
                continue
            if not problem.available(i, t, mask):
                continue
            group = _group(problem, i, t, mask, term_mask, room)
            if group is not None:
                for j in group:
                    chosen.append(j)
                    term_mask |= 1 << j
                    room -= problem.items[j].credits
                progress = True
                break
    if not chosen:  # nothing fits within the load: an item over it, alone
        for i in order:
            item = problem.items[i]
            if (
                not (mask >> i) & 1
                and slot.capacity < item.credits <= slot.alone
                and problem.available(i, t, mask)
                and problem.holds(item.corequires, mask | (1 << i))
            ):
                return [i]
    return chosen


def _exact(problem: Problem, k: int) -> tuple[list[list[int]] | None, bool]:
    """A schedule in at most k terms, or None; and whether the search was complete."""
    n = len(problem.items)
    full = (1 << n) - 1
    credits = [item.credits for item in problem.items]
    room_after = [0] * (k + 1)
    places_after = [0] * (k + 1)
    for t in range(k - 1, -1, -1):
        room_after[t] = room_after[t + 1] + _most(problem, t)
        places_after[t] = places_after[t + 1] + _most_items(problem, t)
    big = _big_items(problem)
    failed: set[tuple[int, int]] = set()
    nodes = 0
    exhausted = True

    def left(mask: int) -> int:
        return sum(credits[i] for i in range(n) if not (mask >> i) & 1)

    def search(t: int, mask: int) -> list[list[int]] | None:
        nonlocal nodes, exhausted
        if mask == full:
            return []
        if (
            t >= k
            or left(mask) > room_after[t]
            or n - mask.bit_count() > places_after[t]
            or (big & ~mask).bit_count() > k - t
            or (t, mask) in failed
        ):
            return None
        nodes += 1 + k - t  # the chain test below walks at most k - t terms
        if not _chain_fits(problem, t, mask, k):
            failed.add((t, mask))
            return None
        if nodes > WORK_BUDGET:
            exhausted = False
            return None
        loads, steps = _maximal_loads(problem, t, mask, WORK_BUDGET - nodes)
        nodes += steps
        if nodes > WORK_BUDGET:
            exhausted = False
            return None
        for chosen in loads:
            new = mask
            for i in chosen:
                new |= 1 << i
            rest = search(t + 1, new)
            if rest is not None:
                return [list(chosen), *rest]
            if not exhausted:
                return None
        failed.add((t, mask))
        return None

    result = search(0, 0)
    if result is not None:
        while result and not result[-1]:
            result.pop()
    return result, exhausted


def _maximal_loads(
    problem: Problem, t: int, mask: int, budget: int
) -> tuple[list[tuple[int, ...]], int]:
    """Every maximal set of items that can be taken together in term t, and the steps
    spent (the enumeration stops early once it has spent `budget`)."""
    capacity = problem.slots[t].capacity
    alone = problem.slots[t].alone
    candidates = [
        i
        for i in range(len(problem.items))
        if not (mask >> i) & 1
        and problem.available(i, t, mask)
        and problem.items[i].credits <= alone
    ]
    results: list[tuple[int, ...]] = []
    groups = [problem.items[i].group for i in candidates]

    def valid(chosen: list[int]) -> bool:
        term_mask = mask
        for i in chosen:
            term_mask |= 1 << i
        return all(problem.holds(problem.items[i].corequires, term_mask) for i in chosen)

    def maximal(chosen: list[int], room: int) -> bool:
        taken = set(chosen)
        for i in candidates:
            if i not in taken and problem.items[i].credits <= room and valid([*chosen, i]):
                return False
        return True

    steps = 0

    def walk(position: int, chosen: list[int], room: int, skipped: set[str]) -> None:
        nonlocal steps
        steps += 1
        if steps > budget:
            return
        if position == len(candidates):
            if valid(chosen) and maximal(chosen, room):
                results.append(tuple(chosen))
            return
        i = candidates[position]
        group = groups[position]
        credit = problem.items[i].credits
        if credit <= room and not (group is not None and group in skipped):
            walk(position + 1, [*chosen, i], room - credit, skipped)
        walk(position + 1, chosen, room, skipped | ({group} if group else set()))

    walk(0, [], capacity, set())
    for i in candidates:  # an oversized item is taken alone
        if capacity < problem.items[i].credits and valid([i]):
            results.append((i,))
    results.sort(key=lambda c: (-sum(problem.items[i].credits for i in c), c))
    return results or [()], steps


def keys_by_term(schedule_: Schedule, items: Sequence[Item]) -> list[list[str]]:
    return [[items[i].key for i in term] for term in schedule_.terms]
