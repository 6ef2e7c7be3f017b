"""The transfer-route scenarios (tests/data/scenarios/route-*), run as a user runs them.

Rule: `credstack route LEARNER --catalogs DIR --goal B:P --format json` gives the best
route and the all-at-goal comparison worked out by hand in the scenario's `why`.
"""

from __future__ import annotations

import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from credstack.engine.routes import RouteFinder
from credstack.store.catalogue_loader import load_region
from credstack.store.learner_store import load_learner

SCENARIOS = Path(__file__).resolve().parents[1] / "data" / "scenarios"
CASES = [
    (expected.parent, learner, want)
    for expected in sorted(SCENARIOS.glob("route-*/expected.json"))
    for learner, wants in json.loads(expected.read_text(encoding="utf-8"))["routes"].items()
    for want in wants
]


def _route(scenario: Path, learner: str, goal: str) -> dict[str, Any]:
    done = subprocess.run(
        [
            sys.executable, "-m", "credstack", "route", str(scenario / learner),
            "--catalogs", str(scenario / "catalogs"), "--goal", goal,
            "--format", "json", "--no-cache",
        ],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)  # type: ignore[no-any-return]


def test_the_three_route_scenarios_are_here() -> None:
    assert {s.name for s, _, _ in CASES} >= {
        "route-2plus2",
        "route-transfer-cap",
        "route-micro-and-rule",
    }


@pytest.mark.parametrize(("scenario", "learner", "want"), CASES, ids=[s.name for s, _, _ in CASES])
def test_route_scenario_matches_the_worked_answer(
    scenario: Path, learner: str, want: dict[str, Any]
) -> None:
    got = _route(scenario, learner, want["goal"])
    assert got["search"]["optimality"] == want["optimality"]
    assert got["search"]["candidates"] == want["candidates"]
    best = next(r for r in got["routes"] if r["label"] == got["best"])
    for key in ("cost", "finish", "terms", "transferred_credits"):
        assert best[key] == want["best"][key], key
        assert got["all_at_goal"][key] == want["all_at_goal"][key], key
    assert sorted(i["ref"] for i in best["items"]) == want["best"]["items"]
    renewals = sorted(i["ref"] for i in best["items"] if i["renewal"])
    assert renewals == want["best"].get("renewals", [])
    assert best["cost"] == sum(p["cost"] for p in best["phases"])


def _finder(name: str) -> RouteFinder:
    scenario = SCENARIOS / name
    region = load_region(scenario / "catalogs", cache=False)
    learner = load_learner(scenario / "learner.toml", region).learner
    return RouteFinder(region, learner, "uni:bs")


def test_the_transfer_cap_makes_a_third_course_cost_more_and_finish_later() -> None:
    finder = _finder("route-transfer-cap")
    two = finder.evaluate_set({"cc:C1", "cc:C2"})
    three = finder.evaluate_set({"cc:C1", "cc:C2", "cc:C3"})
    assert (two.cost, two.finish, two.transferred) == (Decimal(3000), "2027 fall", Decimal(6))
    assert (three.cost, three.finish, three.transferred) == (
        Decimal(3300),
        "2028 spring",
        Decimal(6),
    )


def test_two_courses_cost_more_than_the_badge_and_the_and_rule() -> None:
    finder = _finder("route-micro-and-rule")
    courses = finder.evaluate_set({"cc:C1", "cc:C2"})
    badge = finder.evaluate_set({"cc:C1", "prov:badge"})
    assert courses.cost == Decimal(1800)
    assert badge.cost == Decimal(1650)
    assert any("and-badge-c1" in reason for i in badge.items for reason in i.reasons)
