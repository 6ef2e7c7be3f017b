"""The scheduler's lower bounds: each is a rule that no schedule can beat, and each
lets a plan be reported as proven minimal without a search."""

from __future__ import annotations

from credstack.engine.schedule import Item, Slot, schedule

TERMS = [Slot("fall", 550), Slot("spring", 550)] * 10


def items(*credits: int) -> list[Item]:
    return [Item(f"C{i}", c) for i, c in enumerate(credits)]


def test_lower_bound_gives_a_term_to_each_course_over_half_the_load() -> None:
    """Nine 3-credit courses at a 5.5-credit load: no two share a term, so nine terms,
    though 27 credits would fit in five terms of 5.5."""
    result = schedule(items(*[300] * 9), TERMS, frozenset())
    assert (result.count, result.lower_bound, result.proven) == (9, 9, True)


def test_lower_bound_counts_how_many_courses_fit_a_term() -> None:
    """Five 2-credit courses at 5.5 credits a term: two a term at most (three take 6),
    so three terms, though 10 credits fit in two terms of 5.5."""
    result = schedule(items(*[200] * 5), TERMS, frozenset())
    assert (result.count, result.lower_bound, result.proven) == (3, 3, True)


def test_lower_bound_counts_an_oversized_course_alone() -> None:
    """A 12-credit capstone (within the 18-credit term maximum) is taken alone, beside
    two 3-credit courses that share a term: two terms, proven."""
    slots = [Slot("fall", 600, 1800), Slot("spring", 600, 1800)] * 5
    result = schedule(items(1200, 300, 300), slots, frozenset())
    assert (result.count, result.lower_bound, result.proven) == (2, 2, True)
