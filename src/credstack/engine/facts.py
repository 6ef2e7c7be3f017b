"""What the learner holds, as recognition's rules read it (semantics §1).

Held entries and the courses inside held credentials become facts (reference, date,
grade, the entry they come from); `check_fact` says why one fails an articulation rule's
conditions. Recognition (engine/recognise.py) and petitions (engine/petitions.py) both
read them, so a chain is petitioned only where a rule could stand.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from credstack.engine.grades import meets_min_grade, older_than
from credstack.model.catalogue import Articulation, Institution
from credstack.model.learner import LearnerFile
from credstack.model.refs import make_ref, split_ref
from credstack.model.region import Region


@dataclass(frozen=True)
class HeldFact:
    """Something the learner holds: a held entry, or a course inside a held credential."""

    ref: str
    earned: dt.date
    grade: str
    origin: str  # the held entry it comes from (itself, or the credential)
    valid_years: int | None


def held_facts(region: Region, learner: LearnerFile, skip: set[str]) -> dict[str, HeldFact]:
    """Every held reference, credentials expanded to their courses; latest earning wins."""
    facts: dict[str, HeldFact] = {}

    def keep(fact: HeldFact) -> None:
        old = facts.get(fact.ref)
        if old is None or (fact.earned, fact.grade != "F") > (old.earned, old.grade != "F"):
            facts[fact.ref] = fact

    for held in learner.held:
        if held.ref in skip:
            continue
        credential = region.credential(held.ref)
        valid = credential.valid_years if credential else None
        keep(HeldFact(held.ref, held.earned, held.grade, held.ref, valid))
        if credential is not None:
            issuer, _ = split_ref(held.ref)
            for code in credential.courses:
                course_ref = make_ref(*split_ref(code, issuer))
                if course_ref not in skip:
                    keep(HeldFact(course_ref, held.earned, held.grade, held.ref, valid))
    return facts


def check_fact(
    fact: HeldFact, rule: Articulation, policy: Institution, as_of: dt.date
) -> str | None:
    """Why this held item fails the rule's conditions, or None when it passes."""
    if not meets_min_grade(fact.grade, rule.min_grade, policy.pass_equals):
        if rule.min_grade is None:
            return f"grade {fact.grade} is a fail"
        shown = f"P (counts as {policy.pass_equals})" if fact.grade == "P" else fact.grade
        return f"grade {shown} is below the minimum {rule.min_grade}"
    limit = rule.max_age_years if rule.max_age_years is not None else policy.recency_years
    if limit is not None and older_than(fact.earned, as_of, limit):
        source = "max_age_years" if rule.max_age_years is not None else "recency_years"
        return f"earned {fact.earned}, older than {limit} years ({source})"
    if fact.valid_years is not None and older_than(fact.earned, as_of, fact.valid_years):
        return f"older than {fact.valid_years} years (valid_years): the credential has expired"
    if rule.valid_from and fact.earned < rule.valid_from:
        return f"earned {fact.earned}, before the agreement's valid_from {rule.valid_from}"
    if rule.valid_until and fact.earned > rule.valid_until:
        return f"earned {fact.earned}, after the agreement's valid_until {rule.valid_until}"
    return None
