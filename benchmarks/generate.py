"""A seeded generator of synthetic regions (catalogues) and learners, for benchmarks and tests.

Everything is built as credstack's own pydantic models (`CatalogueFile`, `LearnerFile`)
and written with `credstack.store.toml_writer.to_toml` (tomli-w), so what comes out
validates by construction; `credstack lint OUT/catalogs` exits 0 on it.

    python benchmarks/generate.py --seed 7 --out /tmp/region            # the default size
    python benchmarks/generate.py --institutions 3 --courses 80 --programs 4 --rules 40 \\
        --learners 5 --out /tmp/small

Sizes are per institution: the default (20 institutions x 2,000 courses x 20 programs x
1,000 articulation rules) is 40,000 courses, about 400 programs and 20,000 rules in about
7 MB of TOML.

Layout of OUT: `catalogs/NN-ISSUER.toml` (one file per institution) and
`learners/learner-NNNNN.toml`. The same seed and sizes always give byte-identical files.

What it models:
- two kinds of institution: colleges (US semester credits, associate degrees and
  certificates, 15 credits in residence) and universities (bachelor's and master's degrees
  and certificates, 30 in residence); every fifth institution is a European university
  (ECTS, EUR, an autumn/spring calendar, 180-credit bachelor's, 7.5-credit modules);
- courses per subject and level (1-2 at colleges, 1-6 at universities), codes like
  `CS214`; prerequisites only name lower-level courses of the same subject (so the graph
  is acyclic), as `A`, `A and B`, `A or B` or `(A or B) and C`; a few corequisites on an
  earlier course of the same level; offerings in every term, the main terms, or one term;
- programs of realistic shapes: a major core (`courses`), a choice (`choose`), a maths
  choice, general education (`credits` filtered by `subjects`), upper-division major
  credit (`subjects` + `min_level`), a capstone, and implicit general credit; a few with
  `double_count`;
- articulation rules from other institutions' courses, mostly from three partner
  institutions (transfer agreements), mostly for lower-level courses: one course for one
  course, "and" rules (two courses for one), and block credit (`grant_credits` +
  `subject` + `level`); with `min_grade`, `max_age_years` and validity windows;
- learners holding 4 to 32 courses from one to three institutions (mostly partners of
  their first goal's institution), with grades, dates from 2016 on, a study load of 6 to
  18 credits a term and three goals, all drawn per learner.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from credstack.model.catalogue import (
    Articulation,
    CatalogueFile,
    Course,
    Institution,
    Issuer,
    Program,
    Requirement,
    Term,
)
from credstack.model.learner import (
    AdviserException,
    Held,
    LearnerFile,
    LearnerInfo,
)
from credstack.store.toml_writer import to_toml

AS_OF = dt.date(2026, 11, 28)
LAST_EARNED = dt.date(2026, 5, 10)

PLACES = [
    "ashford",
    "brookfield",
    "cedar-vale",
    "dunmore",
    "eastlake",
    "fairhaven",
    "glenrock",
    "harbor-city",
    "ironwood",
    "juniper",
    "kingsbridge",
    "lakeside",
    "millbrook",
    "northgate",
    "oakridge",
    "pinecrest",
    "queensport",
    "riverton",
    "stonebridge",
    "thornbury",
    "upland",
    "valemont",
    "westfield",
    "yarrow",
    "zenith-bay",
]
MAJORS = [
    ("CS", "Computer Science"),
    ("DATA", "Data Science"),
    ("BUS", "Business"),
    ("ACC", "Accounting"),
    ("MGT", "Management"),
    ("NURS", "Nursing"),
    ("BIO", "Biology"),
    ("CHEM", "Chemistry"),
    ("ENGR", "Engineering"),
    ("EDU", "Education"),
    ("ECON", "Economics"),
    ("PSYC", "Psychology"),
]
GENERAL = [
    ("ENG", "English"),
    ("MATH", "Mathematics"),
    ("HIST", "History"),
    ("ART", "Art"),
    ("COMM", "Communication"),
    ("PHIL", "Philosophy"),
]
NAMES = dict(MAJORS + GENERAL)
LEVEL_WORDS = {
    1: "Foundations",
    2: "Intermediate",
    3: "Advanced",
    4: "Seminar",
    5: "Graduate",
    6: "Research",
}
GRADES = ["A+", "A", "A-", "B+", "B", "B-", "C+", "C", "C-", "D+", "D", "F", "P"]
GRADE_WEIGHTS = [3, 17, 12, 12, 14, 8, 8, 8, 4, 2, 3, 2, 7]
US_TERMS = [("spring", 1, 18), ("summer", 5, 12), ("fall", 8, 18)]
EU_TERMS = [("spring", 2, 36), ("autumn", 9, 36)]


@dataclass
class Plan:
    """What the generator decided for one institution, before it becomes a model."""

    index: int
    id: str
    name: str
    kind: str  # "college" | "university"
    european: bool
    subjects: list[str]
    majors: list[str]
    courses: list[Course] = field(default_factory=list)
    by_slot: dict[tuple[str, int], list[Course]] = field(default_factory=dict)
    programs: list[Program] = field(default_factory=list)
    rules: list[Articulation] = field(default_factory=list)
    partners: list[int] = field(default_factory=list)

    @property
    def unit(self) -> Decimal:
        """The usual credits of one course here."""
        return Decimal(6) if self.european else Decimal(3)

    @property
    def term_names(self) -> list[str]:
        return [name for name, _, _ in (EU_TERMS if self.european else US_TERMS)]

    def slot(self, subject: str, *levels: int) -> list[Course]:
        return [c for level in levels for c in self.by_slot.get((subject, level), [])]


def _rng(seed: int, *parts: object) -> random.Random:
    """An independent stream per thing generated (str seeds hash with sha512: stable)."""
    return random.Random("/".join([str(seed), *map(str, parts)]))


# --------------------------------------------------------------------------- institutions


def plan_institutions(seed: int, count: int, courses: int) -> list[Plan]:
    plans: list[Plan] = []
    for index in range(count):
        rng = _rng(seed, "institution", index)
        place = PLACES[index % len(PLACES)]
        if index >= len(PLACES):
            place = f"{place}{index // len(PLACES) + 1}"
        college = index % 3 == 0
        european = not college and index % 5 == 4
        kind = "college" if college else "university"
        suffix = "cc" if college else ("hs" if european else "u")
        name = f"{place.replace('-', ' ').title()} " + (
            "Community College" if college else "University"
        )
        majors_wanted = max(2, min(len(MAJORS), courses // 160))
        majors = [code for code, _ in rng.sample(MAJORS, majors_wanted)]
        general = [code for code, _ in GENERAL if code in ("ENG", "MATH") or rng.random() < 0.8]
        plans.append(
            Plan(
                index=index,
                id=f"{place}-{suffix}",
                name=name,
                kind=kind,
                european=european,
                subjects=general + majors,
                majors=majors,
            )
        )
    return plans


def _slots(plan: Plan) -> list[tuple[str, int, float]]:
    """(subject, level, weight) for every kind of course an institution teaches."""
    levels = [1, 2] if plan.kind == "college" else [1, 2, 3, 4, 5, 6]
    major_weights = {1: 6, 2: 5, 3: 4, 4: 2, 5: 2, 6: 1}
    slots: list[tuple[str, int, float]] = []
    for subject in plan.subjects:
        general = subject not in plan.majors
        for level in levels:
            if general and level > 3:
                continue
            weight = {1: 3.0, 2: 1.5, 3: 0.5}[level] if general else float(major_weights[level])
            slots.append((subject, level, weight))
    return slots


def _counts(slots: list[tuple[str, int, float]], total: int) -> list[int]:
    """Courses per slot: proportional to the weights, at least 3 each when there is room."""
    floor = 3 if total >= 3 * len(slots) else 1
    weight = sum(w for _, _, w in slots)
    counts = [max(floor, int(total * w / weight)) for _, _, w in slots]
    order = sorted(range(len(slots)), key=lambda i: -slots[i][2])
    i = 0
    while sum(counts) < total:
        counts[order[i % len(order)]] += 1
        i += 1
    while sum(counts) > total and any(c > floor for c in counts):
        j = order[i % len(order)]
        if counts[j] > floor:
            counts[j] -= 1
        i += 1
    return counts


def make_courses(seed: int, plan: Plan, total: int) -> None:
    rng = _rng(seed, "courses", plan.index)
    slots = _slots(plan)
    counts = _counts(slots, total)
    width = 2 if max(counts) < 100 else 3
    terms = plan.term_names
    main_terms = [t for t in terms if t != "summer"]
    by_slot: dict[tuple[str, int], list[Course]] = {}
    ordered = sorted(zip(slots, counts, strict=True), key=lambda s: (s[0][1], s[0][0]))
    for (subject, level, _), count in ordered:
        made: list[Course] = []
        below = [c for lvl in range(1, level) for c in by_slot.get((subject, lvl), [])]
        if level == 5:
            below = []  # graduate courses do not require undergraduate ones here
        elif level == 6:
            below = by_slot.get((subject, 5), [])
        for number in range(1, count + 1):
            code = f"{subject}{level}{number:0{width}d}"
            requires = ""
            if below and rng.random() < 0.6:
                requires = _prereq(rng, below)
            corequires = ""
            if made and level >= 2 and rng.random() < 0.03:
                corequires = rng.choice(made).code
            offered: list[str] | None = None
            roll = rng.random()
            if roll < 0.2 and len(main_terms) < len(terms):
                offered = main_terms
            elif roll < 0.3:
                offered = [rng.choice(main_terms)]
            if plan.european:
                credits = rng.choices([Decimal(6), Decimal(5), Decimal("7.5")], weights=[6, 2, 2])[
                    0
                ]
            else:
                credits = rng.choices([Decimal(3), Decimal(4)], weights=[9, 1])[0]
            made.append(
                Course(
                    code=code,
                    title=f"{NAMES[subject]} {LEVEL_WORDS[level]} {number}",
                    credits=credits,
                    level=level,
                    requires=requires,
                    corequires=corequires,
                    offered=offered,
                )
            )
        by_slot[(subject, level)] = made
        plan.courses += made
    plan.by_slot = by_slot


def _prereq(rng: random.Random, pool: Sequence[Course]) -> str:
    """A prerequisite expression over earlier courses (lower levels of the same subject)."""
    picks = [c.code for c in rng.sample(list(pool), min(3, len(pool)))]
    roll = rng.random()
    if len(picks) >= 3 and roll < 0.1:
        return f"({picks[0]} or {picks[1]}) and {picks[2]}"
    if len(picks) >= 2 and roll < 0.3:
        return f"{picks[0]} and {picks[1]}"
    if len(picks) >= 2 and roll < 0.5:
        return f"{picks[0]} or {picks[1]}"
    return picks[0]


# --------------------------------------------------------------------------- programs

AWARD_CYCLE = {
    "college": ["associate", "certificate", "associate", "certificate", "associate"],
    "university": ["bachelor", "bachelor", "master", "certificate", "bachelor"],
}
ID_PREFIX = {"associate": "as", "certificate": "cert", "bachelor": "bs", "master": "ms"}
EQF = {"certificate": 5, "associate": 5, "bachelor": 6, "master": 7}


def _codes(courses: Sequence[Course]) -> list[str]:
    return [c.code for c in courses]


def _take(rng: random.Random, pool: Sequence[Course], count: int, used: set[str]) -> list[Course]:
    fresh = [c for c in pool if c.code not in used]
    picked = rng.sample(fresh, min(count, len(fresh)))
    picked.sort(key=lambda c: c.code)
    used.update(c.code for c in picked)
    return picked


def _nominal(courses: Sequence[Course], choose: int | None = None) -> Decimal:
    credits = sorted(c.credits for c in courses)
    if choose is not None:
        credits = credits[:choose]
    return sum(credits, Decimal(0))


def make_programs(seed: int, plan: Plan, count: int) -> None:
    rng = _rng(seed, "programs", plan.index)
    cycle = AWARD_CYCLE[plan.kind]
    seen: dict[str, int] = {}
    for number in range(count):
        award = cycle[number % len(cycle)]
        major = plan.majors[(number // len(cycle) + number) % len(plan.majors)]
        base = f"{ID_PREFIX[award]}-{major.lower()}"
        seen[base] = seen.get(base, 0) + 1
        program_id = base if seen[base] == 1 else f"{base}-{seen[base]}"
        requirements, credits, extra = _requirements(rng, plan, award, major)
        if not requirements:
            continue
        plan.programs.append(
            Program(
                id=program_id,
                title=_title(award, major, seen[base]),
                award=award,  # type: ignore[arg-type]
                credits=credits,
                eqf_level=EQF[award],
                requirement=requirements,
                **extra,
            )
        )


def _title(award: str, major: str, variant: int) -> str:
    name = NAMES[major]
    text = {
        "associate": f"Associate of Science in {name}",
        "certificate": f"Certificate in {name}",
        "bachelor": f"Bachelor of Science in {name}",
        "master": f"Master of Science in {name}",
    }[award]
    if variant == 1:
        return text
    return f"{text} ({'Applied' if variant == 2 else 'Professional'} track {variant})"


def _requirements(
    rng: random.Random, plan: Plan, award: str, major: str
) -> tuple[list[Requirement], Decimal, dict[str, object]]:
    unit = plan.unit
    used: set[str] = set()
    reqs: list[Requirement] = []
    extra: dict[str, object] = {}
    others = [s for s in plan.subjects if s != major and s not in ("MATH",)]
    if award == "master":
        core = _take(rng, plan.slot(major, 5), 3, used)
        if core:
            reqs.append(Requirement(id="core", title="Graduate core", courses=_codes(core)))
        research = _take(rng, plan.slot(major, 6), 3, used)
        if research:
            reqs.append(
                Requirement(
                    id="research", title="Research methods", choose=1, courses=_codes(research)
                )
            )
        reqs.append(
            Requirement(
                id="advanced",
                title=f"Graduate {NAMES[major]} electives",
                credits=3 * unit,
                subjects=[major],
                min_level=5,
            )
        )
        credits = Decimal(120) if plan.european else Decimal(30)
        extra = {"residency_credits": credits - 3 * unit, "max_external_share": Decimal("0.3")}
        return reqs, credits, extra
    lower = plan.slot(major, 1, 2)
    if award == "certificate":
        core = _take(rng, lower, 3, used)
        options = _take(rng, lower, 4, used)
        if core:
            reqs.append(Requirement(id="core", title="Certificate core", courses=_codes(core)))
        if len(options) >= 2:
            reqs.append(
                Requirement(id="options", title="Options", choose=2, courses=_codes(options))
            )
        nominal = _nominal(core) + _nominal(options, 2)
        extra = {"residency_credits": unit * 2}
        return reqs, nominal + unit, extra
    core_size = 4 if award == "associate" else 6
    core = _take(rng, lower, core_size, used)
    if core:
        reqs.append(Requirement(id="core", title=f"{NAMES[major]} core", courses=_codes(core)))
    options = _take(rng, lower, 4, used)
    if len(options) >= 2:
        reqs.append(
            Requirement(id="foundations", title="Foundations", choose=2, courses=_codes(options))
        )
    maths = _take(rng, plan.slot("MATH", 1, 2), 3, used) if major != "MATH" else []
    if maths:
        reqs.append(
            Requirement(id="math", title="Quantitative reasoning", choose=1, courses=_codes(maths))
        )
    gen_subjects = sorted(rng.sample(others, min(len(others), 4)))
    shared = bool(maths) and rng.random() < 0.3
    if shared:
        gen_subjects = sorted([*gen_subjects, "MATH"])
    if gen_subjects:
        gen_credits = unit * (5 if award == "associate" else 8)
        reqs.append(
            Requirement(
                id="gen-ed",
                title="General education",
                credits=gen_credits,
                subjects=gen_subjects,
            )
        )
        if shared:
            extra["double_count"] = [("math", "gen-ed")]
    if award == "associate":
        return reqs, Decimal(120) if plan.european else Decimal(60), extra
    reqs.append(
        Requirement(
            id="upper",
            title=f"Upper-division {NAMES[major]}",
            credits=unit * 6,
            subjects=[major],
            min_level=3,
        )
    )
    capstone = _take(rng, plan.slot(major, 4), 1, used)
    if capstone:
        reqs.append(Requirement(id="capstone", title="Capstone", courses=_codes(capstone)))
    return reqs, Decimal(180) if plan.european else Decimal(120), extra


# --------------------------------------------------------------------------- articulation


def make_rules(seed: int, plans: list[Plan], plan: Plan, count: int) -> None:
    rng = _rng(seed, "rules", plan.index)
    others = [p for p in plans if p.index != plan.index]
    if not others or not plan.courses:
        return
    plan.partners = [p.index for p in rng.sample(others, min(3, len(others)))]
    partners = [plans[i] for i in plan.partners]
    used: set[str] = set()
    own_subjects = set(plan.subjects)
    for number in range(count):
        source = rng.choice(partners) if rng.random() < 0.85 else rng.choice(others)
        lower = [c for c in source.courses if c.level <= 2]
        pool = lower if lower and rng.random() < 0.8 else source.courses
        pool = [c for c in pool if c.level <= 4] or source.courses
        sample = rng.sample(pool, min(8, len(pool)))
        fresh = [c for c in sample if f"{source.id}:{c.code}" not in used]
        first = fresh[0] if fresh else rng.choice(pool)
        sources = [first]
        roll = rng.random()
        kind = "course" if roll < 0.75 else ("and" if roll < 0.87 else "block")
        subject = first.subject_code()
        if kind == "and":
            mates = [
                c for c in source.by_slot.get((subject, first.level), []) if c.code != first.code
            ]
            if mates:
                sources.append(rng.choice(mates))
            else:
                kind = "course"
        targets = plan.slot(subject, min(first.level + (kind == "and"), 4)) or plan.slot(
            subject, first.level
        )
        if kind != "block" and (subject not in own_subjects or not targets):
            kind = "block"
        used.update(f"{source.id}:{c.code}" for c in sources)
        fields: dict[str, object] = {
            "id": f"r{number:04d}",
            "from": [f"{source.id}:{c.code}" for c in sources],
        }
        if kind == "block":
            fields["grant_credits"] = plan.unit * rng.choice([1, 1, 2])
            fields["subject"] = subject
            fields["level"] = min(first.level, 4)
        else:
            fields["grants"] = [rng.choice(targets).code]
        grade = rng.random()
        if grade < 0.5:
            fields["min_grade"] = "C"
        elif grade < 0.6:
            fields["min_grade"] = "B"
        if rng.random() < 0.1:
            fields["max_age_years"] = 7
        if rng.random() < 0.2:
            fields["valid_from"] = dt.date(rng.randint(2015, 2020), 1, 1)
            fields["valid_until"] = dt.date(rng.randint(2030, 2035), 12, 31)
        if rng.random() < 0.3:
            fields["agreement"] = f"{source.name} transfer agreement ({rng.randint(2018, 2025)})"
        plan.rules.append(Articulation.model_validate(fields))


# --------------------------------------------------------------------------- catalogues


def catalogue_of(plan: Plan) -> CatalogueFile:
    rng = _rng(0, "policy", plan.index)
    if plan.european:
        issuer = Issuer(
            id=plan.id,
            name=plan.name,
            kind="university",
            country="NL",
            credit_system="ects",
            currency="EUR",
            quality_assurance="Accredited by the national accreditation organisation",
        )
        terms = EU_TERMS
        policy = Institution(
            tuition_per_credit=Decimal(rng.choice([35, 40, 55])),
            fees_per_term=Decimal(0),
            residency_credits=Decimal(60),
            max_external_share=Decimal("0.66"),
            recency_years=10,
            elective_chunk=Decimal(6),
            term=[Term(name=n, starts=s, max_credits=Decimal(m)) for n, s, m in terms],
        )
    else:
        college = plan.kind == "college"
        issuer = Issuer(
            id=plan.id,
            name=plan.name,
            kind="college" if college else "university",
            country="US",
            credit_system="us-semester",
            currency="USD",
            quality_assurance="Regionally accredited",
        )
        policy = Institution(
            tuition_per_credit=Decimal(rng.choice([120, 133, 150] if college else [350, 375, 420])),
            fees_per_term=Decimal(125 if college else 450),
            residency_credits=Decimal(15 if college else 30),
            max_external_share=Decimal("0.75"),
            max_rpl_credits=Decimal(15 if college else 30),
            recency_years=10,
            term=[Term(name=n, starts=s, max_credits=Decimal(m)) for n, s, m in US_TERMS],
        )
    return CatalogueFile(
        format=1,
        issuer=issuer,
        institution=policy,
        course=plan.courses,
        program=plan.programs,
        articulation=plan.rules,
    )


def generate_region(
    seed: int, institutions: int, courses: int, programs: int, rules: int
) -> tuple[list[Plan], dict[str, str]]:
    """The plans and the catalogue files (name -> TOML text) of one region."""
    plans = plan_institutions(seed, institutions, courses)
    for plan in plans:
        make_courses(seed, plan, courses)
        make_programs(seed, plan, programs)
    for plan in plans:
        make_rules(seed, plans, plan, rules)
    files = {
        f"{p.index:02d}-{p.id}.toml": _header(p, seed) + to_toml(catalogue_of(p)) for p in plans
    }
    return plans, files


def _header(plan: Plan, seed: int) -> str:
    return (
        f"# {plan.name}: a synthetic {plan.kind} generated by benchmarks/generate.py "
        f"(seed {seed}).\n\n"
    )


# --------------------------------------------------------------------------- learners


def make_learner(seed: int, plans: list[Plan], number: int) -> LearnerFile:
    rng = _rng(seed, "learner", number)
    with_programs = [p for p in plans if p.programs]
    home = rng.choice([p for p in with_programs if p.kind == "university"] or with_programs)
    partner_pool = [plans[i] for i in home.partners] or [p for p in plans if p is not home]
    attended = rng.sample(partner_pool, min(2, len(partner_pool)))
    rest = [p for p in plans if p not in attended]
    if rest:
        attended.append(home if rng.random() < 0.3 else rng.choice(rest))
    ruled = {ref for rule in home.rules for ref in rule.from_}
    held: list[Held] = []
    taken: set[str] = set()
    # How much each learner holds varies (4 to 32 courses, from one to three places), as
    # do goals and loads: a cohort a benchmark cannot win by caching one learner.
    per = [rng.randint(4, 14), rng.randint(0, 10), rng.randint(0, 8)][: len(attended)]
    year = rng.randint(2016, 2023)
    for place, count in zip(attended, per, strict=False):
        major = rng.choice(place.majors)
        lower = [c for c in place.courses if c.level <= 2]
        focus = [c for c in lower if c.subject_code() in (major, "ENG", "MATH")] or lower
        hits = [c for c in lower if f"{place.id}:{c.code}" in ruled]
        earned = dt.date(year, 5, 10)
        for index in range(count):
            pool = hits if hits and rng.random() < 0.5 else focus
            choices = [c for c in pool if f"{place.id}:{c.code}" not in taken] or [
                c for c in place.courses if f"{place.id}:{c.code}" not in taken
            ]
            if not choices:
                break
            course = rng.choice(choices)
            ref = f"{place.id}:{course.code}"
            taken.add(ref)
            if index and index % 4 == 0:
                earned = min(_next_term_end(earned), LAST_EARNED)
            grade = rng.choices(GRADES, weights=GRADE_WEIGHTS)[0]
            held.append(Held(ref=ref, earned=earned, grade=grade))  # type: ignore[arg-type]
        year = min(earned.year + 1, 2026)
    goals = _goals(rng, plans, home)
    names = {t for ref in goals for t in _terms(plans, ref)}
    attend: list[str] | None = None
    if rng.random() < 0.7:
        attend = [t for t in ("spring", "fall", "autumn") if t in names] or None
    exceptions: list[AdviserException] = []
    if rng.random() < 0.1 and held:
        program = next(p for p in home.programs if f"{home.id}:{p.id}" == goals[0])
        requirement = rng.choice(program.requirement)
        exceptions.append(
            AdviserException(
                kind="waive",
                program=goals[0],
                requirement=requirement.id,
                reason="Equivalent professional licence reviewed by the department",
                by="Advising office",
                date=dt.date(2026, 11, 1),
            )
        )
    info = LearnerInfo(
        name=f"Learner {number:05d}",
        as_of=AS_OF,
        start="2027 spring",
        credits_per_term=Decimal(rng.choice([6, 9, 12, 12, 15, 18])),
        attend=attend,
        goals=goals,
        budget=Decimal(rng.choice([20000, 30000, 45000])) if rng.random() < 0.5 else None,
    )
    return LearnerFile(format=1, learner=info, held=held, exception=exceptions)


def _next_term_end(day: dt.date) -> dt.date:
    return dt.date(day.year, 12, 15) if day.month < 12 else dt.date(day.year + 1, 5, 10)


def _terms(plans: list[Plan], ref: str) -> list[str]:
    issuer = ref.split(":", 1)[0]
    return next(p.term_names for p in plans if p.id == issuer)


def _goals(rng: random.Random, plans: list[Plan], home: Plan) -> list[str]:
    """Three programs: a degree at home, then two more, mostly degrees elsewhere."""
    degrees = [p for p in home.programs if p.award in ("bachelor", "associate")] or home.programs
    goals = [f"{home.id}:{rng.choice(degrees).id}"]
    everything = [f"{p.id}:{g.id}" for p in plans for g in p.programs]
    preferred = [
        f"{p.id}:{g.id}" for p in plans for g in p.programs if g.award in ("bachelor", "associate")
    ]
    tries = 0
    while len(goals) < min(3, len(everything)) and tries < 1000:
        tries += 1
        pool = preferred if preferred and rng.random() < 0.8 else everything
        pick = rng.choice(pool)
        if pick not in goals:
            goals.append(pick)
    return goals


# --------------------------------------------------------------------------- writing


def write(
    out: Path,
    *,
    seed: int = 1,
    institutions: int = 20,
    courses: int = 2000,
    programs: int = 20,
    rules: int = 1000,
    learners: int = 100,
) -> tuple[Path, Path]:
    """Write OUT/catalogs and OUT/learners; returns both folders."""
    plans, files = generate_region(seed, institutions, courses, programs, rules)
    catalogs = out / "catalogs"
    people = out / "learners"
    catalogs.mkdir(parents=True, exist_ok=True)
    people.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (catalogs / name).write_text(text, encoding="utf-8")
    for number in range(learners):
        learner = make_learner(seed, plans, number)
        (people / f"learner-{number:05d}.toml").write_text(to_toml(learner), encoding="utf-8")
    return catalogs, people


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--institutions", type=int, default=20, metavar="N")
    parser.add_argument("--courses", type=int, default=2000, help="per institution")
    parser.add_argument("--programs", type=int, default=20, help="per institution")
    parser.add_argument(
        "--rules", type=int, default=1000, help="articulation rules per institution"
    )
    parser.add_argument("--learners", type=int, default=100)
    parser.add_argument("--out", type=Path, required=True, metavar="DIR")
    args = parser.parse_args(argv)
    if args.institutions < 1 or args.courses < 10 or args.programs < 0 or args.rules < 0:
        parser.error("need at least 1 institution and 10 courses per institution")
    catalogs, people = write(
        args.out,
        seed=args.seed,
        institutions=args.institutions,
        courses=args.courses,
        programs=args.programs,
        rules=args.rules,
        learners=args.learners,
    )
    size = sum(p.stat().st_size for p in catalogs.glob("*.toml"))
    print(
        f"wrote {args.institutions} catalogue files ({size / 1e6:.1f} MB) to {catalogs} and "
        f"{args.learners} learner files to {people}",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
