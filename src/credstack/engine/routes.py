"""Transfer routes: which feeder items to take first, and where, to reach a goal cheapest
or soonest (docs/routes.md).

For a learner and a goal P at institution B, the feeders are the issuers whose items some
rule of B names (`via` restricts them). A route is a set of feeder items, taken first (per
feeder, in that feeder's calendar, with its prerequisites, offerings and the learner's
load: the scheduler of engine/schedule.py), then the rest of P at B: the learner, with the
route's items held from the end of the feeder phase, is evaluated again by
engine/evaluate.py, so B's transfer caps, residency, recency and double counting apply as
in every audit.

Candidates: the feeder items of B's rules that could still give P something (a rule whose
grant is not yet recognised and that an open requirement of P takes), never a current held
item (an expired held credential is a renewal). Search: every subset of the candidates
when there are at most EXACT_ITEMS of them ("optimal"); beyond that, a greedy search that
adds whole rules and then drops items, within EVALUATION_BUDGET routes ("bounded", with a
cost no route can go below).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from decimal import Decimal
from itertools import combinations

from credstack.engine.audit import requirement_rules
from credstack.engine.calendar import DEFAULT_TERMS, attended_terms, local_attendance, start_date
from credstack.engine.evaluate import as_of_date, evaluate
from credstack.engine.grades import GRADE_POINTS
from credstack.engine.recognise import rule_units
from credstack.engine.results import Assignment, PlannedTerm, ProgramResult, Unit
from credstack.engine.roles import NOT_ENROLLABLE, current_held
from credstack.engine.route_results import (
    Objective,
    Route,
    RouteItem,
    RouteKind,
    RoutePhase,
    RouteResult,
    RouteSearch,
)
from credstack.engine.schedule import Item, Slot, schedule
from credstack.model.catalogue import Articulation, Institution
from credstack.model.learner import Held, LearnerFile
from credstack.model.prereq import AllOf, AnyOf, Expr, Need, satisfied
from credstack.model.refs import make_ref, split_ref
from credstack.model.region import LoadedCatalogue, Region

EXACT_ITEMS = 12  # every subset of at most 2**12 candidates is evaluated
EVALUATION_BUDGET = 30  # routes a bounded search evaluates at most
PARETO_MAX = 5
HUNDRED = Decimal(100)
HORIZON = 60  # attended feeder terms searched at most
FEEDER_EXACT = 10  # feeder phases of more items are list-scheduled (engine/schedule.py)


# ------------------------------------------------------------------ the feeder side


@dataclass(frozen=True)
class _Rule:
    """A rule of B a route can meet: the feeder items it still needs bought."""

    rule: Articulation
    needs: frozenset[str]  # feeder refs not held current


@dataclass(frozen=True)
class _Phase:
    """The feeder phase: every chosen feeder item in one schedule (the learner's load is
    shared), one RoutePhase per feeder."""

    phases: tuple[RoutePhase, ...]
    term_count: int  # attended terms from the start to the last one used
    taken: tuple[tuple[str, str | None], ...]  # (course or credential ref, term label)
    held: tuple[str, ...]  # refs to add as held (credentials, and courses outside them)
    last: tuple[int, int] | None  # (year, month) of the last term with something in it


def _grade_for(region: Region, goal_issuer: str, ref: str) -> str:
    """The grade a route assumes for `ref`: the strictest minimum B's rules naming it
    (or a course inside it) ask, else a pass."""
    loaded = region.get(goal_issuer)
    if loaded is None:
        return "P"
    names = {ref}
    credential = region.credential(ref)
    if credential is not None:
        issuer, _ = split_ref(ref)
        names |= {make_ref(*split_ref(c, issuer)) for c in credential.courses}
    wanted = [
        rule.min_grade
        for rule in loaded.rules_naming(names)
        if rule.min_grade is not None and rule.min_grade != "P"
    ]
    return max(wanted, key=lambda g: GRADE_POINTS[g]) if wanted else "P"


def _closure(loaded: LoadedCatalogue, codes: set[str], done: frozenset[str]) -> set[str]:
    """`codes` and the courses their prerequisites and corequisites still need at the
    feeder: a need met by what is done or planned adds nothing; of the branches of an
    unmet "or", the one of fewest credits (then codes) is taken."""
    plan = set(codes)
    home = loaded.issuer.id

    def local(name: str) -> str | None:
        issuer, code = split_ref(name, home)
        return code if issuer == home and code in loaded.courses else None

    def met(name: str) -> bool:
        code = local(name)
        return code is None or code in plan or code in done

    def need(expr: Expr) -> set[str]:
        if expr is None or satisfied(expr, met):
            return set()
        if isinstance(expr, Need):
            code = local(expr.code)
            return {code} if code is not None else set()
        if isinstance(expr, AllOf):
            return set().union(*(need(part) for part in expr.parts))
        assert isinstance(expr, AnyOf)
        options = [need(part) for part in expr.parts]
        return min(
            options,
            key=lambda s: (sum((loaded.courses[c].credits for c in s), Decimal(0)), sorted(s)),
        )

    queue = sorted(plan)
    while queue:
        code = queue.pop()
        for expr in (loaded.requires.get(code), loaded.corequires.get(code)):
            for extra in sorted(need(expr) - plan):
                plan.add(extra)
                queue.append(extra)
    return plan


def _full_expr(expr: Expr, home: str) -> Expr:
    """A prerequisite expression with every reference made full ("issuer:CODE")."""
    if expr is None:
        return None
    if isinstance(expr, Need):
        return Need(make_ref(*split_ref(expr.code, home)))
    parts = tuple(_full_expr(p, home) for p in expr.parts)
    return AllOf(parts) if isinstance(expr, AllOf) else AnyOf(parts)


class _Feeders:
    """Scheduling and costing the feeder phase of a route."""

    def __init__(
        self, region: Region, learner: LearnerFile, goal_issuer: str, done: frozenset[str]
    ) -> None:
        self.region = region
        self.learner = learner
        goal = region.get(goal_issuer)
        assert goal is not None
        self.goal = goal
        self.done = done  # current held refs (courses inside credentials included)
        self.memo: dict[tuple[frozenset[str], dt.date], _Phase | None] = {}

    def phase(self, refs: frozenset[str], begin: dt.date) -> _Phase | None:
        key = (refs, begin)
        if key not in self.memo:
            self.memo[key] = self._phase(refs, begin)
        return self.memo[key]

    def calendar(self, feeders: list[str]) -> tuple[Institution, str]:
        """The calendar the feeder phase runs in (and whose credits the load is in): the
        first chosen feeder that is an institution, else the goal's institution."""
        for feeder in feeders:
            loaded = self.region.get(feeder)
            if loaded is not None and loaded.catalogue.institution is not None:
                return loaded.catalogue.institution, feeder
        return self.goal.catalogue.institution or Institution(), self.goal.issuer.id

    def _phase(self, refs: frozenset[str], begin: dt.date) -> _Phase | None:
        """The items in the fewest terms from `begin`, with each feeder's cost; None when
        some item cannot be scheduled."""
        feeders = sorted({split_ref(r)[0] for r in refs})
        calendar, whose = self.calendar(feeders)
        who = local_attendance(self.region, self.learner.learner, whose)
        slots = list(attended_terms(calendar, who, begin, HORIZON))
        items: list[Item] = []
        owners: list[str] = []  # the feeder each item is taken at
        price: dict[str, Decimal] = {f: Decimal(0) for f in feeders}
        taught: dict[str, set[str]] = {}  # feeder -> course codes taken there
        covered: dict[str, set[str]] = {}  # feeder -> courses a priced credential pays for
        inside: dict[str, set[str]] = {}  # credential ref -> its course refs taken
        held: set[str] = set()
        for feeder in feeders:
            loaded = self.region.get(feeder)
            assert loaded is not None
            institution = loaded.catalogue.institution
            done = frozenset(split_ref(r)[1] for r in self.done if split_ref(r)[0] == feeder)
            codes: set[str] = set()
            for ref in sorted(r for r in refs if split_ref(r)[0] == feeder):
                _, name = split_ref(ref)
                credential = loaded.credentials.get(name)
                if credential is None:
                    if name in loaded.courses:
                        codes.add(name)
                    continue
                held.add(ref)
                inner = {split_ref(c, feeder)[1] for c in credential.courses}
                inner = {c for c in inner if c in loaded.courses} - done
                if credential.price is not None:
                    price[feeder] += credential.price
                    covered.setdefault(feeder, set()).update(inner)
                if inner and institution is not None:
                    inside[ref] = {make_ref(feeder, c) for c in inner}
                    codes |= inner
                else:
                    items.append(Item(key=ref, credits=self._credits(loaded, name)))
                    owners.append(feeder)
            codes = _closure(loaded, codes, done) - done
            taught[feeder] = codes
            for code in sorted(codes):
                course = loaded.courses[code]
                items.append(
                    Item(
                        key=make_ref(feeder, code),
                        credits=int(course.credits * HUNDRED),
                        requires=_full_expr(loaded.requires.get(code), feeder),
                        corequires=_full_expr(loaded.corequires.get(code), feeder),
                        offered=frozenset(course.offered) if course.offered else None,
                    )
                )
                owners.append(feeder)
        capacity = [
            Slot(s.name, int(s.capacity * HUNDRED), int(s.maximum * HUNDRED)) for s in slots
        ]
        result = schedule(
            items, capacity, self.done, exact_limit=FEEDER_EXACT, exact_fallback=False
        )
        if result.unschedulable:
            return None
        months = {t.name: t.starts for t in (calendar.ordered_terms() or list(DEFAULT_TERMS))}
        term_of: dict[str, str] = {}
        index_of: dict[str, int] = {}
        last: tuple[int, int] | None = None
        per: dict[str, list[PlannedTerm]] = {f: [] for f in feeders}
        for index, chosen in enumerate(result.terms):
            slot = slots[index]
            for feeder in feeders:
                mine = [i for i in chosen if owners[i] == feeder]
                keys = tuple(items[i].key for i in mine)
                credits = sum((Decimal(items[i].credits) / HUNDRED for i in mine), Decimal(0))
                per[feeder].append(PlannedTerm(slot.label, keys, credits))
            for i in chosen:
                term_of[items[i].key] = slot.label
                index_of[items[i].key] = index
            if chosen:
                last = (slot.year, months[slot.name])
        for ref, courses in inside.items():
            latest = max(courses, key=lambda c: index_of[c])
            term_of[ref] = term_of[latest]
        phases: list[RoutePhase] = []
        for feeder in feeders:
            loaded = self.region.get(feeder)
            assert loaded is not None
            institution = loaded.catalogue.institution
            rate = institution.tuition_per_credit if institution else Decimal(0)
            paid = taught[feeder] - covered.get(feeder, set())
            tuition = price[feeder] + rate * sum(
                (loaded.courses[c].credits for c in paid), Decimal(0)
            )
            terms = per[feeder]
            while terms and not terms[-1].courses:
                terms.pop()
            busy = sum(1 for t in terms if t.courses)
            fees = (institution.fees_per_term if institution else Decimal(0)) * busy
            phases.append(
                RoutePhase(
                    institution=feeder,
                    name=loaded.issuer.name,
                    terms=tuple(terms),
                    term_count=len(terms),
                    tuition=tuition,
                    fees=fees,
                    cost=tuition + fees,
                    finish=terms[-1].label if terms else None,
                )
            )
        in_credentials = set().union(*inside.values()) if inside else set()
        held |= {make_ref(f, c) for f, codes in taught.items() for c in codes} - in_credentials
        return _Phase(
            tuple(phases),
            len(result.terms),
            tuple(sorted(term_of.items())),
            tuple(sorted(held)),
            last,
        )

    def _credits(self, loaded: LoadedCatalogue, name: str) -> int:
        """A credential taken on its own in the load (hundredths of the calendar's
        credits): its credits when an institution awards it, else its hours over the
        goal's hours per credit, else its credits, else nothing."""
        credential = loaded.credentials[name]
        if credential.credits is not None and loaded.catalogue.institution is not None:
            return int(credential.credits * HUNDRED)
        per_credit = self.goal.issuer.effective_hours_per_credit()
        if credential.hours is not None and per_credit:
            return int(credential.hours / per_credit * HUNDRED)
        if credential.credits is not None:
            return int(credential.credits * HUNDRED)
        return 0


