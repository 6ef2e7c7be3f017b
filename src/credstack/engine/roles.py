"""Skills-first roles: what a learner evidences for an employer role, the gap, and the
cheapest and the quickest sets of credentials that close it.

A skill is evidenced by a current held credential (its `skills` and its courses'), a
held course (its `skills`) or prior learning (its `skills`). A held certification past
its `valid_years` evidences nothing and is not accepted: an employer checks that it is
current. A credential the role `accepts` satisfies the role outright, held or earned
next. Decisions: docs/roles-and-next-best.md.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from credstack.engine.career_results import Cover, CoverItem, RoleFit, SkillEvidence
from credstack.engine.grades import older_than
from credstack.engine.set_cover import Option, cheapest_cover
from credstack.model.catalogue import Credential
from credstack.model.learner import LearnerFile
from credstack.model.refs import make_ref, split_ref
from credstack.model.region import Region

STUDY_HOURS_PER_WEEK = 10  # the pace the quickest set's weeks are given at
UNTARGETED_ROLES = 5  # roles shown, best fit first, when the learner names none
NOT_ENROLLABLE = frozenset({"workplace-training"})  # earned through employment only


@dataclass(frozen=True)
class Offer:
    """A credential a learner could earn: what it teaches, costs and takes."""

    ref: str
    credential: Credential
    currency: str
    hours: Decimal | None

    @property
    def price(self) -> Decimal | None:
        return self.credential.price


def credential_hours(region: Region, ref: str) -> Decimal | None:
    """Notional hours to earn a credential: its `hours`, else credits x hours per credit."""
    credential = region.credential(ref)
    if credential is None:
        return None
    if credential.hours is not None:
        return credential.hours
    loaded = region.get(split_ref(ref)[0])
    per_credit = loaded.issuer.effective_hours_per_credit() if loaded else None
    if credential.credits is not None and per_credit is not None:
        return credential.credits * per_credit
    return None


def offers(region: Region) -> list[Offer]:
    """Every loaded credential a learner can enrol in (not employers' in-house training)."""
    found: list[Offer] = []
    for issuer_id, loaded in sorted(region.catalogues.items()):
        for credential in loaded.catalogue.credential:
            if credential.type in NOT_ENROLLABLE:
                continue
            ref = make_ref(issuer_id, credential.id)
            found.append(
                Offer(ref, credential, loaded.issuer.currency, credential_hours(region, ref))
            )
    return found


def current_held(region: Region, learner: LearnerFile, as_of: dt.date) -> tuple[set[str], set[str]]:
    """(held references that count, held certifications that have expired)."""
    current: set[str] = set()
    expired: set[str] = set()
    for held in learner.held:
        if held.grade == "F":
            continue
        credential = region.credential(held.ref)
        years = credential.valid_years if credential else None
        if years is not None and older_than(held.earned, as_of, years):
            expired.add(held.ref)
        else:
            current.add(held.ref)
    return current, expired - current


def evidenced_skills(
    region: Region, learner: LearnerFile, current: Iterable[str]
) -> dict[str, list[str]]:
    """skill -> the held items and prior learning that evidence it, in file order."""
    found: dict[str, list[str]] = {}

    def note(skills: Iterable[str], source: str) -> None:
        for skill in region.skill_ids(skills):
            sources = found.setdefault(skill, [])
            if source not in sources:
                sources.append(source)

    current = set(current)
    for held in learner.held:
        if held.ref not in current:
            continue
        credential = region.credential(held.ref)
        course = region.course(held.ref)
        if credential is not None:
            note(credential.skills, held.ref)
            issuer, _ = split_ref(held.ref)
            for code in credential.courses:
                inner = region.course(make_ref(*split_ref(code, issuer)))
                if inner is not None:
                    note(inner.skills, held.ref)
        elif course is not None:
            note(course.skills, held.ref)
    for prior in learner.prior:
        note(prior.skills, prior.title)
    return found


def taught_skills(region: Region) -> set[str]:
    """Every skill some loaded credential or course teaches."""
    taught: set[str] = set()
    for loaded in region.catalogues.values():
        for credential in loaded.catalogue.credential:
            taught.update(region.skill_ids(credential.skills))
        for course in loaded.catalogue.course:
            taught.update(region.skill_ids(course.skills))
    return taught


def reference_currency(region: Region, learner: LearnerFile, employer: str) -> str:
    """The currency a cheapest set is priced in first: the first goal's, else the
    employer's. No exchange rates are assumed, so a set never mixes currencies; when no
    set in this currency closes the gap, the employer's currency is tried, then the
    others alphabetically."""
    for goal in learner.learner.goals:
        loaded = region.get(split_ref(goal)[0]) if ":" in goal else None
        if loaded is not None:
            return loaded.issuer.currency
    loaded = region.get(employer)
    return loaded.issuer.currency if loaded else "USD"


def role_fit(
    region: Region,
    learner: LearnerFile,
    role_ref: str,
    as_of: dt.date,
    *,
    target: bool = True,
    catalogue_offers: list[Offer] | None = None,
) -> RoleFit:
    """The learner's fit for one role: evidence, acceptance, gap and the two covers."""
    role = region.role(role_ref)
    if role is None:
        raise KeyError(role_ref)
    employer_id, _ = split_ref(role_ref)
    employer = region.get(employer_id)
    assert employer is not None
    current, expired = current_held(region, learner, as_of)
    evidence = evidenced_skills(region, learner, current)
    accepts = tuple(region.resolve(ref, employer_id) for ref in role.accepts)
    accepted_held = tuple(ref for ref in accepts if ref in current)
    wanted = region.skill_ids(role.skills)
    gap = tuple(skill for skill in wanted if skill not in evidence)
    currency = reference_currency(region, learner, employer_id)
    cheapest = quickest = None
    untaught: tuple[str, ...] = ()
    if gap and not accepted_held:
        every = offers(region) if catalogue_offers is None else catalogue_offers
        pool = [o for o in every if o.ref not in current]
        fallback = [employer.issuer.currency, *sorted({o.currency for o in pool})]
        for priced_in in dict.fromkeys([currency, *fallback]):
            cheapest = _cover(region, "cheapest", gap, accepts, pool, priced_in)
            if cheapest is not None:
                break
        quickest = _cover(region, "quickest", gap, accepts, pool, currency)
        taught = taught_skills(region)
        untaught = tuple(skill for skill in gap if skill not in taught)
    role_expired = {ref for ref in expired if set(_skills_of(region, ref)) & set(wanted)}
    role_expired |= {ref for ref in expired if ref in accepts}
    return RoleFit(
        role=role_ref,
        title=role.title,
        employer=employer.issuer.name,
        target=target,
        skills=tuple(wanted),
        accepts=accepts,
        accepted_held=accepted_held,
        evidenced=tuple(
            SkillEvidence(skill, tuple(evidence[skill])) for skill in wanted if skill in evidence
        ),
        gap=gap,
        cheapest=cheapest,
        quickest=quickest,
        currency=currency,
        untaught=untaught,
        expired=tuple(sorted(role_expired)),
    )


def _skills_of(region: Region, ref: str) -> list[str]:
    credential = region.credential(ref)
    return region.skill_ids(credential.skills) if credential else []


def _cover(
    region: Region,
    objective: str,
    gap: tuple[str, ...],
    accepts: tuple[str, ...],
    pool: list[Offer],
    currency: str,
) -> Cover | None:
    """The exact cheapest (priced in `currency`) or quickest (known hours) set closing
    `gap`; an accepted credential covers the whole gap on its own."""
    universe = frozenset(gap)
    by_id: dict[str, Offer] = {}
    options: list[Option] = []
    for offer in pool:
        accepted = offer.ref in accepts
        teaches = universe & set(region.skill_ids(offer.credential.skills))
        if not (accepted or teaches):
            continue
        if objective == "cheapest":
            if offer.price is None or offer.currency != currency:
                continue
            weight = offer.price
        else:
            if offer.hours is None:
                continue
            weight = offer.hours
        by_id[offer.ref] = offer
        options.append(Option(offer.ref, universe if accepted else frozenset(teaches), weight))
    chosen = cheapest_cover(universe, options)
    if chosen is None:
        return None
    items = tuple(
        CoverItem(
            credential=o.id,
            title=by_id[o.id].credential.title,
            skills=tuple(s for s in gap if s in region.skill_ids(by_id[o.id].credential.skills)),
            accepted=o.id in accepts,
            price=by_id[o.id].price,
            currency=by_id[o.id].currency,
            hours=by_id[o.id].hours,
        )
        for o in chosen
    )
    total = sum((o.weight for o in chosen), Decimal(0))
    if objective == "cheapest":
        return Cover("cheapest", items, total, currency)
    weeks = math.ceil(total / STUDY_HOURS_PER_WEEK)
    return Cover("quickest", items, total, "hours", weeks)


def fit_roles(region: Region, learner: LearnerFile, as_of: dt.date) -> tuple[RoleFit, ...]:
    """The learner's target roles in their order; with none named, the best-fitting
    few of every loaded role (satisfied first, then the smallest gap)."""
    pool = offers(region)
    targets = [ref for ref in learner.learner.roles if region.role(ref) is not None]
    if targets:
        return tuple(
            role_fit(region, learner, ref, as_of, catalogue_offers=pool)
            for ref in dict.fromkeys(targets)
        )
    fits = [
        role_fit(region, learner, ref, as_of, target=False, catalogue_offers=pool)
        for ref in region.role_refs()
    ]
    fits.sort(key=lambda f: (not f.satisfied, len(f.gap), f.role))
    return tuple(fits[:UNTARGETED_ROLES])
