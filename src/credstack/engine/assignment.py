"""The exact assignment of units to requirements: a small MILP solved by HiGHS.

Indivisible course units and caps make this a knapsack, so a flow or a greedy pass is
not enough. Credits flow from units to requirements (all quantities are integers in
hundredths of a credit):

* course unit u: binary x[u,o] for each option o, a single requirement it is eligible
  for or a `double_count` pair of them; at most one option per unit; in a pair it
  applies to both requirements and counts its credits once toward the program;
* in a `courses` or `choose` requirement the unit applies all its credits (a `choose`
  takes at most N units); in a `credits` requirement it applies z <= its credits, all
  such z together at most the requirement's credits, and the rest may flow on to
  general credit as surplus s (z + s <= its credits);
* a block unit is divisible: y[u,r] >= 0 over eligible `credits` and general
  requirements, at most its credits in all;
* general credit takes direct placements and surplus up to max(0, G + D), where G is
  the program's credits less the nominal credits of its requirements (negative when
  they ask for more) and D the credit double counting applied twice (the one formula,
  audit.general_capacity); with G < 0 a binary opens general credit only when
  D >= -G;
* a unit counts toward the program what it applies (its whole credits for a pair);
  the total T is at most the program's credits;
* the caps count whole units: an external (or RPL) course unit that is applied at all
  counts its full credits against them, as a registrar accepts transfer credit course
  by course; a block unit counts the part placed.

Stage 1 maximises T. Stage 2 keeps T and maximises the named requirements fully met.
Stage 3 keeps both and minimises external credit (so resident credit is maximal), then
credit placed without effect plus credit taken by a subject filter or as general credit,
less credit shown in requirements that name the course (so a named requirement, or a
`double_count` pair, holds it when that costs nothing; a pair names the unit in both its
members, a subject-filter member included, so the unit shows in both and what is left
to plan there is what it really lacks). Interchangeable units (same
credits, flags and eligibility) are finally given out in sorted order, so the same input
always gives the same answer.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from credstack.engine.milp import maximise

if TYPE_CHECKING:  # numpy is imported at the first solve (start-up: commands that never solve)
    import numpy as np

Kind = str  # "courses" | "choose" | "credits" | "general"

INF = float("inf")


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
    # hundredths (credits: C; general: G, the program's credits less the nominal
    # credits, negative when the requirements ask for more); None = no credit cap
    cap: int | None
    choose: int | None = None
    listed: int = 0  # number of listed courses (courses shape)
    needed: int = 0  # hundredths, for "met" of credits / general
    specific: bool = True  # names its courses (not a subject filter or general credit)


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
    # unit index -> list of (requirement index, hundredths applied there)
    placements: dict[int, list[tuple[int, int]]] = field(default_factory=dict)


class _Builder:
    """Variables, sparse rows and a solve; rows are added as {variable: coefficient}."""

    def __init__(self) -> None:
        self.lower: list[float] = []
        self.upper: list[float] = []
        self.integral: list[int] = []
        self.rows: list[dict[int, float]] = []
        self.row_lo: list[float] = []
        self.row_hi: list[float] = []

    def var(self, lo: float, hi: float, integral: bool = False) -> int:
        self.lower.append(lo)
        self.upper.append(hi)
        self.integral.append(1 if integral else 0)
        return len(self.lower) - 1

    def row(self, coefs: dict[int, float], lo: float, hi: float) -> None:
        coefs = {k: v for k, v in coefs.items() if v != 0}
        if coefs:
            self.rows.append(coefs)
            self.row_lo.append(lo)
            self.row_hi.append(hi)

    def solve(self, objective: dict[int, float]) -> np.ndarray | None:
        """Maximise the objective; None when the model has no solution."""
        import numpy as np

        c = np.zeros(len(self.lower))
        for index, weight in objective.items():
            c[index] += weight
        start = np.zeros(len(self.rows) + 1, dtype=np.int32)
        start[1:] = np.cumsum([len(coefs) for coefs in self.rows])
        columns = [j for coefs in self.rows for j in coefs]
        values = [a for coefs in self.rows for a in coefs.values()]
        return maximise(
            c,
            np.array(self.lower),
            np.array(self.upper),
            np.array(self.integral),
            start,
            np.array(columns, dtype=np.int32),
            np.array(values, dtype=np.float64),
            np.array(self.row_lo),
            np.array(self.row_hi),
        )


@dataclass
class _Flows:
    """Where each unit's credit can go, as model variables."""

    # (unit, requirement, variable, weight): credit applied in a requirement
    applied: list[tuple[int, int, int, float]] = field(default_factory=list)
    # (unit, variable, weight): credit counted toward the program (once per unit)
    counted: list[tuple[int, int, float]] = field(default_factory=list)
    # (variable, weight): credit double counting applied twice (room it frees)
    saved: list[tuple[int, float]] = field(default_factory=list)
    # (unit, variable, weight): placed credit, as the caps count it
    placed: list[tuple[int, int, float]] = field(default_factory=list)
    # (unit, requirement, variable): a course unit's choice variable per requirement
    choices: list[tuple[int, int, int]] = field(default_factory=list)
    # variables of credit a unit applies in a member of its `double_count` pair: the pair
    # names the unit, so that credit is shown where it is named (stage 3)
    paired: set[int] = field(default_factory=set)


