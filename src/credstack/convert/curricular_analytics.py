"""Curricular Analytics curricula and degree plans (CSV) as a credstack catalogue.

`convert_curricular_analytics(inputs, issuer)` reads one or more files (ca_reader.py: every
dialect) and returns one catalogue: the institution with its term calendar, every course
(prerequisites, corequisites), one program per file requiring its curriculum, and, for a
degree plan, the published plan (`published_plan`: course codes per term). docs/convert.md
has the mapping table; the rules that are not a plain copy:

- a course's code is its prefix and number (`MATH 2413` -> `MATH2413`), else its name when
  that is a course code, else `C<id>`; codes several courses would share get `-<id>`;
- strict corequisites (same term only) become corequisites (earlier or same term): the
  catalogue has no same-term-only requisite, so each is a warning;
- problems in the published data are warnings at their line, never fixed silently: an
  unknown or repeated requisite id, a duplicate course id, a course requiring itself, a
  prerequisite cycle (the requisite that closes it is dropped, saying which), a published
  plan that breaks its own prerequisite order (kept as published).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import networkx as nx

from credstack.convert.ca_reader import Curriculum, Row, read_curriculum
from credstack.convert.conversion import Conversion, Unmapped
from credstack.errors import CredstackError

CALENDARS: dict[str, list[tuple[str, int]]] = {
    "semester": [("spring", 1), ("fall", 9)],
    "quarter": [("winter", 1), ("spring", 3), ("fall", 9)],
}
DEFAULT_MAX_CREDITS = Decimal(18)
MAX_PROGRAM_CREDITS = Decimal(1000)  # the catalogue format's largest program
MINIMAL_CREDITS = Decimal(3)  # the minimal dialect has no credits
_CODE_NAME = re.compile(r"^[A-Za-z][A-Za-z&]*\.?\s*-?\s*\d{1,4}[A-Za-z]{0,3}$")
_AWARDS = (
    ("certificate", ("cert",)),
    ("associate", ("a",)),
    ("bachelor", ("b",)),
    ("master", ("m",)),
    ("doctorate", ("ph", "d")),
)


@dataclass
class _File:
    """One read curriculum and what its ids became."""

    curriculum: Curriculum
    program: str
    codes: dict[str, str] = field(default_factory=dict)  # source id -> course code
    rows: dict[str, Row] = field(default_factory=dict)  # source id -> its (first) row


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _clean_code(text: str) -> str:
    return re.sub(r"[^A-Z0-9]", "", text.upper())


def _candidate(row: Row) -> str | None:
    """The code a row's own name gives it, or None."""
    if row.prefix and row.number:
        code = _clean_code(row.prefix + row.number)
        if re.match(r"^[A-Z]+[0-9]", code) and len(code) <= 16:
            return code
    if _CODE_NAME.match(row.name):
        return _clean_code(row.name)
    return None


def _level(row: Row, code: str) -> int:
    """The course level: first digit of a 3-4 digit course number, else 1."""
    digits = re.search(r"\d+", row.number) or re.search(r"\d+", code)
    if digits is None or len(digits.group(0)) < 3:
        return 1
    return min(max(int(digits.group(0)[0]), 1), 8)


def _subject(row: Row) -> str:
    """The prefix, else the letters of a code-like name, else GEN."""
    prefix = _clean_code(row.prefix)
    if prefix and prefix.isalpha():
        return prefix
    letters = re.match(r"^[A-Z]+", _candidate(row) or "")
    return letters.group(0) if letters else "GEN"


