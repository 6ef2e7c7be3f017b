"""Small catalogues and learners for the audit-semantics tests (tests/unit/test_semantics_*).

Every test builds its case from TOML text: the fragment builders below write one table
each (`[issuer]`, `[[course]]`, `[[articulation]]`, ...), a test joins them into files,
and `Case` writes the files to tmp_path, loads them with the real loaders and evaluates
with the real engine, so each test reads like a small scenario.

Conventions shared by every test unless it says otherwise:

* the receiving institution is `r` (tuition 100 a credit, no fees, no residency, an
  external share of 1, recency 10 years, P counts as C), calendar spring (starts January,
  at most 12 credits) and fall (starts September, at most 12 credits);
* `x` is another college whose courses are articulated, `p` a provider of credentials;
* the learner audits on 2026-11-28, starts in "2027 spring" and studies 12 credits a term.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from credstack.engine.evaluate import build_report, evaluate
from credstack.engine.results import Assignment, Audit, ProgramResult, Report, Unit
from credstack.model.learner import LearnerFile
from credstack.model.region import Region
from credstack.report.json_report import render_json
from credstack.store.catalogue_loader import load_region
from credstack.store.learner_store import load_learner

AS_OF = "2026-11-28"
SPRING_FALL = (("spring", 1, 12), ("fall", 9, 12))
SPRING_SUMMER_FALL = (("spring", 1, 12), ("summer", 5, 12), ("fall", 9, 12))


# --------------------------------------------------------------------------- TOML text


def value(item: Any) -> str:
    """One TOML value: strings, numbers, booleans, dates and (nested) lists."""
    if isinstance(item, bool):
        return "true" if item else "false"
    if isinstance(item, str):
        return json.dumps(item)
    if isinstance(item, dt.date):
        return item.isoformat()
    if isinstance(item, int | float | Decimal):
        return str(item)
    if isinstance(item, list | tuple):
        return "[" + ", ".join(value(part) for part in item) + "]"
    raise TypeError(f"no TOML form for {item!r}")


def table(header: str, fields: dict[str, Any], array: bool = True) -> str:
    """`[[header]]` (or `[header]`) with its fields; None values are left out."""
    opened = f"[[{header}]]" if array else f"[{header}]"
    lines = [opened] + [f"{key} = {value(v)}" for key, v in fields.items() if v is not None]
    return "\n".join(lines) + "\n\n"


def issuer(
    ident: str,
    *,
    kind: str = "college",
    currency: str = "USD",
    credit_system: str = "us-semester",
) -> str:
    head = "format = 1\n\n"
    return head + table(
        "issuer",
        {
            "id": ident,
            "name": f"Issuer {ident}",
            "kind": kind,
            "country": "US",
            "credit_system": credit_system,
            "currency": currency,
        },
        array=False,
    )


def policy(
    *,
    tuition: float | str = 100.0,
    fees: float = 0.0,
    residency: float = 0,
    share: float = 1.0,
    recency: int | None = 10,
    pass_equals: str = "C",
    max_rpl: float | None = None,
    chunk: float | None = None,
    terms: Sequence[tuple[str, int, float]] = SPRING_FALL,
) -> str:
    """An `[institution]` table and its calendar (name, starts month, max credits)."""
    text = table(
        "institution",
        {
            "tuition_per_credit": Decimal(str(tuition)),
            "fees_per_term": fees,
            "residency_credits": residency,
            "max_external_share": share,
            "recency_years": recency,
            "pass_equals": pass_equals,
            "max_rpl_credits": max_rpl,
            "elective_chunk": chunk,
        },
        array=False,
    )
    for name, starts, max_credits in terms:
        text += table(
            "institution.term", {"name": name, "starts": starts, "max_credits": max_credits}
        )
    return text


def course(code: str, credits: float = 3, level: int = 1, **extra: Any) -> str:
    """A `[[course]]`; extra: subject, requires, corequires, offered."""
    return table(
        "course",
        {"code": code, "title": f"Course {code}", "credits": credits, "level": level, **extra},
    )


def courses(*codes: str, credits: float = 3, level: int = 1) -> str:
    return "".join(course(code, credits, level) for code in codes)


def credential(ident: str, kind: str = "certification", **extra: Any) -> str:
    """A `[[credential]]`; extra: courses, valid_years, price, hours."""
    return table("credential", {"id": ident, "title": f"Credential {ident}", "type": kind, **extra})


def requirement(ident: str, **fields: Any) -> str:
    """A `[[program.requirement]]`: courses, choose + courses, or credits (+ filters)."""
    return table("program.requirement", {"id": ident, "title": f"Requirement {ident}", **fields})


def program(ident: str, credits: float, *requirements: str, **extra: Any) -> str:
    """A `[[program]]` followed by its requirement tables; extra: double_count, residency..."""
    head = table(
        "program",
        {
            "id": ident,
            "title": f"Program {ident}",
            "award": extra.pop("award", "certificate"),
            "credits": credits,
            **extra,
        },
    )
    return head + "".join(requirements)


def articulation(ident: str, sources: Sequence[str], **fields: Any) -> str:
    """An `[[articulation]]` rule: grants or grant_credits, min_grade, windows..."""
    return table("articulation", {"id": ident, "from": list(sources), **fields})


def rpl_route(ident: str, **fields: Any) -> str:
    """An `[[rpl]]` route: kinds, min_hours, skills, evidence, grants, assessment_fee."""
    return table("rpl", {"id": ident, "title": f"Route {ident}", **fields})


def learner(
    *goals: str,
    as_of: str = AS_OF,
    start: str | None = "2027 spring",
    load: float = 12,
    attend: Sequence[str] | None = None,
    name: str = "Semantics Learner",
) -> str:
    fields: dict[str, Any] = {
        "name": name,
        "as_of": dt.date.fromisoformat(as_of),
        "start": start,
        "credits_per_term": load,
        "attend": list(attend) if attend is not None else None,
        "goals": list(goals),
    }
    return "format = 1\n\n" + table("learner", fields, array=False)


def held(ref: str, earned: str = "2025-05-20", grade: str | None = None) -> str:
    return table("held", {"ref": ref, "earned": dt.date.fromisoformat(earned), "grade": grade})


def prior(
    title: str,
    kind: str = "workplace",
    hours: float = 1000,
    skills: Iterable[str] = (),
    evidence: Iterable[str] = (),
    ended: str | None = None,
) -> str:
    return table(
        "prior",
        {
            "title": title,
            "kind": kind,
            "hours": hours,
            "skills": list(skills),
            "evidence": list(evidence),
            "ended": dt.date.fromisoformat(ended) if ended else None,
        },
    )


def exception(kind: str, program_ref: str, **fields: Any) -> str:
    """An adviser `[[exception]]`: item, course, requirement."""
    return table(
        "exception", {"kind": kind, "program": program_ref, **fields, "reason": "Reviewed"}
    )


# --------------------------------------------------------------------------- running


@dataclass
class Case:
    """Catalogue files and a learner file, written to `root`, loaded and evaluated."""

    root: Path
    catalogues: dict[str, str]
    learner_text: str

    def write(self) -> tuple[Path, Path]:
        folder = self.root / "catalogs"
        folder.mkdir(parents=True, exist_ok=True)
        for name, text in self.catalogues.items():
            (folder / f"{name}.toml").write_text(text, encoding="utf-8")
        path = self.root / "learner.toml"
        path.write_text(self.learner_text, encoding="utf-8")
        return folder, path

    def load(self) -> tuple[Region, LearnerFile]:
        folder, path = self.write()
        region = load_region(folder)
        return region, load_learner(path, region).learner

    def result(self, program_ref: str | None = None) -> ProgramResult:
        region, learner_file = self.load()
        ref = program_ref or learner_file.learner.goals[0]
        return evaluate(region, learner_file, ref)

    def report(self, programs: Sequence[str] | None = None) -> Report:
        region, learner_file = self.load()
        return build_report(region, learner_file, programs)

    def json(self, programs: Sequence[str] | None = None) -> dict[str, Any]:
        """The `--format json` document, parsed back."""
        return json.loads(render_json(self.report(programs)))


def run(
    tmp_path: Path, catalogues: dict[str, str], learner_text: str, program_ref: str | None = None
) -> ProgramResult:
    return Case(tmp_path, catalogues, learner_text).result(program_ref)


# --------------------------------------------------------------------------- reading


def d(number: float | str) -> Decimal:
    return Decimal(str(number))


def placed(audit: Audit) -> dict[str, list[tuple[str, Decimal]]]:
    """unit key -> [(requirement, credits placed there)], from an audit's assignments."""
    result: dict[str, list[tuple[str, Decimal]]] = {}
    for item in audit.assignments:
        result.setdefault(item.unit.key, []).append((item.requirement, item.credits))
    return result


def assignment(audit: Audit, key: str) -> Assignment:
    found = [a for a in audit.assignments if a.unit.key == key]
    assert len(found) == 1, f"{key} placed {len(found)} times: {audit.assignments}"
    return found[0]


def unit(result: ProgramResult, key: str) -> Unit:
    found = [u for u in result.recognition.units if u.key == key]
    assert len(found) == 1, f"{key}: {len(found)} units in {result.recognition.units}"
    return found[0]


def statuses(audit: Audit) -> dict[str, str]:
    return {r.id: r.status for r in audit.requirements}


def refused(result: ProgramResult) -> dict[str, str]:
    """item -> reason, for everything not recognised."""
    return {n.item: n.reason for n in result.recognition.not_recognised}


def plan_courses(result: ProgramResult, view: str = "confirmed") -> list[list[str]]:
    outcome = result.confirmed if view == "confirmed" else result.potential
    return [sorted(t.courses) for t in outcome.plan.terms]


def plan_labels(result: ProgramResult, view: str = "confirmed") -> list[str]:
    outcome = result.confirmed if view == "confirmed" else result.potential
    return [t.label for t in outcome.plan.terms]
