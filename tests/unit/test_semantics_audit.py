"""Audit semantics §2: the optimal assignment of units to requirements.

Course units are indivisible, block units divisible; caps on external and RPL credit;
the objective is the most credit applied, ties broken by requirements met, resident
credit, then sorted references; confirmed leaves RPL out, potential takes it in.
"""

from __future__ import annotations

from pathlib import Path

from tests.unit.semantics_helpers import (
    articulation,
    course,
    courses,
    credential,
    exception,
    held,
    issuer,
    learner,
    placed,
    policy,
    prior,
    program,
    requirement,
    rpl_route,
    run,
    statuses,
)

X = issuer("x") + policy(tuition=80) + courses("X1", "X2", "X3", "X9") + course("X4", 4)
P = (
    issuer("p", kind="provider", credit_system="none")
    + credential("badge")
    + credential("big-badge")
)


# --------------------------------------------------------------------------- units


def _two_credit_requirements(*extra: str, **settings: object) -> str:
    """Program `p` (6 credits): `a` and `b`, each 3 credits of subject XR."""
    return (
        issuer("r")
        + policy(**settings)  # type: ignore[arg-type]
        + course("XR4", 4)
        + courses("XR1", "XR2")
        + program(
            "p",
            6,
            requirement("a", credits=3, subjects=["XR"]),
            requirement("b", credits=3, subjects=["XR"]),
        )
        + "".join(extra)
    )


def test_audit_course_unit_indivisible(tmp_path: Path) -> None:
    result = run(tmp_path, {"r": _two_credit_requirements()}, learner("r:p") + held("r:XR4"))
    audit = result.confirmed.audit
    # XR4 (4 credits) fits a and b but cannot be split 3 + 1: it goes to one of them,
    # which counts 3 of it (its credits); the program has no general credit (6 - 6 = 0)
    # for the 4th. Applied 3, remaining 3; one requirement met, the other open.
    assert len(audit.assignments) == 1
    assert audit.applied == 3 and audit.remaining == 3
    assert sorted(statuses(audit).values()) == ["met", "open"]


def test_audit_block_unit_divisible(tmp_path: Path) -> None:
    r = _two_credit_requirements(
        articulation("big", ["p:badge"], grant_credits=4, subject="XR", level=1)
    )
    result = run(tmp_path, {"r": r, "p": P}, learner("r:p") + held("p:badge"))
    audit = result.confirmed.audit
    # A 4-credit XR block splits: 3 to a (met) and 1 to b (partial). Applied 4, remaining 2.
    # Which requirement gets the 3 is the sorted-order tie-break: a comes first.
    assert placed(audit) == {"BLOCK:big": [("a", 3), ("b", 1)]}
    assert (audit.applied, audit.remaining) == (4, 2)
    assert statuses(audit) == {"a": "met", "b": "partial"}


def test_audit_courses_and_choose_take_only_listed_courses(tmp_path: Path) -> None:
    r = (
        issuer("r")
        + policy()
        + courses("A1", "B1", "B2", "C1")
        + program(
            "p",
            9,
            requirement("core", courses=["A1"]),
            requirement("pick", choose=1, courses=["B1", "B2"]),
        )
        + articulation("blk", ["p:badge"], grant_credits=3, subject="A", level=1)
    )
    result = run(tmp_path, {"r": r, "p": P}, learner("r:p") + held("p:badge") + held("r:C1"))
    audit = result.confirmed.audit
    # Neither the A block nor C1 is listed by core or pick: both can only go to general
    # credit (9 - 3 - 3 = 3), which holds 3 of their 6. Applied 3; core and pick open.
    # (Both apply 3; C1 is resident credit, so the tie goes to C1.)
    assert placed(audit) == {"C1": [("general", 3)]}
    assert audit.applied == 3
    assert statuses(audit) == {"core": "open", "pick": "open", "general": "met"}


