"""The MILP solver behind the audit (engine/milp.py): exact, and silent at the source.

Regression `highs-stdout`: the HiGHS 1.12.0 vendored by scipy printed
"HighsMipSolverData::transformNewIntegerFeasibleSolution tmpSolver.run();" to stdout, a raw
printf no option could switch off, before the JSON document. These tests check what the
fix rests on: the pinned highspy solves that case without a byte on file descriptors 1
and 2, its log is switched off rather than redirected (a log callback receives nothing),
and the log would be seen if it were on (so the silence is not vacuous).
"""

from __future__ import annotations

import ctypes

import highspy
import numpy as np
import pytest

from credstack.engine import milp
from credstack.engine.advice import advise
from credstack.engine.evaluate import build_report
from credstack.store.catalogue_loader import load_region
from credstack.store.learner_store import load_learner
from tests.helpers import PROJECT

HIGHS_STDOUT = PROJECT / "tests" / "data" / "regressions" / "highs-stdout"


def knapsack() -> dict[str, np.ndarray]:
    """max 5a + 4b + 3c s.t. 2a + 3b + c <= 4 (binary): a + c = 8, the LP bound is 9."""
    return {
        "objective": np.array([5.0, 4.0, 3.0]),
        "lower": np.zeros(3),
        "upper": np.ones(3),
        "integral": np.ones(3, dtype=np.int32),
        "start": np.array([0, 3], dtype=np.int32),
        "index": np.array([0, 1, 2], dtype=np.int32),
        "value": np.array([2.0, 3.0, 1.0]),
        "row_lower": np.array([-np.inf]),
        "row_upper": np.array([4.0]),
    }


def test_maximise_solves_a_knapsack_exactly() -> None:
    x = milp.maximise(**knapsack())
    assert x is not None
    assert np.allclose(x, [1, 0, 1])


def test_maximise_returns_none_without_a_solution() -> None:
    model = knapsack()
    model["row_lower"] = np.array([7.0])  # 2a + 3b + c >= 7 cannot hold
    assert milp.maximise(**model) is None


def test_a_refused_option_is_an_error_not_a_message(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(milp.OPTIONS, "mip_rel_gapp", 0.0)
    with pytest.raises(milp.SolverError, match="mip_rel_gapp"):
        milp.new_solver()


def descriptors(capfd: pytest.CaptureFixture[str]) -> tuple[str, str]:
    """What reached file descriptors 1 and 2, C stdio's buffers flushed first (a printf
    into a pipe waits in libc's buffer, so without the flush it would escape the test)."""
    ctypes.CDLL(None).fflush(None)
    return capfd.readouterr()


def test_highs_stdout_case_writes_nothing_to_stdout_or_stderr(
    capfd: pytest.CaptureFixture[str],
) -> None:
    """The regression case, reported in process (the print came from a solve of the next
    best credential's re-audit), captured at the descriptors."""
    region = load_region(HIGHS_STDOUT / "catalogs")
    learner = load_learner(HIGHS_STDOUT / "learner.toml", region)
    descriptors(capfd)
    report = build_report(region, learner.learner, ["ru:prog"])
    report = advise(region, learner.learner, report, folder=HIGHS_STDOUT)
    assert report.results[0].confirmed.audit.applied == 4
    assert report.next_best, "the case re-audits a next best credential"
    assert descriptors(capfd) == ("", "")


def _logged(solver: highspy.Highs) -> list[str]:
    lines: list[str] = []
    solver.cbLogging.subscribe(lambda event: lines.append(event.message))
    return lines


def _solve(solver: highspy.Highs) -> None:
    model = knapsack()
    solver.passModel(
        3,
        1,
        3,
        highspy.MatrixFormat.kRowwise.value,
        highspy.ObjSense.kMaximize.value,
        0.0,
        model["objective"],
        model["lower"],
        model["upper"],
        model["row_lower"],
        model["row_upper"],
        model["start"],
        model["index"],
        model["value"],
        model["integral"],
    )
    solver.run()


def test_log_is_switched_off_not_redirected(capfd: pytest.CaptureFixture[str]) -> None:
    solver = milp.new_solver()
    lines = _logged(solver)
    _solve(solver)
    assert solver.getModelStatus() == highspy.HighsModelStatus.kOptimal
    assert lines == []
    assert descriptors(capfd) == ("", "")


def test_the_log_would_be_seen_if_it_were_on(capfd: pytest.CaptureFixture[str]) -> None:
    """The control for the test above: with output_flag on, HiGHS logs (here only to the
    callback, the console off), so an empty callback really means a silent solver."""
    solver = milp.new_solver()
    solver.setOptionValue("output_flag", True)
    solver.setOptionValue("log_to_console", False)
    lines = _logged(solver)
    _solve(solver)
    assert any("HiGHS" in line for line in lines)
    assert descriptors(capfd) == ("", "")