def convert_curricular_analytics(inputs: list[Path], issuer: str | None) -> Conversion:
    """One catalogue from Curricular Analytics files; CredstackError on malformed input.

    Cycles are broken file by file; merging cannot make new ones: a course's requisites
    are courses of its own file, whose first definition is that file's or an earlier
    file's, so a path through definitions never climbs back to a later file.
    """
    if not inputs:
        raise CredstackError.at("<inputs>", 1, "give at least one curriculum file")
    warnings: list[Unmapped] = []
    files = [_File(read_curriculum(path, warnings), "") for path in inputs]
    programs: set[str] = set()
    for item in files:
        base = slug(item.curriculum.path.stem) or "curriculum"
        item.program = base if base not in programs else f"{base}-{len(programs) + 1}"
        programs.add(item.program)
    courses: dict[str, dict[str, Any]] = {}
    where: dict[str, str] = {}  # code -> where it was first defined
    for item in files:
        _assign_codes(item, len(files) > 1, warnings)
    for item in files:
        _add_courses(item, courses, where, warnings)
    first = files[0].curriculum
    system = first.system
    for item in files[1:]:
        if item.curriculum.system != system:
            warnings.append(
                Unmapped(
                    f"{item.curriculum.path}:{item.curriculum.header_line}",
                    "calendar-conflict",
                    f"a {item.curriculum.system} curriculum: the catalogue keeps the "
                    f"{system} calendar of {first.path.name}",
                )
            )
    plans = {item.program: _published_plan(item, courses, warnings) for item in files}
    heaviest = max(
        (load for plan in plans.values() if plan for load in _loads(plan, courses)),
        default=Decimal(0),
    )
    issuer_id, issuer_name = _issuer(files, issuer, warnings)
    catalogue: dict[str, Any] = {
        "format": 1,
        "issuer": {
            "id": issuer_id,
            "name": issuer_name,
            "kind": "university",
            "country": "US",
            "credit_system": "us-semester" if system == "semester" else "us-quarter",
        },
        "institution": {
            "term": [
                {"name": name, "starts": month, "max_credits": max(DEFAULT_MAX_CREDITS, heaviest)}
                for name, month in CALENDARS[system]
            ]
        },
        "course": [courses[code] for code in sorted(courses, key=_order(files))],
    }
    listed = [_program(item, courses, plans[item.program], warnings) for item in files]
    if any(listed):
        catalogue["program"] = [program for program in listed if program]
    warnings.append(
        Unmapped(
            f"{first.path}:1",
            "assumed-country",
            "the format names no country: the issuer's country is written as 'US'",
        )
    )
    return Conversion(catalogue, sorted(set(warnings), key=_warning_order(inputs)))


def _order(files: list[_File]) -> Any:
    """Courses in the order the files list them."""
    rank: dict[str, int] = {}
    for item in files:
        for source_id in item.rows:
            rank.setdefault(item.codes[source_id], len(rank))
    return lambda code: rank[code]


def _warning_order(inputs: list[Path]) -> Any:
    index = {str(path): i for i, path in enumerate(inputs)}

    def key(warning: Unmapped) -> tuple[int, int, str, str]:
        path, _, line = warning.where.rpartition(":")
        return (
            index.get(path, len(index)),
            int(line) if line.isdigit() else 0,
            warning.kind,
            warning.message,
        )

    return key


def _assign_codes(item: _File, several: bool, warnings: list[Unmapped]) -> None:
    """Course codes for the rows of one file (duplicate ids: the first row is kept)."""
    path = item.curriculum.path
    for row in item.curriculum.rows:
        if row.id in item.rows:
            first = item.rows[row.id]
            warnings.append(
                Unmapped(
                    f"{path}:{row.line}",
                    "duplicate-id",
                    f"Course ID {row.id} is used again (first at line {first.line}, "
                    f"{first.name!r}): this row ({row.name!r}) is not read",
                )
            )
            continue
        item.rows[row.id] = row
    candidates = {source_id: _candidate(row) for source_id, row in item.rows.items()}
    taken: dict[str, int] = {}
    for code in candidates.values():
        if code is not None:
            taken[code] = taken.get(code, 0) + 1
    fallback = f"{item.program.upper()}." if several else ""
    used: set[str] = set()
    for source_id, code in candidates.items():
        safe_id = _clean_code(source_id) or "X"
        if code is None:
            code = f"{fallback}C{safe_id}"
        elif taken[code] > 1:
            code = f"{code}-{safe_id}"
        unique, count = code, 1
        while unique in used:  # ids that differ only in case or punctuation
            count += 1
            unique = f"{code}-{count}"
        used.add(unique)
        item.codes[source_id] = unique


def _requisites(
    item: _File, row: Row, listed: list[str], what: str, warnings: list[Unmapped]
) -> list[str]:
    """The codes of the ids in one requisite cell, in order, each problem a warning."""
    found: list[str] = []
    where = f"{item.curriculum.path}:{row.line}"
    for source_id in listed:
        code = item.codes.get(source_id)
        if code is None:
            warnings.append(
                Unmapped(
                    where,
                    "unknown-course",
                    f"{row.name or row.id}: {what} id {source_id} is no course in the file: "
                    "left out",
                )
            )
        elif source_id == row.id:
            warnings.append(
                Unmapped(
                    where,
                    "self-requisite",
                    f"{row.name or row.id} lists itself as a {what}: left out",
                )
            )
        elif code in found:
            warnings.append(
                Unmapped(
                    where,
                    "repeated-requisite",
                    f"{row.name or row.id}: {what} id {source_id} is listed twice",
                )
            )
        else:
            found.append(code)
    return found