def test_audit_credits_requirement_pool_and_filters(tmp_path: Path) -> None:
    r = (
        issuer("r")
        + policy()
        + courses("B1", "B2", "C1")
        + course("BUS101", level=1)
        + course("BUS301", level=3)
        + course("MGT301", level=3)
        + course("LOW1", level=1)
        + course("HIGH2", level=2)
        + program(
            "p",
            9,
            requirement("pool", credits=3, courses=["B1", "B2"]),
            requirement("upper", credits=3, subjects=["BUS"], min_level=3),
            requirement("lower", credits=3, max_level=1),
        )
    )
    # Nothing matches: C1 is not in the pool; BUS101 is below level 3 for upper, MGT301 is
    # the wrong subject; HIGH2 is above lower's level 1. (BUS101 and C1 are level 1, so
    # lower takes one of them: 3 applied.)
    miss = run(
        tmp_path / "miss",
        {"r": r},
        learner("r:p") + held("r:C1") + held("r:BUS101") + held("r:MGT301") + held("r:HIGH2"),
    )
    assert miss.confirmed.audit.applied == 3
    assert statuses(miss.confirmed.audit) == {"pool": "open", "upper": "open", "lower": "met"}
    assert set(placed(miss.confirmed.audit)) <= {"C1", "BUS101"}
    # Each filter matched: B2 (pool), BUS301 (BUS, level 3), LOW1 (level 1): 9 applied.
    hit = run(
        tmp_path / "hit",
        {"r": r},
        learner("r:p") + held("r:B2") + held("r:BUS301") + held("r:LOW1"),
    )
    assert placed(hit.confirmed.audit) == {
        "B2": [("pool", 3)],
        "BUS301": [("upper", 3)],
        "LOW1": [("lower", 3)],
    }
    assert hit.confirmed.audit.applied == 9


def test_audit_credits_requirement_takes_up_to_its_credits(tmp_path: Path) -> None:
    r = (
        issuer("r")
        + policy()
        + courses("A1", "B1", "B2")
        + program("p", 6, requirement("core", courses=["A1"]), requirement("any", credits=3))
    )
    audit = run(tmp_path, {"r": r}, learner("r:p") + held("r:B1") + held("r:B2")).confirmed.audit
    # `any` takes units up to its 3 credits and there is no general credit (6 - 3 - 3 =
    # 0): one B fills it (B1, sorted first), the other is not placed anywhere. Applied 3;
    # the assignments add up to the 3 applied.
    assert audit.applied == 3
    assert placed(audit) == {"B1": [("any", 3)]}
    assert audit.unplaced == ("B2",)


# --------------------------------------------------------------------------- double count


def _double_count_home(pairs: list[list[str]] | None) -> str:
    """Program `p` (9 credits): core = A1 + A2 (6), gen = one of A1, B1 (3)."""
    return (
        issuer("r")
        + policy()
        + courses("A1", "A2", "B1", "C1")
        + program(
            "p",
            9,
            requirement("core", courses=["A1", "A2"]),
            requirement("gen", choose=1, courses=["A1", "B1"]),
            double_count=pairs,
        )
    )


def test_audit_double_count_pair(tmp_path: Path) -> None:
    r = _double_count_home([["core", "gen"]])
    both = run(tmp_path / "both", {"r": r}, learner("r:p") + held("r:A1") + held("r:A2"))
    audit = both.confirmed.audit
    # core and gen may share A1: it sits in both, so both are met; its 3 credits count
    # once toward the program: applied A1 + A2 = 6 (not 9), remaining 3.
    assert placed(audit) == {"A1": [("core", 3), ("gen", 3)], "A2": [("core", 3)]}
    # The 3 credits applied twice make room for 3 of general credit (9 - 9 + 3): shown,
    # open, as the requirement the remaining 3 are planned for.
    assert statuses(audit) == {"core": "met", "gen": "met", "general": "open"}
    assert audit.requirement("general").needed == 3
    assert (audit.applied, audit.remaining) == (6, 3)
    # A1 alone: in both requirements (core partial, gen met), 3 credits applied once.
    alone = run(tmp_path / "alone", {"r": r}, learner("r:p") + held("r:A1"))
    assert statuses(alone.confirmed.audit) == {
        "core": "partial",
        "gen": "met",
        "general": "open",
    }
    assert alone.confirmed.audit.applied == 3


