"""The schedule and the plan (semantics §3): no term breaks a prerequisite (done in an
earlier term), a corequisite (earlier or the same term), an offering or a load; every item
is scheduled unless reported unschedulable; and the schedule uses the fewest terms, checked
against a brute-force search over every term load (tests/property/brute.py).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from credstack.engine.audit import run_audit
from credstack.engine.plan import make_plan
from credstack.engine.results import Unit
from credstack.engine.schedule import Item, Schedule, Slot, schedule
from credstack.model.catalogue import CatalogueFile
from credstack.model.learner import LearnerInfo
from credstack.model.prereq import AllOf, AnyOf, Expr, Need, codes, parse
from credstack.model.region import LoadedCatalogue
from credstack.store.toml_lines import LineIndex
from tests.property.brute import Job, check_schedule, fewest_terms, holds, reachable

SETTINGS = settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
TERMS = ("spring", "summer", "fall")
DONE = frozenset({"D1", "D2"})
MIN_SLOTS = 30

# --- random schedules --------------------------------------------------------------------


@dataclass(frozen=True)
class ScheduleCase:
    items: tuple[Item, ...]
    slots: tuple[Slot, ...]

    @property
    def jobs(self) -> list[Job]:
        return [Job(i.key, i.credits, i.requires, i.corequires, i.offered) for i in self.items]

    @property
    def calendar(self) -> list[tuple[str, int]]:
        return [(s.name, s.capacity) for s in self.slots]

    def describe(self, result: Schedule | None = None) -> str:
        cycle = list(dict.fromkeys((s.name, s.capacity) for s in self.slots))
        lines = [f"calendar (repeating): {cycle}, done: {sorted(DONE)}"]
        for n, item in enumerate(self.items):
            offered = sorted(item.offered) if item.offered is not None else None
            lines.append(
                f"  [{n}] {item.key}: credits={item.credits} requires={item.requires} "
                f"corequires={item.corequires} offered={offered} group={item.group}"
            )
        if result is not None:
            lines.append(
                f"schedule: {[[self.items[i].key for i in t] for t in result.terms]} "
                f"count={result.count} lower_bound={result.lower_bound} "
                f"proven={result.proven} unschedulable={result.unschedulable}"
            )
        return "\n".join(lines)


def expressions(pool: list[str], depth: int = 0) -> st.SearchStrategy[Expr]:
    leaf = st.sampled_from(pool).map(Need)
    if depth >= 2:
        return leaf
    inner = st.lists(expressions(pool, depth + 1), min_size=2, max_size=3).map(tuple)
    return st.one_of(leaf, leaf, inner.map(AllOf), inner.map(AnyOf))


def _edges(expr: Expr) -> set[str]:
    return set(codes(expr))


def _reaches(graph: dict[str, set[str]], start: str, goal: str, skip: tuple[str, str]) -> bool:
    seen: set[str] = set()
    stack = [start]
    while stack:
        node = stack.pop()
        for nxt in graph.get(node, ()):
            if (node, nxt) == skip or nxt in seen:
                continue
            if nxt == goal:
                return True
            seen.add(nxt)
            stack.append(nxt)
    return False


@st.composite
def schedule_cases(draw: st.DrawFn, max_items: int = 8) -> ScheduleCase:
    n = draw(st.integers(1, max_items))
    n_group = draw(st.integers(0, min(3, n - 1)))
    keys = [f"K{i}" for i in range(n - n_group)]
    unknown = ["X9"] if draw(st.integers(0, 5)) == 0 else []
    requires: dict[str, Expr] = {}
    corequires: dict[str, Expr] = {}
    for i, key in enumerate(keys):
        pool = keys[:i] + ["D1", "D2"] + unknown
        requires[key] = draw(st.none() | expressions(pool)) if draw(st.booleans()) else None
        if i and draw(st.integers(0, 3)) == 0:
            corequires[key] = draw(expressions(keys[:i], depth=1))
        else:
            corequires[key] = None
    # optionally, two courses that are each other's corequisite (lecture and lab)
    if len(keys) >= 2 and draw(st.booleans()):
        j, i = sorted(
            draw(st.lists(st.integers(0, len(keys) - 1), min_size=2, max_size=2, unique=True))
        )
        a, b = keys[i], keys[j]
        graph = {k: _edges(requires[k]) | _edges(corequires[k]) for k in keys}
        # a contradiction would be b strictly before a (a path from a to b through a
        # prerequisite) while b's corequisite a puts a no later than b: keep only pairs
        # with no path from a to b but a's direct corequisite edge
        direct = ("", "") if b in _edges(requires[a]) else (a, b)
        if not _reaches(graph, a, b, skip=direct) and not _reaches(graph, b, a, skip=("", "")):
            corequires[a] = Need(b) if corequires[a] is None else AllOf((corequires[a], Need(b)))
            corequires[b] = Need(a) if corequires[b] is None else AllOf((corequires[b], Need(a)))
    offerings = st.none() | st.frozensets(st.sampled_from(TERMS), min_size=1)
    items = [
        Item(
            key=key,
            credits=100 * draw(st.integers(1, 4)),
            requires=requires[key],
            corequires=corequires[key],
            offered=draw(
                st.just(frozenset()) | offerings if draw(st.integers(0, 9)) == 0 else offerings
            ),
        )
        for key in keys
    ]
    group_credits = [100 * draw(st.integers(1, 4)) for _ in range(2)]
    for k in range(n_group):
        g = draw(st.integers(0, 1))
        label = f"ELECTIVE:*:*:{group_credits[g] // 100}"
        items.append(Item(key=f"{label}#{k}", credits=group_credits[g], group=label))
    attended = [t for t in TERMS if draw(st.booleans())] or [draw(st.sampled_from(TERMS))]
    capacity = {t: 100 * draw(st.integers(3, 9)) for t in attended}
    first = draw(st.integers(0, len(attended) - 1))
    cycle = attended[first:] + attended[:first]
    slots = [Slot(cycle[t % len(cycle)], capacity[cycle[t % len(cycle)]]) for t in range(MIN_SLOTS)]
    return ScheduleCase(tuple(draw(st.permutations(items))), tuple(slots))


def _repeat(*cycle: tuple[str, int]) -> tuple[Slot, ...]:
    return tuple(Slot(*cycle[t % len(cycle)]) for t in range(MIN_SLOTS))


# Counterexamples found (shrunk by hand): corequisites that can never share a term were
# neither scheduled nor reported, with count 0 below lower_bound and proven=True.
TOO_BIG_TOGETHER = ScheduleCase(
    (Item("K0", 100, corequires=Need("K1")), Item("K1", 300, corequires=Need("K0"))),
    _repeat(("fall", 300)),
)
NEVER_SAME_TERM = ScheduleCase(
    (
        Item("K0", 100, corequires=Need("K1"), offered=frozenset({"fall"})),
        Item("K1", 100, corequires=Need("K0"), offered=frozenset({"spring"})),
    ),
    _repeat(("spring", 300), ("fall", 300)),
)
BESIDE_ANOTHER = ScheduleCase((Item("A", 100), *TOO_BIG_TOGETHER.items), TOO_BIG_TOGETHER.slots)


def run(case: ScheduleCase) -> Schedule:
    return schedule(case.items, case.slots, DONE)


def optimum(case: ScheduleCase, result: Schedule) -> int | None:
    scheduled = {i for term in result.terms for i in term}
    return fewest_terms(case.jobs, case.calendar, DONE, scheduled, result.count)


# --- schedule properties -----------------------------------------------------------------


@SETTINGS
@given(schedule_cases())
def test_schedule_breaks_no_prerequisite_corequisite_offering_or_capacity(
    case: ScheduleCase,
) -> None:
    result = run(case)
    problems = check_schedule(case.jobs, case.calendar, DONE, result.terms)
    assert not problems, "\n".join([*problems, case.describe(result)])


@SETTINGS
@given(schedule_cases())
@example(TOO_BIG_TOGETHER)
@example(NEVER_SAME_TERM)
@example(BESIDE_ANOTHER)
def test_every_item_is_scheduled_or_reported_unschedulable(case: ScheduleCase) -> None:
    result = run(case)
    scheduled = [i for term in result.terms for i in term]
    stuck = set(result.unschedulable)
    assert not stuck & set(scheduled), case.describe(result)
    missing = set(range(len(case.items))) - set(scheduled) - stuck
    assert not missing, (
        f"neither scheduled nor reported: {[case.items[i].key for i in sorted(missing)]}\n"
        + case.describe(result)
    )
    possible = reachable(case.jobs, case.calendar, DONE)
    wrongly = stuck & possible
    assert not wrongly, (
        f"reported unschedulable but schedulable: "
        f"{[case.items[i].key for i in sorted(wrongly)]}\n" + case.describe(result)
    )
    assert not result.terms or result.terms[-1], "trailing empty terms are cut"


@SETTINGS
@given(schedule_cases())
@example(TOO_BIG_TOGETHER)
@example(NEVER_SAME_TERM)
@example(BESIDE_ANOTHER)
def test_schedule_count_at_least_lower_bound(case: ScheduleCase) -> None:
    result = run(case)
    assert result.count >= result.lower_bound, case.describe(result)


@SETTINGS
@given(schedule_cases(max_items=7))
@example(TOO_BIG_TOGETHER)
@example(NEVER_SAME_TERM)
@example(BESIDE_ANOTHER)
def test_schedule_uses_the_fewest_terms_for_up_to_seven_items(case: ScheduleCase) -> None:
    result = run(case)
    best = optimum(case, result)
    assert best is not None, "the schedule itself is not valid\n" + case.describe(result)
    assert result.count == best, (
        f"{result.count} terms, brute force needs {best}\n" + case.describe(result)
    )
    assert result.lower_bound <= best, (
        f"lower bound {result.lower_bound} above the optimum {best}\n" + case.describe(result)
    )


@SETTINGS
@given(schedule_cases(max_items=8))
@example(TOO_BIG_TOGETHER)
@example(NEVER_SAME_TERM)
@example(BESIDE_ANOTHER)
def test_proven_schedule_is_optimal(case: ScheduleCase) -> None:
    result = run(case)
    if not result.proven:
        return
    best = optimum(case, result)
    assert best is not None, "the schedule itself is not valid\n" + case.describe(result)
    assert result.count == best, (
        f"proven {result.count} terms, brute force needs {best}\n" + case.describe(result)
    )


# --- make_plan on a tiny catalogue -------------------------------------------------------

MONTHS = {"spring": 1, "summer": 5, "fall": 9}


def _text(expr: Expr) -> str:
    if expr is None:
        return ""
    if isinstance(expr, Need):
        return expr.code
    joiner = " and " if isinstance(expr, AllOf) else " or "
    return "(" + joiner.join(_text(p) for p in expr.parts) + ")"


@dataclass(frozen=True)
class PlanCase:
    data: dict[str, Any]
    held: tuple[str, ...]
    learner: LearnerInfo
    begin: dt.date

    @property
    def loaded(self) -> LoadedCatalogue:
        return LoadedCatalogue(
            path=Path("uni.toml"),
            catalogue=CatalogueFile.model_validate(self.data),
            lines=LineIndex(""),
        )

    def describe(self) -> str:
        lines = [f"terms: {self.data['institution']['term']}"]
        lines += [f"course: {c}" for c in self.data["course"]]
        lines += [f"requirement: {r}" for r in self.data["program"][0]["requirement"]]
        lines.append(f"program credits: {self.data['program'][0]['credits']}")
        lines.append(f"held: {self.held}; learner: {self.learner}; begin: {self.begin}")
        return "\n".join(lines)


@st.composite
def plan_cases(draw: st.DrawFn) -> PlanCase:
    n = draw(st.integers(2, 7))
    codes_ = [f"C{i + 1}" for i in range(n)]
    courses = []
    for i, code in enumerate(codes_):
        course: dict[str, Any] = {
            "code": code,
            "title": f"Course {code}",
            "credits": draw(st.integers(1, 4)),
            "subject": draw(st.sampled_from(("CS", "MA"))),
            "level": draw(st.integers(1, 2)),
        }
        if i and draw(st.booleans()):
            course["requires"] = _text(draw(expressions(codes_[:i])))
        if i and draw(st.integers(0, 4)) == 0:
            course["corequires"] = draw(st.sampled_from(codes_[:i]))
        offered = draw(st.none() | st.lists(st.sampled_from(TERMS), min_size=1, unique=True))
        if offered is not None:
            course["offered"] = offered
        courses.append(course)
    requirements: list[dict[str, Any]] = [
        {
            "id": "core",
            "title": "Core",
            "courses": draw(st.lists(st.sampled_from(codes_), min_size=1, max_size=3, unique=True)),
        }
    ]
    if draw(st.booleans()):
        listed = draw(st.lists(st.sampled_from(codes_), min_size=1, max_size=3, unique=True))
        requirements.append(
            {
                "id": "pick",
                "title": "Pick",
                "courses": listed,
                "choose": draw(st.integers(1, len(listed))),
            }
        )
    if draw(st.booleans()):
        requirements.append(
            {
                "id": "elect",
                "title": "Electives",
                "credits": draw(st.integers(1, 6)),
                "subjects": ["CS"],
            }
        )
    terms = [
        {"name": t, "starts": MONTHS[t], "max_credits": draw(st.integers(3, 9))}
        for t in TERMS
        if t != "summer" or draw(st.booleans())
    ]
    data = {
        "format": 1,
        "issuer": {"id": "uni", "name": "Uni", "kind": "university", "country": "US"},
        "institution": {
            "term": terms,
            "max_external_share": "1",
            "elective_chunk": draw(st.sampled_from(("3", "2", "1.5"))),
        },
        "course": courses,
        "program": [
            {
                "id": "prog",
                "title": "Program",
                "award": "certificate",
                "credits": draw(st.integers(3, 18)),
                "requirement": requirements,
            }
        ],
    }
    held = tuple(draw(st.lists(st.sampled_from(codes_), max_size=3, unique=True)))
    attend = draw(st.none() | st.lists(st.sampled_from(TERMS), min_size=1, unique=True))
    learner = LearnerInfo(
        name="L",
        credits_per_term=Decimal(draw(st.integers(3, 12))),
        attend=attend,
    )
    begin = dt.date(2027, draw(st.sampled_from((1, 3, 5, 9, 11))), 1)
    return PlanCase(data, held, learner, begin)


def _calendar(case: PlanCase) -> list[tuple[str, Decimal, Decimal]]:
    """Attended terms from `begin`: "YEAR name", the load and the term maximum."""
    terms = sorted(case.data["institution"]["term"], key=lambda t: t["starts"])
    names = {t["name"] for t in terms}
    attend = set(case.learner.attend or []) & names or names
    out: list[tuple[str, Decimal, Decimal]] = []
    year = case.begin.year
    while len(out) < 100:
        for t in terms:
            if t["name"] in attend and dt.date(year, t["starts"], 1) >= case.begin:
                load = min(case.learner.credits_per_term, Decimal(t["max_credits"]))
                out.append((f"{year} {t['name']}", load, Decimal(t["max_credits"])))
        year += 1
    return out


# found: a held course left out by the program-credit cap was planned again
HELD_NOT_RETAKEN = PlanCase(
    {
        "format": 1,
        "issuer": {"id": "uni", "name": "Uni", "kind": "university", "country": "US"},
        "institution": {
            "term": [
                {"name": "spring", "starts": 1, "max_credits": 18},
                {"name": "fall", "starts": 9, "max_credits": 18},
            ]
        },
        "course": [
            {"code": c, "title": c, "credits": n, "subject": "CS", "level": 1}
            for c, n in (("C1", 3), ("C2", 1), ("C3", 1))
        ],
        "program": [
            {
                "id": "prog",
                "title": "Program",
                "award": "certificate",
                "credits": 3,
                "requirement": [{"id": "core", "title": "Core", "courses": ["C1", "C2", "C3"]}],
            }
        ],
    },
    ("C1", "C2"),
    LearnerInfo(name="L"),
    dt.date(2027, 1, 1),
)


@SETTINGS
@given(plan_cases())
@example(HELD_NOT_RETAKEN)
def test_plan_breaks_no_prerequisite_offering_or_load(case: PlanCase) -> None:
    loaded = case.loaded
    program = loaded.programs["prog"]
    units = [
        Unit(
            key=code,
            credits=loaded.courses[code].credits,
            subject=loaded.courses[code].subject_code(),
            level=loaded.courses[code].level,
            basis="internal",
            sources=(f"uni:{code}",),
            course=code,
        )
        for code in case.held
    ]
    audit = run_audit(program, loaded, units)
    recognised = frozenset(case.held)
    plan = make_plan(program, loaded, audit, recognised, case.learner, case.begin)
    context = f"\n{case.describe()}\nplan: {[(t.label, t.courses) for t in plan.terms]}"
    calendar = _calendar(case)
    assert [t.label for t in plan.terms] == [c[0] for c in calendar[: len(plan.terms)]], (
        "terms do not follow the attended calendar" + context
    )
    assert plan.term_count == len(plan.terms)
    earlier: set[str] = set(recognised)
    seen: set[str] = set()
    for term, (_, load, maximum) in zip(plan.terms, calendar, strict=False):
        name = term.label.split(" ", 1)[1]
        same = earlier | {c for c in term.courses if not c.startswith("ELECTIVE:")}
        credits = Decimal(0)
        for key in term.courses:
            if key.startswith("ELECTIVE:"):
                credits += Decimal(key.rsplit(":", 1)[1])
                continue
            course = loaded.courses[key]
            credits += course.credits
            assert key not in seen, f"{key} planned twice" + context
            assert key not in recognised, f"{key} is recognised but planned" + context
            seen.add(key)
            assert course.offered is None or name in course.offered, (
                f"{key} planned in {term.label}, offered {course.offered}" + context
            )
            assert holds(parse(course.requires), earlier.__contains__), (
                f"{key} in {term.label}: prerequisite {course.requires!r} not met" + context
            )
            assert holds(parse(course.corequires), same.__contains__), (
                f"{key} in {term.label}: corequisite {course.corequires!r} not met" + context
            )
        assert credits == term.credits, f"{term.label} credits {term.credits} != {credits}"
        # The load, or (docs/decisions.md) one larger course alone, within the term maximum.
        alone = len(term.courses) == 1 and credits <= maximum
        assert credits <= load or alone, f"{term.label} carries {credits} > load {load}" + context
        earlier = same
    for key in plan.unschedulable:
        assert all(key not in t.courses for t in plan.terms), context
    assert plan.planned_credits == sum((t.credits for t in plan.terms), Decimal(0))