def _course_unit(
    b: _Builder, problem: Problem, u: int, unit: UnitSpec, general: int | None, flows: _Flows
) -> None:
    credit = float(unit.credits)
    options: list[tuple[int, ...]] = [(r,) for r in unit.eligible]
    for pair in sorted(tuple(sorted(p)) for p in problem.pairs):
        if pair[0] in unit.eligible and pair[1] in unit.eligible:
            options.append(pair)
    one: dict[int, float] = {}
    for option in options:
        x = b.var(0, 1, True)
        one[x] = 1
        flows.placed.append((u, x, credit))
        if len(option) == 2:
            _paired(b, problem, u, credit, option, x, general, flows)
            continue
        r = option[0]
        flows.choices.append((u, r, x))
        if problem.requirements[r].kind in ("courses", "choose"):
            flows.applied.append((u, r, x, credit))
            flows.counted.append((u, x, credit))
            continue
        z = b.var(0, credit)
        flows.applied.append((u, r, z, 1.0))
        flows.counted.append((u, z, 1.0))
        limit = {z: 1.0, x: -credit}
        if problem.requirements[r].kind == "credits" and general is not None:
            s = b.var(0, credit)  # surplus on to general credit
            flows.applied.append((u, general, s, 1.0))
            flows.counted.append((u, s, 1.0))
            limit[s] = 1.0
        b.row(limit, -INF, 0)
    b.row(one, -INF, 1)


def _paired(
    b: _Builder,
    problem: Problem,
    u: int,
    credit: float,
    option: tuple[int, ...],
    x: int,
    general: int | None,
    flows: _Flows,
) -> None:
    """A unit in both requirements of a `double_count` pair.

    It applies its credits in a `courses`/`choose` member, up to z in a `credits`
    member; when both members are `credits` requirements, a surplus s beyond what either
    takes (max(z1, z2) + s <= its credits) flows on to general credit. It counts k <=
    its credits and k <= everything it applies, once; the rest was applied twice and
    frees as much general credit.
    """
    both: dict[int, float] = {}
    members: list[int] = []
    for r in option:
        flows.choices.append((u, r, x))
        if problem.requirements[r].kind in ("courses", "choose"):
            flows.applied.append((u, r, x, credit))
            both[x] = both.get(x, 0) + credit
            continue
        z = b.var(0, credit)
        flows.applied.append((u, r, z, 1.0))
        flows.paired.add(z)
        both[z] = both.get(z, 0) + 1.0
        members.append(z)
    surplus = None
    if len(members) == 2 and general is not None:
        surplus = b.var(0, credit)
        flows.applied.append((u, general, surplus, 1.0))
        both[surplus] = 1.0
    for z in members:
        b.row({z: 1.0, x: -credit, **({surplus: 1.0} if surplus is not None else {})}, -INF, 0)
    k = b.var(0, credit)
    b.row({k: 1.0, x: -credit}, -INF, 0)
    b.row({k: 1.0, **{v: -w for v, w in both.items()}}, -INF, 0)
    flows.counted.append((u, k, 1.0))
    flows.saved.extend([(k, -1.0), *both.items()])


def _block_unit(b: _Builder, u: int, unit: UnitSpec, flows: _Flows) -> None:
    credit = float(unit.credits)
    total: dict[int, float] = {}
    for r in unit.eligible:
        y = b.var(0, credit)
        flows.applied.append((u, r, y, 1.0))
        flows.counted.append((u, y, 1.0))
        flows.placed.append((u, y, 1.0))
        total[y] = 1
    b.row(total, -INF, credit)


