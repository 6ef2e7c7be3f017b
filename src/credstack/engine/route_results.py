"""Transfer routes' typed results (engine/routes.py computes them; docs/routes.md).

A Route is a set of feeder items taken first (its feeder phases, one per feeder) and then
the rest of the goal at the receiving institution (its last phase, the existing plan).
Every figure can be traced: each item names the requirement(s) of the goal it counts in
and the receiving institution's rule behind it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from credstack.engine.results import PlannedTerm

RouteKind = Literal["route", "all-at-goal", "current-plan"]
ItemKind = Literal["course", "credential", "prerequisite"]
Optimality = Literal["optimal", "bounded"]
Objective = Literal["cost", "time"]


@dataclass(frozen=True)
class RouteItem:
    """One feeder item a route takes: a course or a credential, or a prerequisite of one."""

    ref: str  # "issuer:CODE" or "issuer:credential-id"
    title: str
    kind: ItemKind
    issuer: str  # issuer id of the feeder
    price: Decimal  # tuition (credits x tuition per credit) or the credential's price
    renewal: bool  # a held credential that has expired, earned again
    term: str | None  # the feeder term it is taken in ("2027 spring")
    reasons: tuple[str, ...]  # "it-core via mcc-cis230 (3 cr)", or why it is there


@dataclass(frozen=True)
class RoutePhase:
    """What is taken at one institution, term by term, and what it costs there."""

    institution: str  # issuer id
    name: str  # issuer name
    terms: tuple[PlannedTerm, ...]
    term_count: int
    tuition: Decimal  # tuition of courses (and, at a feeder, credentials' prices)
    fees: Decimal  # fees per term (and RPL assessment fees at the goal)
    cost: Decimal
    finish: str | None  # last planned term; None when the phase cannot be completed


@dataclass(frozen=True)
class Route:
    """Feeder items first, then the rest of the goal: the whole cost, terms and finish."""

    label: str  # "Route 1", "All at Northbridge University", "Current plan"
    kind: RouteKind
    items: tuple[RouteItem, ...]
    phases: tuple[RoutePhase, ...]  # feeders in the order taken, then the goal's
    cost: Decimal  # every phase's cost, in the goal's currency
    terms: int  # attended terms over every phase
    finish: str | None  # the goal's last planned term; None when the goal is not completed
    transferred: Decimal  # credits the goal applies from this route's items
    applied: Decimal  # credits the goal applies in all, held items included
    remaining: Decimal  # credits left at the goal once the route's items are held
    explanation: str
    meets_budget: bool
    meets_by: bool

    @property
    def finishes(self) -> bool:
        return self.finish is not None


@dataclass(frozen=True)
class RouteSearch:
    """How the routes were found: exact enumeration, or a bounded search and its bound."""

    optimality: Optimality
    candidates: int  # feeder items the search chose among, after pruning
    considered: int  # feeder items some rule of the goal's institution names
    pruned: int  # considered - candidates
    evaluated: int  # distinct routes evaluated
    subsets: int  # 2 ** candidates
    bound: str  # "" when optimal; else the best any route could do, and why
    lower_bound_cost: Decimal | None = None  # a cost no route can go below (bounded)
    lower_bound_terms: int | None = None  # terms no route can go below (bounded)


@dataclass(frozen=True)
class RouteResult:
    """Routes for one learner and goal, with the comparisons and the search's status."""

    learner: str
    as_of: dt.date
    goal: str  # "issuer:program"
    title: str
    institution: str  # issuer name
    currency: str
    feeders: tuple[str, ...]  # issuer ids the routes may take items at
    optimise: Objective
    budget: Decimal | None
    by: str | None  # "2029 fall": the latest finish allowed
    best: Route | None  # the chosen route (None when no route meets the constraints)
    pareto: tuple[Route, ...]  # cost against finish, at most PARETO_MAX, cheapest first
    all_at_goal: Route  # nothing more at a feeder: the rest at the goal's institution
    current: Route | None  # the learner's feeder goal finished first, when they have one
    search: RouteSearch
    notes: tuple[str, ...] = ()
