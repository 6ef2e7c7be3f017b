"""Recognition: held learning becomes units at a receiving institution (semantics §1).

Bases, in order of preference when one receiving course is reached several ways:
internal, articulation, exception, rpl. Everything refused is listed with its reason.
"""

from __future__ import annotations

import datetime as dt

from credstack.engine.facts import HeldFact, check_fact, held_facts
from credstack.engine.grades import older_than
from credstack.engine.petitions import petitions
from credstack.engine.results import BASIS_ORDER, Recognition, Refusal, Unit
from credstack.model.catalogue import Articulation, Institution, RplRoute
from credstack.model.learner import LearnerFile, Prior
from credstack.model.refs import split_ref
from credstack.model.region import LoadedCatalogue, Region


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
    excluded = {e.item: e.reason for e in learner.exceptions_for(program_ref, "exclude") if e.item}
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
    failures = [(fact, why) for fact in held if (why := check_fact(fact, rule, policy, as_of))]
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
    for exception in learner.exceptions_for(program_ref, "substitute", "grant"):
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