# ------------------------------------------------------------------ the search


class RouteFinder:
    """Routes for one learner and goal: candidates, evaluation of one set, the search."""

    def __init__(
        self,
        region: Region,
        learner: LearnerFile,
        goal: str,
        via: Iterable[str] = (),
        today: dt.date | None = None,
    ) -> None:
        issuer, _ = split_ref(goal)
        loaded = region.get(issuer)
        program = region.program(goal)
        if loaded is None or program is None:
            raise KeyError(goal)
        self.region = region
        self.learner = learner
        self.goal = goal
        self.home = loaded
        self.program = program
        self.today = today
        self.as_of = as_of_date(learner, today)
        current, expired = current_held(region, learner, self.as_of)
        self.current = current | {
            make_ref(*split_ref(c, split_ref(ref)[0]))
            for ref in current
            if (cred := region.credential(ref)) is not None
            for c in cred.courses
        }
        self.expired = expired
        self.begin = start_date(learner.learner, region, self.as_of)
        self.base = evaluate(region, learner, goal, today)
        self.currency = loaded.issuer.currency
        wanted = set(via)
        self.feeders = tuple(
            sorted(
                f
                for f in {split_ref(ref)[0] for ref in loaded.rules_from}
                if f != issuer and (not wanted or f in wanted) and f in region
            )
        )
        self.notes: list[str] = []
        for f in self.feeders:
            other = region.get(f)
            if other is not None and other.issuer.currency != self.currency:
                self.notes.append(
                    f"{f} prices in {other.issuer.currency}, not {self.currency}: "
                    "left out (no exchange rates are assumed)"
                )
        self.feeders = tuple(
            f for f in self.feeders if (o := region.get(f)) and o.issuer.currency == self.currency
        )
        self.rules, self.considered = self._useful_rules()
        self.candidates = tuple(sorted(set().union(*(r.needs for r in self.rules))))
        self.phases = _Feeders(region, learner, issuer, frozenset(self.current))
        self.goal_memo: dict[tuple[frozenset[str], str | None], ProgramResult] = {}
        self.routes: dict[frozenset[str], Route] = {}

    # -- candidates --------------------------------------------------------------------
    def _enrollable(self, ref: str) -> bool:
        credential = self.region.credential(ref)
        if credential is not None:
            return credential.type not in NOT_ENROLLABLE
        return self.region.course(ref) is not None

    def _useful_rules(self) -> tuple[list[_Rule], int]:
        """B's rules a route could meet that would give the goal something more, and how
        many feeder items B's rules name in all."""
        home = self.home.issuer.id
        confirmed = self.base.confirmed.audit
        recognised = {u.key for u in self.base.recognition.units if u.basis != "rpl"}
        waived = {r.id for r in confirmed.requirements if r.status == "waived"}
        rules, _ = requirement_rules(self.program, self.home, waived)
        open_ids = {r.id for r in confirmed.requirements if r.status in ("open", "partial")}
        # A requirement is worth a grant when it is open, or when a unit placed in it could
        # move to an open one (the new unit takes its place: the audit's exchange).
        placed = {a.unit.key: a.unit for a in confirmed.assignments}
        movable = {
            a.requirement
            for a in confirmed.assignments
            if any(r.id in open_ids and r.takes(placed[a.unit.key]) for r in rules)
        }
        takers = [rule for rule in rules if rule.id in open_ids or rule.id in movable]
        considered = {ref for ref in self.home.rules_from if split_ref(ref)[0] in self.feeders}
        useful: list[_Rule] = []
        for rule in self.home.catalogue.articulation:
            names = [self.region.resolve(item, home) for item in rule.from_]
            needs = frozenset(n for n in names if n not in self.current)
            if not needs or any(
                split_ref(n)[0] not in self.feeders or not self._enrollable(n) for n in needs
            ):
                continue
            if rule.valid_until is not None and rule.valid_until < self.begin:
                continue
            units = self._grants(rule)
            if not any(u.key not in recognised and any(t.takes(u) for t in takers) for u in units):
                continue
            useful.append(_Rule(rule, needs))
        return useful, len(considered)

    def _grants(self, rule: Articulation) -> list[Unit]:
        return rule_units(rule, self.home, ())

    def grants_of(self, rule: _Rule) -> list[Unit]:
        """What a rule grants the goal that is not recognised yet."""
        recognised = {u.key for u in self.base.recognition.units if u.basis != "rpl"}
        return [u for u in self._grants(rule.rule) if u.key not in recognised]

    def estimate(self, rule: _Rule) -> Decimal:
        """A rule's estimated saving (to rank rules in a bounded search): the goal's tuition
        for the credits it grants that are not yet recognised, less the price of the items
        it needs."""
        policy = self.home.catalogue.institution or Institution()
        credits = sum((u.credits for u in self.grants_of(rule)), Decimal(0))
        price = Decimal(0)
        for ref in rule.needs:
            issuer, name = split_ref(ref)
            loaded = self.region.get(issuer)
            if loaded is not None and (name in loaded.courses or name in loaded.credentials):
                price += self._price(loaded, name)
        return credits * policy.tuition_per_credit - price

    # -- one route ---------------------------------------------------------------------
    def evaluate_set(
        self, refs: Iterable[str], label: str = "", kind: RouteKind = "route"
    ) -> Route:
        """The route that takes `refs` (feeder items) first, then the rest of the goal."""
        chosen = frozenset(refs)
        if chosen in self.routes and not label:
            return self.routes[chosen]
        route = self._route(chosen, label or "Route", kind)
        if not label:
            self.routes[chosen] = route
        return route

    def _route(self, chosen: frozenset[str], label: str, kind: RouteKind) -> Route:
        begin = self.begin
        phase = self.phases.phase(chosen, begin) if chosen else None
        if phase is not None and phase.last is not None:
            year, month = phase.last
            begin = dt.date(year + (month == 12), month % 12 + 1, 1)
        return self._finish(chosen, phase, begin, bool(chosen) and phase is None, label, kind)

    def _goal_after(self, held: tuple[str, ...], begin: dt.date) -> ProgramResult:
        """The goal evaluated with `held` added (earned the day before `begin`), starting
        at the goal's first attended term from `begin`."""
        start = None
        if held:
            policy = self.home.catalogue.institution or Institution()
            who = local_attendance(self.region, self.learner.learner, self.home.issuer.id)
            first = next(attended_terms(policy, who, begin, 1))
            start = first.label
        key = (frozenset(held), start)
        if key not in self.goal_memo:
            learner = self.learner
            if held:
                earned = begin - dt.timedelta(days=1)
                home = self.home.issuer.id
                extra = [
                    Held(ref=ref, earned=earned, grade=_grade_for(self.region, home, ref))  # type: ignore[arg-type]
                    for ref in held
                ]
                info = learner.learner.model_copy(update={"start": start})
                learner = learner.model_copy(
                    update={"held": [*learner.held, *extra], "learner": info}
                )
            self.goal_memo[key] = evaluate(
                self.region, learner, self.goal, self.today, confirmed_only=True
            )
        return self.goal_memo[key]

    def _finish(
        self,
        chosen: frozenset[str],
        phase: _Phase | None,
        begin: dt.date,
        stuck: bool,
        label: str,
        kind: RouteKind,
    ) -> Route:
        held = phase.held if phase is not None else ()
        result = self.base if not chosen else self._goal_after(held, begin)
        plan, audit = result.confirmed.plan, result.confirmed.audit
        goal_phase = RoutePhase(
            institution=self.home.issuer.id,
            name=self.home.issuer.name,
            terms=plan.terms,
            term_count=plan.term_count,
            tuition=plan.tuition,
            fees=plan.fees + plan.assessment_fees,
            cost=plan.cost,
            finish=plan.finish,
        )
        feeder_phases = phase.phases if phase is not None else ()
        all_phases = (*feeder_phases, goal_phase)
        cost = sum((p.cost for p in all_phases), Decimal(0))
        bought = {r for r, _ in phase.taken} if phase is not None else set()
        transferred = sum(
            (a.credits for a in audit.assignments if any(s in bought for s in a.unit.sources)),
            Decimal(0),
        )
        items = self._items(chosen, phase, audit.assignments)
        finish = None if stuck else plan.finish
        route = Route(
            label=label,
            kind=kind,
            items=items,
            phases=all_phases,
            cost=cost,
            terms=(phase.term_count if phase is not None else 0) + plan.term_count,
            finish=finish,
            transferred=transferred,
            applied=audit.applied,
            remaining=audit.remaining,
            explanation="",
            meets_budget=True,
            meets_by=True,
        )
        return replace(route, explanation=self._explain(route))

    def _items(
        self, chosen: frozenset[str], phase: _Phase | None, assignments: tuple[Assignment, ...]
    ) -> tuple[RouteItem, ...]:
        reasons: dict[str, list[str]] = {}
        for a in assignments:
            for source in a.unit.sources:
                via = a.unit.via or a.unit.basis
                reasons.setdefault(source, []).append(
                    f"{a.requirement} via {via}: {a.unit.key} ({_num(a.credits)} cr)"
                )
        found: list[RouteItem] = []
        terms = dict(phase.taken) if phase is not None else {}
        for ref in sorted(terms):
            issuer, name = split_ref(ref)
            loaded = self.region.get(issuer)
            assert loaded is not None
            credential = loaded.credentials.get(name)
            course = loaded.courses.get(name)
            if ref not in chosen and not (course and self._outside_credentials(ref, chosen)):
                continue
            kind = "credential" if credential else ("course" if ref in chosen else "prerequisite")
            why = reasons.get(ref, [])
            if not why:
                why = (
                    [f"a prerequisite at {loaded.issuer.name}"]
                    if kind == "prerequisite"
                    else [f"not counted at {self.home.issuer.name} (a cap, or no room left)"]
                )
            found.append(
                RouteItem(
                    ref=ref,
                    title=credential.title if credential else (course.title if course else ref),
                    kind=kind,  # type: ignore[arg-type]
                    issuer=issuer,
                    price=self._price(loaded, name),
                    renewal=ref in self.expired,
                    term=terms[ref],
                    reasons=tuple(dict.fromkeys(why)),
                )
            )
        return tuple(found)

    def _outside_credentials(self, ref: str, chosen: frozenset[str]) -> bool:
        """Whether a course taken is not one of a chosen credential's (a prerequisite)."""
        issuer, code = split_ref(ref)
        for other in chosen:
            cred = self.region.credential(other)
            if cred is not None and split_ref(other)[0] == issuer:
                if code in {split_ref(c, issuer)[1] for c in cred.courses}:
                    return False
        return True

    def _price(self, loaded: LoadedCatalogue, name: str) -> Decimal:
        credential = loaded.credentials.get(name)
        if credential is not None and credential.price is not None:
            return credential.price
        policy = loaded.catalogue.institution
        rate = policy.tuition_per_credit if policy else Decimal(0)
        if credential is not None:
            issuer = loaded.issuer.id
            codes = {split_ref(c, issuer)[1] for c in credential.courses}
            return (
                sum((loaded.courses[c].credits for c in codes if c in loaded.courses), Decimal(0))
                * rate
            )
        return loaded.courses[name].credits * rate

    def _explain(self, route: Route) -> str:
        base = self.base.confirmed.plan
        if not route.items:
            return f"Nothing more at a feeder: the rest at {self.home.issuer.name}."
        places = ", ".join(p.name for p in route.phases[:-1])
        saving = base.cost - route.cost
        text = (
            f"Take {len(route.items)} item{'s' if len(route.items) != 1 else ''} at {places} "
            f"first ({_num(route.transferred)} credits transfer), then the rest at "
            f"{self.home.issuer.name}"
        )
        if route.finish is None:
            return text + "; the goal is not completed."
        if saving > 0:
            text += f"; {self.currency} {saving:,.2f} less than all at {self.home.issuer.name}"
        elif saving < 0:
            text += f"; {self.currency} {-saving:,.2f} more than all at {self.home.issuer.name}"
        if base.finish and route.finish:
            diff = self.finish_key(route.finish) > self.finish_key(base.finish)
            same = route.finish == base.finish
            text += ", same finish" if same else (", later finish" if diff else ", sooner finish")
        return text + "."

    # -- order -------------------------------------------------------------------------
    def finish_key(self, finish: str | None) -> tuple[int, int]:
        """(year, month) of a goal term label; a route that does not finish sorts last."""
        if finish is None:
            return (10**6, 0)
        year, name = finish.split(" ", 1)
        policy = self.home.catalogue.institution or Institution()
        months = {t.name: t.starts for t in (policy.ordered_terms() or list(DEFAULT_TERMS))}
        return (int(year), months.get(name, 0))

    def key(self, route: Route, optimise: Objective) -> tuple[object, ...]:
        finish = self.finish_key(route.finish)
        items = (len(route.items), tuple(i.ref for i in route.items))
        if optimise == "time":
            return (not route.finishes, finish, route.cost, *items)
        return (not route.finishes, route.cost, finish, *items)


