"""Typed results of the careers advice: role fit and the next best credential.

Every skill shown as evidenced names the held item or prior learning behind it; every
credential in a set names the gap skills it closes; every next-best credit names the
goal, requirement and rule it counts through.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Literal


@dataclass(frozen=True)
class SkillEvidence:
    """A skill the learner evidences, and the held items or prior learning behind it."""

    skill: str
    sources: tuple[str, ...]  # held references and prior-learning titles


@dataclass(frozen=True)
class CoverItem:
    """One credential of a set that closes a role's gap."""

    credential: str  # "issuer:credential"
    title: str
    skills: tuple[str, ...]  # the gap skills it teaches
    accepted: bool  # the employer accepts it outright (it closes the role alone)
    price: Decimal | None
    currency: str
    hours: Decimal | None  # notional hours to earn it


@dataclass(frozen=True)
class Cover:
    """The cheapest or the quickest set of credentials that closes a role's gap."""

    objective: Literal["cheapest", "quickest"]
    items: tuple[CoverItem, ...]
    total: Decimal  # price in `unit` (a currency), or notional hours
    unit: str  # "USD", "EUR", ... for the cheapest; "hours" for the quickest
    weeks: int | None = None  # the quickest set at the study pace (docs/roles-and-next-best.md)

    @property
    def credentials(self) -> tuple[str, ...]:
        return tuple(item.credential for item in self.items)


@dataclass(frozen=True)
class RoleFit:
    """How far a learner is from one employer role (skills-first hiring)."""

    role: str  # "employer:role-id"
    title: str
    employer: str  # the employer's name
    target: bool  # named in the learner's `roles`
    skills: tuple[str, ...]  # what the role asks for
    accepts: tuple[str, ...]  # credentials the employer accepts outright
    accepted_held: tuple[str, ...]  # of those, what the learner holds (and is current)
    evidenced: tuple[SkillEvidence, ...]  # the role's skills the learner evidences
    gap: tuple[str, ...]  # the role's skills nobody has evidenced yet
    cheapest: Cover | None  # None when satisfied or when no priced set closes the gap
    quickest: Cover | None
    currency: str  # the currency the cheapest set is priced in
    untaught: tuple[str, ...] = ()  # gap skills no loaded credential or course teaches
    expired: tuple[str, ...] = ()  # held certifications past valid_years (not counted)

    @property
    def satisfied(self) -> bool:
        return bool(self.accepted_held) or not self.gap


@dataclass(frozen=True)
class GoalGain:
    """What one candidate credential does for one goal."""

    program: str  # "issuer:program"
    title: str
    institution: str
    currency: str
    credits_gained: Decimal  # confirmed applied credit, after minus before
    terms_saved: int  # confirmed plan terms, before minus after
    cost_change: Decimal  # confirmed plan cost, after minus before (negative: saves)
    requirements: tuple[str, ...]  # requirement ids its units went to
    rules: tuple[str, ...]  # articulation rules (or "internal") it counts through


@dataclass(frozen=True)
class RoleGain:
    role: str
    title: str
    skills: tuple[str, ...]  # gap skills of the role it teaches
    closes: bool  # with it, the role is satisfied


@dataclass(frozen=True)
class NextBest:
    """A credential the learner could earn next, with what it would do and why."""

    rank: int
    credential: str
    title: str
    issuer: str  # the issuer's name
    price: Decimal | None
    currency: str
    goals: tuple[GoalGain, ...]
    roles: tuple[RoleGain, ...]
    credits_gained: Decimal  # across goals
    terms_saved: int  # across goals
    net_cost: Decimal  # price + goals' cost changes, in `currency` (see the docs)
    gap_closed: int  # target-role gap skills it teaches
    stacks_into: tuple[str, ...]  # program titles it is designed to stack into
    explanation: str
    renewal: bool = False  # the learner holds it, expired: earning it again renews it
