"""Audit semantics §3, the plan: what is left, in which terms, and what it costs.

Unless a test says otherwise: tuition 100 a credit, no fees, calendar spring (January,
at most 12) and fall (September, at most 12), start "2027 spring", 12 credits a term.
"""

from __future__ import annotations

from pathlib import Path

from tests.unit.semantics_helpers import (
    SPRING_SUMMER_FALL,
    articulation,
    course,
    courses,
    held,
    issuer,
    learner,
    plan_courses,
    plan_labels,
    policy,
    prior,
    program,
    requirement,
    rpl_route,
    run,
)

X = issuer("x") + policy(tuition=80) + courses("X1", "X2", "X3")


def core_home(
    codes: list[str], *extra: str, core: list[str] | None = None, **settings: object
) -> str:
    """R with 3-credit courses `codes` (+ `extra` tables) and program `p`: 3 credits for
    each course of its core, which is `core` (default: all of `codes`)."""
    listed = core if core is not None else codes
    return (
        issuer("r")
        + policy(**settings)  # type: ignore[arg-type]
        + courses(*codes)
        + "".join(extra)
        + program("p", 3 * len(listed), requirement("core", courses=listed))
    )


# --------------------------------------------------------------------------- what is left


def test_plan_missing_courses(tmp_path: Path) -> None:
    result = run(tmp_path, {"r": core_home(["A1", "A2", "A3"])}, learner("r:p") + held("r:A1"))
    plan = result.confirmed.plan
    # A1 is held; A2 and A3 are missing from core: 6 credits, one term, 6 x 100 = 600.
    assert plan_courses(result) == [["A2", "A3"]]
    assert (plan.planned_credits, plan.term_count, plan.finish, plan.cost) == (
        6,
        1,
        "2027 spring",
        600,
    )


def test_plan_missing_course_left_out_by_the_cap_is_planned(tmp_path: Path) -> None:
    # External cap min(0.5 x 6, 6 - 0) = 3: of A1 and A2 (both articulated from x) only
    # one applies, so core is partial and the other is a missing course of a `courses`
    # requirement: the plan takes it (3 credits, 300), not a general elective.
    r = core_home(
        ["A1", "A2"],
        articulation("x1", ["x:X1"], grants=["A1"]),
        articulation("x2", ["x:X2"], grants=["A2"]),
        share=0.5,
    )
    result = run(tmp_path, {"r": r, "x": X}, learner("r:p") + held("x:X1") + held("x:X2"))
    applied = {a.unit.key for a in result.confirmed.audit.assignments}
    missing = sorted({"A1", "A2"} - applied)
    assert result.confirmed.audit.applied == 3
    assert plan_courses(result) == [missing]
    assert result.confirmed.plan.cost == 300


def test_plan_choose_cheapest(tmp_path: Path) -> None:
    r = (
        issuer("r")
        + policy()
        + course("A4", 4)
        + course("C3", requires="P1")
        + courses("D3", "E3", "P1")
        + program("one", 3, requirement("pick", choose=1, courses=["A4", "C3", "D3", "E3"]))
        + program("two", 6, requirement("pick", choose=2, courses=["A4", "C3", "D3", "E3"]))
    )
    # Fewest credits first (A4 has 4, the rest 3), then fewest unmet prerequisites (C3
    # needs P1), then code (D3 before E3): choose 1 -> D3; choose 2 -> D3, E3.
    one = run(tmp_path / "one", {"r": r}, learner("r:one"))
    assert plan_courses(one) == [["D3"]]
    two = run(tmp_path / "two", {"r": r}, learner("r:two"))
    assert plan_courses(two) == [["D3", "E3"]]
    # With P1 held, C3 has no unmet prerequisite and wins on its code: C3.
    held_p1 = run(tmp_path / "p1", {"r": r}, learner("r:one") + held("r:P1"))
    assert plan_courses(held_p1) == [["C3"]]


