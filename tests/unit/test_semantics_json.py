"""The JSON contract of `--format json` (report-json.md): fields, shapes and rounding."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from tests.unit.semantics_helpers import (
    Case,
    articulation,
    course,
    credential,
    exception,
    held,
    issuer,
    learner,
    policy,
    program,
    requirement,
)

X = issuer("x") + policy(tuition=80) + course("X1", 2.5)
P = issuer("p", kind="provider", credit_system="none") + credential("old", valid_years=2)
R = (
    issuer("r")
    + policy(tuition="33.333")
    + course("H1", 2.5)
    + course("H2", 2.5)
    + course("BUS301", 2.5, level=3)
    + course("M1")
    + program(
        "cert",
        7.5,
        requirement("core", courses=["H1", "H2"]),
        requirement("upper", credits=2.5, subjects=["BUS"], min_level=3),
    )
    + program(
        "waived",
        6,
        requirement("core", courses=["H1"]),
        requirement("maths", choose=1, courses=["M1"]),
    )
    + articulation("x1", ["x:X1"], grants=["H1"])
    + articulation("old", ["p:old"], grants=["H2"])
)
LEARNER = learner("r:cert", name="Json Learner") + held("x:X1") + held("p:old", earned="2020-01-01")


def _numbers(node: Any) -> list[float]:
    if isinstance(node, bool) or node is None:
        return []
    if isinstance(node, int | float):
        return [node]
    if isinstance(node, dict):
        return [n for v in node.values() for n in _numbers(v)]
    if isinstance(node, list):
        return [n for v in node for n in _numbers(v)]
    return []


def test_json_contract_fields(tmp_path: Path) -> None:
    doc = Case(tmp_path, {"r": R, "x": X, "p": P}, LEARNER).json()
    assert (doc["format"], doc["learner"], doc["as_of"]) == (1, "Json Learner", "2026-11-28")
    [result] = doc["results"]
    assert {k: result[k] for k in ("program", "title", "award", "credits", "currency")} == {
        "program": "r:cert",
        "title": "Program cert",
        "award": "certificate",
        "credits": 7.5,
        "currency": "USD",
    }
    # X1 articulates to H1 (2.5 credits): applied 2.5, remaining 7.5 - 2.5 = 5. Left:
    # H2 (2.5) and a 2.5-credit BUS level-3 elective: 5 credits in 2027 spring, at
    # 33.333 a credit: 166.665, written rounded to 2 decimals, 166.67. p:old expired.
    view = {"applied": 2.5, "remaining": 5, "terms": 1, "finish": "2027 spring", "cost": 166.67}
    for name in ("confirmed", "potential"):
        assert {k: result[name][k] for k in view} == view
    assert [
        {k: r[k] for k in ("id", "title", "status", "applied", "needed")}
        for r in result["requirements"]
    ] == [
        {
            "id": "core",
            "title": "Requirement core",
            "status": "partial",
            "applied": 2.5,
            "needed": 5,
        },
        {
            "id": "upper",
            "title": "Requirement upper",
            "status": "open",
            "applied": 0,
            "needed": 2.5,
        },
    ]
    assert [
        {k: a[k] for k in ("unit", "credits", "requirement", "basis", "from", "via")}
        for a in result["assignments"]
    ] == [
        {
            "unit": "H1",
            "credits": 2.5,
            "requirement": "core",
            "basis": "articulation",
            "from": ["x:X1"],
            "via": "x1",
        },
    ]
    [refusal] = result["not_recognised"]
    assert refusal["item"] == "p:old" and "valid_years" in refusal["reason"]
    [term] = result["plan"]
    assert (term["term"], sorted(term["courses"]), term["credits"]) == (
        "2027 spring",
        ["ELECTIVE:BUS:3:2.5", "H2"],
        5,
    )
    assert isinstance(result["warnings"], list)


def test_json_numbers_rounded_to_two_decimals(tmp_path: Path) -> None:
    doc = Case(tmp_path, {"r": R, "x": X, "p": P}, LEARNER).json()
    numbers = _numbers(doc)
    assert numbers and all(round(n, 2) == n for n in numbers)


def test_json_elective_slot_format(tmp_path: Path) -> None:
    r = R + program("gen", 6, requirement("core", courses=["M1"]))
    doc = Case(tmp_path, {"r": r, "x": X, "p": P}, learner("r:gen")).json()
    # 6 - 3 = 3 of general credit: ELECTIVE:SUBJECT:LEVEL:CREDITS with * for no filter.
    [term] = doc["results"][0]["plan"]
    assert sorted(term["courses"]) == ["ELECTIVE:*:*:3", "M1"]
    slot = re.compile(r"^ELECTIVE:[^:]+:[^:]+:\d+(\.\d+)?$")
    assert all(slot.match(c) for c in term["courses"] if c.startswith("ELECTIVE"))


def test_json_status_waived(tmp_path: Path) -> None:
    text = learner("r:waived") + exception("waive", "r:waived", requirement="maths")
    doc = Case(tmp_path, {"r": R, "x": X, "p": P}, text).json()
    statuses = {r["id"]: r["status"] for r in doc["results"][0]["requirements"]}
    assert statuses["maths"] == "waived"
    assert {r["basis"] for r in doc["results"][0]["assignments"]} <= {
        "internal",
        "articulation",
        "exception",
        "rpl",
    }