def _add_courses(
    item: _File,
    courses: dict[str, dict[str, Any]],
    where: dict[str, str],
    warnings: list[Unmapped],
) -> None:
    path = item.curriculum.path
    if any(row.credits is None for row in item.rows.values()):
        what = "this dialect has" if item.curriculum.dialect == "minimal" else "the header has"
        warnings.append(
            Unmapped(
                f"{path}:{item.curriculum.header_line}",
                "assumed-credits",
                f"{what} no credits: every course is given {MINIMAL_CREDITS}",
            )
        )
    requires: dict[str, list[str]] = {}
    corequires: dict[str, list[str]] = {}
    for source_id, row in item.rows.items():
        code = item.codes[source_id]
        pre = _requisites(item, row, row.pre, "prerequisite", warnings)
        co = _requisites(item, row, row.co + row.copre, "corequisite", warnings)
        strict = _requisites(item, row, row.strict, "strict corequisite", warnings)
        for needed in strict:
            warnings.append(
                Unmapped(
                    f"{path}:{row.line}",
                    "strict-corequisite",
                    f"{row.name or row.id}: strict corequisite {needed} (same term only) is "
                    "written as a corequisite (earlier or the same term)",
                )
            )
        requires[code] = pre
        corequires[code] = [c for c in dict.fromkeys(co + strict) if c not in pre]
    lines = {item.codes[i]: f"{path}:{row.line}" for i, row in item.rows.items()}
    terms = {item.codes[i]: row.term for i, row in item.rows.items()}
    _break_cycles(requires, corequires, lines, terms, warnings)
    for source_id, row in item.rows.items():
        code = item.codes[source_id]
        course = {
            "code": code,
            "title": _title(row, code),
            "credits": MINIMAL_CREDITS if row.credits is None else row.credits,
            "level": _level(row, code),
            "subject": _subject(row),
            "requires": " and ".join(requires[code]),
            "corequires": " and ".join(corequires[code]),
        }
        if code in courses:
            if courses[code] != course:
                warnings.append(
                    Unmapped(
                        f"{path}:{row.line}",
                        "conflicting-course",
                        f"{code} differs from the course of that code at {where[code]}: "
                        "the first is kept",
                    )
                )
            continue
        courses[code] = course
        where[code] = f"{path}:{row.line}"


def _title(row: Row, code: str) -> str:
    name = row.name or code
    shown = f"{row.prefix} {row.number}".strip()
    if shown and row.prefix and row.number and shown.lower() not in name.lower():
        return f"{shown} {name}"
    return name


def _break_cycles(
    requires: dict[str, list[str]],
    corequires: dict[str, list[str]],
    where: dict[str, str],
    term: dict[str, int | None],
    warnings: list[Unmapped],
) -> None:
    """Drop, with a warning, the requisite closing each cycle that has a prerequisite in it.

    A cycle of corequisites alone is kept (they can be taken in one term). Of a cycle's
    requisites, the one dropped is the first the published plan breaks, else the one
    listed furthest down (`where` lists the courses in file order: "file:line").
    """
    rank = {code: index for index, code in enumerate(where)}

    def broken(course: str, needed: str, strict: bool) -> bool:
        a, b = term.get(course), term.get(needed)
        return a is not None and b is not None and (b >= a if strict else b > a)

    while True:
        graph: nx.DiGraph[str] = nx.DiGraph()
        for course in sorted(requires):
            for needed in requires[course]:
                graph.add_edge(course, needed, strict=True)
            for needed in corequires[course]:
                if not graph.has_edge(course, needed):
                    graph.add_edge(course, needed, strict=False)
        cycle = _strict_cycle(graph)
        if cycle is None:
            return
        edges = list(zip(cycle, cycle[1:] + cycle[:1], strict=True))
        ranked = sorted(
            edges,
            key=lambda e: (not broken(e[0], e[1], graph.edges[e]["strict"]), -rank[e[0]], e[1]),
        )
        course, needed = ranked[0]
        strict = graph.edges[course, needed]["strict"]
        (requires if strict else corequires)[course].remove(needed)
        shown = " -> ".join([*cycle, cycle[0]])
        kind = "prerequisite" if strict else "corequisite"
        warnings.append(
            Unmapped(
                where[course],
                "prerequisite-cycle",
                f"prerequisite cycle {shown} (each needs the next): {kind} {needed} of "
                f"{course} left out",
            )
        )


def _split(expression: str) -> list[str]:
    return [part for part in expression.split(" and ") if part]


def _strict_cycle(graph: nx.DiGraph[str]) -> list[str] | None:
    """A cycle through at least one prerequisite edge, or None."""
    for component in sorted(nx.strongly_connected_components(graph), key=min):
        for course in sorted(component):
            for needed in sorted(graph.successors(course)):
                if needed in component and graph.edges[course, needed]["strict"]:
                    sub = graph.subgraph(component)
                    back = nx.shortest_path(sub, needed, course)
                    return [course, *back[:-1]]
    return None


