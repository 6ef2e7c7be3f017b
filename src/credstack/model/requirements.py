"""How a program requirement reads: what a `credits` filter takes, what a requirement stands for.

One rule each, used by the audit (engine/audit.py), lint (engine/lint/) and the
articulation graph behind Explore's paths (engine/articulation_graph.py), so they can never
disagree about which units a requirement takes or how many credits it stands for.
"""

from __future__ import annotations

from collections.abc import Collection
from decimal import Decimal
from typing import Protocol

from credstack.model.catalogue import Requirement
from credstack.model.refs import split_ref
from credstack.model.region import LoadedCatalogue


class UnitFilter(Protocol):
    """A `credits` requirement's filters: a `Requirement`, or the audit's reading of one."""

    @property
    def subjects(self) -> Collection[str] | None: ...

    @property
    def min_level(self) -> int | None: ...

    @property
    def max_level(self) -> int | None: ...


def filter_takes(requirement: UnitFilter, subject: str, level: int) -> bool:
    """Whether a `credits` requirement's filters take a unit of `subject` at `level`.

    The filters are optional and all must hold: `subjects` lists the subjects taken (no
    list, or an empty one, filters nothing), `min_level` and `max_level` bound the level,
    inclusive. Whether the requirement has a `courses` pool instead is the caller's to ask.
    """
    if requirement.subjects and subject not in requirement.subjects:
        return False
    if requirement.min_level is not None and level < requirement.min_level:
        return False
    return requirement.max_level is None or level <= requirement.max_level


def nominal_credits(requirement: Requirement, catalogue: LoadedCatalogue) -> Decimal:
    """Credits a requirement stands for: all listed, the N smallest listed, or its credits."""
    if requirement.credits is not None:
        return requirement.credits
    listed = sorted(
        catalogue.courses[code].credits
        for code in [split_ref(name, catalogue.issuer.id)[1] for name in requirement.courses or []]
        if code in catalogue.courses
    )
    if requirement.choose is not None:
        return sum(listed[: requirement.choose], Decimal(0))
    return sum(listed, Decimal(0))