def _num(value: Decimal) -> str:
    text = f"{value.quantize(Decimal('0.01')):f}".rstrip("0").rstrip(".")
    return text or "0"


def _subsets(items: tuple[str, ...]) -> Iterable[frozenset[str]]:
    for size in range(len(items) + 1):
        for combo in combinations(items, size):
            yield frozenset(combo)


def _feasible(
    finder: RouteFinder, route: Route, budget: Decimal | None, by: tuple[int, int] | None
) -> Route:
    meets_budget = budget is None or route.cost <= budget
    meets_by = by is None or (route.finishes and finder.finish_key(route.finish) <= by)
    return replace(route, meets_budget=meets_budget, meets_by=meets_by)


def _pareto(finder: RouteFinder, routes: list[Route]) -> tuple[Route, ...]:
    """Routes no other beats on both cost and finish (finishing ones), cheapest first."""
    done = [r for r in routes if r.finishes and r.meets_budget and r.meets_by]
    done.sort(key=lambda r: finder.key(r, "cost"))
    front: list[Route] = []
    for route in done:
        if all(finder.finish_key(route.finish) < finder.finish_key(f.finish) for f in front):
            front.append(route)
    return tuple(front[:PARETO_MAX])


def by_key(region: Region, goal: str, by: str | None) -> tuple[int, int] | None:
    """(year, month) of a '--by YEAR TERM' deadline, in the goal's calendar."""
    if by is None:
        return None
    year, name = by.split(" ", 1)
    loaded = region.get(split_ref(goal)[0])
    policy = (loaded.catalogue.institution if loaded else None) or Institution()
    months = {t.name: t.starts for t in (policy.ordered_terms() or list(DEFAULT_TERMS))}
    if name not in months:
        raise ValueError(f"{name!r} is not a term of {goal}'s calendar ({', '.join(months)})")
    return (int(year), months[name])


