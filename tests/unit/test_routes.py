"""Transfer routes (engine/routes.py, docs/routes.md): one test per rule.

Built on the worked scenarios in tests/data/scenarios/route-* (each changed in one place
where a rule needs it), so every figure here can be checked by hand against their `why`.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

from credstack.engine.route_results import RouteResult
from credstack.engine.routes import RouteFinder, find_routes
from credstack.report.routes import render_routes
from credstack.store.catalogue_loader import load_region
from credstack.store.learner_store import load_learner

SCENARIOS = Path(__file__).resolve().parents[1] / "data" / "scenarios"
GOAL = "uni:bs"


def _copy(tmp_path: Path, name: str, edits: dict[str, list[tuple[str, str]]] | None = None) -> Path:
    """The scenario copied to tmp_path, each file's (old, new) edits made exactly once."""
    folder = tmp_path / name
    shutil.copytree(SCENARIOS / name, folder)
    for relative, pairs in (edits or {}).items():
        path = folder / relative
        text = path.read_text(encoding="utf-8")
        for old, new in pairs:
            assert text.count(old) == 1 or old == "", (relative, old)
            text = text + new if old == "" else text.replace(old, new)
        path.write_text(text, encoding="utf-8")
    return folder


def _routes(folder: Path, **options: object) -> RouteResult:
    region = load_region(folder / "catalogs", cache=False)
    learner = load_learner(folder / "learner.toml", region).learner
    return find_routes(region, learner, GOAL, **options)  # type: ignore[arg-type]


def _items(result: RouteResult) -> list[str]:
    assert result.best is not None
    return sorted(i.ref for i in result.best.items)


HELD_C1 = '\n[[held]]\nref = "cc:C1"\nearned = 2025-05-01\ngrade = "B"\n'


def test_a_held_feeder_course_is_never_bought_again(tmp_path: Path) -> None:
    folder = _copy(tmp_path, "route-2plus2", {"learner.toml": [("", HELD_C1)]})
    result = _routes(folder)
    assert result.search.candidates == 1
    assert _items(result) == ["cc:C2"]
    # C1 (held) counts already: C2 at Cedar (300 + 50), U3 and U4 at Upland (2,400 + 100)
    assert result.best is not None and result.best.cost == Decimal(2850)


def test_an_expired_credential_is_earned_again_as_a_renewal(tmp_path: Path) -> None:
    result = _routes(SCENARIOS / "route-micro-and-rule")
    assert result.best is not None
    badge = next(i for i in result.best.items if i.ref == "prov:badge")
    assert badge.renewal
    assert "renewal" in render_routes(result, "text")


def test_a_current_credential_is_not_a_candidate(tmp_path: Path) -> None:
    folder = _copy(
        tmp_path, "route-micro-and-rule", {"learner.toml": [("2021-06-01", "2025-06-01")]}
    )
    result = _routes(folder)
    assert (
        "prov:badge"
        not in RouteFinder(
            load_region(folder / "catalogs", cache=False),
            load_learner(
                folder / "learner.toml", load_region(folder / "catalogs", cache=False)
            ).learner,
            GOAL,
        ).candidates
    )
    # the badge held and current: C1 alone meets the and-rule (300 + 1,200)
    assert _items(result) == ["cc:C1"]
    assert result.best is not None and result.best.cost == Decimal(1500)


def test_a_rule_whose_grant_is_already_recognised_is_pruned(tmp_path: Path) -> None:
    held = '\n[[held]]\nref = "uni:U1"\nearned = 2025-05-01\ngrade = "B"\n'
    folder = _copy(tmp_path, "route-2plus2", {"learner.toml": [("", held)]})
    result = _routes(folder)
    assert result.search.considered == 2
    assert result.search.candidates == 1
    assert result.search.pruned == 1
    assert _items(result) == ["cc:C2"]


def test_an_agreement_that_ended_before_the_start_is_pruned(tmp_path: Path) -> None:
    folder = _copy(
        tmp_path,
        "route-2plus2",
        {"catalogs/uni.toml": [('grants = ["U2"]', 'grants = ["U2"]\nvalid_until = 2020-01-01')]},
    )
    result = _routes(folder)
    assert _items(result) == ["cc:C1"]


def test_via_restricts_the_feeders() -> None:
    result = _routes(SCENARIOS / "route-micro-and-rule", via=["cc"])
    assert result.feeders == ("cc",)
    assert _items(result) == ["cc:C1", "cc:C2"]
    assert result.best is not None and result.best.cost == Decimal(1800)


def test_a_budget_below_every_route_leaves_none_chosen() -> None:
    result = _routes(SCENARIOS / "route-2plus2", budget=Decimal(1000))
    assert result.best is None
    assert result.pareto == ()
    assert not result.all_at_goal.meets_budget
    assert "No route meets the constraints" in render_routes(result, "text")


def test_a_budget_leaves_out_only_the_routes_over_it() -> None:
    result = _routes(SCENARIOS / "route-2plus2", budget=Decimal(3150))
    assert _items(result) == ["cc:C1", "cc:C2"]
    assert all(r.cost <= 3150 for r in result.pareto)


def test_finish_by_leaves_out_the_routes_that_finish_later() -> None:
    assert _routes(SCENARIOS / "route-transfer-cap", by="2027 spring").best is None
    result = _routes(SCENARIOS / "route-transfer-cap", by="2027 fall")
    assert result.best is not None and result.best.finish == "2027 fall"


