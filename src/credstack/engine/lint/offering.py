"""never-offered and unfinishable-program: courses no one can take, programs no one can finish.

A course with `offered = []` runs in no term. A course whose prerequisites or
corequisites can only be met through such courses can never be taken either, and a
program that needs any of them (directly, or because too few of a choice remain) cannot
be finished by someone who studies there.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from decimal import Decimal

from credstack.engine.lint.common import own_codes, show, warn
from credstack.errors import Problem
from credstack.model.prereq import satisfied
from credstack.model.refs import split_ref
from credstack.model.region import LoadedCatalogue, Region

NEVER_OFFERED = "never-offered"
UNFINISHABLE = "unfinishable-program"


def never_run(loaded: LoadedCatalogue) -> set[str]:
    """Codes of courses offered in no term (`offered = []`)."""
    return {c.code for c in loaded.catalogue.course if c.offered is not None and not c.offered}


def _within(loaded: LoadedCatalogue, open_: set[str]) -> Callable[[str], bool]:
    """`done` for prerequisite expressions: a course counts when it can be taken."""
    home = loaded.issuer.id

    def done(name: str) -> bool:
        issuer, code = split_ref(name, home)
        # other issuers' or unknown courses are loader errors: do not add a second problem
        return issuer != home or code not in loaded.courses or code in open_

    return done


def takeable(loaded: LoadedCatalogue) -> set[str]:
    """Codes of courses that can be taken: offered somewhere, prerequisites reachable."""
    open_ = set(loaded.courses) - never_run(loaded)
    done = _within(loaded, open_)
    changed = True
    while changed:
        changed = False
        for code in sorted(open_):
            if not (
                satisfied(loaded.requires.get(code), done)
                and satisfied(loaded.corequires.get(code), done)
            ):
                open_.discard(code)
                changed = True
    return open_


def never_offered(region: Region) -> Iterator[Problem]:
    """Courses offered in no term, and courses whose prerequisites only such courses meet."""
    for loaded in region.catalogues.values():
        never = never_run(loaded)
        if not never:
            continue
        open_ = takeable(loaded)
        for index, course in enumerate(loaded.catalogue.course):
            if course.code in never:
                yield warn(
                    loaded,
                    ("course", index, "offered"),
                    NEVER_OFFERED,
                    f"course {course.code!r} is offered in no term (offered = [])",
                )
            elif course.code not in open_:
                met = satisfied(loaded.requires.get(course.code), _within(loaded, open_))
                key = "corequires" if met else "requires"
                yield warn(
                    loaded,
                    ("course", index, key),
                    NEVER_OFFERED,
                    f"course {course.code!r} can never be taken: its {key} can only be met "
                    "through courses offered in no term",
                )


def unfinishable_program(region: Region) -> Iterator[Problem]:
    """Requirements that courses offered in no term (or unreachable) make impossible."""
    for loaded in region.catalogues.values():
        if not loaded.catalogue.program or not never_run(loaded):
            continue
        open_ = takeable(loaded)
        for p_index, program in enumerate(loaded.catalogue.program):
            for r_index, requirement in enumerate(program.requirement):
                if not requirement.courses:
                    continue  # a filtered credits requirement: any matching unit will do
                listed = own_codes(requirement.courses, loaded)
                closed = [code for code in listed if code not in open_]
                if not closed:
                    continue
                available = [code for code in listed if code in open_]
                if requirement.shape == "courses":
                    why = f"it needs {', '.join(closed)}, which can never be taken"
                elif requirement.shape == "choose":
                    if len(available) >= (requirement.choose or 0):
                        continue
                    why = (
                        f"it needs {requirement.choose} of its courses but only "
                        f"{len(available)} can be taken ({', '.join(closed)} never can)"
                    )
                else:
                    reachable = sum((loaded.courses[c].credits for c in available), Decimal(0))
                    if requirement.credits is None or reachable >= requirement.credits:
                        continue
                    why = (
                        f"it needs {show(requirement.credits)} credits from its courses but "
                        f"only {show(reachable)} can be taken ({', '.join(closed)} never can)"
                    )
                yield warn(
                    loaded,
                    ("program", p_index, "requirement", r_index, "courses"),
                    UNFINISHABLE,
                    f"program {program.id!r} cannot be finished here: requirement "
                    f"{requirement.id!r}: {why} (offered in no term, or behind a "
                    "prerequisite that is)",
                )