def test_audit_without_double_count_a_course_unit_goes_to_one_requirement(
    tmp_path: Path,
) -> None:
    result = run(
        tmp_path, {"r": _double_count_home(None)}, learner("r:p") + held("r:A1") + held("r:A2")
    )
    audit = result.confirmed.audit
    # No pair: A1 goes to core or gen, not both; 6 applied, only one of them met.
    assert len(placed(audit)["A1"]) == 1
    assert audit.applied == 6
    assert sorted(statuses(audit).values()) in (["met", "open"], ["met", "partial"])


def test_audit_double_count_leaves_room_for_general_credit(tmp_path: Path) -> None:
    # Spec §3: double counting leaves applied + planned short of the program's credits,
    # and general elective slots make up the difference; docs/decisions.md: "a unit
    # counted in a double_count pair leaves room for one more elective". So a held C1
    # (listed nowhere) is that elective: A1 (core + gen, once) 3 + A2 3 + C1 3 = 9
    # applied, remaining 0, nothing left to plan.
    r = _double_count_home([["core", "gen"]])
    result = run(tmp_path, {"r": r}, learner("r:p") + held("r:A1") + held("r:A2") + held("r:C1"))
    assert result.confirmed.audit.applied == 9
    assert result.confirmed.audit.remaining == 0
    assert result.confirmed.plan.terms == ()


# --------------------------------------------------------------------------- caps


def _capped_home(
    *extra: str,
    total: int = 12,
    program_extra: dict[str, object] | None = None,
    **settings: object,
) -> str:
    """Program `p` (`total` credits of anything); X1-X3 articulate to A1-A3 (3 each)."""
    return (
        issuer("r")
        + policy(**settings)  # type: ignore[arg-type]
        + courses("A1", "A2", "A3", "B1", "B2")
        + course("A4", 4)
        + course("A5", 4)
        + program("p", total, requirement("any", credits=total), **(program_extra or {}))
        + "".join(articulation(f"x{n}", [f"x:X{n}"], grants=[f"A{n}"]) for n in (1, 2, 3))
        + "".join(extra)
    )


EXTERNAL_3X3 = held("x:X1") + held("x:X2") + held("x:X3")


def test_audit_external_cap(tmp_path: Path) -> None:
    r = _capped_home(share=0.5, residency=0)
    result = run(
        tmp_path, {"r": r, "x": X}, learner("r:p") + EXTERNAL_3X3 + held("r:B1") + held("r:B2")
    )
    audit = result.confirmed.audit
    # cap = min(0.5 x 12, 12 - 0) = 6: two of the three external 3-credit units (6), one
    # left unplaced; internal B1 + B2 are not capped (6). Applied 12, remaining 0.
    assert audit.external_cap == 6
    assert audit.external_applied == 6
    assert len([key for key in audit.unplaced if key.startswith("A")]) == 1
    assert (audit.applied, audit.remaining) == (12, 0)


def test_audit_external_cap_residency(tmp_path: Path) -> None:
    r = _capped_home(share=1.0, residency=9)
    result = run(tmp_path, {"r": r, "x": X}, learner("r:p") + EXTERNAL_3X3)
    # cap = min(1.0 x 12, 12 - 9) = 3: one external unit of the three. Applied 3.
    assert result.confirmed.audit.external_cap == 3
    assert result.confirmed.audit.applied == 3


def test_audit_external_cap_program_overrides_institution(tmp_path: Path) -> None:
    r = _capped_home(
        share=1.0, residency=0, program_extra={"residency_credits": 6, "max_external_share": 0.25}
    )
    result = run(tmp_path, {"r": r, "x": X}, learner("r:p") + EXTERNAL_3X3)
    # The program's own policy wins: cap = min(0.25 x 12, 12 - 6) = 3. Applied 3.
    assert result.confirmed.audit.external_cap == 3
    assert result.confirmed.audit.applied == 3


def test_audit_external_cap_best_subset(tmp_path: Path) -> None:
    r = _capped_home(
        articulation("x4", ["x:X4"], grants=["A4"]),
        articulation("x9", ["x:X9"], grants=["A5"]),
        total=20,
        share=0.5,
    )
    result = run(
        tmp_path,
        {"r": r, "x": X},
        learner("r:p") + held("x:X4") + held("x:X9") + held("x:X1") + held("x:X2"),
    )
    # 20 credits, share 0.5: cap 10. External units of 4 (A4), 4 (A5), 3 (A1), 3 (A2):
    # largest-first stops at 4 + 4 = 8; the best subset is 4 + 3 + 3 = 10.
    assert result.confirmed.audit.external_cap == 10
    assert result.confirmed.audit.applied == 10


