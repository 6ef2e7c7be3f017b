"""The plan's decisions where the semantics are silent (docs/decisions.md, "The plan"):
what the plan buys, and what it says when part of it cannot be scheduled.

Conventions of tests/unit/semantics_helpers.py: institution `r`, tuition 100 a credit,
spring and fall terms of at most 12 credits, start "2027 spring", 12 credits a term.
"""

from __future__ import annotations

from pathlib import Path

from credstack.engine.schedule import Item, Slot, schedule
from credstack.model.prereq import Need
from credstack.report.render import render
from tests.unit.semantics_helpers import (
    Case,
    course,
    courses,
    issuer,
    learner,
    plan_courses,
    policy,
    program,
    requirement,
    run,
)

# --------------------------------------------------------------------------- schedule


def test_course_over_the_load_is_taken_alone_before_its_corequisite_partner() -> None:
    # A1 (4 cr) is over the 3-credit load, within the 12-credit maximum; B1 (1 cr) has
    # corequisite A1, which may be met in an earlier term: A1, then B1.
    items = [Item("B1", 100, corequires=Need("A1")), Item("A1", 400)]
    slots = [Slot("spring", 300, 1200), Slot("fall", 300, 1200)] * 5
    result = schedule(items, slots, frozenset())
    assert result.terms == ((1,), (0,))
    assert (result.unschedulable, result.proven) == ((), True)


def test_only_what_no_schedule_can_take_is_unschedulable() -> None:
    # L1 and L2 are each other's corequisite, so they must share a term, and together
    # (4 cr) they exceed the 3-credit load; an item over the load is taken alone, so
    # neither can ever be planned. C1 beside them is scheduled.
    items = [
        Item("L1", 300, corequires=Need("L2")),
        Item("L2", 100, corequires=Need("L1")),
        Item("C1", 300),
    ]
    slots = [Slot("spring", 300, 1200), Slot("fall", 300, 1200)] * 5
    result = schedule(items, slots, frozenset())
    assert result.terms == ((2,),)
    assert result.unschedulable == (0, 1)


# --------------------------------------------------------------------------- what to buy


def test_or_prerequisite_uses_a_course_pulled_in_for_another(tmp_path: Path) -> None:
    # A1 requires X3 (3 cr); B1 requires "X3 or Y1" (Y1 is 1 cr). X3 is planned for A1
    # anyway, so B1's "or" adds nothing: A1, B1, X3 (9 credits), not Y1 as well.
    r = (
        issuer("r")
        + policy()
        + course("A1", requires="X3")
        + course("B1", requires="X3 or Y1")
        + course("X3")
        + course("Y1", 1)
        + program("p", 9, requirement("core", courses=["A1", "B1"]))
    )
    result = run(tmp_path, {"r": r}, learner("r:p"))
    assert plan_courses(result) == [["X3"], ["A1", "B1"]]
    assert result.confirmed.plan.planned_credits == 9


def test_choose_takes_a_listed_course_planned_anyway(tmp_path: Path) -> None:
    # C1 (core) requires P1; "pick" chooses 1 of P1 (3 cr) and D1 (2 cr). P1 is planned
    # anyway as C1's prerequisite, so it meets "pick" at no cost: D1 is not bought.
    r = (
        issuer("r")
        + policy()
        + course("C1", requires="P1")
        + course("P1")
        + course("D1", 2)
        + program(
            "p",
            6,
            requirement("core", courses=["C1"]),
            requirement("pick", choose=1, courses=["P1", "D1"]),
        )
    )
    result = run(tmp_path, {"r": r}, learner("r:p"))
    assert plan_courses(result) == [["P1"], ["C1"]]
    assert result.confirmed.plan.planned_credits == 6


def test_choose_counts_the_prerequisites_an_option_adds(tmp_path: Path) -> None:
    # Choose 1 of B4 (4 cr) and C3 (3 cr, requires B4): C3 would add 3 + 4 = 7 credits,
    # B4 adds 4, so B4 is taken, alone.
    r = (
        issuer("r")
        + policy()
        + course("B4", 4)
        + course("C3", requires="B4")
        + program("p", 4, requirement("pick", choose=1, courses=["B4", "C3"]))
    )
    result = run(tmp_path, {"r": r}, learner("r:p"))
    assert plan_courses(result) == [["B4"]]


def test_elective_credit_is_chunked_once_per_label(tmp_path: Path) -> None:
    # Program of 12: core A2 (2 cr), a 5-credit requirement from a course pool (`*`
    # slots) and 5 credits of general credit, also `*`: 10 credits of `*` slots, cut
    # once into 3, 3, 3, 1. At a 3-credit load that is 4 terms (the 1 beside A2); cut
    # per requirement (3, 2, 3, 2) it would be 5.
    r = (
        issuer("r")
        + policy()
        + course("A2", 2)
        + courses("P1", "P2")
        + program(
            "p",
            12,
            requirement("core", courses=["A2"]),
            requirement("pool", credits=5, courses=["P1", "P2"]),
        )
    )
    result = run(tmp_path, {"r": r}, learner("r:p", load=3))
    slots = sorted(c for term in plan_courses(result) for c in term if c.startswith("ELECTIVE"))
    assert slots == ["ELECTIVE:*:*:1", "ELECTIVE:*:*:3", "ELECTIVE:*:*:3", "ELECTIVE:*:*:3"]
    assert result.confirmed.plan.term_count == 4