def test_optimise_time_takes_the_soonest_finish_then_the_cheapest() -> None:
    result = _routes(SCENARIOS / "route-transfer-cap", optimise="time")
    assert result.best is not None
    assert (result.best.finish, result.best.cost) == ("2027 fall", Decimal(3000))


def test_a_bounded_search_says_so_and_gives_a_true_bound() -> None:
    result = _routes(SCENARIOS / "route-transfer-cap", exact_items=1)
    search = result.search
    assert search.optimality == "bounded"
    assert "searched" in search.bound and "of 8 subsets" in search.bound
    # at most 6 of the 12 credits come from outside: 6 at Upland, 2,400 at least
    assert search.lower_bound_cost == Decimal(2400)
    assert result.best is not None and search.lower_bound_cost <= result.best.cost
    assert "bounded" in render_routes(result, "text")


def test_a_feeder_prerequisite_is_taken_first_and_labelled(tmp_path: Path) -> None:
    course = '\n[[course]]\ncode = "C0"\ntitle = "Cedar Basics"\ncredits = 3\n'
    folder = _copy(
        tmp_path,
        "route-2plus2",
        {
            "catalogs/cc.toml": [
                ('code = "C2"\ntitle = "Cedar Course 2"\ncredits = 3\n',
                 'code = "C2"\ntitle = "Cedar Course 2"\ncredits = 3\nrequires = "C0"\n'),
                ("", course),
            ]
        },
    )  # fmt: skip
    region = load_region(folder / "catalogs", cache=False)
    learner = load_learner(folder / "learner.toml", region).learner
    route = RouteFinder(region, learner, GOAL).evaluate_set({"cc:C2"})
    by_ref = {i.ref: i for i in route.items}
    assert by_ref["cc:C0"].kind == "prerequisite"
    assert by_ref["cc:C0"].term == "2027 spring"
    assert by_ref["cc:C2"].term == "2027 fall"
    # C0 and C2 at Cedar (600 + 2 x 50); U1, U3, U4 at Upland from 2028 spring (3,600 + 200)
    assert route.cost == Decimal(4500)


def test_the_current_plan_finishes_the_feeder_goal_first(tmp_path: Path) -> None:
    program = (
        '\n[[program]]\nid = "aa"\ntitle = "Associate of Arts"\naward = "associate"\n'
        'credits = 6\n\n[[program.requirement]]\nid = "core"\ntitle = "Core"\n'
        'courses = ["C1", "C2"]\n'
    )
    folder = _copy(
        tmp_path,
        "route-2plus2",
        {
            "catalogs/cc.toml": [("", program)],
            "learner.toml": [('goals = ["uni:bs"]', 'goals = ["uni:bs", "cc:aa"]')],
        },
    )
    result = _routes(folder)
    assert result.current is not None
    assert result.current.kind == "current-plan"
    assert sorted(i.ref for i in result.current.items) == ["cc:C1", "cc:C2"]
    assert result.current.cost == Decimal(3150)


def test_a_feeder_in_another_currency_is_left_out_with_a_note(tmp_path: Path) -> None:
    folder = _copy(
        tmp_path, "route-2plus2", {"catalogs/cc.toml": [('currency = "USD"', 'currency = "EUR"')]}
    )
    result = _routes(folder)
    assert result.feeders == ()
    assert any("EUR" in note for note in result.notes)
    assert result.best is not None and result.best.items == ()


def test_every_format_shows_the_same_figures() -> None:
    result = _routes(SCENARIOS / "route-2plus2")
    for name in ("text", "markdown", "html"):
        shown = render_routes(result, name)
        assert "USD 3,150.00" in shown and "USD 5,000.00" in shown, name
    data = json.loads(render_routes(result, "json"))
    assert data["routes"][0]["cost"] == 3150 and data["all_at_goal"]["cost"] == 5000
    assert data["search"]["optimality"] == "optimal"
    csv_text = render_routes(result, "csv")
    assert "Route 1,route,true,optimal,3150,2027 fall,2,6,cc:C1" in csv_text


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "credstack", "route", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_the_route_command_refuses_bad_options_in_one_line() -> None:
    folder = SCENARIOS / "route-2plus2"
    base = [str(folder / "learner.toml"), "--catalogs", str(folder / "catalogs"), "--no-cache"]
    cases = {
        ("--goal", "uni:bz"): "did you mean 'uni:bs'",
        ("--goal", "uni:bs", "--via", "ccc"): "no loaded issuer 'ccc'",
        ("--goal", "uni:bs", "--budget", "lots"): "--budget:1:",
        ("--goal", "uni:bs", "--by", "2027", "winter"): "not a term of uni:bs",
    }
    for extra, message in cases.items():
        done = _cli(*base, *extra)
        assert done.returncode == 2, extra
        assert message in done.stderr and done.stderr.count("\n") == 1, done.stderr
    done = _cli(*base, "--goal", "uni:bs", "--format", "json")
    assert done.returncode == 0 and json.loads(done.stdout)["best"] == "Route 1"


def test_the_session_finds_routes_and_tries_one_as_a_what_if() -> None:
    from credstack.session import Session

    folder = SCENARIOS / "route-2plus2"
    session = Session.open(folder / "catalogs")
    session.open_learner(folder / "learner.toml")
    result = session.routes(GOAL)
    assert result.best is not None
    day = result.as_of
    after = session.what_if_route(result.best, day)
    assert after.results[0].confirmed.audit.applied == Decimal(6)
    assert not session.dirty and len(session.learner.held) == 0
    session.add_route(result.best, day)
    assert session.dirty and {h.ref for h in session.learner.held} == {"cc:C1", "cc:C2"}