def test_audit_cap_counts_whole_course_units(tmp_path: Path) -> None:
    # (decision: docs/decisions.md, "Caps count whole units") Program `p` (6): `a` and
    # `b` take 3 credits of XR each. X4 articulates to XR4 (4 credits); share 0.5 gives
    # an external cap of min(3, 6) = 3. A registrar accepts transfer credit course by
    # course: XR4 would count its whole 4 credits against the cap of 3, so it cannot be
    # applied at all, even though only 3 of its credits would count in `a`.
    r = _two_credit_requirements(articulation("x4", ["x:X4"], grants=["XR4"]), share=0.5)
    result = run(tmp_path, {"r": r, "x": X}, learner("r:p") + held("x:X4"))
    audit = result.confirmed.audit
    assert audit.external_cap == 3
    assert (audit.applied, audit.external_applied) == (0, 0)
    assert audit.unplaced == ("XR4",)


def test_audit_rpl_cap(tmp_path: Path) -> None:
    r = _capped_home(
        rpl_route("one", kinds=["workplace"], grants=["B1"]),
        rpl_route("blk", kinds=["workplace"], grant_credits=5, subject="MGT", level=1),
        max_rpl=4,
    )
    result = run(tmp_path, {"r": r, "x": X}, learner("r:p") + prior("Manager", kind="workplace"))
    potential = result.potential.audit
    # RPL units: B1 (3) and a 5-credit block: 8, but max_rpl_credits is 4, and the block
    # is divisible, so exactly 4 apply (B1 + 1 of the block, or 4 of the block).
    assert potential.rpl_cap == 4
    assert (potential.rpl_applied, potential.applied) == (4, 4)
    # Confirmed has no RPL at all.
    assert result.confirmed.audit.applied == 0


# --------------------------------------------------------------------------- general


def test_audit_implicit_general_requirement(tmp_path: Path) -> None:
    r = (
        issuer("r")
        + policy()
        + courses("A1", "B1", "B2", "B3", "B4")
        + program("p", 12, requirement("core", courses=["A1"]))
        + articulation("blk", ["p:badge"], grant_credits=2, subject="ART", level=4)
    )
    result = run(
        tmp_path, {"r": r, "p": P}, learner("r:p") + held("r:A1") + held("r:B1") + held("p:badge")
    )
    audit = result.confirmed.audit
    general = audit.requirement("general")
    # core's nominal 3 credits leave 12 - 3 = 9 of general credit, which takes anything:
    # B1 (listed nowhere) and an ART level-4 block. Applied 3 + 3 + 2 = 8, remaining 4.
    assert general is not None and general.needed == 9
    assert placed(audit) == {
        "A1": [("core", 3)],
        "B1": [("general", 3)],
        "BLOCK:blk": [("general", 2)],
    }
    assert (audit.applied, audit.remaining) == (8, 4)
    assert statuses(audit) == {"core": "met", "general": "partial"}


def test_audit_general_requirement_takes_only_its_share(tmp_path: Path) -> None:
    r = (
        issuer("r")
        + policy()
        + courses("A1", "B1", "B2", "B3", "B4")
        + program("p", 12, requirement("core", courses=["A1"]))
    )
    text = learner("r:p") + "".join(held(f"r:{c}") for c in ("A1", "B1", "B2", "B3", "B4"))
    audit = run(tmp_path, {"r": r}, text).confirmed.audit
    # General holds 12 - 3 = 9: three of the four B's. Applied 3 + 9 = 12; the fourth B
    # adds nothing, so it is not placed (it is listed as unplaced, with no assignment):
    # the assignments add up to what is applied.
    assert audit.applied == 12
    assert sum(a.credits for a in audit.assignments) == 12
    assert len(audit.unplaced) == 1