def test_plan_elective_slots_and_chunk(tmp_path: Path) -> None:
    def home(**settings: object) -> str:
        return (
            issuer("r")
            + policy(**settings)  # type: ignore[arg-type]
            + course("BUS301", level=3)
            + courses("A1")
            + program("upper", 7, requirement("bus", credits=7, subjects=["BUS"], min_level=3))
            + program("gen", 12, requirement("core", courses=["A1"]))
            + program("two", 6, requirement("bm", credits=6, subjects=["MGT", "BUS"]))
        )

    # 7 credits of BUS at level 3 or above: slots of 3, the last smaller: 3 + 3 + 1.
    upper = run(tmp_path / "upper", {"r": home()}, learner("r:upper"))
    assert plan_courses(upper) == [["ELECTIVE:BUS:3:1", "ELECTIVE:BUS:3:3", "ELECTIVE:BUS:3:3"]]
    assert upper.confirmed.plan.planned_credits == 7
    # elective_chunk 4: 4 + 3.
    chunk = run(tmp_path / "chunk", {"r": home(chunk=4)}, learner("r:upper"))
    assert plan_courses(chunk) == [["ELECTIVE:BUS:3:3", "ELECTIVE:BUS:3:4"]]
    # BUS301 held: 7 - 3 = 4 left: 3 + 1.
    part = run(tmp_path / "part", {"r": home()}, learner("r:upper") + held("r:BUS301"))
    assert plan_courses(part) == [["ELECTIVE:BUS:3:1", "ELECTIVE:BUS:3:3"]]
    # General credit (12 - 3 = 9, no filter): A1 and three ELECTIVE:*:*:3 slots.
    gen = run(tmp_path / "gen", {"r": home()}, learner("r:gen"))
    assert plan_courses(gen) == [["A1", "ELECTIVE:*:*:3", "ELECTIVE:*:*:3", "ELECTIVE:*:*:3"]]
    # Engine decision: several subjects are joined with "/", sorted; no level filter is "*".
    two = run(tmp_path / "two", {"r": home()}, learner("r:two"))
    assert plan_courses(two) == [["ELECTIVE:BUS/MGT:*:3", "ELECTIVE:BUS/MGT:*:3"]]


def test_plan_general_slots_make_up_shortfall(tmp_path: Path) -> None:
    r = (
        issuer("r")
        + policy()
        + courses("A1", "A2", "B1")
        + program(
            "p",
            9,
            requirement("core", courses=["A1", "A2"]),
            requirement("gen", choose=1, courses=["A1", "B1"]),
            double_count=[["core", "gen"]],
        )
    )
    result = run(tmp_path, {"r": r}, learner("r:p") + held("r:A1") + held("r:A2"))
    # A1 counts in core and gen (once): every requirement is met with 6 of 9 credits;
    # the 3 short are one general elective slot: 300.
    assert result.confirmed.audit.applied == 6
    assert plan_courses(result) == [["ELECTIVE:*:*:3"]]
    assert result.confirmed.plan.cost == 300


def test_plan_prerequisites_pulled_in_cheapest_branch(tmp_path: Path) -> None:
    r = (
        issuer("r")
        + policy()
        + course("T1", requires="BIG or SMALL")
        + course("BIG", 4)
        + course("SMALL", requires="S0")
        + course("S0")
        + program("p", 3, requirement("core", courses=["T1"]))
    )
    # T1 needs BIG (adds 4 credits) or SMALL, which needs S0 (adds 3 + 3 = 6): BIG.
    # BIG in 2027 spring, T1 after it in 2027 fall: 7 credits, 2 terms, 700.
    result = run(tmp_path / "none", {"r": r}, learner("r:p"))
    assert plan_courses(result) == [["BIG"], ["T1"]]
    assert (result.confirmed.plan.planned_credits, result.confirmed.plan.cost) == (7, 700)
    # With S0 held, SMALL adds only 3 < 4: SMALL then T1, 6 credits, 600.
    with_s0 = run(tmp_path / "s0", {"r": r}, learner("r:p") + held("r:S0"))
    assert plan_courses(with_s0) == [["SMALL"], ["T1"]]
    assert with_s0.confirmed.plan.cost == 600


def test_plan_prerequisites_recursive_and_recognised_count(tmp_path: Path) -> None:
    r = (
        issuer("r")
        + policy()
        + course("T1")
        + course("T2", requires="T1")
        + course("T3", requires="T2")
        + program("p", 9, requirement("core", courses=["T3"]))
        + articulation("x1", ["x:X1"], grants=["T1"])
    )
    # T3 needs T2, which needs T1: all three, one a term (3 terms, 2028 spring). They
    # cover core (3) and general credit (9 - 3 = 6), so no elective slot is added.
    chain = run(tmp_path / "chain", {"r": r, "x": X}, learner("r:p"))
    assert plan_courses(chain) == [["T1"], ["T2"], ["T3"]]
    assert (chain.confirmed.plan.term_count, chain.confirmed.plan.finish) == (3, "2028 spring")
    # T1 recognised (articulated from X1): it is not planned; T2 and T3 are.
    recognised = run(tmp_path / "rec", {"r": r, "x": X}, learner("r:p") + held("x:X1"))
    assert plan_courses(recognised) == [["T2"], ["T3"]]


# --------------------------------------------------------------------------- terms


