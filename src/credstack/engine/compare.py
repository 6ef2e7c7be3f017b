"""Comparison across institutions (semantics §4): the same audit and plan, side by side."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Literal

from credstack.engine.results import ProgramResult

SortKey = Literal["terms", "cost", "remaining"]


def rank(results: Sequence[ProgramResult], sort: SortKey = "terms") -> list[ProgramResult]:
    """Results ordered by `sort`; unfinishable plans last.

    Costs are only ranked within one currency: sorting by cost groups by currency first,
    since no exchange rates are assumed.
    """

    def key(result: ProgramResult) -> tuple[object, ...]:
        plan = result.confirmed.plan
        stuck = 0 if plan.finishes else 1
        terms = plan.term_count
        cost: Decimal = plan.cost
        remaining = result.confirmed.audit.remaining
        if sort == "cost":
            return (stuck, result.currency, cost, terms, remaining, result.program)
        if sort == "remaining":
            return (stuck, remaining, terms, result.currency, cost, result.program)
        return (stuck, terms, remaining, result.currency, cost, result.program)

    return sorted(results, key=key)