def test_audit_credits_surplus_flows_to_general(tmp_path: Path) -> None:
    # Engine decision: a 4-credit course in a 3-credit requirement counts 3 there and the
    # 4th toward general credit when there is room. Program 9: core A1 (3), upper 3 of
    # XR, general 3. XR4: 3 in upper + 1 general = 4 applied, remaining 5.
    r = (
        issuer("r")
        + policy()
        + courses("A1")
        + course("XR4", 4)
        + program(
            "p",
            9,
            requirement("core", courses=["A1"]),
            requirement("upper", credits=3, subjects=["XR"]),
        )
    )
    audit = run(tmp_path, {"r": r}, learner("r:p") + held("r:XR4")).confirmed.audit
    assert (audit.applied, audit.remaining) == (4, 5)


def test_audit_applied_never_exceeds_program_credits(tmp_path: Path) -> None:
    r = _capped_home(total=6)
    result = run(
        tmp_path, {"r": r, "x": X}, learner("r:p") + held("r:A1") + held("r:A2") + held("r:A4")
    )
    # 3 + 3 + 4 = 10 credits held for a 6-credit program: applied 6, remaining 0.
    assert (result.confirmed.audit.applied, result.confirmed.audit.remaining) == (6, 0)


# --------------------------------------------------------------------------- objective


def test_audit_optimal_not_greedy(tmp_path: Path) -> None:
    r = (
        issuer("r")
        + policy()
        + courses("X1", "X2")
        + course("DATA101", subject="DATA")
        + course("MATH101", subject="MATH")
        + program(
            "p",
            6,
            requirement("either", choose=1, courses=["X1", "X2"]),
            requirement("must", courses=["X1"]),
        )
        + program(
            "q",
            6,
            requirement("lower", credits=3, max_level=1),
            requirement("data", credits=3, subjects=["DATA"]),
        )
    )
    # p: first fit would put X1 in `either` and leave `must` empty (3 applied); the
    # optimum puts X1 in must and X2 in either: 6 applied, both met.
    p = run(tmp_path / "p", {"r": r}, learner("r:p") + held("r:X1") + held("r:X2"))
    assert placed(p.confirmed.audit) == {"X1": [("must", 3)], "X2": [("either", 3)]}
    assert p.confirmed.audit.applied == 6
    # q: DATA101 fits both lower (level 1) and data; MATH101 only lower. First fit puts
    # DATA101 in lower and strands MATH101 (3); optimal: DATA101 -> data, MATH101 -> lower.
    q = run(tmp_path / "q", {"r": r}, learner("r:q") + held("r:DATA101") + held("r:MATH101"))
    assert placed(q.confirmed.audit) == {"DATA101": [("data", 3)], "MATH101": [("lower", 3)]}
    assert q.confirmed.audit.applied == 6


def test_audit_tie_break_more_requirements_met(tmp_path: Path) -> None:
    r = (
        issuer("r")
        + policy()
        + courses("A1", "A2", "B1")
        + program(
            "p",
            9,
            requirement("pair", courses=["A1", "A2"]),
            requirement("one", choose=1, courses=["A1", "B1"]),
        )
    )
    audit = run(tmp_path, {"r": r}, learner("r:p") + held("r:A1")).confirmed.audit
    # A1 applies 3 either way. In `pair` nothing is met (1 of 2); in `one` it is met.
    # More requirements met wins (even against the catalogue order, which puts pair first).
    assert placed(audit) == {"A1": [("one", 3)]}
    assert statuses(audit) == {"pair": "open", "one": "met"}


def test_audit_tie_break_more_resident_credit(tmp_path: Path) -> None:
    r = (
        issuer("r")
        + policy()
        + courses("A1", "B1")
        + program("p", 3, requirement("any", credits=3))
        + articulation("x1", ["x:X1"], grants=["A1"])
    )
    audit = run(
        tmp_path, {"r": r, "x": X}, learner("r:p") + held("x:X1") + held("r:B1")
    ).confirmed.audit
    # Room for 3 credits: A1 (articulated) or B1 (held at R); both apply 3 and meet `any`.
    # More resident credit wins, although A1 sorts first: B1 is applied, A1 left over.
    assert placed(audit) == {"B1": [("any", 3)]}
    assert audit.unplaced == ("A1",)


