"""The engine's typed results: what the TUI, the reports and the JSON all show.

Every credit here can be traced: an Assignment names its Unit, the Unit names the held
items and the rule, route or exception that made it, and the requirement it went to.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

from credstack.engine.badges import ImportedBadge
from credstack.engine.career_results import NextBest, RoleFit
from credstack.engine.evidence import EvidenceCheck
from credstack.engine.subscription_results import SubscriptionComparison

Basis = Literal["internal", "articulation", "exception", "rpl"]
BASIS_ORDER: tuple[Basis, ...] = ("internal", "articulation", "exception", "rpl")
Status = Literal["met", "partial", "open", "waived"]
GENERAL = "general"  # id of the implicit general-credit requirement


@dataclass(frozen=True)
class Unit:
    """Learning recognised at the receiving institution: a course, or a block of credit."""

    key: str  # the course code, or "BLOCK:<via>" for block credit
    credits: Decimal
    subject: str
    level: int
    basis: Basis
    sources: tuple[str, ...]  # held references and prior-learning titles behind it
    via: str | None = None  # rule id, RPL route id or "exception"; None for internal
    course: str | None = None  # the receiving course code; None for a block unit
    note: str = ""  # the agreement or reason, as published
    fee: Decimal = Decimal(0)  # RPL assessment fee (potential view only)

    @property
    def is_block(self) -> bool:
        return self.course is None

    @property
    def external(self) -> bool:
        return self.basis != "internal"


@dataclass(frozen=True)
class Refusal:
    """A held item or prior-learning entry that was not recognised, and why."""

    item: str
    reason: str
    rule: str | None = None


@dataclass(frozen=True)
class Petition:
    """An inferred route: a chain of other institutions' rules; never counted."""

    item: str
    course: str  # receiving course code
    chain: tuple[str, ...]  # "issuer:rule-id" steps


@dataclass(frozen=True)
class Recognition:
    """Everything a learner brings to one receiving institution."""

    institution: str
    units: tuple[Unit, ...]
    not_recognised: tuple[Refusal, ...] = ()
    petitions: tuple[Petition, ...] = ()

    def confirmed_units(self) -> tuple[Unit, ...]:
        return tuple(u for u in self.units if u.basis != "rpl")


@dataclass(frozen=True)
class Assignment:
    """A unit (or part of a block unit) placed in a requirement."""

    unit: Unit
    requirement: str
    credits: Decimal  # credits of the unit placed here


@dataclass(frozen=True)
class RequirementResult:
    id: str
    title: str
    shape: Literal["courses", "choose", "credits", "general"]
    status: Status
    applied: Decimal
    needed: Decimal
    units: tuple[str, ...] = ()  # unit keys placed here


@dataclass(frozen=True)
class Audit:
    """One view (confirmed or potential) of the optimal assignment."""

    applied: Decimal
    remaining: Decimal
    requirements: tuple[RequirementResult, ...]
    assignments: tuple[Assignment, ...]
    external_applied: Decimal
    external_cap: Decimal
    rpl_applied: Decimal
    rpl_cap: Decimal | None
    unplaced: tuple[str, ...] = ()  # unit keys recognised but not applied (caps, no room)

    def requirement(self, rid: str) -> RequirementResult | None:
        return next((r for r in self.requirements if r.id == rid), None)


@dataclass(frozen=True)
class PlannedTerm:
    label: str  # "2027 spring"
    courses: tuple[str, ...]  # course codes and ELECTIVE:SUBJECT:LEVEL:CREDITS slots
    credits: Decimal


@dataclass(frozen=True)
class Plan:
    terms: tuple[PlannedTerm, ...]
    term_count: int  # attended terms from start to the last planned term
    finish: str | None
    planned_credits: Decimal
    tuition: Decimal
    fees: Decimal
    assessment_fees: Decimal
    cost: Decimal
    lower_bound: int
    proven: bool  # term_count is the proven minimum
    unschedulable: tuple[str, ...] = ()  # items no schedule can take (offerings, load)
    # requirements the plan cannot complete (their items are unschedulable, or a listed
    # course is recognised but counted elsewhere); with any, `finish` is None
    open_requirements: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()

    @property
    def finishes(self) -> bool:
        """Whether the plan completes the program (nothing unschedulable, none open)."""
        return not self.unschedulable and not self.open_requirements


@dataclass(frozen=True)
class Outcome:
    """An audit and the plan that follows from it."""

    audit: Audit
    plan: Plan


@dataclass(frozen=True)
class ProgramResult:
    program: str  # "issuer:program"
    title: str
    award: str
    institution: str  # issuer name
    credits: Decimal
    currency: str
    confirmed: Outcome
    potential: Outcome
    recognition: Recognition
    paid_for_held: Decimal  # what the learner paid for held credentials (catalogue prices)
    cost_per_credit: Decimal  # (paid_for_held + confirmed cost) / program credits
    from_scratch_cost: Decimal
    from_scratch_terms: int
    savings: Decimal  # from_scratch_cost - confirmed cost
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class AppointmentNote:
    """An adviser's note from the learner file (`[[note]]`), as a report shows it."""

    date: dt.date
    author: str
    text: str


@dataclass(frozen=True)
class Report:
    learner: str
    as_of: dt.date
    results: tuple[ProgramResult, ...] = field(default_factory=tuple)
    roles: tuple[RoleFit, ...] = ()  # employer role fit (engine/roles.py)
    next_best: tuple[NextBest, ...] = ()  # credentials worth earning next (engine/next_best.py)
    evidence: tuple[EvidenceCheck, ...] = ()  # held items' artifacts (engine/evidence.py)
    # each plan against paying per credit, per goal (engine/subscriptions.py)
    subscriptions: tuple[SubscriptionComparison, ...] = ()
    # held items imported from Open Badges / CLRs, with their verification (engine/badges.py)
    imported: tuple[ImportedBadge, ...] = ()
    # the learner file's notes dated on `as_of`: what was agreed that day (engine/advice.py)
    notes: tuple[AppointmentNote, ...] = ()
