"""Brute-force oracles for the property tests: the audit and the schedule.

Both are written from the documents (docs/audit-semantics.md, docs/decisions.md and the
model docstring of engine/assignment.py), not from the engine's code, and enumerate
every choice; they are only fit for tiny instances.

The audit's counting rules, in hundredths of a credit:

* a course unit is unplaced, or placed in one requirement that takes it, or in both
  requirements of a `double_count` pair that both take it: each counts what fits there
  (x_i, x_j: all of it in a courses or choose requirement), min(x_i, x_j) is applied
  twice (D) and what neither counts flows on to general credit, so the unit counts at
  most its credits once toward the program;
* a block unit is split among the `credits` requirements (no course pool) whose filters
  it matches and the general requirement; a split is enumerated on the grid of the
  greatest common divisor of every quantity, which is exact (with the course placement
  fixed, the rest is a network flow with capacities on that grid);
* a `choose` requirement takes at most N units;
* requirement r receives R_r; it counts a_r = R_r (courses, choose) or min(R_r, C_r)
  (credits), and a credits requirement's surplus R_r - a_r flows on to general credit;
* general credit counts a_g = min(placed there directly + surplus, max(0, G + D)), where
  G = program credits - nominal credits of every requirement that is not waived, D the
  credits double counting applied twice (decisions.md: "the program's credits minus the
  nominal credits of every requirement that is not waived, plus the credits that double
  counting applied twice"; G may be negative: regression `dc-over-nominal`, 7 - 9 + 2);
* a waived requirement takes no unit and asks for no credit (learner format: "it
  contributes no credits, and the program's total still has to be reached");
* total = min(program credits, sum(a_r) + a_g - D);
* external credits placed (a course unit's whole credits once, a block's placed part)
  stay <= min(share x credits, credits - residency), RPL credits <= max_rpl_credits.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from itertools import combinations
from math import gcd
from typing import Any

from credstack.engine.results import Unit
from credstack.model.prereq import AllOf, AnyOf, Expr, Need

# --- the audit ---------------------------------------------------------------------------


def _h(value: Decimal | str | int) -> int:
    hundredths = Decimal(value) * 100
    assert hundredths == hundredths.to_integral_value(), value
    return int(hundredths)


@dataclass(frozen=True)
class _Req:
    rid: str
    kind: str  # courses | choose | credits
    listed: frozenset[str] | None
    choose: int | None
    cap: int | None  # credits requirement: C_r
    nominal: int
    subjects: frozenset[str] | None
    min_level: int | None
    max_level: int | None

    def takes(self, unit: Unit) -> bool:
        if self.kind in ("courses", "choose") or self.listed is not None:
            return unit.course is not None and unit.course in (self.listed or ())
        if self.subjects is not None and unit.subject not in self.subjects:
            return False
        if self.min_level is not None and unit.level < self.min_level:
            return False
        return self.max_level is None or unit.level <= self.max_level

    def met(self, counted: int, count: int) -> bool:
        if self.kind == "courses":
            return count >= len(self.listed or ())
        if self.kind == "choose":
            return count >= (self.choose or 0)
        return counted >= (self.cap or 0)


@dataclass(frozen=True)
class AuditOptimum:
    total: int  # hundredths: the best total
    met: int  # the most named requirements met among placements reaching `total`
    general: int  # G, hundredths
    external_cap: int
    rpl_cap: int | None


def _requirements(
    data: dict[str, Any], waived: frozenset[str] = frozenset()
) -> tuple[list[_Req], int]:
    credits_of = {c["code"]: _h(c["credits"]) for c in data["course"]}
    program = data["program"][0]
    reqs: list[_Req] = []
    for r in program["requirement"]:
        if r["id"] in waived:
            continue
        listed = frozenset(r["courses"]) if r.get("courses") else None
        if "credits" in r:
            kind, cap = "credits", _h(r["credits"])
            nominal = cap
        else:
            kind = "choose" if "choose" in r else "courses"
            cap = None
            sizes = sorted(credits_of[c] for c in r["courses"])
            nominal = sum(sizes[: r["choose"]]) if kind == "choose" else sum(sizes)
        reqs.append(
            _Req(
                rid=r["id"],
                kind=kind,
                listed=listed,
                choose=r.get("choose"),
                cap=cap,
                nominal=nominal,
                subjects=frozenset(r["subjects"]) if r.get("subjects") else None,
                min_level=r.get("min_level"),
                max_level=r.get("max_level"),
            )
        )
    general = _h(program["credits"]) - sum(r.nominal for r in reqs)
    return reqs, general


def _caps(data: dict[str, Any]) -> tuple[int, int | None]:
    program = data["program"][0]
    policy = data.get("institution") or {}
    credits = Decimal(program["credits"])
    share = Decimal(program.get("max_external_share", policy.get("max_external_share", "0.75")))
    residency = Decimal(program.get("residency_credits", policy.get("residency_credits", "0")))
    external = max(Decimal(0), min(share * credits, credits - residency))
    rpl = policy.get("max_rpl_credits")
    return _h(external), (_h(rpl) if rpl is not None else None)


def _splits(total: int, bins: int, step: int) -> Iterator[tuple[int, ...]]:
    """Every way to put multiples of `step` into `bins` bins, summing to <= total."""
    if bins == 0:
        yield ()
        return
    for first in range(0, total + 1, step):
        for rest in _splits(total - first, bins - 1, step):
            yield (first, *rest)


@dataclass(frozen=True)
class _States:
    """Every distinct end state of the placements (see audit_optimum for the layout)."""

    reqs: list[_Req]
    general: int
    credits: int
    states: set[tuple[int, ...]]
    pairs: frozenset[tuple[int, int]] = frozenset()  # double_count pairs, by index

    def summary(self, s: tuple[int, ...]) -> tuple[int, int, int, int, list[int], list[int]]:
        """(pool, saved D, general credit counted, total, counted per requirement, units
        per requirement) of one end state."""
        n = len(self.reqs)
        counted = list(s[:n])
        counts = list(s[n + 1 : 2 * n + 1])
        saved = s[-3]
        general_applied = min(s[n], max(0, self.general + saved))
        total = min(self.credits, sum(counted) + general_applied - saved)
        return s[n], saved, general_applied, total, counted, counts


def audit_optimum(
    data: dict[str, Any], units: Sequence[Unit], waived: frozenset[str] = frozenset()
) -> AuditOptimum:
    """The best total over every placement, and the most requirements met at that total."""
    found = _end_states(data, units, waived)
    best = (-1, -1)
    for s in found.states:
        _, _, _, total, counted, counts = found.summary(s)
        met = sum(1 for r, got, c in zip(found.reqs, counted, counts, strict=True) if r.met(got, c))
        best = max(best, (total, met))
    external_cap, rpl_cap = _caps(data)
    return AuditOptimum(best[0], best[1], found.general, external_cap, rpl_cap)


def completion_deficit(
    data: dict[str, Any], units: Sequence[Unit], waived: frozenset[str] = frozenset()
) -> int | None:
    """The fewest elective credits (hundredths) that complete the program on top of
    `units`, or None when no electives can (a `courses` or `choose` requirement is short).

    Complete: every requirement that is not waived is met and the program's credits are
    reached. Electives are slots of any subject and level (semantics §3: "elective slots
    (subject and level as the filter says)"), internal, so no cap limits them: in an end
    state, each `credits` requirement needs C_r - a_r of them, and general credit what is
    still short of the program's credits, within its capacity max(0, G + D). An elective
    may count in both `credits` requirements of a double_count pair, as a course that
    matches both would: the pair's smaller shortfall is then bought once (and counted
    twice, so D grows by it).
    """
    found = _end_states(data, units, waived)
    best: int | None = None
    for s in found.states:
        pool, saved, _, _, counted, counts = found.summary(s)
        if any(
            r.kind != "credits" and not r.met(got, c)
            for r, got, c in zip(found.reqs, counted, counts, strict=True)
        ):
            continue
        filled = sum(
            (r.cap or 0) if r.kind == "credits" else got
            for r, got in zip(found.reqs, counted, strict=True)
        )
        short = [
            (r.cap or 0) - got if r.kind == "credits" else 0
            for r, got in zip(found.reqs, counted, strict=True)
        ]
        electives = sum(short)
        for i, j in sorted(found.pairs):
            both = min(short[i], short[j])
            short[i] -= both
            short[j] -= both
            electives -= both
            saved += both
        room = max(0, found.general + saved)
        needed_general = found.credits + saved - filled  # general credit that must count
        if needed_general > room:
            continue
        electives += max(0, needed_general - min(pool, room))
        best = electives if best is None else min(best, electives)
    return best


def _end_states(data: dict[str, Any], units: Sequence[Unit], waived: frozenset[str]) -> _States:
    reqs, general = _requirements(data, waived)
    external_cap, rpl_cap = _caps(data)
    program = data["program"][0]
    credits = _h(program["credits"])
    n = len(reqs)
    gi = n  # index of general credit in R
    ids = [r.rid for r in reqs]
    pairs = {
        tuple(sorted((ids.index(a), ids.index(b))))
        for a, b in program.get("double_count", [])
        if a in ids and b in ids and a != b
    }
    quantities = [credits, general, external_cap, *(r.cap or 0 for r in reqs)]
    quantities += [_h(u.credits) for u in units]
    if rpl_cap is not None:
        quantities.append(rpl_cap)
    step = 0
    for q in quantities:
        step = gcd(step, q)
    step = step or 100

    # A state keeps only what the final count depends on, so equal states are merged:
    # counted credits per requirement (a credits requirement's min(R_r, C_r)), the pool
    # bound for general credit (placed there directly + every credits requirement's
    # surplus R_r - C_r), units per requirement, D, external and RPL credits placed.
    # Adding x to a credits requirement at a_r: a_r' = min(a_r + x, C_r), and the pool
    # takes the rest; that is exactly min(R_r, C_r) and R_r - min(R_r, C_r) of R_r + x.
    pool = n
    start = (0,) * (n + 1) + (0,) * n + (0, 0, 0)
    states = {start}

    def add(s: list[int], i: int, amount: int) -> None:
        if i == gi:
            s[pool] += amount
            return
        cap = reqs[i].cap
        if cap is None:
            s[i] += amount
        else:
            counted = min(s[i] + amount, cap)
            s[pool] += s[i] + amount - counted
            s[i] = counted

    def pair_in(s: list[int], pair: tuple[int, ...], amount: int) -> None:
        """A course in both requirements of a pair: each counts what fits (x_i, x_j); the
        credits applied twice are min(x_i, x_j) (D), and what neither counts flows on to
        general credit as surplus, so the unit counts at most its credits once."""
        fits = []
        for i in pair:
            cap = reqs[i].cap
            fits.append(amount if cap is None else min(amount, cap - s[i]))
        for i, x in zip(pair, fits, strict=True):
            s[i] += x
            s[n + 1 + i] += 1
        s[-3] += min(fits)
        s[pool] += amount - max(fits)

    for unit in units:
        credit = _h(unit.credits)
        ext = credit if unit.basis != "internal" else 0
        rp = credit if unit.basis == "rpl" else 0
        eligible = [i for i, r in enumerate(reqs) if r.takes(unit)]
        new: set[tuple[int, ...]] = set()
        if unit.course is not None:
            options: list[tuple[int, ...]] = [()]
            options += [(i,) for i in eligible] + [(gi,)]
            options += [p for p in pairs if p[0] in eligible and p[1] in eligible]
            for state in states:
                for option in options:
                    s = list(state)
                    if len(option) == 2:
                        pair_in(s, option, credit)
                    for i in option if len(option) == 1 else ():
                        add(s, i, credit)
                        if i < n:
                            s[n + 1 + i] += 1
                    if option:
                        s[-2] += ext
                        s[-1] += rp
                    if s[-2] > external_cap or (rpl_cap is not None and s[-1] > rpl_cap):
                        continue
                    if any(
                        r.kind == "choose" and s[n + 1 + i] > (r.choose or 0)
                        for i, r in enumerate(reqs)
                    ):
                        continue
                    new.add(tuple(s))
        else:
            bins = [i for i in eligible if reqs[i].kind == "credits"] + [gi]
            splits = list(_splits(credit, len(bins), step))
            for state in states:
                for split in splits:
                    s = list(state)
                    placed = sum(split)
                    for i, amount in zip(bins, split, strict=True):
                        add(s, i, amount)
                    if unit.basis != "internal":
                        s[-2] += placed
                    if unit.basis == "rpl":
                        s[-1] += placed
                    if s[-2] > external_cap or (rpl_cap is not None and s[-1] > rpl_cap):
                        continue
                    new.add(tuple(s))
        states = new
    return _States(reqs, general, credits, states, frozenset(pairs))  # type: ignore[arg-type]


# --- the schedule ------------------------------------------------------------------------


def holds(expr: Expr, complete: Callable[[str], bool]) -> bool:
    """An expression evaluator of its own (not credstack.model.prereq.satisfied)."""
    if expr is None:
        return True
    if isinstance(expr, Need):
        return complete(expr.code)
    if isinstance(expr, AllOf):
        return all(holds(p, complete) for p in expr.parts)
    assert isinstance(expr, AnyOf)
    return any(holds(p, complete) for p in expr.parts)


@dataclass(frozen=True)
class Job:
    """What the oracle knows of an item: its code, credits, rules and offering."""

    key: str
    credits: int
    requires: Expr
    corequires: Expr
    offered: frozenset[str] | None


def _done(keys: set[str], done: frozenset[str]) -> Callable[[str], bool]:
    return lambda code: code in keys or code in done


def _subsets(candidates: Sequence[int]) -> Iterator[tuple[int, ...]]:
    for size in range(1, len(candidates) + 1):
        yield from combinations(candidates, size)


def _term_ok(
    jobs: Sequence[Job],
    chosen: Sequence[int],
    name: str,
    capacity: int,
    before: set[str],
    done: frozenset[str],
    maximum: int | None = None,
) -> bool:
    """Whether `chosen` may be taken together in one term after `before`.

    With `maximum` (the term's max_credits), one item over the load may be taken alone
    within it (decisions.md: "a course larger than the learner's load").
    """
    load = sum(jobs[i].credits for i in chosen)
    alone = maximum is not None and len(chosen) == 1 and load <= maximum
    if load > capacity and not alone:
        return False
    same = before | {jobs[i].key for i in chosen}
    for i in chosen:
        job = jobs[i]
        if job.offered is not None and name not in job.offered:
            return False
        if not holds(job.requires, _done(before, done)):
            return False
        if not holds(job.corequires, _done(same, done)):
            return False
    return True


def reachable(
    jobs: Sequence[Job], slots: Sequence[tuple[str, int]], done: frozenset[str]
) -> set[int]:
    """Every job that some schedule over unlimited repetitions of the calendar can take.

    The set of jobs some schedule reaches is closed under union (do one schedule, then
    the other's remaining jobs), so a fixpoint over single feasible term loads finds it.
    """
    names = list(dict.fromkeys(slots))
    taken: set[int] = set()
    changed = True
    while changed:
        changed = False
        keys = {jobs[i].key for i in taken}
        for name, capacity in names:
            candidates = [
                i
                for i, job in enumerate(jobs)
                if i not in taken
                and (job.offered is None or name in job.offered)
                and job.credits <= capacity
                and holds(job.requires, _done(keys, done))
            ]
            for chosen in _subsets(candidates):
                if not set(chosen) <= taken and _term_ok(jobs, chosen, name, capacity, keys, done):
                    taken |= set(chosen)
                    changed = True
    return taken


def fewest_terms(
    jobs: Sequence[Job],
    slots: Sequence[tuple[str, int]],
    done: frozenset[str],
    wanted: set[int],
    horizon: int,
    maximums: Sequence[int] | None = None,
) -> int | None:
    """The fewest leading slots that can take every job in `wanted`, up to `horizon`.

    `maximums` (each slot's term max_credits) lets one item over the load go alone.
    """
    if not wanted:
        return 0
    full = frozenset(wanted)
    frontier: set[frozenset[int]] = {frozenset()}
    for t in range(min(horizon, len(slots))):
        name, capacity = slots[t]
        maximum = maximums[t] if maximums is not None else None
        limit = max(capacity, maximum or 0)
        nxt: set[frozenset[int]] = set()
        for mask in frontier:
            keys = {jobs[i].key for i in mask}
            nxt.add(mask)  # an empty term
            candidates = [
                i
                for i in sorted(full - mask)
                if (jobs[i].offered is None or name in jobs[i].offered)
                and jobs[i].credits <= limit
                and holds(jobs[i].requires, _done(keys, done))
            ]
            for chosen in _subsets(candidates):
                if _term_ok(jobs, chosen, name, capacity, keys, done, maximum):
                    new = mask | frozenset(chosen)
                    if new == full:
                        return t + 1
                    nxt.add(new)
        frontier = nxt
    return None


def check_schedule(
    jobs: Sequence[Job],
    slots: Sequence[tuple[str, int]],
    done: frozenset[str],
    terms: Sequence[Sequence[int]],
) -> list[str]:
    """Every rule the schedule breaks (empty when it is valid)."""
    problems: list[str] = []
    before: set[str] = set()
    seen: set[int] = set()
    if len(terms) > len(slots):
        problems.append(f"{len(terms)} terms but only {len(slots)} slots")
        return problems
    for t, chosen in enumerate(terms):
        name, capacity = slots[t]
        same = before | {jobs[i].key for i in chosen}
        load = sum(jobs[i].credits for i in chosen)
        if load > capacity:
            problems.append(f"term {t} ({name}) carries {load} > capacity {capacity}")
        for i in chosen:
            job = jobs[i]
            if i in seen:
                problems.append(f"{job.key} is scheduled twice")
            seen.add(i)
            if job.offered is not None and name not in job.offered:
                problems.append(f"{job.key} in term {t} ({name}) but offered {set(job.offered)}")
            if not holds(job.requires, _done(before, done)):
                problems.append(f"{job.key} in term {t}: prerequisite {job.requires} not met")
            if not holds(job.corequires, _done(same, done)):
                problems.append(f"{job.key} in term {t}: corequisite {job.corequires} not met")
        before = same
    return problems
