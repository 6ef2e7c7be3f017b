"""Typed results of the subscription comparison (engine/subscriptions.py).

Every number is explained: a covered credential names the planned courses and terms it
stands for and the tuition they would cost per credit; a membership year names its
terms, the credentials counted in it and the fee; an option adds those up.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

Cheaper = Literal["plan", "per-credit", "equal"]


@dataclass(frozen=True)
class CoveredCredential:
    """A covered micro-credential taken under a plan: its remaining planned courses."""

    credential: str  # "issuer:credential"
    title: str
    courses: tuple[str, ...]  # the remaining planned courses it stands for
    terms: tuple[str, ...]  # the planned terms those courses are in ("2027 spring")
    credits: Decimal
    tuition: Decimal  # what those courses cost per credit
    year: int  # the membership year it is counted in (1-based; its first course's)
    included: bool  # within credentials_per_year; else its courses are paid per credit


@dataclass(frozen=True)
class MembershipYear:
    """Twelve months of membership, from the first term with a covered course."""

    number: int  # 1-based
    label: str  # "Jan 2027 - Dec 2027"
    terms: tuple[str, ...]  # planned terms (with covered courses) in these months
    credentials: tuple[str, ...]  # included credentials counted in this year
    excess: tuple[str, ...]  # covered credentials over the allowance: paid per credit
    covered_credits: Decimal  # credits of included credentials' courses taken this year
    covered_tuition: Decimal  # what they would cost per credit
    fee: Decimal  # the annual fee

    @property
    def pays(self) -> bool:
        """This year alone is cheaper with the plan than per credit."""
        return self.covered_tuition > self.fee


@dataclass(frozen=True)
class SubscriptionOption:
    """One plan against paying per credit for one goal's confirmed plan."""

    plan: str  # "issuer:plan"
    title: str
    annual_fee: Decimal
    credentials_per_year: int
    covers_all: bool  # covers = ["*"]: every own micro-credential
    covers: tuple[str, ...]  # the credential references it covers
    mentoring: bool
    career_services: bool
    credentials: tuple[CoveredCredential, ...]  # covered credentials met in the plan
    years: tuple[MembershipYear, ...]  # the years subscribed
    fees_total: Decimal  # annual_fee x len(years)
    covered_credits: Decimal
    covered_tuition: Decimal  # per-credit tuition the plan replaces
    uncovered_credits: Decimal
    uncovered_tuition: Decimal  # per-credit tuition still paid
    term_fees: Decimal  # as the plan computes them (unchanged)
    assessment_fees: Decimal  # as the plan computes them (unchanged)
    total: Decimal  # fees_total + uncovered_tuition + term_fees + assessment_fees
    per_credit_total: Decimal  # the confirmed plan's cost
    cheaper: Cheaper
    difference: Decimal  # |total - per_credit_total|
    break_even_credits: Decimal | None  # covered credits a year above which it pays
    best_years: tuple[str, ...] = ()  # years that pay alone, when not every year does
    best_total: Decimal | None = None  # the total joining only in best_years
    notes: tuple[str, ...] = ()

    @property
    def years_subscribed(self) -> int:
        return len(self.years)


@dataclass(frozen=True)
class SubscriptionComparison:
    """A goal at an institution that offers plans: each plan against paying per credit."""

    program: str  # "issuer:program"
    title: str
    institution: str  # issuer name
    currency: str
    tuition_per_credit: Decimal
    planned_credits: Decimal
    per_credit_total: Decimal  # the confirmed plan's cost
    options: tuple[SubscriptionOption, ...]
    notes: tuple[str, ...] = ()
