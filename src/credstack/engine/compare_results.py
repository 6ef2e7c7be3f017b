"""What Compare is asked and answers (engine/compare.py computes them): the filters, the
values they can take in a region, and each program placed by cost and finish. Plain
frozen types: the TUI imports these to show them, never a function."""

from __future__ import annotations

from dataclasses import dataclass, fields
from decimal import Decimal


@dataclass(frozen=True)
class CompareFilter:
    """What an adviser narrows the region's programs to; None lets every value through.

    With no filter set, Compare shows the learner's goals; with any, every loaded program
    that passes all of them.
    """

    award: str | None = None
    subject: str | None = None  # a subject area: program_subjects
    institution: str | None = None  # an issuer id
    country: str | None = None  # the issuer's ISO country code
    credit_system: str | None = None  # us-semester, ects, uk-cats...

    @property
    def active(self) -> bool:
        return any(getattr(self, f.name) is not None for f in fields(self))


@dataclass(frozen=True)
class CompareChoices:
    """The values each filter can take in a region: only those some program has."""

    awards: tuple[str, ...]
    subjects: tuple[str, ...]
    institutions: tuple[tuple[str, str], ...]  # (name, issuer id), by name
    countries: tuple[str, ...]
    credit_systems: tuple[str, ...]


@dataclass(frozen=True)
class Tradeoff:
    """A program that can finish, placed by its finish and its cost; `on_front` when no
    other program in its currency finishes no later and costs no more (and beats it on
    one of the two)."""

    program: str
    title: str
    institution: str
    currency: str
    finish: str | None  # the last planned term ("2028 fall"); None when nothing is left
    finish_month: int  # months since year 0 of that term's start (as_of when none)
    cost: Decimal  # the confirmed plan's cost
    on_front: bool