def find_routes(
    region: Region,
    learner: LearnerFile,
    goal: str,
    *,
    via: Iterable[str] = (),
    optimise: Objective = "cost",
    budget: Decimal | None = None,
    by: str | None = None,
    today: dt.date | None = None,
    exact_items: int = EXACT_ITEMS,
    evaluation_budget: int = EVALUATION_BUDGET,
) -> RouteResult:
    """The best route to `goal` (see the module's docstring), its Pareto set and the
    comparisons: all at the goal's institution, and the learner's current plan."""
    finder = RouteFinder(region, learner, goal, via, today)
    deadline = by_key(region, goal, by)

    def check(route: Route) -> Route:
        return _feasible(finder, route, budget, deadline)

    def rank(route: Route) -> tuple[object, ...]:
        usable = route.finishes and route.meets_budget and route.meets_by
        return (not usable, *finder.key(route, optimise))

    candidates = finder.candidates
    evaluated: list[Route] = []
    if len(candidates) <= exact_items:
        for subset in _subsets(candidates):
            evaluated.append(check(finder.evaluate_set(subset)))
        optimality = "optimal"
    else:
        evaluated = _bounded(finder, check, rank, evaluation_budget)
        optimality = "bounded"
    numbered = sorted(evaluated, key=rank)
    best = numbered[0] if numbered and rank(numbered[0])[0] is False else None
    front = list(_pareto(finder, evaluated))
    if best is not None and best not in front:
        front = [best, *front[: PARETO_MAX - 1]]
    labelled = [replace(r, label=f"Route {index + 1}") for index, r in enumerate(front)]
    if best is not None:
        best = labelled[front.index(best)]
    all_at = check(
        replace(
            finder.evaluate_set(()), label=f"All at {finder.home.issuer.name}", kind="all-at-goal"
        )
    )
    current = _current_plan(finder, check)
    search = _search(finder, optimality, len(finder.routes), optimise)
    return RouteResult(
        learner=learner.learner.name,
        as_of=finder.as_of,
        goal=goal,
        title=finder.program.title,
        institution=finder.home.issuer.name,
        currency=finder.currency,
        feeders=finder.feeders,
        optimise=optimise,
        budget=budget,
        by=by,
        best=best,
        pareto=tuple(labelled),
        all_at_goal=all_at,
        current=current,
        search=search,
        notes=tuple(finder.notes),
    )


