"""The articulation agreement between a feeder and a program (ASSIST's view, for any pair).

For a target program P at institution B and a feeder F (a college, a provider, an
employer academy), every requirement of P is listed with the feeder items that satisfy it
through B's published rules, and what no feeder item covers:

- a rule of B whose `from` names only F's items ("and" rules need all of them);
- a credential of F that contains a course a rule names also satisfies it (holding the
  credential gives its courses, semantics §1): listed as `via` beside the course;
- a rule granting a course of B: the requirements of P that list that course (or whose
  credits filters take it); a rule granting credits with a subject and level: the credits
  requirements whose filters take the block (the articulation graph's "counts" edges,
  the audit's `filter_takes`);
- a rule whose grant counts toward no requirement of P still brings credit toward P's
  total: listed under general credit.

Rules are B's, as recognition applies them: conditions (minimum grade, validity window
on the date earned, recency) are shown with each rule; a rule whose window closed before
`as_of` cannot be met by anything earned from now on and is marked closed. Inferred
chains through a third institution are petitions, never agreements, so they are not
listed. Nothing here knows a learner.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from credstack.engine.articulation_graph import articulation_graph, block_ref, requirement_ref
from credstack.errors import CredstackError, did_you_mean
from credstack.model.catalogue import Articulation
from credstack.model.refs import make_ref, split_ref
from credstack.model.region import LoadedCatalogue, Region
from credstack.model.requirements import nominal_credits

Coverage = Literal["covered", "partial", "none"]


@dataclass(frozen=True)
class FeederItem:
    """An item of the feeder that a rule takes."""

    ref: str  # "F:CODE" or "F:credential-id"
    title: str
    kind: Literal["course", "credential"]
    credits: Decimal | None
    via: tuple[str, ...] = ()  # F credentials that contain this course


@dataclass(frozen=True)
class Grant:
    """What a rule gives at B: a course, or a block of credits with subject and level."""

    ref: str  # "B:CODE", or "B:BLOCK:rule-id"
    title: str
    credits: Decimal
    subject: str | None = None
    level: int | None = None


@dataclass(frozen=True)
class AgreementRule:
    """One of B's rules taking only feeder items, with its conditions."""

    rule: str  # the rule id at B
    takes: tuple[FeederItem, ...]  # all needed (an "and" rule when more than one)
    grants: tuple[Grant, ...]
    min_grade: str | None
    valid_from: dt.date | None
    valid_until: dt.date | None
    max_age_years: int | None  # the rule's own limit, else B's recency_years
    agreement: str | None
    closed: bool  # valid_until is before as_of: nothing earned from now on meets it


@dataclass(frozen=True)
class RequirementAgreement:
    """A requirement of P and the rules that reach it."""

    id: str
    title: str
    shape: str
    credits: Decimal  # what the requirement stands for (model/requirements.nominal_credits)
    rules: tuple[AgreementRule, ...]
    uncovered: tuple[str, ...]  # listed courses of B that no feeder item reaches
    coverage: Coverage


@dataclass(frozen=True)
class Agreement:
    """Everything the feeder's items can do for one program, by B's rules."""

    feeder: str
    feeder_name: str
    institution: str
    institution_name: str
    program: str  # "B:program-id"
    program_title: str
    award: str
    credits: Decimal
    as_of: dt.date
    requirements: tuple[RequirementAgreement, ...]
    general: tuple[AgreementRule, ...]  # count toward P's total only
    max_external_credits: Decimal  # P's transfer cap (max_external_share x credits)
    residency_credits: Decimal  # credits P needs at B itself


def feeders_into(region: Region, institution: str) -> list[str]:
    """The issuers with at least one of `institution`'s rules taking only their items."""
    loaded = region.get(institution)
    if loaded is None:
        return []
    found = {
        issuer
        for rule in loaded.catalogue.articulation
        if len(issuer := _only_issuer(rule, institution)) > 0 and issuer != institution
    }
    return sorted(found)