def _published_plan(
    item: _File, courses: dict[str, dict[str, Any]], warnings: list[Unmapped]
) -> list[list[str]] | None:
    """Course codes per published term, with a warning where the plan breaks its own order."""
    if not item.curriculum.has_terms:
        return None
    path = item.curriculum.path
    terms: dict[str, int] = {}
    for source_id, row in item.rows.items():
        if row.term is None:
            warnings.append(
                Unmapped(
                    f"{path}:{row.line}",
                    "no-term",
                    f"{row.name or row.id} has no term: left out of the published plan",
                )
            )
        else:
            terms[item.codes[source_id]] = row.term
    if not terms:
        return None
    plan: list[list[str]] = [[] for _ in range(max(terms.values()))]
    for code, term in terms.items():
        plan[term - 1].append(code)
    for source_id, row in item.rows.items():
        code = item.codes[source_id]
        course = courses.get(code)
        if code not in terms or course is None:
            continue
        for key, strict in (("requires", True), ("corequires", False)):
            for needed in _split(course[key]):
                at = terms.get(needed)
                if at is None or (at >= terms[code] if strict else at > terms[code]):
                    what = "prerequisite" if strict else "corequisite"
                    when = f"term {at}" if at is not None else "no term"
                    warnings.append(
                        Unmapped(
                            f"{path}:{row.line}",
                            "plan-order",
                            f"the published plan puts {code} in term {terms[code]} but its "
                            f"{what} {needed} in {when}",
                        )
                    )
    return plan


def _loads(plan: list[list[str]], courses: dict[str, dict[str, Any]]) -> list[Decimal]:
    return [sum((Decimal(courses[c]["credits"]) for c in term), Decimal(0)) for term in plan]


def _program(
    item: _File,
    courses: dict[str, dict[str, Any]],
    plan: list[list[str]] | None,
    warnings: list[Unmapped],
) -> dict[str, Any] | None:
    curriculum = item.curriculum
    required = [item.codes[source_id] for source_id, row in item.rows.items() if not row.additional]
    if not required:
        raise CredstackError.at(curriculum.path, curriculum.header_line, "no courses")
    credits = sum((Decimal(courses[c]["credits"]) for c in required), Decimal(0))
    if credits <= 0:
        raise CredstackError.at(
            curriculum.path, curriculum.header_line, "the curriculum's courses have no credits"
        )
    if credits > MAX_PROGRAM_CREDITS:
        warnings.append(
            Unmapped(
                f"{curriculum.path}:{curriculum.header_line}",
                "no-program",
                f"its courses add up to {credits} credits, more than a program can have "
                f"({MAX_PROGRAM_CREDITS}): a course graph, not one curriculum; its courses are "
                "written without a program",
            )
        )
        return None
    program: dict[str, Any] = {
        "id": item.program,
        "title": _program_title(curriculum),
        "award": _award(curriculum, warnings),
        "credits": credits,
        "requirement": [
            {
                "id": "curriculum",
                "title": "Every course of the curriculum",
                "courses": required,
            }
        ],
    }
    if plan is not None:
        program["published_plan"] = plan
    return program


def _program_title(curriculum: Curriculum) -> str:
    name = curriculum.meta("curriculum")
    if not name or name.lower() == "curriculum":
        name = re.sub(r"\.csv$", "", curriculum.meta("degree plan"), flags=re.IGNORECASE)
    name = name or curriculum.path.stem.replace("_", " ")
    degree = curriculum.meta("degree type")
    return f"{degree} {name}" if degree and not name.startswith(degree) else name


def _award(curriculum: Curriculum, warnings: list[Unmapped]) -> str:
    degree, line = curriculum.metadata.get("degree type", ("", curriculum.header_line))
    value = re.sub(r"[^a-z]", "", degree.lower())
    for award, prefixes in _AWARDS:
        if value and any(value.startswith(p) for p in prefixes):
            return award
    why = f"Degree Type {degree!r} is not a known award" if degree else "no Degree Type"
    warnings.append(
        Unmapped(f"{curriculum.path}:{line}", "assumed-award", f"{why}: read as a bachelor")
    )
    return "bachelor"


def _issuer(files: list[_File], issuer: str | None, warnings: list[Unmapped]) -> tuple[str, str]:
    names = [f.curriculum.meta("institution") for f in files if f.curriculum.meta("institution")]
    first = files[0].curriculum
    name = names[0] if names else first.path.stem.replace("_", " ")
    for other in sorted(set(names) - {name}):
        warnings.append(
            Unmapped(
                f"{first.path}:1",
                "institution-conflict",
                f"the files name other institutions too ({other!r}): the catalogue is {name!r}",
            )
        )
    if issuer is not None:
        if not re.match(r"^[a-z0-9][a-z0-9-]*$", issuer):
            raise CredstackError.at(
                "--issuer",
                1,
                f"{issuer!r} is not an issuer id (lowercase letters, digits and '-')",
            )
        return issuer, name
    return slug(name) or "curriculum", name
