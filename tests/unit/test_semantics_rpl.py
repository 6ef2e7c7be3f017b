"""Audit semantics §1, basis `rpl`: a prior-learning entry meets an RPL route of R when
it has the kind, the hours, every skill and every evidence type. RPL is potential only.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.unit.semantics_helpers import (
    courses,
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

ROUTE = rpl_route(
    "analyst",
    kinds=["workplace", "volunteer"],
    min_hours=500,
    skills=["data-analysis", "sql"],
    evidence=["portfolio", "employer-attestation"],
    grants=["A1"],
    assessment_fee=250,
)
MEETS = {
    "title": "Data analyst",
    "kind": "workplace",
    "hours": 500,
    "skills": ["data-analysis", "sql", "spreadsheets"],
    "evidence": ["employer-attestation", "portfolio"],
    "ended": "2025-06-30",
}


def home(*extra: str, **settings: object) -> str:
    return (
        issuer("r")
        + policy(**settings)  # type: ignore[arg-type]
        + courses("A1", "A2")
        + program("cert", 6, requirement("core", courses=["A1", "A2"]))
        + ROUTE
        + "".join(extra)
    )


def test_rpl_route_kind_hours_skills_evidence(tmp_path: Path) -> None:
    result = run(tmp_path, {"r": home()}, learner("r:cert") + prior(**MEETS))  # type: ignore[arg-type]
    a1 = unit(result, "A1")
    # workplace is an accepted kind, 500 hours >= 500 (the bound counts), both skills and
    # both evidence types are there (extra ones do no harm): route `analyst` grants A1.
    assert (a1.basis, a1.via, a1.sources) == ("rpl", "analyst", ("Data analyst",))
    # RPL is potential: confirmed applied 0 (remaining 6), potential 3 (remaining 3).
    assert (result.confirmed.audit.applied, result.confirmed.audit.remaining) == (0, 6)
    assert (result.potential.audit.applied, result.potential.audit.remaining) == (3, 3)
    assert placed(result.potential.audit) == {"A1": [("core", 3)]}


@pytest.mark.parametrize(
    ("condition", "change", "reason"),
    [
        ("kind", {"kind": "military"}, "accepts workplace, volunteer, not military"),
        ("hours", {"hours": 499}, "needs 500 hours"),
        ("skills", {"skills": ["data-analysis", "excel"]}, "needs skills sql"),
        ("evidence", {"evidence": ["portfolio"]}, "needs evidence employer-attestation"),
    ],
    ids=["kind", "hours", "skills", "evidence"],
)
def test_rpl_route_each_failing_condition_refused(
    tmp_path: Path, condition: str, change: dict[str, object], reason: str
) -> None:
    entry = {**MEETS, **change}
    result = run(tmp_path, {"r": home()}, learner("r:cert") + prior(**entry))  # type: ignore[arg-type]
    # One condition missed (499 < 500 hours; sql or employer-attestation missing; a kind
    # the route does not accept): nothing granted, the entry listed with the reason.
    assert result.potential.audit.applied == 0
    assert result.recognition.units == ()
    assert reason in refused(result)["Data analyst"]


def test_rpl_route_block_credit(tmp_path: Path) -> None:
    route = rpl_route(
        "lead", kinds=["military"], min_hours=100, grant_credits=3, subject="MGT", level=2
    )
    result = run(
        tmp_path,
        {"r": home(route)},
        learner("r:cert") + prior("Squad leader", kind="military", hours=2000),
    )
    block = unit(result, "RPL:lead")
    # A block of 3 MGT level-2 credits; core takes only A1 and A2 and the program has no
    # general credit (6 - 6 = 0), so the block is recognised but has nowhere to go.
    assert (block.basis, block.credits, block.subject, block.level) == ("rpl", 3, "MGT", 2)
    assert result.potential.audit.applied == 0


def test_rpl_ended_older_than_recency_refused(tmp_path: Path) -> None:
    # Engine decision: prior learning that ended longer ago than R's recency_years (10)
    # is refused, like any other external learning.
    entry = {**MEETS, "ended": "2015-06-30"}
    result = run(tmp_path, {"r": home()}, learner("r:cert") + prior(**entry))  # type: ignore[arg-type]
    assert result.potential.audit.applied == 0
    assert "recency_years" in refused(result)["Data analyst"]


def test_rpl_route_grants_once_for_several_entries(tmp_path: Path) -> None:
    # Engine decision: two entries meeting the same route give one unit (A1, 3 credits).
    second = {**MEETS, "title": "Volunteer analyst", "kind": "volunteer"}
    result = run(
        tmp_path,
        {"r": home()},
        learner("r:cert") + prior(**MEETS) + prior(**second),  # type: ignore[arg-type]
    )
    assert [u.key for u in result.recognition.units] == ["A1"]
    assert result.potential.audit.applied == 3