def agreement(region: Region, feeder: str, program: str, as_of: dt.date) -> Agreement:
    """The agreement view of `feeder` into `program` ("B:program-id"), as of a date.

    Raises CredstackError (naming the option) for an unknown feeder or program.
    """
    loaded_feeder = region.get(feeder)
    if loaded_feeder is None:
        known = sorted(region.catalogues)
        raise CredstackError.at(
            "--from", 1, f"no loaded issuer {feeder!r}" + did_you_mean(feeder, known)
        )
    target = region.program(program) if ":" in program else None
    if target is None:
        raise CredstackError.at(
            "--to",
            1,
            f"no loaded program {program!r}" + did_you_mean(program, region.program_refs()),
        )
    institution, program_id = split_ref(program)
    home = region.catalogues[institution]
    graph = articulation_graph(region)
    policy = home.catalogue.institution
    recency = policy.recency_years if policy else None
    rules = [
        _rule(region, home, loaded_feeder, rule, recency, as_of)
        for rule in home.catalogue.articulation
        if _only_issuer(rule, institution) == feeder
    ]
    counted: set[str] = set()
    requirements = []
    for requirement in target.requirement:
        node = requirement_ref(institution, program_id, requirement.id)
        reaching = tuple(
            rule
            for rule in rules
            if any(node in graph.requirements_of(grant.ref) for grant in rule.grants)
        )
        counted.update(rule.rule for rule in reaching)
        granted = {grant.ref for rule in reaching if not rule.closed for grant in rule.grants}
        listed = [make_ref(*split_ref(name, institution)) for name in requirement.courses or []]
        uncovered = tuple(ref for ref in listed if ref not in granted)
        open_rules = [rule for rule in reaching if not rule.closed]
        requirements.append(
            RequirementAgreement(
                id=requirement.id,
                title=requirement.title,
                shape=requirement.shape,
                credits=nominal_credits(requirement, home),
                rules=reaching,
                uncovered=uncovered,
                coverage=_coverage(
                    requirement.choose,
                    listed,
                    uncovered,
                    open_rules,
                    nominal_credits(requirement, home),
                ),
            )
        )
    share = target.max_external_share
    if share is None:
        share = policy.max_external_share if policy else Decimal("0.75")
    residency = target.residency_credits
    if residency is None:
        residency = policy.residency_credits if policy else Decimal(0)
    return Agreement(
        feeder=feeder,
        feeder_name=loaded_feeder.issuer.name,
        institution=institution,
        institution_name=home.issuer.name,
        program=program,
        program_title=target.title,
        award=target.award,
        credits=target.credits,
        as_of=as_of,
        requirements=tuple(requirements),
        general=tuple(rule for rule in rules if rule.rule not in counted),
        max_external_credits=share * target.credits,
        residency_credits=residency,
    )


def _only_issuer(rule: Articulation, home: str) -> str:
    """The one issuer every item of the rule's `from` belongs to, or '' when they differ."""
    issuers = {split_ref(name, home)[0] for name in rule.from_}
    return issuers.pop() if len(issuers) == 1 else ""


def _rule(
    region: Region,
    home: LoadedCatalogue,
    feeder: LoadedCatalogue,
    rule: Articulation,
    recency: int | None,
    as_of: dt.date,
) -> AgreementRule:
    institution = home.issuer.id
    takes = tuple(_feeder_item(feeder, name) for name in dict.fromkeys(rule.from_))
    if rule.grant_credits is not None:
        subject = f" {rule.subject}" if rule.subject else ""
        level = f", level {rule.level}" if rule.level is not None else ""
        grants: tuple[Grant, ...] = (
            Grant(
                ref=block_ref(institution, rule.id),
                title=f"{rule.grant_credits} credits{subject}{level}",
                credits=rule.grant_credits,
                subject=rule.subject,
                level=rule.level,
            ),
        )
    else:
        grants = tuple(
            Grant(
                ref=make_ref(institution, code),
                title=home.courses[code].title if code in home.courses else code,
                credits=home.courses[code].credits if code in home.courses else Decimal(0),
                subject=home.courses[code].subject_code() if code in home.courses else None,
                level=home.courses[code].level if code in home.courses else None,
            )
            for code in (split_ref(name, institution)[1] for name in rule.grants)
        )
    return AgreementRule(
        rule=rule.id,
        takes=takes,
        grants=grants,
        min_grade=rule.min_grade,
        valid_from=rule.valid_from,
        valid_until=rule.valid_until,
        max_age_years=rule.max_age_years if rule.max_age_years is not None else recency,
        agreement=rule.agreement,
        closed=rule.valid_until is not None and rule.valid_until < as_of,
    )


def _feeder_item(feeder: LoadedCatalogue, name: str) -> FeederItem:
    issuer = feeder.issuer.id
    _, code = split_ref(name, issuer)
    ref = make_ref(issuer, code)
    if code in feeder.credentials:
        credential = feeder.credentials[code]
        return FeederItem(ref, credential.title, "credential", credential.credits)
    course = feeder.courses.get(code)
    via = tuple(
        make_ref(issuer, cid)
        for cid, credential in sorted(feeder.credentials.items())
        if any(split_ref(c, issuer) == (issuer, code) for c in credential.courses)
    )
    return FeederItem(
        ref,
        course.title if course else code,
        "course",
        course.credits if course else None,
        via,
    )


def _coverage(
    choose: int | None,
    listed: list[str],
    uncovered: tuple[str, ...],
    open_rules: list[AgreementRule],
    needed_credits: Decimal,
) -> Coverage:
    """Whether the feeder's items, by open rules, can satisfy the requirement.

    A course list is covered when every listed course is reached, a choose-N when N are;
    a credits requirement (no list) when the credits its rules grant (each granted course
    or block once) reach what it asks. A learner's audit may still place a unit elsewhere
    or stop at the transfer cap: this is what the rules allow, not what a learner gets.
    """
    if not open_rules:
        return "none"
    if not listed:
        granted = {grant.ref: grant.credits for rule in open_rules for grant in rule.grants}
        return "covered" if sum(granted.values(), Decimal(0)) >= needed_credits else "partial"
    reached = len(listed) - len(uncovered)
    needed = choose if choose is not None else len(listed)
    return "covered" if reached >= needed else "partial"
