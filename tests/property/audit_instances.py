"""Random small audit instances: a one-issuer catalogue, a program and recognised units.

Shared by the optimality and invariant property tests. Every quantity is a multiple of a
quarter credit (course credits 1..5 with halves, block credits 1..4, caps from shares of
0, 1/4, 1/2, 3/4 and 1), so the brute-force oracle can split block units on a grid.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

from credstack.engine.results import Unit
from credstack.model.catalogue import CatalogueFile, Program
from credstack.model.region import LoadedCatalogue
from credstack.store.toml_lines import LineIndex

ISSUER = "uni"
SUBJECTS = ("CS", "MA")
COURSE_CREDITS = tuple(Decimal(x) for x in ("1", "1.5", "2", "2.5", "3", "3", "4", "5"))
REQ_CREDITS = tuple(Decimal(x) for x in ("1", "1.5", "2", "3", "3", "4", "5", "6"))
SHARES = tuple(Decimal(x) for x in ("0", "0.25", "0.5", "0.75", "1"))
DELTAS = tuple(Decimal(x) for x in ("-3", "-1.5", "0", "0", "1", "2.5", "3", "6"))
COURSE_BASES = ("internal", "internal", "articulation", "rpl")
BLOCK_BASES = ("articulation", "rpl")


@dataclass(frozen=True)
class AuditCase:
    """One audit: what run_audit takes, and the raw data the oracle reads."""

    data: dict[str, Any]  # the catalogue file as plain data
    units: tuple[Unit, ...]

    @property
    def loaded(self) -> LoadedCatalogue:
        return LoadedCatalogue(
            path=Path("uni.toml"),
            catalogue=CatalogueFile.model_validate(self.data),
            lines=LineIndex(""),
        )

    @property
    def program(self) -> Program:
        return self.loaded.programs["prog"]

    def describe(self) -> str:
        """A readable dump for failure messages."""
        lines = [f"institution: {self.data['institution']}"]
        lines += [f"course: {c}" for c in self.data["course"]]
        program = dict(self.data["program"][0])
        requirements = program.pop("requirement")
        lines.append(f"program: {program}")
        lines += [f"  requirement: {r}" for r in requirements]
        lines += [
            f"unit: {u.key} credits={u.credits} {u.subject} L{u.level} {u.basis}"
            for u in self.units
        ]
        return "\n".join(lines)


def course_unit(code: str, credits: Decimal, subject: str, level: int, basis: str) -> Unit:
    return Unit(
        key=code,
        credits=credits,
        subject=subject,
        level=level,
        basis=basis,  # type: ignore[arg-type]
        sources=(f"held:{code}",),
        via=None if basis == "internal" else f"rule-{code}",
        course=code,
    )


def block_unit(name: str, credits: Decimal, subject: str, level: int, basis: str) -> Unit:
    return Unit(
        key=f"BLOCK:{name}",
        credits=credits,
        subject=subject,
        level=level,
        basis=basis,  # type: ignore[arg-type]
        sources=(f"held:{name}",),
        via=name,
        course=None,
    )


@st.composite
def requirement_data(draw: st.DrawFn, rid: str, codes: list[str]) -> dict[str, Any]:
    shape = draw(st.sampled_from(("courses", "choose", "credits")))
    req: dict[str, Any] = {"id": rid, "title": f"Requirement {rid}"}
    if shape in ("courses", "choose"):
        listed = draw(st.lists(st.sampled_from(codes), min_size=1, max_size=3, unique=True))
        req["courses"] = listed
        if shape == "choose":
            req["choose"] = draw(st.integers(1, len(listed)))
        return req
    req["credits"] = str(draw(st.sampled_from(REQ_CREDITS)))
    if draw(st.integers(0, 4)) == 0:  # a credits requirement with a course pool
        req["courses"] = draw(st.lists(st.sampled_from(codes), min_size=1, max_size=3, unique=True))
        return req
    subjects = draw(st.none() | st.lists(st.sampled_from(SUBJECTS), min_size=1, unique=True))
    if subjects:
        req["subjects"] = subjects
    low = draw(st.none() | st.integers(1, 3))
    high = draw(st.none() | st.integers(low or 1, 3))
    if low is not None:
        req["min_level"] = low
    if high is not None:
        req["max_level"] = high
    return req


def nominal(req: dict[str, Any], credits_of: dict[str, Decimal]) -> Decimal:
    if "credits" in req:
        return Decimal(req["credits"])
    listed = sorted(credits_of[c] for c in req["courses"])
    if "choose" in req:
        return sum(listed[: req["choose"]], Decimal(0))
    return sum(listed, Decimal(0))


@st.composite
def audit_cases(draw: st.DrawFn, max_course_units: int = 6, max_blocks: int = 2) -> AuditCase:
    n_courses = draw(st.integers(1, 6))
    codes = [f"C{i + 1}" for i in range(n_courses)]
    courses = [
        {
            "code": code,
            "title": f"Course {code}",
            "credits": str(draw(st.sampled_from(COURSE_CREDITS))),
            "subject": draw(st.sampled_from(SUBJECTS)),
            "level": draw(st.integers(1, 3)),
        }
        for code in codes
    ]
    credits_of = {c["code"]: Decimal(c["credits"]) for c in courses}
    n_req = draw(st.integers(1, 4))
    requirements = [draw(requirement_data(f"r{k + 1}", codes)) for k in range(n_req)]
    total = sum((nominal(r, credits_of) for r in requirements), Decimal(0))
    # whole program credits: shares of a quarter then stay exact in hundredths
    shifted = total + draw(st.sampled_from(DELTAS))
    credits = max(Decimal(1), shifted.to_integral_value(ROUND_CEILING))
    program: dict[str, Any] = {
        "id": "prog",
        "title": "Program",
        "award": "certificate",
        "credits": str(credits),
        "requirement": requirements,
    }
    if n_req >= 2 and draw(st.booleans()):
        pair = draw(
            st.lists(
                st.sampled_from([r["id"] for r in requirements]),
                min_size=2,
                max_size=2,
                unique=True,
            )
        )
        program["double_count"] = [pair]
    residency = draw(st.sampled_from((Decimal(0), Decimal(0), Decimal(3), credits / 2)))
    share = draw(st.sampled_from(SHARES))
    institution: dict[str, Any] = {}
    if draw(st.booleans()):
        program["residency_credits"] = str(residency)
        program["max_external_share"] = str(share)
    else:
        institution["residency_credits"] = str(residency)
        institution["max_external_share"] = str(share)
    rpl_cap = draw(st.none() | st.sampled_from((Decimal(0), Decimal(1), Decimal(3), Decimal(5))))
    if rpl_cap is not None:
        institution["max_rpl_credits"] = str(rpl_cap)
    data = {
        "format": 1,
        "issuer": {"id": ISSUER, "name": "Uni", "kind": "university", "country": "US"},
        "institution": institution,
        "course": courses,
        "program": [program],
    }
    held = draw(st.lists(st.sampled_from(codes), max_size=max_course_units, unique=True))
    units = [
        course_unit(
            code,
            credits_of[code],
            next(c["subject"] for c in courses if c["code"] == code),
            next(c["level"] for c in courses if c["code"] == code),
            draw(st.sampled_from(COURSE_BASES)),
        )
        for code in held
    ]
    for b in range(draw(st.integers(0, max_blocks))):
        units.append(
            block_unit(
                f"b{b + 1}",
                Decimal(draw(st.integers(1, 4))),
                draw(st.sampled_from(SUBJECTS)),
                draw(st.integers(1, 3)),
                draw(st.sampled_from(BLOCK_BASES)),
            )
        )
    return AuditCase(data=data, units=tuple(draw(st.permutations(units))))


def make_case(
    credits: str,
    requirements: list[dict[str, Any]],
    courses: dict[str, tuple[str, str]],  # code -> (credits, subject); level 1
    held: dict[str, str],  # code -> basis
    blocks: tuple[tuple[str, str, str], ...] = (),  # (name, credits, basis), CS level 1
    institution: dict[str, Any] | None = None,
    double_count: list[list[str]] | None = None,
) -> AuditCase:
    """A hand-written case (the counterexamples the properties found, pinned)."""
    program: dict[str, Any] = {
        "id": "prog",
        "title": "Program",
        "award": "certificate",
        "credits": credits,
        "requirement": [{"title": f"Requirement {r['id']}", **r} for r in requirements],
    }
    if double_count:
        program["double_count"] = double_count
    data = {
        "format": 1,
        "issuer": {"id": ISSUER, "name": "Uni", "kind": "university", "country": "US"},
        "institution": institution if institution is not None else {"max_external_share": "1"},
        "course": [
            {"code": code, "title": f"Course {code}", "credits": c, "subject": s, "level": 1}
            for code, (c, s) in courses.items()
        ],
        "program": [program],
    }
    units = [
        course_unit(code, Decimal(courses[code][0]), courses[code][1], 1, basis)
        for code, basis in held.items()
    ]
    units += [block_unit(name, Decimal(c), "CS", 1, basis) for name, c, basis in blocks]
    return AuditCase(data=data, units=tuple(units))


# Counterexamples found by the properties (each shrunk by hand), kept as explicit examples.
FOUND: dict[str, AuditCase] = {
    # a credits requirement's surplus must reach general credit: expected 4, was 3
    "surplus_to_general": make_case(
        "4",
        [{"id": "r1", "credits": "1"}],
        {"C1": ("4", "CS")},
        {"C1": "internal"},
        institution={},
    ),
    # double counting with no unlisted credit (G = 0) still frees room: expected 6, was 3
    "double_count_without_general": make_case(
        "6",
        [{"id": "A", "courses": ["C1"]}, {"id": "B", "credits": "3", "subjects": ["CS"]}],
        {"C1": ("3", "CS"), "C2": ("3", "MA")},
        {"C1": "internal", "C2": "internal"},
        double_count=[["A", "B"]],
    ),
    # a block under a 3.75 external cap: expected 3.75, was 3.74 (stage-2 slack, rounding)
    "block_rounding": make_case(
        "5",
        [{"id": "r1", "courses": ["C1"]}],
        {"C1": ("1", "CS")},
        {},
        blocks=(("b1", "4", "articulation"),),
        institution={"max_external_share": "0.75"},
    ),
    # a pair of capped credits requirements: expected 2, was 1
    "pair_of_capped_credits_requirements": make_case(
        "2",
        [
            {"id": "r1", "credits": "1", "subjects": ["CS"]},
            {"id": "r2", "credits": "1", "subjects": ["CS"]},
        ],
        {"C2": ("3", "CS")},
        {"C2": "internal"},
        double_count=[["r1", "r2"]],
    ),
    # room left in r1 after a pair: expected 2.5, was 1.5 (C1 left unplaced)
    "room_after_a_pair": make_case(
        "6",
        [{"id": "r1", "credits": "5"}, {"id": "r2", "credits": "1"}],
        {"C1": ("1", "CS"), "C2": ("1.5", "CS")},
        {"C1": "internal", "C2": "internal"},
        double_count=[["r1", "r2"]],
    ),
    # HiGHS 1.14.0's presolve returned 1.5 as "optimal" (C1 in r3); 1.75 puts C1 in r2
    "highs_1_14_presolve": make_case(
        "3",
        [
            {"id": "r1", "courses": ["C2"]},
            {"id": "r2", "courses": ["C1", "C2"]},
            {"id": "r3", "credits": "1.5"},
        ],
        {"C1": ("1", "CS"), "C2": ("1.5", "CS")},
        {"C1": "internal"},
        blocks=(("b1", "1", "articulation"),),
        institution={"residency_credits": "0", "max_external_share": "0.25"},
    ),
    # tie-break: the pair meets r2 and r3 at the same total 2.5; was r3 open
    "pair_meets_more_at_same_total": make_case(
        "5",
        [{"id": "r2", "credits": "1", "courses": ["C2"]}, {"id": "r3", "credits": "1"}],
        {"C2": ("2.5", "CS")},
        {"C2": "internal"},
        double_count=[["r2", "r3"]],
    ),
}