def _bounded(
    finder: RouteFinder,
    check: Callable[[Route], Route],
    rank: Callable[[Route], tuple[object, ...]],
    budget: int,
) -> list[Route]:
    """A bounded search over whole rules, at most `budget` routes evaluated.

    The rules are ranked by their estimated saving (what the goal's tuition would charge
    for the credits they grant into an open requirement, less the price of the items they
    need); the prefixes of that ranking are tried at growing lengths (1, 2, 3, 4, 6, 8,
    ...), then every length around the best, then the same prefix at each feeder alone,
    then dropping one rule of the best set, then adding one rule outside it, while that
    improves the route."""
    seen: dict[frozenset[str], Route] = {}

    def route(subset: frozenset[str]) -> Route | None:
        if subset not in seen:
            if len(seen) >= budget:
                return None
            seen[subset] = check(finder.evaluate_set(subset))
        return seen[subset]

    ranked = sorted(finder.rules, key=lambda r: (-finder.estimate(r), r.rule.id))
    ordered = list(dict.fromkeys(r.needs for r in ranked))
    # Prefixes stop where the rules with a positive estimated saving end, or where what
    # they grant fills the room the external cap leaves (more than that cannot count).
    audit = finder.base.confirmed.audit
    room = audit.external_cap - audit.external_applied
    granted, reach = Decimal(0), 0
    for rule in ranked:
        if finder.estimate(rule) <= 0 or granted >= room:
            break
        granted += sum((u.credits for u in finder.grants_of(rule)), Decimal(0))
        reach = max(reach, ordered.index(rule.needs) + 1)
    reach = max(1, min(len(ordered), reach))

    def prefix(k: int) -> frozenset[str]:
        return frozenset().union(*ordered[:k])

    best_k, best = 0, route(frozenset())
    assert best is not None
    lengths: list[int] = []
    k = 1
    while k < reach:
        lengths.append(k)
        k = max(k + 1, int(k * 1.4))
    lengths.append(reach)
    for k in lengths:
        trial = route(prefix(k))
        if trial is not None and rank(trial) < rank(best):
            best_k, best = k, trial
    place = lengths.index(best_k) if best_k in lengths else -1
    low = lengths[place - 1] if place > 0 else 0
    high = lengths[place + 1] if 0 <= place < len(lengths) - 1 else best_k
    for k in range(low + 1, high):
        trial = route(prefix(k))
        if trial is not None and rank(trial) < rank(best):
            best_k, best = k, trial
    kept = list(ordered[:best_k])
    # The same prefix at one feeder only (a 2+2 route may beat a mix that finishes later).
    for feeder in finder.feeders:
        alone = [n for n in ordered[:reach] if all(split_ref(r)[0] == feeder for r in n)]
        if alone and alone != kept:
            trial = route(frozenset().union(*alone))
            if trial is not None and rank(trial) < rank(best):
                best, kept = trial, alone
    improved = True
    while improved and len(seen) < budget:
        improved = False
        for needs in reversed(kept):
            others = [n for n in kept if n is not needs]
            trial = route(frozenset().union(*others))
            if trial is not None and rank(trial) < rank(best):
                best, kept, improved = trial, others, True
                break
        if improved:
            continue
        for needs in ordered:
            if needs in kept:
                continue
            trial = route(frozenset().union(*kept, needs))
            if trial is not None and rank(trial) < rank(best):
                best, kept, improved = trial, [*kept, needs], True
                break
    return list(seen.values())


