"""Exact weighted set cover, for the small instances a role's skill gap makes.

Weighted set cover is NP-hard, but a role lists a handful of skills and only the
credentials that teach one of the missing skills take part, so the instances are tiny.
The search is a dynamic programme over the sets of gap skills covered so far (only the
reachable ones are kept), after dropping options that another option dominates. It is
exact, and its ties are broken deterministically: the lowest total weight, then the
fewest options, then the alphabetically first list of ids.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class Option:
    """Something that can be chosen: its id, what it covers and what it weighs."""

    id: str
    covers: frozenset[str]
    weight: Decimal


Key = tuple[Decimal, int, tuple[str, ...]]


def _key(chosen: Sequence[Option]) -> Key:
    return (
        sum((o.weight for o in chosen), Decimal(0)),
        len(chosen),
        tuple(sorted(o.id for o in chosen)),
    )


def _undominated(universe: frozenset[str], options: Sequence[Option]) -> list[Option]:
    """Options worth considering: each covers something, and no other option covers at
    least as much of the universe while being lighter (or as light and earlier by id).

    Swapping a dominated option for its dominator never makes a cover worse under the
    tie-break order, so the optimum survives the pruning.
    """
    useful = [o for o in options if o.covers & universe]
    kept: list[Option] = []
    for option in useful:
        mine = option.covers & universe
        if not any(
            other is not option
            and mine <= (other.covers & universe)
            and (other.weight, other.id) < (option.weight, option.id)
            for other in useful
        ):
            kept.append(option)
    return kept


def cheapest_cover(
    universe: frozenset[str], options: Sequence[Option]
) -> tuple[Option, ...] | None:
    """The exact minimum-weight choice of options covering `universe`; None if none does.

    An empty universe is covered by choosing nothing. Ids must be unique.
    """
    if not universe:
        return ()
    candidates = sorted(_undominated(universe, options), key=lambda o: o.id)
    if not frozenset().union(*(o.covers for o in candidates)) >= universe:
        return None
    # best[covered] = the best choice found so far that covers exactly `covered`
    best: dict[frozenset[str], tuple[Key, tuple[Option, ...]]] = {frozenset(): (_key(()), ())}
    for option in candidates:
        gain = option.covers & universe
        for covered, (_, chosen) in list(best.items()):
            reach = covered | gain
            if reach == covered:
                continue
            grown = (*chosen, option)
            key = _key(grown)
            if reach not in best or key < best[reach][0]:
                best[reach] = (key, grown)
    found = best.get(universe)
    return None if found is None else tuple(sorted(found[1], key=lambda o: o.id))