def _general_room(
    b: _Builder, problem: Problem, general: int, received: dict[int, float], flows: _Flows
) -> None:
    """General credit received <= max(0, G + D) (see the module docstring)."""
    base = float(problem.requirements[general].cap or 0)  # G
    row = dict(received)
    for var, weight in flows.saved:
        row[var] = row.get(var, 0) - weight
    if base >= 0:
        b.row(row, -INF, base)
        return
    opened = b.var(0, 1, True)  # 0: general credit takes nothing; 1: received - D <= G
    most = float(sum(unit.credits for unit in problem.units))
    b.row({**received, opened: -most}, -INF, 0)
    row[opened] = -base  # received - D <= G x opened
    b.row(row, -INF, 0)


def _placed_credit(flows: _Flows, units: set[int]) -> dict[int, float]:
    """Credit of `units` as the caps count it: a course unit's whole credits once applied."""
    expression: dict[int, float] = {}
    for u, var, weight in flows.placed:
        if u in units:
            expression[var] = expression.get(var, 0) + weight
    return expression


def forced(problem: Problem) -> Solution | None:
    """The optimal placement without a solve, when it is forced; else None (solve it).

    It is forced when every unit can go to at most one requirement, no `double_count`
    pair exists, and nothing binds when every unit applies all its credits: no credits
    requirement's cap, `choose` limit or general room (G >= 0; none is freed without
    pairs), nor the program's credits, the external or the RPL cap. Then placing every
    unit whole is feasible and attains the bound T <= the sum of the units' credits,
    and T at that bound leaves no freedom but one: a course unit of a `credits`
    requirement could send credit on to general credit instead. That is a tie in every
    stage (the same credit counted, the same met or not met, both "in general") unless
    the requirement names its courses, when stage 3 strictly prefers the requirement;
    so a unit of a subject filter while general credit exists is left to the solver, as
    is everything else. The answer is then the solver's, placement for placement
    (tests/property: against brute force, and against the MILP on every instance).
    """
    if problem.pairs:
        return None
    general = next((i for i, r in enumerate(problem.requirements) if r.kind == "general"), None)
    received = [0] * len(problem.requirements)
    chosen = [0] * len(problem.requirements)
    external = rpl = total = 0
    for unit in problem.units:
        if len(unit.eligible) > 1:
            return None
        if not unit.eligible or unit.credits <= 0:
            continue
        r = unit.eligible[0]
        spec = problem.requirements[r]
        if (
            not unit.divisible
            and spec.kind == "credits"
            and general is not None
            and not spec.specific
        ):
            return None  # the requirement or general credit: a tie the solver breaks
        received[r] += unit.credits
        chosen[r] += 1
        total += unit.credits
        external += unit.credits if unit.external else 0
        rpl += unit.credits if unit.rpl else 0
    for r, spec in enumerate(problem.requirements):
        if spec.kind == "credits" and spec.cap is not None and received[r] > spec.cap:
            return None
        if spec.kind == "choose" and spec.choose is not None and chosen[r] > spec.choose:
            return None
        if spec.kind == "general" and received[r] > max(0, spec.cap or 0):
            return None
    if total > problem.program or external > problem.external_cap:
        return None
    if problem.rpl_cap is not None and rpl > problem.rpl_cap:
        return None
    solution = Solution()
    for u, unit in enumerate(problem.units):
        if unit.eligible and unit.credits > 0:
            solution.placements[u] = [(unit.eligible[0], unit.credits)]
    return _canonical(problem, solution)


def solve(problem: Problem) -> Solution:
    """The optimal placement (see the module docstring for the model)."""
    if not problem.units or not problem.requirements:
        return Solution()
    fast = forced(problem)
    if fast is not None:
        return fast
    return solve_milp(problem)