def _search(
    finder: RouteFinder, optimality: str, evaluated: int, optimise: Objective
) -> RouteSearch:
    n = len(finder.candidates)
    if optimality == "optimal":
        return RouteSearch(
            "optimal", n, finder.considered, finder.considered - n, evaluated, 2**n, ""
        )
    low_cost, low_terms = lower_bounds(finder)
    bound = (
        f"searched {evaluated} of {2**n} subsets of {n} candidates (rules ranked by "
        f"estimated saving, then single drops and adds); no route can cost less than "
        f"{finder.currency} {low_cost:,.2f} or take fewer than {low_terms} terms at "
        f"{finder.home.issuer.name} (its transfer cap)"
    )
    return RouteSearch(
        "bounded",
        n,
        finder.considered,
        finder.considered - n,
        evaluated,
        2**n,
        bound,
        low_cost,
        low_terms,
    )


def lower_bounds(finder: RouteFinder) -> tuple[Decimal, int]:
    """A cost and a number of terms at the goal's institution no route can go below:
    whatever transfers, at most the external cap of the program counts, so the credits
    not held in residence beyond it are taken there, at its tuition, at most its largest
    term load a term (fees in each of those terms)."""
    audit = finder.base.confirmed.audit
    internal = sum((a.credits for a in audit.assignments if a.unit.basis == "internal"), Decimal(0))
    left = max(Decimal(0), finder.program.credits - internal - audit.external_cap)
    policy = finder.home.catalogue.institution or Institution()
    who = local_attendance(finder.region, finder.learner.learner, finder.home.issuer.id)
    loads = [t.capacity for t in attended_terms(policy, who, finder.begin, 6)]
    load = max(loads) if loads else Decimal(1)
    terms = int(-(-left // load)) if left > 0 else 0
    return left * policy.tuition_per_credit + terms * policy.fees_per_term, terms


def _current_plan(finder: RouteFinder, check: Callable[[Route], Route]) -> Route | None:
    """The learner's first goal at a feeder, finished there first, then the goal."""
    for other in finder.learner.learner.goals:
        issuer, _ = split_ref(other)
        if other == finder.goal or issuer not in finder.feeders:
            continue
        result = evaluate(finder.region, finder.learner, other, finder.today)
        plan = result.confirmed.plan
        if not plan.finishes:
            continue
        codes = {c for t in plan.terms for c in t.courses if not c.startswith("ELECTIVE:")}
        refs = frozenset(make_ref(issuer, c) for c in codes)
        route = finder.evaluate_set(
            refs, label=f"Current plan: {result.title} first", kind="current-plan"
        )
        return check(route)
    return None
