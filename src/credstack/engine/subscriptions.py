"""Lifelong-learning subscriptions against paying per credit (docs/subscriptions.md).

For each goal at an institution that publishes `[[plan]]`s, each plan is laid over the
goal's confirmed plan (the term-by-term schedule and its cost):

- a planned course is **covered** when it belongs to a micro-credential the plan covers
  (`covers`, or every own micro-credential for `["*"]`); taking a covered
  micro-credential means taking all its remaining planned courses, and it counts once
  against `credentials_per_year`, in the membership year of its first remaining course;
- **membership years** are twelve-month periods from the start of the first term with a
  covered course; the learner is a member in each year in which an included credential's
  course is taken (a year with nothing covered is not paid);
- over the allowance, the schedule is kept and the **excess is paid per credit**: in
  each year the credentials with the most tuition are included, the rest are not;
- total with the plan = annual fee x years subscribed + per-credit tuition of the
  planned credits not covered + the plan's term fees and assessment fees (unchanged);
  paying per credit is the confirmed plan's cost;
- **break-even**: the plan pays in a year in which it covers more than
  annual_fee / tuition_per_credit credits.

Money stays in the institution's currency: the plan, the tuition and the fees are its own.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable, Sequence
from decimal import Decimal

from credstack.engine.calendar import DEFAULT_TERMS
from credstack.engine.results import Plan, ProgramResult
from credstack.engine.subscription_results import (
    Cheaper,
    CoveredCredential,
    MembershipYear,
    SubscriptionComparison,
    SubscriptionOption,
)
from credstack.model.catalogue import Institution, SubscriptionPlan
from credstack.model.refs import make_ref, split_ref
from credstack.model.region import LoadedCatalogue, Region

ELECTIVE = "ELECTIVE:"


def compare_subscriptions(
    region: Region, results: Sequence[ProgramResult]
) -> tuple[SubscriptionComparison, ...]:
    """One comparison per goal whose institution offers plans, in goal order."""
    found: list[SubscriptionComparison] = []
    for result in results:
        issuer_id, _ = split_ref(result.program)
        loaded = region.get(issuer_id)
        if loaded is None or not loaded.catalogue.plan:
            continue
        found.append(_compare(loaded, result))
    return tuple(found)


def _compare(loaded: LoadedCatalogue, result: ProgramResult) -> SubscriptionComparison:
    policy = loaded.catalogue.institution or Institution()
    plan = result.confirmed.plan
    recognised = frozenset(u.course for u in result.recognition.confirmed_units() if u.course)
    options = tuple(_option(loaded, policy, plan, sub, recognised) for sub in loaded.catalogue.plan)
    notes: list[str] = []
    if plan.unschedulable:
        notes.append(
            "courses that cannot be scheduled are left out of both totals: "
            + ", ".join(plan.unschedulable)
        )
    return SubscriptionComparison(
        program=result.program,
        title=result.title,
        institution=result.institution,
        currency=result.currency,
        tuition_per_credit=policy.tuition_per_credit,
        planned_credits=plan.planned_credits,
        per_credit_total=plan.cost,
        options=options,
        notes=tuple(notes),
    )


def covered_credentials(loaded: LoadedCatalogue, sub: SubscriptionPlan) -> list[str]:
    """The own credential ids a plan covers, in catalogue order (`["*"]`: every
    micro-credential; ids that name nothing here are ignored, lint reports them)."""
    if "*" in sub.covers:
        return [c.id for c in loaded.catalogue.credential if c.type == "micro-credential"]
    home = loaded.issuer.id
    wanted = set()
    for ref in sub.covers:
        issuer, item = split_ref(ref, home)
        if issuer == home:
            wanted.add(item)
    return [c.id for c in loaded.catalogue.credential if c.id in wanted]


def _option(
    loaded: LoadedCatalogue,
    policy: Institution,
    plan: Plan,
    sub: SubscriptionPlan,
    recognised: frozenset[str],
) -> SubscriptionOption:
    home = loaded.issuer.id
    rate = policy.tuition_per_credit
    term_of: dict[str, str] = {}
    for term in plan.terms:
        for key in term.courses:
            if not key.startswith(ELECTIVE):
                term_of.setdefault(key, term.label)
    covers = covered_credentials(loaded, sub)
    # Each covered credential claims its remaining planned courses (first claim wins).
    claimed: set[str] = set()
    groups: list[tuple[str, list[str]]] = []
    for cid in covers:
        codes = []
        for ref in loaded.credentials[cid].courses:
            issuer, code = split_ref(ref, home)
            if issuer == home and code in term_of and code not in claimed:
                codes.append(code)
        if codes:
            claimed.update(codes)
            groups.append((cid, codes))
    order = {label: n for n, label in enumerate(t.label for t in plan.terms)}
    months = _term_months(policy)
    anchor = min(
        (_month_index(term_of[c], months) for _, codes in groups for c in codes), default=0
    )

    def year_of(code: str) -> int:
        return (_month_index(term_of[code], months) - anchor) // 12 + 1

    drafts = []
    for cid, codes in groups:
        codes.sort(key=lambda c: (order[term_of[c]], c))
        credits = sum((loaded.courses[c].credits for c in codes), Decimal(0))
        drafts.append((cid, codes, credits, year_of(codes[0])))
    drafts.sort(key=lambda d: (order[term_of[d[1][0]]], d[0]))
    # Within each membership year, the credentials with the most tuition are included.
    included: set[str] = set()
    by_year: dict[int, list[tuple[str, list[str], Decimal, int]]] = {}
    for draft in drafts:
        by_year.setdefault(draft[3], []).append(draft)
    for year_drafts in by_year.values():
        ranked = sorted(year_drafts, key=lambda d: (-d[2], d[0]))
        included.update(d[0] for d in ranked[: sub.credentials_per_year])
    credentials = tuple(
        CoveredCredential(
            credential=make_ref(home, cid),
            title=loaded.credentials[cid].title,
            courses=tuple(codes),
            terms=tuple(dict.fromkeys(term_of[c] for c in codes)),
            credits=credits,
            tuition=credits * rate,
            year=year,
            included=cid in included,
        )
        for cid, codes, credits, year in drafts
    )
    years = _years(credentials, term_of, order, year_of, anchor, sub.annual_fee, rate, loaded)
    covered = sum((c.credits for c in credentials if c.included), Decimal(0))
    fees_total = sub.annual_fee * len(years)
    uncovered = plan.planned_credits - covered
    uncovered_tuition = plan.tuition - covered * rate
    total = fees_total + uncovered_tuition + plan.fees + plan.assessment_fees
    cheaper, difference = _verdict(total, plan.cost)
    paying = [y for y in years if y.pays]
    best_years: tuple[str, ...] = ()
    best_total: Decimal | None = None
    if paying and len(paying) < len(years):
        best_years = tuple(y.label for y in paying)
        best_total = plan.cost - sum((y.covered_tuition - y.fee for y in paying), Decimal(0))
    return SubscriptionOption(
        plan=make_ref(home, sub.id),
        title=sub.title,
        annual_fee=sub.annual_fee,
        credentials_per_year=sub.credentials_per_year,
        covers_all="*" in sub.covers,
        covers=tuple(make_ref(home, cid) for cid in covers),
        mentoring=sub.mentoring,
        career_services=sub.career_services,
        credentials=credentials,
        years=years,
        fees_total=fees_total,
        covered_credits=covered,
        covered_tuition=covered * rate,
        uncovered_credits=uncovered,
        uncovered_tuition=uncovered_tuition,
        term_fees=plan.fees,
        assessment_fees=plan.assessment_fees,
        total=total,
        per_credit_total=plan.cost,
        cheaper=cheaper,
        difference=difference,
        break_even_credits=(sub.annual_fee / rate).quantize(Decimal("0.01")) if rate else None,
        best_years=best_years,
        best_total=best_total,
        notes=_notes(loaded, plan, covers, credentials, recognised),
    )


def _years(
    credentials: tuple[CoveredCredential, ...],
    term_of: dict[str, str],
    order: dict[str, int],
    year_of: Callable[[str], int],
    anchor: int,
    fee: Decimal,
    rate: Decimal,
    loaded: LoadedCatalogue,
) -> tuple[MembershipYear, ...]:
    """The membership years needed: every year an included credential's course is in."""
    numbers = sorted({year_of(c) for cred in credentials if cred.included for c in cred.courses})
    years: list[MembershipYear] = []
    for number in numbers:
        codes = sorted(
            (
                c
                for cred in credentials
                if cred.included
                for c in cred.courses
                if year_of(c) == number
            ),
            key=lambda c: (order[term_of[c]], c),
        )
        credits = sum((loaded.courses[c].credits for c in codes), Decimal(0))
        years.append(
            MembershipYear(
                number=number,
                label=_year_label(anchor, number),
                terms=tuple(dict.fromkeys(term_of[c] for c in codes)),
                credentials=tuple(
                    c.credential for c in credentials if c.included and c.year == number
                ),
                excess=tuple(
                    c.credential for c in credentials if not c.included and c.year == number
                ),
                covered_credits=credits,
                covered_tuition=credits * rate,
                fee=fee,
            )
        )
    return tuple(years)


