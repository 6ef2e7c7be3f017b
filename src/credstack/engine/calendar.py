"""Academic calendars: which terms a learner attends, from their start, in order."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from credstack.model.catalogue import Institution, Term
from credstack.model.learner import LearnerInfo
from credstack.model.region import Region

DEFAULT_TERMS = (
    Term(name="spring", starts=1, max_credits=Decimal(18)),
    Term(name="summer", starts=5, max_credits=Decimal(9)),
    Term(name="fall", starts=9, max_credits=Decimal(18)),
)


@dataclass(frozen=True)
class TermSlot:
    """One attended term: its label ("2027 spring"), name and credit capacity."""

    year: int
    name: str
    capacity: Decimal  # min(learner load, term maximum)
    maximum: Decimal  # the term maximum: one larger course may be taken alone

    @property
    def label(self) -> str:
        return f"{self.year} {self.name}"


def start_date(learner: LearnerInfo, region: Region, as_of: dt.date) -> dt.date:
    """The first day of the learner's `start` term, else of the month after `as_of`.

    A start named in one calendar ("2027 spring") is placed by its month, so goals at
    institutions with other calendars begin at their first term on or after it.
    """
    if not learner.start:
        return dt.date(as_of.year + (as_of.month == 12), as_of.month % 12 + 1, 1)
    year_text, name = learner.start.split(" ", 1)
    months = sorted(
        term.starts
        for loaded in region.institutions()
        for term in (loaded.catalogue.institution.term if loaded.catalogue.institution else [])
        if term.name == name
    )
    return dt.date(int(year_text), months[0] if months else 1, 1)


def attended_terms(
    policy: Institution, learner: LearnerInfo, begin: dt.date, limit: int = 120
) -> Iterator[TermSlot]:
    """Attended terms from `begin` on, each with min(learner load, term maximum)."""
    terms = policy.ordered_terms() or list(DEFAULT_TERMS)
    names = {t.name for t in terms}
    attend = set(learner.attend or []) & names or names
    first = dt.date(begin.year, begin.month, 1)
    produced = 0
    year = begin.year
    while produced < limit:
        for term in terms:
            if term.name not in attend or dt.date(year, term.starts, 1) < first:
                continue
            load = min(learner.credits_per_term, term.max_credits)
            yield TermSlot(year, term.name, load, term.max_credits)
            produced += 1
            if produced >= limit:
                return
        year += 1


def local_attendance(region: Region, learner: LearnerInfo, issuer_id: str) -> LearnerInfo:
    """The learner's load and attended terms, in one institution's credits and calendar.

    The load is read in the credit system of the learner's first goal and converted
    through notional hours (9 US semester credits = 405 hours = 40.5 UK CATS credits).
    Attended term names that this calendar lacks are matched by start month (within a
    month): "fall" (September) attends a September "autumn".
    """
    loaded = region.get(issuer_id)
    if loaded is None:
        return learner
    load = learner.credits_per_term
    home = _home_hours(region, learner)
    here = loaded.issuer.effective_hours_per_credit()
    if home is not None and here is not None and home != here:
        load = (load * home / here).quantize(Decimal("0.01"), rounding="ROUND_FLOOR")
    attend = learner.attend
    policy = loaded.catalogue.institution
    if attend and policy and policy.term:
        names = {t.name for t in policy.term}
        months = {
            term.starts
            for other in region.institutions()
            for term in (other.catalogue.institution.term if other.catalogue.institution else [])
            if term.name in set(attend) - names
        }
        matched = [
            t.name
            for t in policy.ordered_terms()
            if t.name in attend or any(abs(t.starts - m) <= 1 for m in months)
        ]
        attend = matched or None
    if load == learner.credits_per_term and attend == learner.attend:
        return learner
    return learner.model_copy(update={"credits_per_term": load, "attend": attend})


def _home_hours(region: Region, learner: LearnerInfo) -> Decimal | None:
    for goal in learner.goals:
        loaded = region.get(goal.split(":", 1)[0]) if ":" in goal else None
        if loaded is not None:
            return loaded.issuer.effective_hours_per_credit()
    return None
