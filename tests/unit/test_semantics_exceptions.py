"""Audit semantics §1 (basis `exception`) and the learner file's adviser exceptions.

substitute / grant make a unit with basis `exception` (confirmed, external credit);
waive counts a requirement as met without credit; exclude removes a held item.
"""

from __future__ import annotations

from pathlib import Path

from tests.unit.semantics_helpers import (
    articulation,
    courses,
    credential,
    exception,
    held,
    issuer,
    learner,
    placed,
    plan_courses,
    policy,
    prior,
    program,
    refused,
    requirement,
    run,
    statuses,
    unit,
)

X = issuer("x") + policy(tuition=80) + courses("X1", "X9")
P = issuer("p", kind="provider", credit_system="none") + credential("badge")


def home(*extra: str, **settings: object) -> str:
    """R with A1, A2, M1; `cert` (6 credits: core = A1, A2) and `maths` program `full`."""
    return (
        issuer("r")
        + policy(**settings)  # type: ignore[arg-type]
        + courses("A1", "A2", "M1")
        + program("cert", 6, requirement("core", courses=["A1", "A2"]))
        + program(
            "full",
            9,
            requirement("core", courses=["A1", "A2"]),
            requirement("maths", choose=1, courses=["M1"]),
        )
        + "".join(extra)
    )


def test_exception_substitute(tmp_path: Path) -> None:
    result = run(
        tmp_path,
        {"r": home(), "x": X},
        learner("r:cert")
        + held("x:X9")
        + exception("substitute", "r:cert", item="x:X9", course="A2"),
    )
    a2 = unit(result, "A2")
    # No rule names X9, but the adviser's substitute makes it stand for A2 (3 credits):
    # basis exception, traced to X9, counted as external credit, applied in confirmed.
    assert (a2.basis, a2.sources, a2.via) == ("exception", ("x:X9",), "exception:substitute")
    assert placed(result.confirmed.audit) == {"A2": [("core", 3)]}
    assert result.confirmed.audit.external_applied == 3
    assert result.confirmed.audit.applied == 3


def test_exception_substitute_counts_as_external_credit(tmp_path: Path) -> None:
    # share 0.5 of 6 credits: external cap min(0.5 x 6, 6 - 0) = 3. X1 articulates to A1
    # and X9 is substituted for A2: both external, so only 3 of their 6 credits apply.
    r = home(articulation("x1", ["x:X1"], grants=["A1"]), share=0.5)
    result = run(
        tmp_path,
        {"r": r, "x": X},
        learner("r:cert")
        + held("x:X1")
        + held("x:X9")
        + exception("substitute", "r:cert", item="x:X9", course="A2"),
    )
    assert result.confirmed.audit.external_cap == 3
    assert result.confirmed.audit.applied == 3
    assert result.confirmed.audit.external_applied == 3


def test_exception_substitute_ignores_grade_and_recency(tmp_path: Path) -> None:
    # Engine decision: an adviser's exception is a decision, not a rule; a D earned 25
    # years ago (recency 10) is still substituted.
    result = run(
        tmp_path,
        {"r": home(), "x": X},
        learner("r:cert")
        + held("x:X9", earned="2001-06-01", grade="D")
        + exception("substitute", "r:cert", item="x:X9", course="A2"),
    )
    assert result.confirmed.audit.applied == 3


def test_exception_grant_for_prior_learning(tmp_path: Path) -> None:
    result = run(
        tmp_path,
        {"r": home(), "x": X},
        learner("r:cert")
        + prior("Volunteer treasurer", kind="volunteer", hours=200)
        + exception("grant", "r:cert", item="Volunteer treasurer", course="A1"),
    )
    a1 = unit(result, "A1")
    # No RPL route at all, but the grant stands: A1 with basis exception. An exception is
    # confirmed (not potential): confirmed applied 3, remaining 6 - 3 = 3.
    assert (a1.basis, a1.sources, a1.via) == (
        "exception",
        ("Volunteer treasurer",),
        "exception:grant",
    )
    assert (result.confirmed.audit.applied, result.confirmed.audit.remaining) == (3, 3)


def test_exception_grant_for_held_item_with_no_rule(tmp_path: Path) -> None:
    result = run(
        tmp_path,
        {"r": home(), "p": P},
        learner("r:cert")
        + held("p:badge")
        + exception("grant", "r:cert", item="p:badge", course="A1"),
    )
    assert (unit(result, "A1").basis, unit(result, "A1").sources) == ("exception", ("p:badge",))
    assert result.confirmed.audit.applied == 3


def test_exception_applies_only_to_its_program(tmp_path: Path) -> None:
    text = (
        learner("r:cert", "r:full")
        + held("x:X9")
        + exception("substitute", "r:cert", item="x:X9", course="A2")
    )
    cert = run(tmp_path / "cert", {"r": home(), "x": X}, text, "r:cert")
    full = run(tmp_path / "full", {"r": home(), "x": X}, text, "r:full")
    # The substitute names r:cert: 3 credits there, nothing for r:full.
    assert cert.confirmed.audit.applied == 3
    assert full.confirmed.audit.applied == 0


def test_exception_waive_counts_met_without_credit(tmp_path: Path) -> None:
    waive = exception("waive", "r:full", requirement="maths")
    nothing = run(tmp_path / "nothing", {"r": home()}, learner("r:full") + waive)
    audit = nothing.confirmed.audit
    # maths is waived: status `waived`, no credit. The program's 9 credits still have to
    # be reached: applied 0, remaining 9, and the plan takes A1 + A2 for core and a
    # 3-credit general elective in place of M1 (9 - 6 = 3): cost 9 x 100 = 900.
    assert statuses(audit) == {"core": "open", "maths": "waived", "general": "open"}
    assert (audit.applied, audit.remaining) == (0, 9)
    assert plan_courses(nothing) == [["A1", "A2", "ELECTIVE:*:*:3"]]
    assert nothing.confirmed.plan.cost == 900
    # Holding M1 with maths waived: M1 is any credit (general), 3 applied, maths still
    # waived; only A1 + A2 are left: 6 x 100 = 600.
    with_m1 = run(tmp_path / "m1", {"r": home()}, learner("r:full") + held("r:M1") + waive)
    assert statuses(with_m1.confirmed.audit)["maths"] == "waived"
    assert placed(with_m1.confirmed.audit) == {"M1": [("general", 3)]}
    assert plan_courses(with_m1) == [["A1", "A2"]]
    assert with_m1.confirmed.plan.cost == 600


def test_exception_exclude(tmp_path: Path) -> None:
    result = run(
        tmp_path,
        {"r": home()},
        learner("r:cert") + held("r:A1") + exception("exclude", "r:cert", item="r:A1"),
    )
    # The adviser excluded A1 for this program: never applied, listed with the reason,
    # and A1 is planned again with A2 (6 credits, cost 600).
    assert result.confirmed.audit.applied == 0
    assert "excluded" in refused(result)["r:A1"]
    assert plan_courses(result) == [["A1", "A2"]]
    assert result.confirmed.plan.cost == 600


def test_exception_exclude_credential_removes_its_courses(tmp_path: Path) -> None:
    # Engine decision: excluding a credential removes the courses it stands for.
    r = home(credential("mc", kind="micro-credential", courses=["A1", "A2"]))
    result = run(
        tmp_path,
        {"r": r},
        learner("r:cert") + held("r:mc") + exception("exclude", "r:cert", item="r:mc"),
    )
    assert result.confirmed.audit.applied == 0
    assert result.recognition.units == ()
