"""Oracles for whole cases (pipeline_instances.py), written from the documents, not from the
engine: docs/audit-semantics.md (the shared spec), docs/decisions.md and the learner
format. They reuse only the brute-force audit and scheduler of brute.py, and the
engine's data types.

* `recognise`: which units a learner brings to `ru:prog` (semantics §1; decisions:
  "adviser exceptions are decisions, not rules", "a substitution moves the item": a
  substituted or granted item counts as that course and no longer as anything else, an
  excluded item is removed before any rule is tried; one unit per course, the basis
  kept first of internal, articulation, exception).
* `cheapest_completion`: the fewest credits a plan can take so that every requirement
  that is not waived is met and the program's credits are reached: any set of the
  institution's courses closed under prerequisites and corequisites (held or recognised
  courses count as done from the start; a recognised course may be retaken in residence,
  decisions: "if a cap left it out, the learner takes it in residence"), plus elective
  slots of any subject and level. Semantics §3 plans the missing courses, their
  prerequisites by "the branch that adds the fewest credits", and slots "sized to the
  credits left": a plan that takes more than this minimum buys something it does not need.
* `calendar`: the attended terms from the learner's start, each with its load
  (min(credits_per_term, max_credits)) and maximum (a course over the load goes alone).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from itertools import combinations
from typing import Any

from credstack.engine.results import Unit
from credstack.model.prereq import Expr, parse
from tests.property.brute import completion_deficit, holds
from tests.property.pipeline_instances import PROGRAM, RU, PipelineCase

GRADE_ORDER = ("A+", "A", "A-", "B+", "B", "B-", "C+", "C", "C-", "D+", "D", "D-", "F")
BASIS_ORDER = ("internal", "articulation", "exception")


def hundredths(value: Any) -> int:
    return int(Decimal(str(value)) * 100)


def _meets(grade: str, minimum: str | None, pass_equals: str) -> bool:
    if minimum is None:
        return True
    grade = pass_equals if grade == "P" else grade
    return GRADE_ORDER.index(grade) <= GRADE_ORDER.index(minimum)


@dataclass(frozen=True)
class Recognised:
    units: tuple[Unit, ...]
    refused: frozenset[str]  # held references that make no unit
    done: frozenset[str]  # receiving course codes counted as done (prerequisites)
    waived: frozenset[str]

    def keys(self) -> dict[str, str]:
        """Unit key -> basis."""
        return {u.key: u.basis for u in self.units}


def recognise(case: PipelineCase) -> Recognised:
    ru = case.ru
    courses = {c["code"]: c for c in ru["course"]}
    pass_equals = (ru.get("institution") or {}).get("pass_equals", "C")
    grade = {h["ref"]: h.get("grade", "P") for h in case.learner.get("held", [])}
    mine = [e for e in case.learner.get("exception", []) if e["program"] == PROGRAM]
    excluded = {e["item"] for e in mine if e["kind"] == "exclude"}
    moved = {e["item"]: e["course"] for e in mine if e["kind"] in ("substitute", "grant")}
    waived = frozenset(e["requirement"] for e in mine if e["kind"] == "waive")
    available = [ref for ref in grade if ref not in excluded and ref not in moved]

    found: dict[str, tuple[str, set[str], str | None]] = {}  # code -> basis, sources, via
    blocks: list[Unit] = []
    contributing: set[str] = set()

    def add(code: str, basis: str, sources: list[str], via: str | None) -> None:
        # One unit per course, the first basis kept (semantics §1); the items behind a way
        # not kept count for nothing more and are refused ("learning reached twice is
        # listed, not lost", decisions.md). Among ways of one basis the rule id decides.
        if code in found:
            old_basis, _, old_via = found[code]
            if (BASIS_ORDER.index(old_basis), old_via or "") <= (
                BASIS_ORDER.index(basis),
                via or "",
            ):
                return
        found[code] = (basis, set(sources), via)

    for ref in available:
        issuer, code = ref.split(":", 1)
        if issuer == RU and grade[ref] != "F":
            add(code, "internal", [ref], None)
    for rule in ru.get("articulation", []):
        sources = [ref if ":" in ref else f"{RU}:{ref}" for ref in rule["from"]]
        if not all(ref in available for ref in sources):
            continue
        if not all(_meets(grade[ref], rule.get("min_grade"), pass_equals) for ref in sources):
            continue
        for code in rule.get("grants", []):
            add(code, "articulation", sources, rule["id"])
        if "grant_credits" in rule:
            contributing.update(sources)
            blocks.append(
                Unit(
                    key=f"BLOCK:{rule['id']}",
                    credits=Decimal(str(rule["grant_credits"])),
                    subject=rule["subject"],
                    level=int(rule.get("level", 1)),
                    basis="articulation",
                    sources=tuple(sources),
                    via=rule["id"],
                )
            )
    for item, code in moved.items():
        add(code, "exception", [item], "exception")

    for _, kept_sources, _ in found.values():
        contributing.update(kept_sources)
    units = [
        Unit(
            key=code,
            credits=Decimal(str(courses[code]["credits"])),
            subject=courses[code].get("subject", "".join(ch for ch in code if ch.isalpha())),
            level=int(courses[code].get("level", 1)),
            basis=basis,  # type: ignore[arg-type]
            sources=tuple(sorted(sources)),
            via=via,
            course=code,
        )
        for code, (basis, sources, via) in sorted(found.items())
    ]
    return Recognised(
        units=tuple(units) + tuple(blocks),
        refused=frozenset(grade) - contributing,
        done=frozenset(found),
        waived=waived,
    )


def _expr(text: str | None) -> Expr:
    return parse(text) if text else None


def _closed(chosen: set[str], done: frozenset[str], rules: dict[str, tuple[Expr, Expr]]) -> bool:
    have = done | chosen
    return all(
        holds(requires, have.__contains__) and holds(corequires, have.__contains__)
        for code in chosen
        for requires, corequires in [rules[code]]
    )


def _subsets_by_credits(credits: dict[str, int]) -> Iterator[tuple[int, tuple[str, ...]]]:
    subsets = [
        (sum(credits[c] for c in chosen), chosen)
        for size in range(len(credits) + 1)
        for chosen in combinations(sorted(credits), size)
    ]
    yield from sorted(subsets)


@dataclass(frozen=True)
class Completion:
    credits: int  # hundredths: courses + electives
    courses: tuple[str, ...]
    electives: int  # hundredths


def with_courses(case: PipelineCase, recognised: Recognised, chosen: tuple[str, ...]) -> list[Unit]:
    """The recognised units, and the `chosen` courses taken in residence (internal)."""
    courses = {c["code"]: c for c in case.ru["course"]}
    units = [u for u in recognised.units if u.course not in chosen]
    units += [
        Unit(
            key=code,
            credits=Decimal(str(courses[code]["credits"])),
            subject=courses[code].get("subject", ""),
            level=int(courses[code].get("level", 1)),
            basis="internal",
            sources=("plan",),
            course=code,
        )
        for code in chosen
    ]
    return units


def elective_credits_needed(
    case: PipelineCase, recognised: Recognised, chosen: tuple[str, ...]
) -> int | None:
    """Elective credits (hundredths) that complete the program once `chosen` are taken."""
    return completion_deficit(case.ru, with_courses(case, recognised, chosen), recognised.waived)


def cheapest_completion(case: PipelineCase, recognised: Recognised) -> Completion | None:
    """The fewest credits (courses and electives) that complete the program."""
    courses = {c["code"]: c for c in case.ru["course"]}
    credits = {code: hundredths(c["credits"]) for code, c in courses.items()}
    rules = {
        code: (_expr(c.get("requires")), _expr(c.get("corequires"))) for code, c in courses.items()
    }
    best: Completion | None = None
    for cost, chosen in _subsets_by_credits(credits):
        if best is not None and cost >= best.credits:
            break
        if not _closed(set(chosen), recognised.done, rules):
            continue
        electives = elective_credits_needed(case, recognised, chosen)
        if electives is None:
            continue
        if best is None or cost + electives < best.credits:
            best = Completion(cost + electives, chosen, electives)
    return best


@dataclass(frozen=True)
class Term:
    label: str  # "2027 spring"
    name: str
    load: int  # hundredths: min(credits_per_term, max_credits)
    maximum: int  # hundredths: the term's max_credits


def calendar(case: PipelineCase, count: int = 40) -> list[Term]:
    """The attended terms from the learner's start (semantics §3, decisions.md)."""
    info = case.learner["learner"]
    terms = sorted(case.ru["institution"]["term"], key=lambda t: t["starts"])
    names = {t["name"] for t in terms}
    attend = set(info.get("attend") or []) & names or names
    year, name = info["start"].split(" ", 1)
    month = next(t["starts"] for t in terms if t["name"] == name)
    begin = dt.date(int(year), month, 1)
    load = hundredths(info.get("credits_per_term", 12))
    out: list[Term] = []
    y = begin.year
    while len(out) < count:
        for t in terms:
            if t["name"] in attend and dt.date(y, t["starts"], 1) >= begin:
                maximum = hundredths(t.get("max_credits", 18))
                out.append(Term(f"{y} {t['name']}", t["name"], min(load, maximum), maximum))
        y += 1
    return out[:count]
