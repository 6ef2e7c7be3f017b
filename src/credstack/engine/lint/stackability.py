"""stackability: a credential whose `stacks_into` program would not take it.

Same institution: every course of the credential must count toward the program, through
a requirement that lists it, a `credits` requirement whose pool lists it or whose
filters it matches, or the program's general credit. Another institution: that
institution must publish an articulation rule that recognises the credential or one of
its courses, and the rule must grant something the program takes.
"""

from __future__ import annotations

from collections.abc import Iterator

from credstack.engine.lint.common import (
    own_codes,
    program_takes_block,
    program_takes_course,
    warn,
)
from credstack.errors import Problem
from credstack.model.catalogue import Articulation, Credential, Program
from credstack.model.refs import make_ref, split_ref
from credstack.model.region import LoadedCatalogue, Region

CHECK = "stackability"


def recognising_rules(
    region: Region, target: LoadedCatalogue, refs: set[str]
) -> list[Articulation]:
    """Rules of `target` whose `from` names any of `refs` (full references)."""
    home = target.issuer.id
    return [
        rule
        for rule in target.catalogue.articulation
        if any(region.resolve(item, home) in refs for item in rule.from_)
    ]


def rule_counts_toward(rule: Articulation, program: Program, target: LoadedCatalogue) -> bool:
    """Whether what the rule grants counts toward the program."""
    if rule.grant_credits is not None:
        return program_takes_block(program, target, rule.subject or "", rule.level or 1)
    return any(
        program_takes_course(program, target, code) for code in own_codes(rule.grants, target)
    )


def _problem_with(
    region: Region,
    loaded: LoadedCatalogue,
    credential: Credential,
    target_ref: str,
) -> str | None:
    """Why the credential would not stack into the program at `target_ref`, or None."""
    home = loaded.issuer.id
    issuer, program_id = split_ref(target_ref, home)
    target = region.get(issuer)
    program = target.programs.get(program_id) if target else None
    if target is None or program is None:
        return None  # an unresolved reference: the loader reports it
    shown = make_ref(issuer, program_id)
    courses = own_codes(credential.courses, loaded)
    if issuer == home and courses:
        refused = [code for code in courses if not program_takes_course(program, target, code)]
        if not refused:
            return None
        return (
            f"stacks_into {shown}, but no requirement of {program_id!r} takes "
            f"{', '.join(refused)} and the program leaves no general credit"
        )
    refs = {make_ref(home, credential.id)} | {make_ref(home, code) for code in courses}
    rules = recognising_rules(region, target, refs)
    if not rules:
        what = "it or its courses" if courses else "it"
        where = "here" if issuer == home else f"at {issuer}"
        return f"stacks_into {shown}, but no articulation rule {where} recognises {what}"
    if any(rule_counts_toward(rule, program, target) for rule in rules):
        return None
    ids = ", ".join(rule.id for rule in rules)
    return (
        f"stacks_into {shown}, but what {issuer}'s rule(s) {ids} grant for it counts "
        f"toward no requirement of {program_id!r} (and it leaves no general credit)"
    )


def stackability(region: Region) -> Iterator[Problem]:
    """One warning per (credential, stacks_into program) that would not stack."""
    for loaded in region.catalogues.values():
        for index, credential in enumerate(loaded.catalogue.credential):
            for target_ref in dict.fromkeys(credential.stacks_into):
                why = _problem_with(region, loaded, credential, target_ref)
                if why:
                    yield warn(
                        loaded,
                        ("credential", index, "stacks_into"),
                        CHECK,
                        f"credential {credential.id!r} {why}",
                    )