def test_plan_offerings(tmp_path: Path) -> None:
    r = core_home(["A1"], course("F1", offered=["fall"]), core=["A1", "F1"])
    result = run(tmp_path, {"r": r}, learner("r:p"))
    # F1 runs only in fall: A1 in 2027 spring (with room to spare), F1 in 2027 fall.
    assert plan_labels(result) == ["2027 spring", "2027 fall"]
    assert plan_courses(result) == [["A1"], ["F1"]]


def test_plan_load_and_term_max(tmp_path: Path) -> None:
    terms = (("spring", 1, 6), ("fall", 9, 12))
    codes = ["A1", "A2", "A3", "A4", "A5"]
    r = core_home(codes, terms=terms)
    result = run(tmp_path / "nine", {"r": r}, learner("r:p", load=9))
    # Each term takes min(learner 9, term max): spring min(9, 6) = 6, fall min(9, 12) = 9.
    # 15 credits: 6 in 2027 spring and 9 in 2027 fall.
    assert [t.credits for t in result.confirmed.plan.terms] == [6, 9]
    # A load of 3 takes one course a term: 5 terms, 2029 spring.
    slow = run(tmp_path / "three", {"r": r}, learner("r:p", load=3))
    assert (slow.confirmed.plan.term_count, slow.confirmed.plan.finish) == (5, "2029 spring")


def test_plan_prerequisite_met_in_an_earlier_term(tmp_path: Path) -> None:
    r = core_home(["A1"], course("A2", requires="A1"), core=["A1", "A2"])
    # A2 needs A1 done in an earlier term: two terms although 6 credits fit in one.
    result = run(tmp_path / "new", {"r": r}, learner("r:p"))
    assert plan_courses(result) == [["A1"], ["A2"]]
    # A held A1 counts from the start: A2 in the first term.
    held_a1 = run(tmp_path / "held", {"r": r}, learner("r:p") + held("r:A1"))
    assert plan_courses(held_a1) == [["A2"]]


def test_plan_corequisite_same_term(tmp_path: Path) -> None:
    r = (
        issuer("r")
        + policy()
        + course("L1", corequires="LAB")
        + course("LAB")
        + program("p", 6, requirement("core", courses=["L1", "LAB"]))
    )
    # L1's corequisite LAB may be taken in the same term: both in 2027 spring.
    same = run(tmp_path / "same", {"r": r}, learner("r:p", load=6))
    assert plan_courses(same) == [["L1", "LAB"]]
    # One course a term: LAB has to come first (earlier is allowed, later is not).
    apart = run(tmp_path / "apart", {"r": r}, learner("r:p", load=3))
    assert plan_courses(apart) == [["LAB"], ["L1"]]


def test_plan_attend_skips_terms(tmp_path: Path) -> None:
    r = core_home(["A1", "A2", "A3"], terms=SPRING_SUMMER_FALL)
    # One course a term. Attending spring and fall only: 2027 spring, 2027 fall,
    # 2028 spring (summer skipped, not counted): 3 terms.
    skip = run(tmp_path / "skip", {"r": r}, learner("r:p", load=3, attend=["spring", "fall"]))
    assert plan_labels(skip) == ["2027 spring", "2027 fall", "2028 spring"]
    assert skip.confirmed.plan.term_count == 3
    # Attending every term: spring, summer, fall 2027.
    every = run(tmp_path / "every", {"r": r}, learner("r:p", load=3))
    assert plan_labels(every) == ["2027 spring", "2027 summer", "2027 fall"]


def test_plan_terms_count_includes_empty_terms(tmp_path: Path) -> None:
    r = (
        issuer("r")
        + policy(fees=50)
        + course("F1", offered=["fall"])
        + course("F2", requires="F1", offered=["fall"])
        + program("p", 6, requirement("core", courses=["F1", "F2"]))
    )
    result = run(tmp_path, {"r": r}, learner("r:p"))
    plan = result.confirmed.plan
    # F1 in 2027 fall, F2 in 2028 fall; from the start (2027 spring) to the last planned
    # term, empty terms included: 2027 spring, 2027 fall, 2028 spring, 2028 fall = 4.
    # Fees are paid for the 2 terms with courses: 6 x 100 + 2 x 50 = 700.
    assert plan_labels(result) == ["2027 spring", "2027 fall", "2028 spring", "2028 fall"]
    assert plan_courses(result) == [[], ["F1"], [], ["F2"]]
    assert (plan.term_count, plan.finish, plan.fees, plan.cost) == (4, "2028 fall", 100, 700)


