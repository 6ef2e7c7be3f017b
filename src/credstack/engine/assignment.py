"""The exact assignment of units to requirements: a small MILP solved by HiGHS.

Indivisible course units and caps make this a knapsack, so a flow or a greedy pass is
not enough. The model (docs/audit-model.md has the derivation):

* course unit u: binary x[u,o] for each option o, a single requirement it is eligible
  for or a `double_count` pair of them; at most one option per unit;
* block unit u: continuous y[u,r] >= 0 over eligible `credits` and general
  requirements, summing to at most its credits;
* requirement r receives R_r; counts a_r <= min(R_r, cap_r); `choose` takes at most N
  units; a `credits` requirement's surplus R_r - a_r flows on to general credit, whose
  capacity is G plus the credits that double counting saved (D);
* total T <= sum(a_r) - D + a_general and T <= program credits;
* external (and RPL) placed credits stay under their caps.

Stage 1 maximises T. Stage 2 keeps T and maximises, in order, requirements fully met,
resident credit, and a preference for sorted order, so the same input always gives the
same answer. All quantities are integers in hundredths of a credit.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import coo_array

Kind = str  # "courses" | "choose" | "credits" | "general"

# Exact answers (no relative gap). The primal heuristics are switched off: on these
# small models they cost ~10 ms at the root and find nothing the search does not
# (measured in benchmarks/audit_plan.py).
HIGHS_OPTIONS: dict[str, float | bool] = {
    "mip_rel_gap": 0.0,
    "presolve": True,
    "mip_heuristic_effort": 0.0,
    "mip_heuristic_run_feasibility_jump": False,
    "mip_heuristic_run_rins": False,
    "mip_heuristic_run_rens": False,
    "mip_heuristic_run_root_reduced_cost": False,
    "mip_heuristic_run_zi_round": False,
    "mip_heuristic_run_shifting": False,
}


@dataclass(frozen=True)
class UnitSpec:
    credits: int  # hundredths
    divisible: bool
    external: bool
    rpl: bool
    eligible: tuple[int, ...]  # requirement indices


@dataclass(frozen=True)
class RequirementSpec:
    kind: Kind
    cap: int | None  # hundredths (credits: C; general: G); None = no credit cap
    choose: int | None = None
    listed: int = 0  # number of listed courses (courses shape)
    needed: int = 0  # hundredths, for "met" of credits / general


@dataclass(frozen=True)
class Problem:
    units: tuple[UnitSpec, ...]
    requirements: tuple[RequirementSpec, ...]
    pairs: frozenset[frozenset[int]]
    program: int
    external_cap: int
    rpl_cap: int | None


@dataclass
class Solution:
    # unit index -> list of (requirement index, hundredths placed there)
    placements: dict[int, list[tuple[int, int]]] = field(default_factory=dict)


class _Builder:
    def __init__(self) -> None:
        self.lower: list[float] = []
        self.upper: list[float] = []
        self.integral: list[int] = []
        self.rows: list[dict[int, float]] = []
        self.row_lo: list[float] = []
        self.row_hi: list[float] = []

    def var(self, lo: float, hi: float, integral: bool) -> int:
        self.lower.append(lo)
        self.upper.append(hi)
        self.integral.append(1 if integral else 0)
        return len(self.lower) - 1

    def row(self, coefs: dict[int, float], lo: float, hi: float) -> None:
        if coefs:
            self.rows.append(coefs)
            self.row_lo.append(lo)
            self.row_hi.append(hi)

    def solve(self, objective: dict[int, float]) -> np.ndarray | None:
        n = len(self.lower)
        c = np.zeros(n)
        for index, weight in objective.items():
            c[index] = -weight  # milp minimises
        constraints = []
        if self.rows:
            r, k, v = [], [], []
            for i, coefs in enumerate(self.rows):
                for j, a in coefs.items():
                    r.append(i)
                    k.append(j)
                    v.append(a)
            matrix = coo_array((v, (r, k)), shape=(len(self.rows), n)).tocsr()
            constraints.append(LinearConstraint(matrix, self.row_lo, self.row_hi))
        with warnings.catch_warnings():
            # HiGHS options beyond milp's five are passed through verbatim, with a warning.
            warnings.simplefilter("ignore", RuntimeWarning)
            result = milp(
                c,
                constraints=constraints,
                integrality=np.array(self.integral),
                bounds=Bounds(self.lower, self.upper),
                options=HIGHS_OPTIONS,
            )
        if result.x is None:
            return None
        return np.asarray(result.x)


def solve(problem: Problem) -> Solution:
    """The optimal placement (see the module docstring for the model)."""
    if not problem.units or not problem.requirements:
        return Solution()
    b = _Builder()
    inf = float("inf")
    received: list[dict[int, float]] = [{} for _ in problem.requirements]
    counts: list[dict[int, float]] = [{} for _ in problem.requirements]
    direct_general: dict[int, float] = {}
    saved: dict[int, float] = {}  # D: credits counted twice by double counting
    external: dict[int, float] = {}
    rpl: dict[int, float] = {}
    resident: dict[int, float] = {}
    preference: dict[int, float] = {}
    options: list[list[tuple[int, tuple[int, ...]]]] = []
    general = next((i for i, r in enumerate(problem.requirements) if r.kind == "general"), None)
    n_req = len(problem.requirements) + 1

    for u_index, unit in enumerate(problem.units):
        mine: list[tuple[int, tuple[int, ...]]] = []
        credit = float(unit.credits)
        if unit.divisible:
            row: dict[int, float] = {}
            for r in unit.eligible:
                var = b.var(0, credit, False)
                mine.append((var, (r,)))
                row[var] = 1
                received[r][var] = 1
                if r == general:
                    direct_general[var] = 1
                preference[var] = -(u_index * n_req + r) / 1000
                for pool in ((external, unit.external), (rpl, unit.rpl)):
                    if pool[1]:
                        pool[0][var] = 1
            b.row(row, -inf, credit)
        else:
            choices: list[tuple[int, ...]] = [(r,) for r in unit.eligible]
            for pair in sorted(tuple(sorted(p)) for p in problem.pairs):
                if pair[0] in unit.eligible and pair[1] in unit.eligible:
                    choices.append(pair)
            row = {}
            for choice in choices:
                var = b.var(0, 1, True)
                mine.append((var, choice))
                row[var] = 1
                for r in choice:
                    received[r][var] = credit
                    counts[r][var] = 1
                if choice == (general,):
                    direct_general[var] = credit
                if len(choice) == 2:
                    saved[var] = credit
                if unit.external:
                    external[var] = credit
                if unit.rpl:
                    rpl[var] = credit
                if not unit.external:
                    resident[var] = credit
                preference[var] = -(u_index * n_req + choice[0])
            b.row(row, -inf, 1)
        options.append(mine)

    applied: list[int] = []
    met: list[int] = []
    for r_index, spec in enumerate(problem.requirements):
        cap = inf if spec.cap is None else float(spec.cap)
        if spec.kind == "general":
            cap = inf
        a = b.var(0, cap, False)
        applied.append(a)
        b.row({a: 1, **{v: -w for v, w in received[r_index].items()}}, -inf, 0)
        if spec.kind == "choose" and spec.choose is not None:
            b.row(counts[r_index], -inf, spec.choose)
        m = b.var(0, 1, True)
        met.append(m)
        if spec.kind == "courses":
            b.row({m: spec.listed, **{v: -1 for v in counts[r_index]}}, -inf, 0)
        elif spec.kind == "choose":
            b.row({m: spec.choose or 0, **{v: -1 for v in counts[r_index]}}, -inf, 0)
        else:
            b.row({m: spec.needed, a: -1}, -inf, 0)

    if general is not None:
        g = applied[general]
        row = {g: 1.0}
        for v, w in direct_general.items():
            row[v] = row.get(v, 0) - w
        for r_index, spec in enumerate(problem.requirements):
            if spec.kind == "credits":
                for v, w in received[r_index].items():
                    row[v] = row.get(v, 0) - w
                row[applied[r_index]] = row.get(applied[r_index], 0) + 1
        b.row(row, -inf, 0)
        cap_g = problem.requirements[general].cap or 0
        b.row({g: 1, **{v: -w for v, w in saved.items()}}, -inf, float(cap_g))

    total = b.var(0, float(problem.program), False)
    row = {total: 1.0}
    for a in applied:
        row[a] = -1
    for v, w in saved.items():
        row[v] = row.get(v, 0) + w
    b.row(row, -inf, 0)
    b.row(external, -inf, float(problem.external_cap))
    if problem.rpl_cap is not None:
        b.row(rpl, -inf, float(problem.rpl_cap))

    first = b.solve({total: 1})
    if first is None:
        return Solution()
    best = float(np.floor(first[total] + 1e-6))
    b.row({total: 1}, best - 0.5, inf)
    pen_max = sum(abs(w) for w in preference.values()) + 1
    res_max = sum(resident.values()) + 1
    objective: dict[int, float] = {}
    for v, w in preference.items():
        objective[v] = w
    for v, w in resident.items():
        objective[v] = objective.get(v, 0) + w * pen_max
    for m in met:
        objective[m] = pen_max * res_max
    second = b.solve(objective)
    x = second if second is not None else first
    solution = Solution()
    for u_index, mine in enumerate(options):
        unit = problem.units[u_index]
        placed: list[tuple[int, int]] = []
        for var, choice in mine:
            value = x[var]
            if unit.divisible:
                hundredths = int(round(value))
                if hundredths > 0:
                    placed.append((choice[0], hundredths))
            elif value > 0.5:
                placed += [(r, unit.credits) for r in choice]
        if placed:
            solution.placements[u_index] = placed
    return solution