def test_planned_course_counts_toward_one_requirement(tmp_path: Path) -> None:
    # A1 is listed in both "one" and "two" (no double_count): planned for "one", it
    # cannot also complete "two", which is named as staying open; the plan has no finish.
    r = (
        issuer("r")
        + policy()
        + courses("A1", "B1")
        + program(
            "p",
            6,
            requirement("one", courses=["A1"]),
            requirement("two", courses=["A1", "B1"]),
        )
    )
    result = run(tmp_path, {"r": r}, learner("r:p"))
    plan = result.confirmed.plan
    assert plan_courses(result) == [["A1", "B1"]]
    assert plan.open_requirements == ("two",)
    assert plan.finish is None and not plan.finishes
    assert any("'two' stays short" in w for w in plan.warnings)
    # With the pair double counting, A1 counts for both and the plan finishes.
    dc = r.replace("credits = 6\n", 'credits = 6\ndouble_count = [["one", "two"]]\n')
    both = run(tmp_path / "dc", {"r": dc}, learner("r:p"))
    assert both.confirmed.plan.open_requirements == ()
    assert both.confirmed.plan.finish == "2027 spring"


def test_planned_course_counts_toward_a_credits_requirement_its_filter_takes(
    tmp_path: Path,
) -> None:
    # "core" lists B3, which requires A2 (2 cr, level 1); "free" asks 1 credit of any
    # course and "upper" 2 credits at level 2. A2, pulled in as B3's prerequisite, fills
    # "free" (its surplus flows to general credit): no slot is bought for it, only the
    # level-2 slots "upper" lacks (A2 is level 1). 2 + 3 + 2 = 7 credits, not 8.
    r = (
        issuer("r")
        + policy()
        + course("A2", 2)
        + course("B3", requires="A2")
        + program(
            "p",
            6,
            requirement("free", credits=1),
            requirement("core", courses=["B3"]),
            requirement("upper", credits=2, min_level=2),
        )
    )
    result = run(tmp_path, {"r": r}, learner("r:p"))
    assert plan_courses(result) == [["A2", "ELECTIVE:*:2:2"], ["B3"]]
    assert result.confirmed.plan.planned_credits == 7


def test_choose_prefers_an_option_that_double_counts_into_a_credits_requirement(
    tmp_path: Path,
) -> None:
    # "pick" chooses 1 of A1 (level 1) and B1 (level 2), 1 credit each; "upper" asks 1
    # credit at level 2 and double counts with "pick". B1 fills both: 1 credit, not A1
    # and a level-2 slot.
    r = (
        issuer("r")
        + policy()
        + course("A1", 1)
        + course("B1", 1, level=2)
        + program(
            "p",
            1,
            requirement("pick", choose=1, courses=["A1", "B1"]),
            requirement("upper", credits=1, min_level=2),
            double_count=[["pick", "upper"]],
        )
    )
    result = run(tmp_path, {"r": r}, learner("r:p"))
    assert plan_courses(result) == [["B1"]]
    assert result.confirmed.plan.planned_credits == 1


def test_electives_of_a_double_count_pair_of_credits_requirements_are_bought_once(
    tmp_path: Path,
) -> None:
    # "sci" asks 6 credits of BIO and "upper" 4 at level 2; they double count. 4 credits
    # of level-2 BIO count in both: slots ELECTIVE:BIO:2 (4) and ELECTIVE:BIO:* (2),
    # then general credit up to the program's 8: 8 credits, not 6 + 4 = 10.
    r = (
        issuer("r")
        + policy()
        + course("BIO1", 3)
        + program(
            "p",
            8,
            requirement("sci", credits=6, subjects=["BIO"]),
            requirement("upper", credits=4, min_level=2),
            double_count=[["sci", "upper"]],
        )
    )
    result = run(tmp_path, {"r": r}, learner("r:p"))
    slots = sorted(c for term in plan_courses(result) for c in term)
    assert slots == [
        "ELECTIVE:*:*:2",
        "ELECTIVE:BIO:*:2",
        "ELECTIVE:BIO:2:1",
        "ELECTIVE:BIO:2:3",
    ]
    assert result.confirmed.plan.planned_credits == 8


# --------------------------------------------------------------------------- cannot finish


def test_unschedulable_course_leaves_its_requirement_open_with_no_finish(tmp_path: Path) -> None:
    # BIG (13 cr) is over every term's maximum of 12: it can never be planned. C1 is, in
    # one term; the plan names "core" as staying open and reports no finish.
    r = (
        issuer("r")
        + policy()
        + course("BIG", 13)
        + course("C1")
        + program("p", 16, requirement("core", courses=["BIG", "C1"]))
    )
    case = Case(tmp_path, {"r": r}, learner("r:p"))
    result = case.result()
    plan = result.confirmed.plan
    assert plan_courses(result) == [["C1"]]
    assert (plan.unschedulable, plan.open_requirements) == (("BIG",), ("core",))
    assert (plan.term_count, plan.finish) == (1, None)
    assert any("BIG" in w and "requirement 'core' stays open" in w for w in plan.warnings)
    document = case.json()["results"][0]
    assert (document["confirmed"]["terms"], document["confirmed"]["finish"]) == (1, None)
    assert document["unschedulable"] == ["BIG"]
    assert document["open_requirements"] == ["core"]
    assert "cannot finish" in render(case.report(), "text")