def _notes(
    loaded: LoadedCatalogue,
    plan: Plan,
    covers: list[str],
    credentials: tuple[CoveredCredential, ...],
    recognised: frozenset[str],
) -> tuple[str, ...]:
    notes: list[str] = []
    excess = [c for c in credentials if not c.included]
    if excess:
        notes.append(
            "over the yearly allowance, paid per credit: "
            + ", ".join(f"{c.credential} (year {c.year})" for c in excess)
        )
    met = {c.credential for c in credentials}
    home = loaded.issuer.id
    unused = [
        make_ref(home, cid)
        for cid in covers
        if make_ref(home, cid) not in met and not _all_recognised(loaded, cid, recognised)
    ]
    if unused and any(k.startswith(ELECTIVE) for t in plan.terms for k in t.courses):
        notes.append(
            "elective slots are costed per credit; an elective taken from a covered "
            "micro-credential not in this plan would be covered too, where the program "
            "accepts it: " + ", ".join(unused)
        )
    return tuple(notes)


def _all_recognised(loaded: LoadedCatalogue, cid: str, recognised: frozenset[str]) -> bool:
    home = loaded.issuer.id
    codes = [split_ref(ref, home) for ref in loaded.credentials[cid].courses]
    return all(issuer == home and code in recognised for issuer, code in codes)


def _verdict(total: Decimal, per_credit: Decimal) -> tuple[Cheaper, Decimal]:
    if total < per_credit:
        return "plan", per_credit - total
    if total > per_credit:
        return "per-credit", total - per_credit
    return "equal", Decimal(0)


def _term_months(policy: Institution) -> dict[str, int]:
    terms = policy.ordered_terms() or list(DEFAULT_TERMS)
    return {t.name: t.starts for t in terms}


def _month_index(label: str, months: dict[str, int]) -> int:
    """Months since year 0 of a planned term's start ("2027 fall" -> 2027*12 + 8)."""
    year, name = label.split(" ", 1)
    return int(year) * 12 + months.get(name, 1) - 1


def _year_label(anchor: int, number: int) -> str:
    first = anchor + 12 * (number - 1)
    last = first + 11
    return (
        f"{calendar.month_abbr[first % 12 + 1]} {first // 12} - "
        f"{calendar.month_abbr[last % 12 + 1]} {last // 12}"
    )
