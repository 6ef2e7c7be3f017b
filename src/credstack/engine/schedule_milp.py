"""The exact fallback of the scheduler: a time-indexed MILP on HiGHS, within a time budget.

engine/schedule.py finds most fewest-terms schedules by list scheduling and proves them
with its lower bound, or with an exhaustive search for up to EXACT_LIMIT items. What is
left (a whole degree of 30 to 50 courses whose heuristic schedule is one term above the
bound) comes here: is there a schedule in fewer terms than the heuristic's?

The model, over the first `horizon` attended terms (t = 0 .. horizon - 1):

- identical items (same credits, prerequisites, corequisites and offerings, such as a
  program's elective slots) that nothing names as a requisite form one class c; y[c,t]
  counts its items taken in term t, only where they are offered and fit the term (at
  most its maximum); every item is taken once. Counting instead of naming removes the
  symmetric solutions that make a model of forty slots slow;
- the term's load: the items within the learner's load sum to at most the load; an item
  over the load (but within the term maximum) is taken alone, so no other item shares
  its term;
- a prerequisite j of class c: for every term t, any item of c taken by t implies j
  taken by t - 1 (a corequisite: by t), the time-indexed form whose LP relaxation is
  tight. An "or" gets one binary per part, one of which must be 1, and the rows of a
  part only bind when its binary is 1; one choice serves the whole class, because what
  is done only grows with time (the earliest item's choice holds for the later ones). A
  code already done holds, an unknown code never does;
- v[t] = 1 when term t is used, v[t] >= v[t+1], nothing is taken in an unused term;
  minimise the terms used, sum v[t].

The answer is exact when HiGHS proves optimality, or that no schedule fits the horizon
(which proves the heuristic's schedule minimal); when the budget runs out nothing is
proven, and the best schedule found is returned for the caller to judge.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from credstack.engine.milp import Outcome, solve
from credstack.engine.schedule_problem import Problem
from credstack.model.prereq import AllOf, AnyOf, Expr, Need, codes


@dataclass
class _Model:
    """A MILP in row form, built column by column."""

    objective: list[float]
    lower: list[float]
    upper: list[float]
    integral: list[int]
    rows: list[tuple[dict[int, float], float, float]]

    def column(self, low: float, high: float, cost: float = 0.0, integer: bool = True) -> int:
        self.objective.append(cost)
        self.lower.append(low)
        self.upper.append(high)
        self.integral.append(1 if integer else 0)
        return len(self.objective) - 1

    def row(self, terms: dict[int, float], low: float, high: float) -> None:
        self.rows.append((terms, low, high))


def exact_schedule(
    problem: Problem, horizon: int, time_budget: float
) -> tuple[list[list[int]] | None, Outcome]:
    """The fewest-terms schedule within `horizon` terms, and how sure the answer is.

    ("optimal": the schedule is minimal; "infeasible": none fits in `horizon` terms;
    "limit": the budget ran out, the best found or None, nothing proven.)
    """
    n = len(problem.items)
    horizon = min(horizon, len(problem.slots))
    if n == 0:
        return [], "optimal"
    if horizon <= 0:
        return None, "infeasible"
    classes = _classes(problem)
    of_item = {i: c for c, members in enumerate(classes) for i in members}
    model = _Model([], [], [], [], [])
    used = [model.column(0, 1, cost=-1.0) for _ in range(horizon)]  # maximise -sum v
    for t in range(horizon - 1):
        model.row({used[t]: 1.0, used[t + 1]: -1.0}, 0.0, np.inf)
    y: list[dict[int, int]] = [{} for _ in classes]
    for c, members in enumerate(classes):
        item = problem.items[members[0]]
        size = float(len(members))
        for t in range(horizon):
            if problem.offered(members[0], t) and item.credits <= problem.slots[t].alone:
                y[c][t] = column = model.column(0, size)
                model.row({column: 1.0, used[t]: -size}, -np.inf, 0.0)
        if not y[c]:
            return None, "infeasible"
        model.row(dict.fromkeys(y[c].values(), 1.0), size, size)
    total = float(n)
    for t in range(horizon):
        slot = problem.slots[t]
        within = {
            y[c][t]: float(problem.items[members[0]].credits)
            for c, members in enumerate(classes)
            if t in y[c]
        }
        small = {column: w for column, w in within.items() if w <= slot.capacity}
        if small:
            model.row(small, -np.inf, float(slot.capacity))
        for column, credits in within.items():
            if credits > slot.capacity:  # taken alone: y <= 1, and then nothing else
                model.upper[column] = min(model.upper[column], 1.0)
                row = {other: 1.0 for other in within if other != column}
                if row:
                    row[column] = total
                    model.row(row, -np.inf, total)

    def by(c: int, t: int) -> dict[int, float]:
        """Columns whose sum counts the items of class c taken in term t or earlier."""
        return {column: 1.0 for u, column in y[c].items() if u <= t}

    def need(code: str, c: int, strict: bool, guard: int | None) -> bool:
        """Class c's items after (`strict`) or not before `code`, when `guard` is 1
        (always when None); False when that can never hold."""
        if code in problem.done:
            return True
        j = problem.index.get(code)
        if j is None or (of_item[j] == c and strict):
            if guard is None:
                return False
            model.upper[guard] = 0.0
            return True
        d = of_item[j]
        if d == c:
            return True
        size = float(len(classes[c]))
        for t in range(horizon):  # c by t  =>  j by t - 1 (strict) or by t
            row = by(c, t)
            if not row:
                continue
            for column in by(d, t - 1 if strict else t):
                row[column] = row.get(column, 0.0) - size
            if guard is None:
                model.row(row, -np.inf, 0.0)
            else:
                row[guard] = row.get(guard, 0.0) + size
                model.row(row, -np.inf, size)
        return True

    def require(expr: Expr, c: int, strict: bool, guard: int | None) -> bool:
        """Rows making `expr` hold for class c's items when `guard` is 1 (always: None)."""
        if expr is None:
            return True
        if isinstance(expr, Need):
            return need(expr.code, c, strict, guard)
        if isinstance(expr, AllOf):
            return all(require(part, c, strict, guard) for part in expr.parts)
        assert isinstance(expr, AnyOf)
        chosen = [model.column(0, 1) for _ in expr.parts]
        for part, z in zip(expr.parts, chosen, strict=True):
            if not require(part, c, strict, z):
                model.upper[z] = 0.0
        row = dict.fromkeys(chosen, 1.0)
        if guard is None:
            model.row(row, 1.0, np.inf)  # one part holds
        else:
            row[guard] = -1.0
            model.row(row, 0.0, np.inf)  # one part holds when the guard is 1
        return True

    for c, members in enumerate(classes):
        item = problem.items[members[0]]
        for expr, strict in ((item.requires, True), (item.corequires, False)):
            if not require(expr, c, strict, None):
                return None, "infeasible"
    values, outcome = _solve(model, time_budget)
    if values is None:
        return None, outcome
    terms: list[list[int]] = [[] for _ in range(horizon)]
    for c, members in enumerate(classes):
        waiting = list(members)
        for t in sorted(y[c]):
            for _ in range(round(values[y[c][t]])):
                if waiting:
                    terms[t].append(waiting.pop(0))
    while terms and not terms[-1]:
        terms.pop()
    return terms, outcome


