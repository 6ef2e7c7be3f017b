"""Audit semantics §1, recognition: held learning becomes units of the receiving institution.

One test (or a few) per rule, named after it. Conventions (institution `r`, learner
audited on 2026-11-28, ...) are in semantics_helpers.py.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

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
    refused,
    requirement,
    rpl_route,
    run,
    unit,
)

# x: another college whose courses R recognises; p: a provider of credentials.
X = issuer("x") + policy(tuition=80) + courses("X1", "X2", "X3", "X4", "X9")
P = issuer("p", kind="provider", credit_system="none") + credential("badge", price=150)


def home(*extra: str, **settings: object) -> str:
    """R with courses A1-A4 and B1, program `cert` (12 credits: core = A1-A4)."""
    return (
        issuer("r")
        + policy(**settings)  # type: ignore[arg-type]
        + courses("A1", "A2", "A3", "A4", "B1")
        + program("cert", 12, requirement("core", courses=["A1", "A2", "A3", "A4"]))
        + "".join(extra)
    )


# --------------------------------------------------------------------------- bases


def test_recognition_internal_held_course(tmp_path: Path) -> None:
    result = run(tmp_path, {"r": home(), "x": X}, learner("r:cert") + held("r:A1", grade="B"))
    a1 = unit(result, "A1")
    # A held course of R is a unit of R: its own credits (3), basis internal, no rule.
    assert (a1.basis, a1.credits, a1.sources, a1.via) == ("internal", 3, ("r:A1",), None)
    # Confirmed: applied 3 of 12, remaining 12 - 3 = 9; A1 sits in core.
    assert (result.confirmed.audit.applied, result.confirmed.audit.remaining) == (3, 9)
    assert placed(result.confirmed.audit) == {"A1": [("core", 3)]}


def test_recognition_internal_not_subject_to_grade_or_recency(tmp_path: Path) -> None:
    # Grade and age conditions apply to external items only: a D earned 25 years before
    # as_of (recency 10) still counts at home.
    result = run(
        tmp_path,
        {"r": home(), "x": X},
        learner("r:cert") + held("r:A1", earned="2001-06-01", grade="D"),
    )
    assert unit(result, "A1").basis == "internal"
    assert result.confirmed.audit.applied == 3


def test_recognition_internal_failed_course_refused(tmp_path: Path) -> None:
    # Engine decision (docs/decisions.md): a held course of R with grade F is not recognised.
    result = run(tmp_path, {"r": home(), "x": X}, learner("r:cert") + held("r:A1", grade="F"))
    assert result.confirmed.audit.applied == 0
    assert "failed" in refused(result)["r:A1"]


def test_recognition_credential_expands_to_courses(tmp_path: Path) -> None:
    r = home(credential("mc", kind="micro-credential", courses=["A1", "A2"]))
    result = run(tmp_path, {"r": r, "x": X}, learner("r:cert") + held("r:mc"))
    # Holding R's own credential r:mc means holding its courses A1 and A2: two internal
    # units of 3, both traced to the credential. Applied 3 + 3 = 6, remaining 12 - 6 = 6.
    for code in ("A1", "A2"):
        assert (unit(result, code).basis, unit(result, code).sources) == ("internal", ("r:mc",))
    assert (result.confirmed.audit.applied, result.confirmed.audit.remaining) == (6, 6)


def test_recognition_articulation_rule(tmp_path: Path) -> None:
    r = home(articulation("x1", ["x:X1"], grants=["A1"], agreement="X-R agreement"))
    result = run(tmp_path, {"r": r, "x": X}, learner("r:cert") + held("x:X1"))
    a1 = unit(result, "A1")
    # Rule x1's only `from` item is held: R grants A1 at its own 3 credits.
    assert (a1.basis, a1.via, a1.sources, a1.credits) == ("articulation", "x1", ("x:X1",), 3)
    assert a1.note == "X-R agreement"
    assert result.confirmed.audit.applied == 3


def test_recognition_articulation_credential_counts_as_holding_its_courses(
    tmp_path: Path,
) -> None:
    x = X + credential("xmc", kind="micro-credential", courses=["X1", "X2"])
    r = home(articulation("x12", ["x:X1", "x:X2"], grants=["A1"]))
    result = run(tmp_path, {"r": r, "x": x}, learner("r:cert") + held("x:xmc"))
    # x:xmc contains X1 and X2, so rule x12 (from X1 and X2) fires: A1, traced to xmc.
    a1 = unit(result, "A1")
    assert (a1.basis, a1.via, a1.sources) == ("articulation", "x12", ("x:xmc",))
    assert result.confirmed.audit.applied == 3


def test_recognition_and_rule_needs_all_items(tmp_path: Path) -> None:
    r = home(articulation("x12", ["x:X1", "x:X2"], grants=["A1"]))
    # Only X1 of X1 + X2 held: nothing is granted, X1 is listed with the missing item.
    one = run(tmp_path / "one", {"r": r, "x": X}, learner("r:cert") + held("x:X1"))
    assert one.confirmed.audit.applied == 0
    assert "x:X2" in refused(one)["x:X1"]
    # Both held: A1 (3 credits), traced to both items.
    both = run(tmp_path / "both", {"r": r, "x": X}, learner("r:cert") + held("x:X1") + held("x:X2"))
    assert unit(both, "A1").sources == ("x:X1", "x:X2")
    assert both.confirmed.audit.applied == 3


def test_recognition_block_credit(tmp_path: Path) -> None:
    r = (
        issuer("r")
        + policy()
        + courses("A1", "DATA101")
        + program(
            "cert",
            9,
            requirement("core", courses=["A1"]),
            requirement("data", credits=6, subjects=["DATA"]),
        )
        + articulation("badge-data", ["p:badge"], grant_credits=6, subject="DATA", level=1)
    )
    result = run(tmp_path, {"r": r, "p": P}, learner("r:cert") + held("p:badge"))
    block = unit(result, "BLOCK:badge-data")
    # A block of 6 DATA level-1 credits, not a course; it fills `data` (6 of 6) and
    # cannot enter the `courses` requirement core. Applied 6, remaining 9 - 6 = 3.
    assert (block.course, block.credits, block.subject, block.level) == (None, 6, "DATA", 1)
    assert block.basis == "articulation"
    assert placed(result.confirmed.audit) == {"BLOCK:badge-data": [("data", 6)]}
    assert (result.confirmed.audit.applied, result.confirmed.audit.remaining) == (6, 3)


# --------------------------------------------------------------------------- conditions


def test_recognition_min_grade(tmp_path: Path) -> None:
    r = home(
        articulation("x1", ["x:X1"], grants=["A1"], min_grade="B"),
        articulation("x2", ["x:X2"], grants=["A2"], min_grade="B"),
        articulation("x3", ["x:X3"], grants=["A3"], min_grade="B"),
    )
    result = run(
        tmp_path,
        {"r": r, "x": X},
        learner("r:cert")
        + held("x:X1", grade="B-")
        + held("x:X2", grade="B")
        + held("x:X3", grade="A"),
    )
    # B- < B: refused with the reason; B = B and A > B meet it: A2 + A3 = 6 credits.
    assert "below the minimum B" in refused(result)["x:X1"]
    assert sorted(placed(result.confirmed.audit)) == ["A2", "A3"]
    assert result.confirmed.audit.applied == 6


def test_recognition_without_min_grade_only_a_fail_is_refused(tmp_path: Path) -> None:
    # No min_grade: any passing grade counts (a D here); F is refused (engine decision,
    # a failed course is not recognised).
    r = home(
        articulation("x1", ["x:X1"], grants=["A1"]),
        articulation("x2", ["x:X2"], grants=["A2"]),
    )
    result = run(
        tmp_path,
        {"r": r, "x": X},
        learner("r:cert") + held("x:X1", grade="D") + held("x:X2", grade="F"),
    )
    assert sorted(placed(result.confirmed.audit)) == ["A1"]
    assert "x:X2" in refused(result)


def test_recognition_pass_equals(tmp_path: Path) -> None:
    r = home(
        articulation("x1", ["x:X1"], grants=["A1"], min_grade="B"),
        articulation("x2", ["x:X2"], grants=["A2"], min_grade="B+"),
        pass_equals="B",
    )
    result = run(
        tmp_path,
        {"r": r, "x": X},
        learner("r:cert") + held("x:X1", grade="P") + held("x:X2", grade="P"),
    )
    # R's pass_equals is B: P meets min_grade B (B >= B) but not B+ (B < B+).
    assert sorted(placed(result.confirmed.audit)) == ["A1"]
    assert "P (counts as B)" in refused(result)["x:X2"]
    assert result.confirmed.audit.applied == 3


def test_recognition_recency_years(tmp_path: Path) -> None:
    r = home(
        articulation("x1", ["x:X1"], grants=["A1"]),
        articulation("x2", ["x:X2"], grants=["A2"]),
        recency=5,
    )
    result = run(
        tmp_path,
        {"r": r, "x": X},
        learner("r:cert") + held("x:X1", earned="2021-11-28") + held("x:X2", earned="2021-11-27"),
    )
    # as_of 2026-11-28, recency 5 years: X1 is exactly 5 years old (not older) and counts;
    # X2 is 5 years and a day old and is refused, naming recency_years.
    assert sorted(placed(result.confirmed.audit)) == ["A1"]
    assert "recency_years" in refused(result)["x:X2"]


def test_recognition_max_age_years_overrides_recency(tmp_path: Path) -> None:
    r = home(
        articulation("x1", ["x:X1"], grants=["A1"], max_age_years=3),
        articulation("x2", ["x:X2"], grants=["A2"], max_age_years=15),
        recency=10,
    )
    result = run(
        tmp_path,
        {"r": r, "x": X},
        learner("r:cert") + held("x:X1", earned="2022-06-01") + held("x:X2", earned="2014-06-01"),
    )
    # X1 is 4.5 years old: inside recency 10 but over the rule's max_age_years 3: refused.
    # X2 is 12.5 years old: over recency 10 but inside the rule's 15: recognised.
    assert "max_age_years" in refused(result)["x:X1"]
    assert sorted(placed(result.confirmed.audit)) == ["A2"]
    assert result.confirmed.audit.applied == 3


def test_recognition_valid_years_expiry(tmp_path: Path) -> None:
    p = (
        issuer("p", kind="provider", credit_system="none")
        + credential("cert-a", valid_years=3)
        + credential("cert-b", valid_years=3)
    )
    r = home(
        articulation("ca", ["p:cert-a"], grants=["A1"], max_age_years=10),
        articulation("cb", ["p:cert-b"], grants=["A2"], max_age_years=10),
    )
    result = run(
        tmp_path,
        {"r": r, "p": p},
        learner("r:cert")
        + held("p:cert-a", earned="2023-11-28")
        + held("p:cert-b", earned="2023-11-27"),
    )
    # Both are within the rules' 10 years, but the credentials expire after 3: cert-a is
    # exactly 3 years old and counts, cert-b is a day older and is refused (valid_years).
    assert sorted(placed(result.confirmed.audit)) == ["A1"]
    assert "valid_years" in refused(result)["p:cert-b"]


def test_recognition_valid_years_applies_to_credential_courses(tmp_path: Path) -> None:
    # Engine decision: an expired certification does not live on through its modules.
    x = X + credential("xcert", courses=["X1"], valid_years=3)
    r = home(articulation("x1", ["x:X1"], grants=["A1"]))
    result = run(
        tmp_path, {"r": r, "x": x}, learner("r:cert") + held("x:xcert", earned="2022-06-01")
    )
    assert result.confirmed.audit.applied == 0
    assert "valid_years" in refused(result)["x:xcert"]


def test_recognition_validity_window(tmp_path: Path) -> None:
    window = {"valid_from": dt.date(2020, 1, 1), "valid_until": dt.date(2024, 12, 31)}
    r = home(*(articulation(f"w{n}", [f"x:X{n}"], grants=[f"A{n}"], **window) for n in range(1, 5)))
    result = run(
        tmp_path,
        {"r": r, "x": X},
        learner("r:cert")
        + held("x:X1", earned="2019-12-31")
        + held("x:X2", earned="2020-01-01")
        + held("x:X3", earned="2024-12-31")
        + held("x:X4", earned="2025-01-01"),
    )
    # Window 2020-01-01 .. 2024-12-31, both ends included: X2 and X3 count (6 credits);
    # X1 (a day before) and X4 (a day after) are refused with the window's bound.
    assert sorted(placed(result.confirmed.audit)) == ["A2", "A3"]
    assert "valid_from" in refused(result)["x:X1"]
    assert "valid_until" in refused(result)["x:X4"]
    assert result.confirmed.audit.applied == 6


def test_recognition_unrecognised_items_listed_with_reason(tmp_path: Path) -> None:
    result = run(tmp_path, {"r": home(), "x": X}, learner("r:cert") + held("x:X9"))
    # No rule of R names X9: it is listed, with the reason, and nothing is applied.
    assert refused(result) == {"x:X9": "no articulation rule at r recognises it"}
    assert result.confirmed.audit.applied == 0


# --------------------------------------------------------------------------- one unit


ROUTE = rpl_route("route", kinds=["workplace"], grants=["A1"])
WORK = prior("Analyst", kind="workplace", hours=1000)
SUBSTITUTE = exception("substitute", "r:cert", item="x:X9", course="A1")


@pytest.mark.parametrize(
    ("extra", "basis"),
    [
        pytest.param(held("r:A1") + held("x:X1"), "internal", id="internal+articulation"),
        pytest.param(held("r:A1") + WORK, "internal", id="internal+rpl"),
        pytest.param(
            held("x:X1") + held("x:X9") + SUBSTITUTE, "articulation", id="articulation+exception"
        ),
        pytest.param(held("x:X1") + WORK, "articulation", id="articulation+rpl"),
        pytest.param(held("x:X9") + SUBSTITUTE + WORK, "exception", id="exception+rpl"),
    ],
)
def test_recognition_same_course_one_unit_best_basis(
    tmp_path: Path, extra: str, basis: str
) -> None:
    r = home(articulation("x1", ["x:X1"], grants=["A1"]), ROUTE)
    result = run(tmp_path, {"r": r, "x": X}, learner("r:cert") + extra)
    # A1 reached two ways is one unit, kept with the first basis of internal,
    # articulation, exception, rpl; it counts 3 credits once, in both views.
    assert [u.key for u in result.recognition.units] == ["A1"]
    assert unit(result, "A1").basis == basis
    assert result.confirmed.audit.applied == 3
    assert result.potential.audit.applied == 3


@pytest.mark.parametrize(
    ("extra", "left", "kept"),
    [
        pytest.param(held("r:A1") + held("x:X1"), "x:X1", "r:A1", id="internal+articulation"),
        pytest.param(held("r:A1") + WORK, "Analyst", "r:A1", id="internal+rpl"),
        pytest.param(
            held("x:X1") + held("x:X9") + SUBSTITUTE,
            "x:X9",
            "x:X1 (x1)",
            id="articulation+exception",
        ),
        pytest.param(held("x:X1") + WORK, "Analyst", "x:X1 (x1)", id="articulation+rpl"),
        pytest.param(
            held("x:X9") + SUBSTITUTE + WORK,
            "Analyst",
            "x:X9 (exception:substitute)",
            id="exception+rpl",
        ),
    ],
)
def test_recognition_item_behind_a_way_not_kept_is_listed(
    tmp_path: Path, extra: str, left: str, kept: str
) -> None:
    r = home(articulation("x1", ["x:X1"], grants=["A1"]), ROUTE)
    result = run(tmp_path, {"r": r, "x": X}, learner("r:cert") + extra)
    # decisions.md, "learning reached twice is listed, not lost": the item behind the way
    # not kept counts for nothing more, and says which way was kept.
    assert refused(result) == {left: f"A1 is already recognised from {kept}"}


# --------------------------------------------------------------------------- inferred


def _chain_region(depth: int) -> dict[str, str]:
    """x:X1 -> (rule at i1) -> i1:C ... -> (rule at r) -> r:A1, `depth` rules in all."""
    files: dict[str, str] = {"x": X}
    previous = "x:X1"
    for n in range(1, depth):
        ident = f"i{n}"
        files[ident] = (
            issuer(ident)
            + policy()
            + course("C")
            + articulation(f"to-{ident}", [previous], grants=["C"])
        )
        previous = f"{ident}:C"
    files["r"] = home(articulation("to-r", [previous], grants=["A1"]))
    return files


def test_recognition_inferred_chain_needs_petition(tmp_path: Path) -> None:
    result = run(tmp_path, _chain_region(2), learner("r:cert") + held("x:X1"))
    # R has no rule for X1, but x:X1 -> i1:C (i1's rule) -> r:A1 (R's rule) leads to A1:
    # shown as a petition, never counted (applied 0 in both views).
    petitions = result.recognition.petitions
    assert [(p.item, p.course, p.chain) for p in petitions] == [
        ("x:X1", "A1", ("i1:to-i1", "r:to-r"))
    ]
    assert result.confirmed.audit.applied == 0
    assert result.potential.audit.applied == 0
    assert all(u.key != "A1" for u in result.recognition.units)


def test_recognition_inferred_chain_depth_at_most_3(tmp_path: Path) -> None:
    three = run(tmp_path / "three", _chain_region(3), learner("r:cert") + held("x:X1"))
    four = run(tmp_path / "four", _chain_region(4), learner("r:cert") + held("x:X1"))
    # A chain of 3 rules is shown; a chain of 4 is too long to infer.
    assert [len(p.chain) for p in three.recognition.petitions] == [3]
    assert four.recognition.petitions == ()