def test_audit_tie_break_sorted_references(tmp_path: Path) -> None:
    r = (
        issuer("r")
        + policy()
        + courses("B1", "B2")
        + program("p", 6, requirement("a", credits=3), requirement("b", credits=3))
        + program("q", 3, requirement("any", credits=3))
    )
    # Everything else equal: units in sorted order go to requirements in catalogue order.
    q = run(tmp_path / "q", {"r": r}, learner("r:q") + held("r:B2") + held("r:B1"))
    assert placed(q.confirmed.audit) == {"B1": [("any", 3)]}
    p = run(tmp_path / "p", {"r": r}, learner("r:p") + held("r:B2") + held("r:B1"))
    assert placed(p.confirmed.audit) == {"B1": [("a", 3)], "B2": [("b", 3)]}
    # The same input always gives the same audit.
    again = run(tmp_path / "again", {"r": r}, learner("r:p") + held("r:B2") + held("r:B1"))
    assert again.confirmed.audit == p.confirmed.audit


# --------------------------------------------------------------------------- views


def test_audit_confirmed_excludes_rpl_potential_includes(tmp_path: Path) -> None:
    r = (
        issuer("r")
        + policy()
        + courses("A1", "A2")
        + program("p", 6, requirement("core", courses=["A1", "A2"]))
        + articulation("x2", ["x:X2"], grants=["A2"])
        + rpl_route("route", kinds=["workplace"], grants=["A1"])
    )
    result = run(
        tmp_path, {"r": r, "x": X}, learner("r:p") + held("x:X2") + prior("Work", hours=900)
    )
    # Confirmed: A2 only (3 applied, 3 remaining, core partial).
    # Potential: A2 + the RPL unit A1 (6 applied, 0 remaining, core met).
    confirmed, potential = result.confirmed.audit, result.potential.audit
    assert placed(confirmed) == {"A2": [("core", 3)]}
    assert (confirmed.applied, confirmed.remaining) == (3, 3)
    assert placed(potential) == {"A1": [("core", 3)], "A2": [("core", 3)]}
    assert (potential.applied, potential.remaining) == (6, 0)
    assert {a.unit.basis for a in potential.assignments} == {"rpl", "articulation"}
    assert statuses(confirmed) == {"core": "partial"}
    assert statuses(potential) == {"core": "met"}


def test_audit_every_applied_unit_explained(tmp_path: Path) -> None:
    r = (
        issuer("r")
        + policy()
        + courses("A1", "A2", "A3", "B1")
        + program(
            "p",
            15,
            requirement("core", courses=["A1", "A2", "A3"]),
            requirement("data", credits=3, subjects=["DATA"]),
        )
        + articulation("x2", ["x:X2"], grants=["A2"], agreement="X-R 2+2 (2024)")
        + articulation("badge-data", ["p:badge"], grant_credits=3, subject="DATA", level=1)
        + rpl_route("route", kinds=["workplace"], grants=["B1"])
    )
    result = run(
        tmp_path,
        {"r": r, "x": X, "p": P},
        learner("r:p")
        + held("r:A1")
        + held("x:X2")
        + held("x:X9")
        + held("p:badge")
        + prior("Work", hours=900)
        + exception("substitute", "r:p", item="x:X9", course="A3"),
    )
    # Each applied unit: the held items, the rule / route / exception, the requirement.
    # core 9 + data 3 = 12 nominal, general 15 - 12 = 3 (B1 goes there, potential only).
    explained = {
        a.unit.key: (a.requirement, a.credits, a.unit.basis, a.unit.sources, a.unit.via)
        for a in result.potential.audit.assignments
    }
    assert explained == {
        "A1": ("core", 3, "internal", ("r:A1",), None),
        "A2": ("core", 3, "articulation", ("x:X2",), "x2"),
        "A3": ("core", 3, "exception", ("x:X9",), "exception:substitute"),
        "BLOCK:badge-data": ("data", 3, "articulation", ("p:badge",), "badge-data"),
        "B1": ("general", 3, "rpl", ("Work",), "route"),
    }
    notes = {a.unit.key: a.unit.note for a in result.confirmed.audit.assignments}
    assert notes["A2"] == "X-R 2+2 (2024)"
    assert "Reviewed" in notes["A3"]
    # Confirmed: 12 applied (no B1); potential 15.
    assert (result.confirmed.audit.applied, result.potential.audit.applied) == (12, 15)
