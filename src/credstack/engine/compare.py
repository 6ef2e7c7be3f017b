"""Comparison across institutions (semantics §4): the same audit and plan, side by side.

Which programs to compare (the learner's goals, or every loaded program that passes the
filters: award, subject area, institution, country, credit system), in which order, and
which of them no other beats on both cost and finish (the Pareto front, engine/pareto.py).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import Literal

from credstack.engine.calendar import DEFAULT_TERMS
from credstack.engine.compare_results import CompareChoices, CompareFilter, Tradeoff
from credstack.engine.pareto import Point, pareto_front
from credstack.engine.results import ProgramResult
from credstack.model.catalogue import AWARD_ORDER, Program
from credstack.model.refs import make_ref, split_ref
from credstack.model.region import LoadedCatalogue, Region

__all__ = [
    "CompareChoices",
    "CompareFilter",
    "SortKey",
    "Tradeoff",
    "compare_choices",
    "matching_programs",
    "program_subjects",
    "rank",
    "tradeoffs",
]

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


# -- which programs ------------------------------------------------------------------------
def program_subjects(loaded: LoadedCatalogue, program: Program) -> frozenset[str]:
    """A program's subject areas: the `subjects` its credit requirements accept and the
    subjects of the courses its requirements list."""
    found: set[str] = set()
    for requirement in program.requirement:
        found.update(s.upper() for s in requirement.subjects or ())
        for code in requirement.courses or ():
            course = loaded.courses.get(code)
            if course is not None:
                found.add(course.subject_code())
    return frozenset(found)


def _passes(loaded: LoadedCatalogue, program: Program, filters: CompareFilter) -> bool:
    issuer = loaded.issuer
    return (
        filters.award in (None, program.award)
        and filters.institution in (None, issuer.id)
        and filters.country in (None, issuer.country)
        and filters.credit_system in (None, issuer.credit_system)
        and (filters.subject is None or filters.subject in program_subjects(loaded, program))
    )


def matching_programs(region: Region, filters: CompareFilter) -> list[str]:
    """Every loaded program that passes `filters`, by reference."""
    return sorted(
        make_ref(issuer_id, program.id)
        for issuer_id, loaded in region.catalogues.items()
        for program in loaded.catalogue.program
        if _passes(loaded, program, filters)
    )


def compare_choices(region: Region) -> CompareChoices:
    awards: set[str] = set()
    subjects: set[str] = set()
    institutions: set[tuple[str, str]] = set()
    countries: set[str] = set()
    systems: set[str] = set()
    for issuer_id, loaded in region.catalogues.items():
        for program in loaded.catalogue.program:
            awards.add(program.award)
            subjects |= program_subjects(loaded, program)
            institutions.add((loaded.issuer.name, issuer_id))
            countries.add(loaded.issuer.country)
            systems.add(loaded.issuer.credit_system)
    return CompareChoices(
        awards=tuple(a for a in AWARD_ORDER if a in awards),
        subjects=tuple(sorted(subjects)),
        institutions=tuple(sorted(institutions)),
        countries=tuple(sorted(countries)),
        credit_systems=tuple(sorted(systems)),
    )


# -- cost against finish ---------------------------------------------------------------------
def finish_month(region: Region, result: ProgramResult, as_of: dt.date) -> int:
    """When a plan finishes, as months since year 0: the start month of its last term in
    its institution's calendar (calendars differ: a spring may start in January or
    February); the as-of month when nothing is left."""
    if result.confirmed.plan.finish is None:
        return as_of.year * 12 + as_of.month - 1
    year, name = result.confirmed.plan.finish.split(" ", 1)
    loaded = region.get(split_ref(result.program)[0])
    policy = loaded.catalogue.institution if loaded else None
    terms = (policy.ordered_terms() if policy else []) or list(DEFAULT_TERMS)
    month = next((t.starts for t in terms if t.name == name), 1)
    return int(year) * 12 + month - 1


def tradeoffs(
    region: Region, results: Sequence[ProgramResult], as_of: dt.date
) -> tuple[Tradeoff, ...]:
    """The programs that can finish, in the order given, each marked on or off the
    Pareto front of its currency (unfinishable plans have no finish to place)."""
    finishing = [r for r in results if r.confirmed.plan.finishes]
    months = {r.program: finish_month(region, r, as_of) for r in finishing}
    front = pareto_front(
        Point(r.program, r.currency, months[r.program], r.confirmed.plan.cost) for r in finishing
    )
    return tuple(
        Tradeoff(
            program=r.program,
            title=r.title,
            institution=r.institution,
            currency=r.currency,
            finish=r.confirmed.plan.finish,
            finish_month=months[r.program],
            cost=r.confirmed.plan.cost,
            on_front=r.program in front,
        )
        for r in finishing
    )
