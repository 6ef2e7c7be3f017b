"""Recognition: held learning becomes units at a receiving institution (semantics §1).

Bases, in order of preference when one receiving course is reached several ways:
internal, articulation, exception, rpl. Everything refused is listed with its reason.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from credstack.engine.grades import meets_min_grade, older_than
from credstack.engine.results import BASIS_ORDER, Recognition, Refusal, Unit
from credstack.model.catalogue import Articulation, Institution, RplRoute
from credstack.model.learner import LearnerFile, Prior
from credstack.model.refs import make_ref, split_ref
from credstack.model.region import LoadedCatalogue, Region


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


class _Collector:
    """Units by key (best basis kept) and the reasons items were refused."""

    def __init__(self) -> None:
        self.units: dict[str, Unit] = {}
        self.used: set[str] = set()
        self.reasons: dict[str, tuple[int, str, str | None]] = {}

    def add(self, unit: Unit, sources: set[str]) -> None:
        self.used |= sources
        old = self.units.get(unit.key)
        rank = (BASIS_ORDER.index(unit.basis), unit.via or "")
        if old is None or rank < (BASIS_ORDER.index(old.basis), old.via or ""):
            self.units[unit.key] = unit

    def refuse(self, item: str, reason: str, rule: str | None, weight: int) -> None:
        """Keep the most telling reason per item (higher weight wins, then first seen)."""
        old = self.reasons.get(item)
        if old is None or weight > old[0]:
            self.reasons[item] = (weight, reason, rule)


def recognise(
    region: Region, learner: LearnerFile, program_ref: str, as_of: dt.date
) -> Recognition:
    home, program_id = split_ref(program_ref)
    catalogue = region.get(home)
    if catalogue is None:
        raise KeyError(program_ref)
    policy = catalogue.catalogue.institution or Institution()
    excluded = {
        e.item: e.reason
        for e in learner.exception
        if e.kind == "exclude" and e.program == program_ref and e.item
    }
    facts = held_facts(region, learner, set(excluded))
    found = _Collector()
    _internal(catalogue, facts, found)
    for rule in catalogue.rules_naming(facts):
        _articulate(rule, catalogue, policy, facts, as_of, found, region)
    _exceptions(learner, program_ref, catalogue, facts, found)
    for route in catalogue.catalogue.rpl:
        for prior in learner.prior:
            if prior.title not in excluded:
                _rpl(route, prior, catalogue, policy, as_of, found)
    refusals = _refusals(learner, home, excluded, found)
    units = tuple(sorted(found.units.values(), key=lambda u: (u.key, u.basis)))
    from credstack.engine.paths import petitions  # here: paths builds on this module

    confirmed = {u.course for u in units if u.course and u.basis != "rpl"}
    return Recognition(
        institution=home,
        units=units,
        not_recognised=refusals,
        petitions=petitions(region, learner, program_ref, as_of, recognised=confirmed),
    )


def _course_unit(
    catalogue: LoadedCatalogue, code: str, basis: str, sources: tuple[str, ...], **extra: object
) -> Unit:
    course = catalogue.courses[code]
    return Unit(
        key=code,
        credits=course.credits,
        subject=course.subject_code(),
        level=course.level,
        basis=basis,  # type: ignore[arg-type]
        sources=sources,
        course=code,
        **extra,  # type: ignore[arg-type]
    )


def _internal(catalogue: LoadedCatalogue, facts: dict[str, HeldFact], found: _Collector) -> None:
    home = catalogue.issuer.id
    for ref, fact in sorted(facts.items()):
        issuer, code = split_ref(ref)
        if issuer != home or code not in catalogue.courses:
            continue
        if fact.grade == "F":
            found.refuse(fact.origin, f"{code} was failed (grade F)", None, 5)
            continue
        found.add(_course_unit(catalogue, code, "internal", (fact.origin,)), {fact.origin})


def _check_fact(
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


def _articulate(
    rule: Articulation,
    catalogue: LoadedCatalogue,
    policy: Institution,
    facts: dict[str, HeldFact],
    as_of: dt.date,
    found: _Collector,
    region: Region,
) -> None:
    home = catalogue.issuer.id
    needed = [region.resolve(item, home) for item in rule.from_]
    held = [facts[ref] for ref in needed if ref in facts]
    if not held:
        return
    missing = [ref for ref in needed if ref not in facts]
    if missing:
        for fact in held:
            found.refuse(
                fact.origin, f"rule {rule.id} also needs {', '.join(missing)}", rule.id, 1
            )
        return
    failures = [(fact, why) for fact in held if (why := _check_fact(fact, rule, policy, as_of))]
    if failures:
        for fact, why in failures:
            found.refuse(fact.origin, why, rule.id, 3)
        return
    sources = tuple(sorted({fact.origin for fact in held}))
    note = rule.agreement or ""
    if rule.grant_credits is not None:
        found.add(
            Unit(
                key=f"BLOCK:{rule.id}",
                credits=rule.grant_credits,
                subject=rule.subject or "",
                level=rule.level or 1,
                basis="articulation",
                sources=sources,
                via=rule.id,
                note=note,
            ),
            set(sources),
        )
        return
    for grant in rule.grants:
        _, code = split_ref(grant, home)
        found.add(
            _course_unit(catalogue, code, "articulation", sources, via=rule.id, note=note),
            set(sources),
        )


def _exceptions(
    learner: LearnerFile,
    program_ref: str,
    catalogue: LoadedCatalogue,
    facts: dict[str, HeldFact],
    found: _Collector,
) -> None:
    home = catalogue.issuer.id
    priors = {p.title for p in learner.prior}
    for exception in learner.exception:
        if exception.program != program_ref or exception.kind not in ("substitute", "grant"):
            continue
        item = exception.item or ""
        if item not in facts and item not in priors:
            continue  # excluded, or not held
        _, code = split_ref(exception.course or "", home)
        if code not in catalogue.courses:
            continue
        who = ", ".join(str(part) for part in (exception.by, exception.date) if part)
        note = exception.reason + (f" ({who})" if who else "")
        # The item now stands for `code`: it no longer counts as anything else here.
        found.units = {
            key: unit
            for key, unit in found.units.items()
            if not (unit.sources == (item,) and unit.basis != "exception" and key != code)
        }
        found.add(
            _course_unit(
                catalogue, code, "exception", (item,), via=f"exception:{exception.kind}", note=note
            ),
            {item},
        )


def _rpl_gap(route: RplRoute, prior: Prior) -> str | None:
    if prior.kind not in route.kinds:
        return f"route {route.id} accepts {', '.join(route.kinds)}, not {prior.kind}"
    if prior.hours < route.min_hours:
        return f"route {route.id} needs {route.min_hours} hours, {prior.hours} evidenced"
    skills = sorted(set(route.skills) - set(prior.skills))
    if skills:
        return f"route {route.id} needs skills {', '.join(skills)}"
    evidence = sorted(set(route.evidence) - set(prior.evidence))
    if evidence:
        return f"route {route.id} needs evidence {', '.join(evidence)}"
    return None


def _rpl(
    route: RplRoute,
    prior: Prior,
    catalogue: LoadedCatalogue,
    policy: Institution,
    as_of: dt.date,
    found: _Collector,
) -> None:
    gap = _rpl_gap(route, prior)
    if gap is None and prior.ended and policy.recency_years is not None:
        if older_than(prior.ended, as_of, policy.recency_years):
            gap = f"ended {prior.ended}, older than {policy.recency_years} years (recency_years)"
    if gap is not None:
        weight = 2 if prior.kind in route.kinds else 0
        found.refuse(prior.title, gap, route.id, weight)
        return
    extra = {"via": route.id, "note": route.title, "fee": route.assessment_fee}
    if route.grant_credits is not None:
        found.add(
            Unit(
                key=f"RPL:{route.id}",
                credits=route.grant_credits,
                subject=route.subject or "",
                level=route.level or 1,
                basis="rpl",
                sources=(prior.title,),
                **extra,  # type: ignore[arg-type]
            ),
            {prior.title},
        )
        return
    for grant in route.grants:
        _, code = split_ref(grant, catalogue.issuer.id)
        found.add(_course_unit(catalogue, code, "rpl", (prior.title,), **extra), {prior.title})


def _refusals(
    learner: LearnerFile,
    home: str,
    excluded: dict[str, str],
    found: _Collector,
) -> tuple[Refusal, ...]:
    """Every held item and prior-learning entry that counts for nothing here, and why."""
    refusals = [
        Refusal(item, f"excluded by an adviser exception: {reason}", None)
        for item, reason in sorted(excluded.items())
    ]
    seen: set[str] = set(excluded)
    candidates = [(h.ref, f"no articulation rule at {home} recognises it") for h in learner.held]
    candidates += [(p.title, f"no RPL route at {home} accepts it") for p in learner.prior]
    for item, fallback in candidates:
        if item in seen or item in found.used:
            continue
        seen.add(item)
        known = found.reasons.get(item)
        refusals.append(Refusal(item, known[1], known[2]) if known else Refusal(item, fallback))
    return tuple(refusals)
