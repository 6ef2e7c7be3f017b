"""Recognition: held learning becomes units at a receiving institution (semantics §1).

Bases, in order of preference when one receiving course is reached several ways:
internal, articulation, exception, rpl. Everything refused is listed with its reason.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from decimal import Decimal

from credstack.engine.facts import HeldFact, check_fact, held_facts
from credstack.engine.grades import older_than
from credstack.engine.intermediaries import honoured_intermediaries, localised_rule, within_cap
from credstack.engine.petitions import petitions
from credstack.engine.results import BASIS_ORDER, Recognition, Refusal, Unit
from credstack.model.catalogue import Articulation, Honours, Institution, RplRoute
from credstack.model.learner import AdviserException, LearnerFile, Prior
from credstack.model.refs import split_ref
from credstack.model.region import LoadedCatalogue, Region


class _Collector:
    """Every way a unit was reached, and the reasons items were refused.

    When one receiving course (or block) is reached several ways it is one unit, the
    best basis kept (semantics §1); an item behind only the ways not kept is listed as
    not recognised, with the way kept, so its credit never vanishes silently.
    """

    def __init__(self) -> None:
        self.reached: dict[str, list[Unit]] = {}
        self.reasons: dict[str, tuple[int, str, str | None]] = {}

    def add(self, unit: Unit) -> None:
        self.reached.setdefault(unit.key, []).append(unit)

    def refuse(self, item: str, reason: str, rule: str | None, weight: int) -> None:
        """Keep the most telling reason per item (higher weight wins, then first seen)."""
        old = self.reasons.get(item)
        if old is None or weight > old[0]:
            self.reasons[item] = (weight, reason, rule)

    def units(self) -> dict[str, Unit]:
        """The unit kept per key: the first of internal, articulation, exception, rpl."""
        return {
            key: min(ways, key=lambda u: (BASIS_ORDER.index(u.basis), u.via or ""))
            for key, ways in self.reached.items()
        }

    def settle(self) -> tuple[dict[str, Unit], set[str]]:
        """The units kept, and every item behind them; refuse the items left behind."""
        kept = self.units()
        used = {source for unit in kept.values() for source in unit.sources}
        for key, ways in sorted(self.reached.items()):
            unit = kept[key]
            for way in ways:
                for item in way.sources:
                    if item not in used:
                        self.refuse(item, _already(unit), way.via, WEIGHT_ALREADY)
        return kept, used


# How telling a refusal is (the highest kept per item; decisions.md, "the most telling
# reason is kept"): a failed home course, its learning already counted another way, a
# failed condition (grade, age, window), an RPL route of its kind, another item needed.
WEIGHT_FAILED_HOME = 5
WEIGHT_ALREADY = 4
WEIGHT_CONDITION = 3
WEIGHT_RPL_KIND = 2
WEIGHT_NEEDS_MORE = 1


def _already(unit: Unit) -> str:
    """Why an item whose way to `unit` was not kept counts for nothing more."""
    how = f" ({unit.via})" if unit.via else ""
    return f"{unit.key} is already recognised from {', '.join(unit.sources)}{how}"


def recognise(
    region: Region, learner: LearnerFile, program_ref: str, as_of: dt.date
) -> Recognition:
    home, program_id = split_ref(program_ref)
    catalogue = region.get(home)
    if catalogue is None:
        raise KeyError(program_ref)
    policy = catalogue.catalogue.institution or Institution()
    excluded = {e.item: e.reason for e in learner.exceptions_for(program_ref, "exclude") if e.item}
    priors = {p.title for p in learner.prior if p.title not in excluded}
    moved = _moved(
        learner, program_ref, catalogue, held_facts(region, learner, set(excluded)), priors
    )
    # A substituted or granted item counts as its course here and as nothing else: no
    # home course, rule or route sees it (decisions.md, "a substitution moves the item").
    facts = held_facts(region, learner, set(excluded) | set(moved))
    found = _Collector()
    _internal(catalogue, facts, found)
    for rule in catalogue.rules_naming(facts):
        _articulate(rule, catalogue, policy, facts, as_of, found, region, moved)
    for honour, intermediary in honoured_intermediaries(region, catalogue):
        _honour(honour, intermediary, catalogue, policy, facts, as_of, found, region, moved)
    for item, exceptions in moved.items():
        for exception, code in exceptions:
            found.add(_exception_unit(catalogue, item, exception, code))
    for route in catalogue.catalogue.rpl:
        for prior in learner.prior:
            if prior.title in priors and prior.title not in moved:
                _rpl(route, prior, catalogue, policy, as_of, found, region)
    kept, used = found.settle()
    refusals = _refusals(learner, home, excluded, used, found)
    units = tuple(sorted(kept.values(), key=lambda u: (u.key, u.basis)))
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
            found.refuse(fact.origin, f"{code} was failed (grade F)", None, WEIGHT_FAILED_HOME)
            continue
        found.add(_course_unit(catalogue, code, "internal", (fact.origin,)))


def _articulate(
    rule: Articulation,
    catalogue: LoadedCatalogue,
    policy: Institution,
    facts: dict[str, HeldFact],
    as_of: dt.date,
    found: _Collector,
    region: Region,
    moved: dict[str, list[tuple[AdviserException, str]]],
) -> None:
    home = catalogue.issuer.id
    needed = [region.resolve(item, home) for item in rule.from_]
    held = [facts[ref] for ref in needed if ref in facts]
    if not held:
        return
    missing = [ref for ref in needed if ref not in facts]
    if missing:
        shown = ", ".join(_moved_note(ref, moved) for ref in missing)
        for fact in held:
            found.refuse(
                fact.origin, f"rule {rule.id} also needs {shown}", rule.id, WEIGHT_NEEDS_MORE
            )
        return
    failures = [(fact, why) for fact in held if (why := check_fact(fact, rule, policy, as_of))]
    if failures:
        for fact, why in failures:
            found.refuse(fact.origin, why, rule.id, WEIGHT_CONDITION)
        return
    sources = tuple(sorted({fact.origin for fact in held}))
    for unit in rule_units(rule, catalogue, sources, via=rule.id, note=rule.agreement or ""):
        found.add(unit)


def rule_units(
    rule: Articulation,
    catalogue: LoadedCatalogue,
    sources: tuple[str, ...],
    *,
    via: str | None = None,
    note: str = "",
) -> list[Unit]:
    """What an articulation rule of `catalogue` grants: one block of credit (subject and
    level), or a unit per granted course the catalogue lists."""
    if rule.grant_credits is not None:
        block = Unit(
            key=f"BLOCK:{rule.id}",
            credits=rule.grant_credits,
            subject=rule.subject or "",
            level=rule.level or 1,
            basis="articulation",
            sources=sources,
            via=via,
            note=note,
        )
        return [block]
    home = catalogue.issuer.id
    codes = (split_ref(grant, home)[1] for grant in rule.grants)
    return [
        _course_unit(catalogue, code, "articulation", sources, via=via, note=note)
        for code in codes
        if code in catalogue.courses
    ]


def _honour(
    honour: Honours,
    intermediary: LoadedCatalogue,
    catalogue: LoadedCatalogue,
    policy: Institution,
    facts: dict[str, HeldFact],
    as_of: dt.date,
    found: _Collector,
    region: Region,
    moved: dict[str, list[tuple[AdviserException, str]]],
) -> None:
    """The recommendations of an intermediary this institution honours, after its own
    rules (engine/intermediaries.py): own ways first, then capped at `max_credits`."""
    offered = _Collector()
    for rule in intermediary.rules_naming(facts):
        local = localised_rule(rule, intermediary, catalogue)
        if local is not None:
            _articulate(local, catalogue, policy, facts, as_of, offered, region, moved)
    for item, (weight, reason, rule_id) in offered.reasons.items():
        found.refuse(item, reason, rule_id, weight)
    room = honour.max_credits
    for key, ways in offered.reached.items():
        for unit in ways:
            if key in found.reached:
                kept = min(found.reached[key], key=lambda u: BASIS_ORDER.index(u.basis))
                for item in unit.sources:
                    found.refuse(item, _already(kept), unit.via, WEIGHT_ALREADY)
                continue
            credits, room = within_cap(unit.credits, unit.is_block, room)
            if credits is None:
                cap = f"{(honour.max_credits or Decimal(0)).normalize():f}"
                for item in unit.sources:
                    found.refuse(
                        item,
                        f"{honour.intermediary} recommendations are capped at {cap} credits "
                        f"here (max_credits): {key} does not fit",
                        unit.via,
                        WEIGHT_CONDITION,
                    )
                continue
            if credits != unit.credits:
                note = f"{unit.note} (cut to {credits.normalize():f} credits: max_credits)".strip()
                unit = replace(unit, credits=credits, note=note)
            found.add(unit)


def _moved(
    learner: LearnerFile,
    program_ref: str,
    catalogue: LoadedCatalogue,
    facts: dict[str, HeldFact],
    priors: set[str],
) -> dict[str, list[tuple[AdviserException, str]]]:
    """Held items (and prior learning) an adviser substituted or granted for a course of
    this program, with the exceptions and the course codes they stand for."""
    home = catalogue.issuer.id
    moved: dict[str, list[tuple[AdviserException, str]]] = {}
    for exception in learner.exceptions_for(program_ref, "substitute", "grant"):
        item = exception.item or ""
        if item not in facts and item not in priors:
            continue  # excluded, or not held
        _, code = split_ref(exception.course or "", home)
        if code in catalogue.courses:
            moved.setdefault(item, []).append((exception, code))
    return moved


def _moved_note(ref: str, moved: dict[str, list[tuple[AdviserException, str]]]) -> str:
    """A reference a rule needs, saying so when an exception moved it to another course."""
    if ref not in moved:
        return ref
    codes = ", ".join(code for _, code in moved[ref])
    return f"{ref} (an adviser exception counts it as {codes} here)"


def _exception_unit(
    catalogue: LoadedCatalogue, item: str, exception: AdviserException, code: str
) -> Unit:
    """The course a substituted or granted item stands for (no grade or age checks)."""
    who = ", ".join(str(part) for part in (exception.by, exception.date) if part)
    note = exception.reason + (f" ({who})" if who else "")
    return _course_unit(
        catalogue, code, "exception", (item,), via=f"exception:{exception.kind}", note=note
    )


def _rpl_gap(route: RplRoute, prior: Prior, region: Region) -> str | None:
    if prior.kind not in route.kinds:
        return f"route {route.id} accepts {', '.join(route.kinds)}, not {prior.kind}"
    if prior.hours < route.min_hours:
        return f"route {route.id} needs {route.min_hours} hours, {prior.hours} evidenced"
    skills = sorted(set(region.skill_ids(route.skills)) - set(region.skill_ids(prior.skills)))
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
    region: Region,
) -> None:
    gap = _rpl_gap(route, prior, region)
    if gap is None and prior.ended and policy.recency_years is not None:
        if older_than(prior.ended, as_of, policy.recency_years):
            gap = f"ended {prior.ended}, older than {policy.recency_years} years (recency_years)"
    if gap is not None:
        weight = WEIGHT_RPL_KIND if prior.kind in route.kinds else 0
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
            )
        )
        return
    for grant in route.grants:
        _, code = split_ref(grant, catalogue.issuer.id)
        found.add(_course_unit(catalogue, code, "rpl", (prior.title,), **extra))


def _refusals(
    learner: LearnerFile,
    home: str,
    excluded: dict[str, str],
    used: set[str],
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
        if item in seen or item in used:
            continue
        seen.add(item)
        known = found.reasons.get(item)
        refusals.append(Refusal(item, known[1], known[2]) if known else Refusal(item, fallback))
    return tuple(refusals)