def _classes(problem: Problem) -> list[list[int]]:
    """Items grouped into classes of interchangeable ones (see the module's notes); an
    item some requisite names is a class of its own."""
    named = {
        code
        for item in problem.items
        for expr in (item.requires, item.corequires)
        for code in codes(expr)
    }
    classes: dict[object, list[int]] = {}
    for i, item in enumerate(problem.items):
        if item.key in named:
            key: object = ("item", i)
        else:
            key = (item.credits, item.requires, item.corequires, item.offered)
        classes.setdefault(key, []).append(i)
    return list(classes.values())


def _solve(model: _Model, time_budget: float) -> tuple[np.ndarray | None, Outcome]:
    starts = [0]
    index: list[int] = []
    value: list[float] = []
    lows: list[float] = []
    highs: list[float] = []
    for terms, low, high in model.rows:
        for column, coefficient in terms.items():
            if coefficient:
                index.append(column)
                value.append(coefficient)
        starts.append(len(index))
        lows.append(low)
        highs.append(high)
    return solve(
        np.asarray(model.objective),
        np.asarray(model.lower),
        np.asarray(model.upper),
        np.asarray(model.integral),
        np.asarray(starts),
        np.asarray(index),
        np.asarray(value),
        np.asarray(lows),
        np.asarray(highs),
        time_limit=time_budget,
    )
