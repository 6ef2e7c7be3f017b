"""HiGHS, the MILP solver behind the audit, called through its own package `highspy`.

One function, `maximise`, takes a model in compressed-row form and returns the optimal
values, or None when the model has no solution. The solver never writes to stdout or
stderr: `output_flag` is switched off before the model is passed, so HiGHS's log (the
banner, the branch-and-bound table, option errors) is never formatted at all, and a log
callback would be the only way to see it (tests/unit/test_milp.py checks both).

Why highspy and not scipy.optimize.milp: the HiGHS 1.12.0 that scipy 1.17 vendors has an
unconditional `printf` in `HighsMipSolverData::transformNewIntegerFeasibleSolution` (it
runs when a solution found after presolve must be repaired by an LP), which no option or
callback can silence; it reached stdout before `--format json` documents (regression case
`highs-stdout`). HiGHS removed it in 1.13.0. The version is pinned exactly in
pyproject.toml (1.14.0 returns wrong optima after presolve; 1.16.0 prints a banner on
construction): see the README's dependency table and docs/decisions.md.

Every call builds its own `Highs` object, so solves in the TUI's worker threads share no
solver state.
"""

from __future__ import annotations

from types import ModuleType
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:  # both imported at the first solve: commands that never solve skip them
    import highspy
    import numpy as np

# Exact answers (no relative gap). The primal heuristics are switched off: on these
# small models they cost ~10 ms at the root and find nothing the search does not
# (measured with benchmarks/audit_plan.py).
OPTIONS: dict[str, float | bool | str] = {
    "mip_rel_gap": 0.0,
    "presolve": "on",
    "mip_heuristic_effort": 0.0,
    "mip_heuristic_run_feasibility_jump": False,
    "mip_heuristic_run_rins": False,
    "mip_heuristic_run_rens": False,
    "mip_heuristic_run_root_reduced_cost": False,
    "mip_heuristic_run_zi_round": False,
    "mip_heuristic_run_shifting": False,
}


Outcome = Literal["optimal", "infeasible", "limit"]


class SolverError(RuntimeError):
    """HiGHS refused an option or the model: a bug in how credstack builds it."""


def _highspy() -> ModuleType:
    """The package, imported on the first solve (commands that never solve skip it)."""
    import highspy

    return highspy


def new_solver() -> highspy.Highs:
    """A silent HiGHS with credstack's options."""
    hs = _highspy()
    solver: highspy.Highs = hs.Highs()
    # First of all: any later message (an option error included) is then never printed.
    solver.setOptionValue("output_flag", False)
    for name, value in OPTIONS.items():
        if solver.setOptionValue(name, value) != hs.HighsStatus.kOk:
            raise SolverError(f"HiGHS refused option {name} = {value!r}")
    return solver


def maximise(
    objective: np.ndarray,
    lower: np.ndarray,
    upper: np.ndarray,
    integral: np.ndarray,
    start: np.ndarray,
    index: np.ndarray,
    value: np.ndarray,
    row_lower: np.ndarray,
    row_upper: np.ndarray,
) -> np.ndarray | None:
    """Maximise objective . x subject to row_lower <= A x <= row_upper, lower <= x <= upper.

    A is given by rows (`start` has one entry per row plus one; `index` and `value` hold
    each row's columns and coefficients); `integral` is 1 for an integer column.
    """
    values, outcome = solve(
        objective, lower, upper, integral, start, index, value, row_lower, row_upper
    )
    return values if outcome == "optimal" else None


def solve(
    objective: np.ndarray,
    lower: np.ndarray,
    upper: np.ndarray,
    integral: np.ndarray,
    start: np.ndarray,
    index: np.ndarray,
    value: np.ndarray,
    row_lower: np.ndarray,
    row_upper: np.ndarray,
    *,
    time_limit: float | None = None,
) -> tuple[np.ndarray | None, Outcome]:
    """`maximise`, within an optional time limit in seconds, saying how it ended:
    ("optimal", values), ("infeasible", None: proven to have no solution), or ("limit",
    the best values found or None: a limit was reached and nothing is proven)."""
    import numpy as np

    hs = _highspy()
    solver = new_solver()
    if time_limit is not None:
        solver.setOptionValue("time_limit", float(time_limit))
    status = solver.passModel(
        len(objective),
        len(row_lower),
        len(value),
        hs.MatrixFormat.kRowwise.value,
        hs.ObjSense.kMaximize.value,
        0.0,
        np.asarray(objective, dtype=np.float64),
        np.asarray(lower, dtype=np.float64),
        np.asarray(upper, dtype=np.float64),
        np.asarray(row_lower, dtype=np.float64),
        np.asarray(row_upper, dtype=np.float64),
        np.asarray(start, dtype=np.int32),
        np.asarray(index, dtype=np.int32),
        np.asarray(value, dtype=np.float64),
        np.asarray(integral, dtype=np.int32),
    )
    if status == hs.HighsStatus.kError:
        raise SolverError("HiGHS refused the model")
    solver.run()
    model_status = solver.getModelStatus()
    if model_status == hs.HighsModelStatus.kOptimal:
        return np.asarray(solver.getSolution().col_value), "optimal"
    if model_status == hs.HighsModelStatus.kInfeasible:
        return None, "infeasible"
    # a limit reached, or any status that proves nothing: the best solution found, if any
    feasible = int(hs.SolutionStatus.kSolutionStatusFeasible)
    found = int(solver.getInfo().primal_solution_status) == feasible
    return (np.asarray(solver.getSolution().col_value) if found else None), "limit"