def test_plan_nothing_left(tmp_path: Path) -> None:
    result = run(tmp_path, {"r": core_home(["A1"])}, learner("r:p") + held("r:A1"))
    plan = result.confirmed.plan
    # Nothing left: terms 0, finish null, cost 0.
    assert (plan.terms, plan.term_count, plan.finish, plan.cost) == ((), 0, None, 0)


def test_plan_terms_ordered_by_starts_month(tmp_path: Path) -> None:
    # The calendar is written fall first; terms run in `starts` order all the same.
    r = core_home(
        ["A1"],
        course("A2", requires="A1"),
        core=["A1", "A2"],
        terms=(("fall", 9, 12), ("spring", 1, 12)),
    )
    result = run(tmp_path, {"r": r}, learner("r:p"))
    assert plan_labels(result) == ["2027 spring", "2027 fall"]


def test_plan_start_defaults_to_next_term_after_as_of(tmp_path: Path) -> None:
    r = core_home(["A1"])
    # No start: the next term after as_of. 2026-11-28 -> 2027 spring; 2026-03-10 -> fall.
    winter = run(tmp_path / "winter", {"r": r}, learner("r:p", start=None))
    assert plan_labels(winter) == ["2027 spring"]
    march = run(tmp_path / "march", {"r": r}, learner("r:p", start=None, as_of="2026-03-10"))
    assert plan_labels(march) == ["2026 fall"]


def test_plan_fewest_terms(tmp_path: Path) -> None:
    r = (
        issuer("r")
        + policy()
        + courses("C1", "C2", "Y1")
        + course("Y2", requires="Y1")
        + program("p", 12, requirement("core", courses=["C1", "C2", "Y1", "Y2"]))
    )
    result = run(tmp_path, {"r": r}, learner("r:p", load=6))
    plan = result.confirmed.plan
    # 12 credits at 6 a term need at least 2 terms, and 2 suffice: Y1 with one C in the
    # first term, Y2 with the other in the second (taking C1 + C2 first would need 3).
    assert plan.term_count == 2
    assert ["Y1"] == [c for c in result.confirmed.plan.terms[0].courses if c.startswith("Y")]
    assert (plan.lower_bound, plan.proven) == (2, True)


def test_plan_over_twenty_courses_reports_lower_bound(tmp_path: Path) -> None:
    codes = [f"K{n:02d}" for n in range(1, 22)]
    result = run(tmp_path, {"r": core_home(codes)}, learner("r:p"))
    plan = result.confirmed.plan
    # 21 courses x 3 = 63 credits at 12 a term: at least ceil(63 / 12) = 6 terms; the
    # schedule reaches the bound (2027 spring .. 2029 fall).
    assert (plan.term_count, plan.lower_bound, plan.finish) == (6, 6, "2029 fall")


def test_plan_unschedulable_course_warned(tmp_path: Path) -> None:
    # Engine decision: a course offered in no attended term is left out and named.
    r = core_home(
        ["A1"], course("S1", offered=["summer"]), core=["A1", "S1"], terms=SPRING_SUMMER_FALL
    )
    result = run(tmp_path, {"r": r}, learner("r:p", attend=["spring", "fall"]))
    assert result.confirmed.plan.unschedulable == ("S1",)
    assert any("S1" in w for w in result.confirmed.plan.warnings)


# --------------------------------------------------------------------------- cost


def test_plan_cost_tuition_and_fees(tmp_path: Path) -> None:
    codes = ["A1", "A2", "A3", "A4", "A5", "A6"]
    result = run(tmp_path, {"r": core_home(codes, tuition=250, fees=75)}, learner("r:p", load=9))
    plan = result.confirmed.plan
    # 18 credits at 9 a term: 2 terms. 18 x 250 = 4500 tuition + 2 x 75 = 150 fees = 4650.
    assert (plan.tuition, plan.fees, plan.cost) == (4500, 150, 4650)


def test_plan_potential_adds_assessment_fees(tmp_path: Path) -> None:
    r = core_home(
        ["A1", "A2"],
        rpl_route("route", kinds=["workplace"], grants=["A1"], assessment_fee=250),
        fees=10,
    )
    result = run(tmp_path, {"r": r}, learner("r:p") + prior("Work", hours=900))
    # Confirmed (no RPL): A1 + A2 = 600 + one term's fee 10 = 610.
    # Potential: A1 by RPL, so A2 only: 300 + 10 + the route's assessment fee 250 = 560.
    assert result.confirmed.plan.cost == 610
    assert plan_courses(result, "potential") == [["A2"]]
    assert result.potential.plan.assessment_fees == 250
    assert result.potential.plan.cost == 560
