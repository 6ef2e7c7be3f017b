"""What the lint checks share: located warnings, and which units a program takes.

A requirement's nominal credits and what its `credits` filters take are the model's rules
(model/requirements.py), the same the audit uses; `requirement_takes` adds the listed
courses the way the audit's `RequirementRule.takes` does, without importing the solver, so
`credstack lint` stays quick; tests/unit/test_lint.py keeps them in step.
"""

from __future__ import annotations

from decimal import Decimal

from credstack.errors import Problem
from credstack.model.catalogue import Program, Requirement
from credstack.model.refs import split_ref
from credstack.model.region import LoadedCatalogue
from credstack.model.requirements import filter_takes, nominal_credits


def warn(loaded: LoadedCatalogue, loc: tuple[str | int, ...], check: str, message: str) -> Problem:
    """A warning `check: message` at the line of `loc` in `loaded`'s file."""
    return Problem(str(loaded.path), loaded.line_of(*loc), f"{check}: {message}", "warning")


def show(value: Decimal) -> str:
    """Credits as a registrar writes them: 120, 7.5."""
    return f"{value.normalize():f}"


def own_codes(names: list[str], loaded: LoadedCatalogue) -> list[str]:
    """The codes of `names` that are courses of `loaded` (others are loader errors)."""
    home = loaded.issuer.id
    codes: list[str] = []
    for name in names:
        issuer, code = split_ref(name, home)
        if issuer == home and code in loaded.courses and code not in codes:
            codes.append(code)
    return codes


def nominal_total(program: Program, loaded: LoadedCatalogue) -> Decimal:
    return sum((nominal_credits(r, loaded) for r in program.requirement), Decimal(0))


def has_general_credit(program: Program, loaded: LoadedCatalogue) -> bool:
    """Whether the requirements leave room for general credit that any unit may fill."""
    return nominal_total(program, loaded) < program.credits


def requirement_takes(
    requirement: Requirement,
    loaded: LoadedCatalogue,
    code: str | None,
    subject: str,
    level: int,
) -> bool:
    """Whether a unit (a course `code`, or a block of credit when None) may count here."""
    if requirement.shape != "credits" or requirement.courses:
        listed = {split_ref(name, loaded.issuer.id)[1] for name in requirement.courses or []}
        return code is not None and code in listed
    return filter_takes(requirement, subject, level)


def program_takes_course(program: Program, loaded: LoadedCatalogue, code: str) -> bool:
    """Whether a course of the program's own institution counts toward it somewhere."""
    course = loaded.courses.get(code)
    if course is None:
        return True  # not a course here: the loader reports that
    if has_general_credit(program, loaded):
        return True
    return any(
        requirement_takes(r, loaded, code, course.subject_code(), course.level)
        for r in program.requirement
    )


def program_takes_block(
    program: Program, loaded: LoadedCatalogue, subject: str, level: int
) -> bool:
    """Whether block credit (an articulation's `grant_credits`) counts toward the program."""
    if has_general_credit(program, loaded):
        return True
    return any(
        requirement_takes(r, loaded, None, subject, level)
        for r in program.requirement
        if r.shape == "credits"
    )