def solve_milp(problem: Problem) -> Solution:
    """The optimal placement by the MILP, always (`solve` tries `forced` first)."""
    if not problem.units or not problem.requirements:
        return Solution()
    b = _Builder()
    flows = _Flows()
    general = next((i for i, r in enumerate(problem.requirements) if r.kind == "general"), None)
    for u, unit in enumerate(problem.units):
        if unit.divisible:
            _block_unit(b, u, unit, flows)
        else:
            _course_unit(b, problem, u, unit, general, flows)

    received: list[dict[int, float]] = [{} for _ in problem.requirements]
    for _, r, var, weight in flows.applied:
        received[r][var] = received[r].get(var, 0) + weight
    counts: list[dict[int, float]] = [{} for _ in problem.requirements]
    for _, r, chosen in flows.choices:
        counts[r][chosen] = 1
    met: list[int] = []
    for r, spec in enumerate(problem.requirements):
        if spec.kind == "credits" and spec.cap is not None:
            b.row(received[r], -INF, float(spec.cap))
        if spec.kind == "choose" and spec.choose is not None:
            b.row(counts[r], -INF, spec.choose)
        if spec.kind == "general":
            continue
        m = b.var(0, 1, True)
        met.append(m)
        if spec.kind == "courses":
            b.row({m: spec.listed, **{x: -1 for x in counts[r]}}, -INF, 0)
        elif spec.kind == "choose":
            b.row({m: spec.choose or 0, **{x: -1 for x in counts[r]}}, -INF, 0)
        else:
            b.row({m: spec.needed, **{v: -w for v, w in received[r].items()}}, -INF, 0)
    if general is not None:
        _general_room(b, problem, general, received[general], flows)

    total = b.var(0, float(problem.program))
    row = {total: 1.0}
    for _, var, weight in flows.counted:
        row[var] = row.get(var, 0) - weight
    b.row(row, -INF, 0)
    external = _placed_credit(flows, {u for u, s in enumerate(problem.units) if s.external})
    b.row(external, -INF, float(problem.external_cap))
    if problem.rpl_cap is not None:
        rpl = _placed_credit(flows, {u for u, s in enumerate(problem.units) if s.rpl})
        b.row(rpl, -INF, float(problem.rpl_cap))

    first = b.solve({total: 1})
    if first is None:
        return Solution()
    b.row({total: 1}, float(round(float(first[total]))) - 1e-6, INF)
    x = first
    if met and sum(x[m] for m in met) < len(met) - 0.5:  # stage 2 unless all are met
        second = b.solve({m: 1 for m in met})
        if second is not None:
            x = second
    if met:
        b.row({m: 1 for m in met}, float(round(float(sum(x[m] for m in met)))) - 1e-6, INF)
    placed: dict[int, float] = {}
    for _, var, weight in flows.placed:
        placed[var] = placed.get(var, 0) + weight
    in_general: dict[int, float] = {}  # credit in filter or general requirements
    named: dict[int, float] = {}  # credit in requirements (or pairs) that name the course
    for r, spec in enumerate(problem.requirements):
        for v, w in received[r].items():
            shown = (
                named
                if v in flows.paired or (spec.specific and spec.kind != "general")
                else in_general
            )
            shown[v] = shown.get(v, 0) + w
    counted = sum(x[var] * weight for _, var, weight in flows.counted)
    waste = sum(x[v] * w for v, w in placed.items()) - counted
    loose = sum(x[v] * w for v, w in in_general.items())
    pairs_used = any(x[v] > 0.5 for v, _ in flows.saved)
    if (
        pairs_used
        or problem.pairs
        or max(waste, loose, sum(x[v] * w for v, w in external.items())) > 0.5
    ):  # else nothing can improve
        scale = 4 * sum(unit.credits for unit in problem.units) + 1
        third_objective = {v: -w for v, w in placed.items()}
        for v, w in in_general.items():
            third_objective[v] = third_objective.get(v, 0) - w
        for v, w in named.items():  # credit shown where it is named
            third_objective[v] = third_objective.get(v, 0) + w
        for v, w in external.items():
            third_objective[v] = third_objective.get(v, 0) - w * scale
        third = b.solve(third_objective)
        if third is not None:
            x = third
    return _canonical(problem, _read(problem, flows, x))


def _read(problem: Problem, flows: _Flows, x: np.ndarray) -> Solution:
    """Credits applied per unit and requirement (zero when the unit's option is off)."""
    solution = Solution()
    for u, r, var, weight in flows.applied:
        amount = int(round(x[var] * weight))
        if amount > 0:
            solution.placements.setdefault(u, []).append((r, amount))
    for u, spots in solution.placements.items():
        merged: dict[int, int] = {}
        for r, amount in spots:
            merged[r] = merged.get(r, 0) + amount
        solution.placements[u] = sorted(merged.items())
    return solution


def _canonical(problem: Problem, solution: Solution) -> Solution:
    """Give interchangeable units' placements out in sorted (index) order."""
    groups: dict[tuple[object, ...], list[int]] = {}
    for u, unit in enumerate(problem.units):
        key = (unit.credits, unit.divisible, unit.external, unit.rpl, unit.eligible)
        groups.setdefault(key, []).append(u)
    result = Solution()
    for members in groups.values():
        spots = [solution.placements.get(u) for u in members]
        spots.sort(key=lambda s: (s is None, s or []))
        for u, spot in zip(members, spots, strict=True):
            if spot:
                result.placements[u] = spot
    return result
