"""The acceptance scenarios (tests/data/scenarios), run as a user runs them.

Rule: `credstack report LEARNER --catalogs DIR --format json` gives, for every program a
scenario's expected.json names, the numbers, statuses and refusals worked out by hand in
its `why` (numbers to within 0.01, as the shared check.py compares them).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

SCENARIOS = Path(__file__).resolve().parents[1] / "data" / "scenarios"
CASES = [
    (expected.parent, learner)
    for expected in sorted(SCENARIOS.glob("*/expected.json"))
    for learner in json.loads(expected.read_text(encoding="utf-8"))["learners"]
]


def differences(want: dict[str, Any], got: dict[str, Any]) -> list[str]:
    problems = []
    for view in ("confirmed", "potential"):
        for key, expected in want.get(view, {}).items():
            actual = got.get(view, {}).get(key)
            if isinstance(expected, int | float) and isinstance(actual, int | float):
                if abs(expected - actual) > 0.01:
                    problems.append(f"{view}.{key}: expected {expected}, got {actual}")
            elif expected != actual:
                problems.append(f"{view}.{key}: expected {expected!r}, got {actual!r}")
    statuses = {r["id"]: r["status"] for r in got.get("requirements", [])}
    for rid, expected in want.get("requirements", {}).items():
        if statuses.get(rid) != expected:
            problems.append(f"requirement {rid}: expected {expected!r}, got {statuses.get(rid)!r}")
    refused = {n["item"] for n in got.get("not_recognised", [])}
    problems += [f"{i} not refused" for i in want.get("not_recognised", []) if i not in refused]
    return problems


def test_every_scenario_is_here() -> None:
    assert len(CASES) >= 5, f"the acceptance scenarios are missing from {SCENARIOS}"


@pytest.mark.parametrize(
    ("scenario", "learner"), CASES, ids=[f"{s.name}/{name}" for s, name in CASES]
)
def test_scenario_report_matches_the_worked_answer(scenario: Path, learner: str) -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "credstack",
            "report",
            str(scenario / learner),
            "--catalogs",
            str(scenario / "catalogs"),
            "--format",
            "json",
            "--no-cache",
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    by_program = {r["program"]: r for r in report["results"]}
    spec = json.loads((scenario / "expected.json").read_text(encoding="utf-8"))
    problems = []
    for want in spec["learners"][learner]:
        got = by_program.get(want["program"])
        if got is None:
            problems.append(f"no result for {want['program']}")
        else:
            problems += [f"{want['program']}: {p}" for p in differences(want, got)]
    assert problems == [], f"{spec.get('why', '')}\n" + "\n".join(problems)
