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
    capacity: Decimal

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
            yield TermSlot(year, term.name, min(learner.credits_per_term, term.max_credits))
            produced += 1
            if produced >= limit:
                return
        year += 1
