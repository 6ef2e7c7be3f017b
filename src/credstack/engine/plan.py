"""The plan: what is left to take, in which terms, and what it costs (semantics §3)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import combinations

from credstack.engine.audit import RequirementRule, requirement_rules
from credstack.engine.calendar import TermSlot, attended_terms
from credstack.engine.results import GENERAL, Audit, Plan, PlannedTerm
from credstack.engine.schedule import Item, Slot, schedule
from credstack.model.catalogue import Institution, Program
from credstack.model.learner import LearnerInfo
from credstack.model.prereq import AllOf, AnyOf, Expr, Need, satisfied
from credstack.model.refs import split_ref
from credstack.model.region import LoadedCatalogue
from credstack.model.requirements import filter_takes

HUNDRED = Decimal(100)
HORIZON = 90  # attended terms searched at most (30 years of three terms)


@dataclass(frozen=True)
class Wanted:
    key: str  # course code, or elective label
    credits: Decimal
    is_course: bool
    requirements: tuple[str, ...] = ()  # what it completes (none: a prerequisite)


def elective_label(subjects: frozenset[str] | None, level: int | None, credits: Decimal) -> str:
    subject = "/".join(sorted(subjects)) if subjects else "*"
    shown = format(credits.normalize(), "f")
    return f"ELECTIVE:{subject}:{level if level is not None else '*'}:{shown}"


def _slots(total: Decimal, chunk: Decimal) -> list[Decimal]:
    pieces: list[Decimal] = []
    while total > 0:
        piece = min(chunk, total)
        pieces.append(piece)
        total -= piece
    return pieces


class _Completer:
    """What a course still needs, cheapest branch each (the choose ranking's count)."""

    def __init__(self, catalogue: LoadedCatalogue, done: frozenset[str]) -> None:
        self.catalogue = catalogue
        self.done = done
        self.memo: dict[str, frozenset[str]] = {}

    def code(self, name: str) -> str | None:
        issuer, code = split_ref(name, self.catalogue.issuer.id)
        if issuer != self.catalogue.issuer.id or code not in self.catalogue.courses:
            return None
        return code

    def needs(self, code: str) -> frozenset[str]:
        """The courses `code` needs that are not done, itself left out (even when it is
        recognised: a course taken in residence needs its prerequisites)."""
        return self._course(code, root=True) - {code}

    def _course(self, code: str, root: bool = False) -> frozenset[str]:
        if code in self.done and not root:
            return frozenset()
        if code not in self.memo:
            self.memo[code] = frozenset({code})  # guards against cycles through "or"
            needs = self.expr(self.catalogue.requires.get(code)) | self.expr(
                self.catalogue.corequires.get(code)
            )
            self.memo[code] = frozenset({code}) | needs
        return self.memo[code]

    def expr(self, expr: Expr) -> frozenset[str]:
        if expr is None:
            return frozenset()
        if isinstance(expr, Need):
            code = self.code(expr.code)
            return self._course(code) if code is not None else frozenset()
        if isinstance(expr, AllOf):
            result: frozenset[str] = frozenset()
            for part in expr.parts:
                result |= self.expr(part)
            return result
        assert isinstance(expr, AnyOf)
        options = [self.expr(part) for part in expr.parts]
        return min(options, key=lambda s: (self.credits(s), len(s), sorted(s)))

    def credits(self, codes: frozenset[str]) -> Decimal:
        return sum((self.catalogue.courses[c].credits for c in codes), Decimal(0))


class _Prerequisites:
    """The prerequisites and corequisites a set of planned courses still needs.

    Every course in the plan, the requirements' and those pulled in alike, must have its
    expressions met by the plan or by what is done (held or recognised). Of the ways to
    do that, the one adding the fewest credits to the whole plan is kept: an "or" met by a
    course planned anyway adds nothing. An exact branch and bound: what an expression
    can only be met one way by is added outright; then the branches of the unmet "or"
    with the fewest ways are tried, cheapest first (with what each needs in turn),
    pruned by the plan's credits plus the dearest of the cheapest ways still to add;
    past NODE_BUDGET nodes, the best plan found so far (the first descent always ends
    in one).
    """

    NODE_BUDGET = 2_000

    def __init__(self, catalogue: LoadedCatalogue, done: frozenset[str]) -> None:
        self.catalogue = catalogue
        self.done = done
        self.completer = _Completer(catalogue, done)

    def _met(self, code: str, plan: frozenset[str]) -> bool:
        local = self.completer.code(code)
        return local is None or local in plan or local in self.done

    def _unmet(self, plan: frozenset[str]) -> list[Expr]:
        """The expressions (courses in code order) the plan does not meet."""
        unmet: list[Expr] = []
        for code in sorted(plan):
            for expr in (self.catalogue.requires.get(code), self.catalogue.corequires.get(code)):
                if not satisfied(expr, lambda c: self._met(c, plan)):
                    unmet.append(expr)
        return unmet

    def _options(self, expr: Expr, plan: frozenset[str]) -> set[frozenset[str]]:
        """Every minimal set of courses whose addition meets `expr`."""
        if expr is None or satisfied(expr, lambda c: self._met(c, plan)):
            return {frozenset()}
        if isinstance(expr, Need):
            local = self.completer.code(expr.code)
            return {frozenset({local})} if local is not None else {frozenset()}
        if isinstance(expr, AnyOf):
            found = set().union(*(self._options(part, plan) for part in expr.parts))
        else:
            found = {frozenset()}
            for part in expr.parts:
                found = {a | b for a in found for b in self._options(part, plan)}
        return {a for a in found if not any(b < a for b in found)}

    def _estimate(self, option: frozenset[str], plan: frozenset[str]) -> Decimal:
        """The option's credits with what it needs in turn (cheapest branches)."""
        total = set(option)
        for code in option:
            total |= self.completer.needs(code)
        return self.completer.credits(frozenset(total - plan))

    def complete(self, base: frozenset[str]) -> frozenset[str]:
        """`base` and the fewest credits of courses that meet every expression."""
        credits = self.completer.credits
        best: list[frozenset[str]] = []
        nodes = 0

        def search(plan: frozenset[str]) -> None:
            nonlocal nodes
            nodes += 1
            if best and (credits(plan) >= credits(best[0]) or nodes > self.NODE_BUDGET):
                return
            choices = [self._options(expr, plan) for expr in self._unmet(plan)]
            if not choices:
                best[:] = [plan]
                return
            forced = [next(iter(options)) for options in choices if len(options) == 1]
            if forced:  # an expression met one way only: every plan holds that way
                search(plan.union(*forced))
                return
            least = max(min(credits(option) for option in options) for options in choices)
            if best and credits(plan) + least >= credits(best[0]):
                return
            options = min(choices, key=len)
            for option in sorted(
                options, key=lambda o: (self._estimate(o, plan), len(o), sorted(o))
            ):
                search(plan | option)

        search(base)
        return best[0]


@dataclass
class _Electives:
    """Elective credit still to take, per filter, chunked once at the end."""

    chunk: Decimal
    credits: dict[tuple[frozenset[str] | None, int | None], Decimal] = field(default_factory=dict)
    owners: dict[tuple[frozenset[str] | None, int | None], list[str]] = field(default_factory=dict)

    def add(self, rule: RequirementRule, credits: Decimal) -> None:
        subjects = None if rule.shape == GENERAL else rule.subjects
        level = None if rule.shape == GENERAL else rule.min_level
        self.add_filtered(subjects, level, (rule.id,), credits)

    def add_filtered(
        self,
        subjects: frozenset[str] | None,
        level: int | None,
        requirements: tuple[str, ...],
        credits: Decimal,
    ) -> None:
        key = (subjects, level)
        self.credits[key] = self.credits.get(key, Decimal(0)) + credits
        owners = self.owners.setdefault(key, [])
        owners.extend(r for r in requirements if r not in owners)

    def total(self) -> Decimal:
        return sum(self.credits.values(), Decimal(0))

    def slots(self) -> list[Wanted]:
        return [
            Wanted(
                elective_label(subjects, level, piece),
                piece,
                False,
                tuple(self.owners[(subjects, level)]),
            )
            for (subjects, level), total in self.credits.items()
            for piece in _slots(total, self.chunk)
        ]


Counting = tuple[str, tuple[str, ...]]  # a planned course, and the requirements it counts in


@dataclass
class _CreditRooms:
    """What each open `credits` requirement still lacks, and the planned courses that
    fill it before any elective slot is sized.

    A planned course counts toward a `credits` requirement whose filter (or course pool)
    takes it, as in the audit: a prerequisite pulled into the plan, or a course planned
    for no named requirement, toward any one of them; a course planned for a requirement,
    only toward one it may double count with; and toward both members of a `double_count`
    pair of `credits` requirements at once. A course applies what fits (its surplus flows
    on to general credit). Of the ways to place the planned courses, the one filling the
    most credit is kept: an exact branch and bound, largest course first, past
    NODE_BUDGET nodes the best found so far (the first descent is the greedy one).
    """

    NODE_BUDGET = 2_000

    catalogue: LoadedCatalogue
    rules: dict[str, RequirementRule]  # the open credits requirements, by id
    pairs: frozenset[frozenset[str]]
    room: dict[str, Decimal]

    def _takes(self, rule: RequirementRule, code: str) -> bool:
        if rule.courses is not None:
            return code in rule.courses
        course = self.catalogue.courses[code]
        return filter_takes(rule, course.subject_code(), course.level)

    def _ways(
        self, code: str, owners: tuple[str, ...], room: dict[str, Decimal]
    ) -> list[tuple[str, ...]]:
        """The credits requirements (one, or a double_count pair) `code` may fill."""
        fits = [
            rid
            for rid, rule in self.rules.items()
            if room[rid] > 0
            and rid not in owners
            and all(frozenset((owner, rid)) in self.pairs for owner in owners)
            and self._takes(rule, code)
        ]
        options: list[tuple[str, ...]] = [(rid,) for rid in fits]
        options += [(a, b) for a, b in combinations(fits, 2) if frozenset((a, b)) in self.pairs]
        return options

    def fill(
        self, courses: list[Counting], room: dict[str, Decimal] | None = None
    ) -> tuple[Decimal, list[Counting]]:
        """The most credit `courses` fill in `room` (by default what is open), and where
        each counts (the credits requirements only)."""
        room = dict(self.room if room is None else room)
        credit = {code: self.catalogue.courses[code].credits for code, _ in courses}
        order = sorted(courses, key=lambda c: (-credit[c[0]], c[0]))
        after = [Decimal(0)] * (len(order) + 1)
        for i in range(len(order) - 1, -1, -1):
            after[i] = after[i + 1] + 2 * credit[order[i][0]]
        best: list[tuple[Decimal, list[Counting]]] = []
        nodes = 0

        def search(i: int, value: Decimal, chosen: list[Counting]) -> None:
            nonlocal nodes
            nodes += 1
            if not best or value > best[0][0]:
                best[:] = [(value, list(chosen))]
            if i == len(order) or nodes > self.NODE_BUDGET:
                return
            if value + min(sum(room.values(), Decimal(0)), after[i]) <= best[0][0]:
                return
            code, owners = order[i]

            def gain(way: tuple[str, ...]) -> Decimal:
                return sum((min(credit[code], room[rid]) for rid in way), Decimal(0))

            ways = sorted(self._ways(code, owners, room), key=lambda w: (-gain(w), w))
            for way in [*ways, ()]:
                got = {rid: min(credit[code], room[rid]) for rid in way}
                for rid, amount in got.items():
                    room[rid] -= amount
                search(i + 1, value + sum(got.values(), Decimal(0)), [*chosen, (code, way)])
                for rid, amount in got.items():
                    room[rid] += amount

        search(0, Decimal(0), [])
        value, chosen = best[0]
        return value, [(code, way) for code, way in chosen if way]

    def both(self, a: str, b: str) -> tuple[frozenset[str] | None, int | None] | None:
        """The filter of an elective that counts in both `credits` requirements `a` and
        `b` (subjects both take, the higher minimum level), or None when none can (a
        course pool, no subject in common, or levels that do not meet)."""
        first, second = self.rules[a], self.rules[b]
        if first.courses is not None or second.courses is not None:
            return None
        subjects = first.subjects or None
        if second.subjects:
            subjects = second.subjects if subjects is None else subjects & second.subjects
            if not subjects:
                return None
        lows = [r.min_level for r in (first, second) if r.min_level is not None]
        highs = [r.max_level for r in (first, second) if r.max_level is not None]
        low = max(lows) if lows else None
        if low is not None and highs and low > min(highs):
            return None
        return subjects, low

    def spend(self, placed: list[Counting], room: dict[str, Decimal]) -> None:
        """Take what `placed` fills out of `room`."""
        for code, way in placed:
            for rid in way:
                room[rid] -= min(self.catalogue.courses[code].credits, room[rid])


def wanted_items(
    program: Program,
    catalogue: LoadedCatalogue,
    audit: Audit,
    recognised: frozenset[str],
    waived: set[str],
    retake: frozenset[str] = frozenset(),
) -> tuple[list[Wanted], list[str], list[str]]:
    """Courses and elective slots still to take, prerequisites included; warnings; and
    the requirements no plan can complete.

    `retake`: recognised external courses the audit could not apply (a cap left them
    out); a requirement that lists one may plan it, to be taken in residence.
    """
    policy = catalogue.catalogue.institution or Institution()
    rules, _ = requirement_rules(program, catalogue, waived)
    pairs = frozenset(frozenset(pair) for pair in program.double_count)
    open_rules = [
        (rule, result)
        for rule in rules
        if rule.shape != GENERAL
        and (result := audit.requirement(rule.id)) is not None
        and result.status not in ("met", "waived")
    ]
    rooms = _CreditRooms(
        catalogue,
        {rule.id: rule for rule, _ in open_rules if rule.shape == "credits"},
        pairs,
        {
            rule.id: result.needed - result.applied
            for rule, result in open_rules
            if rule.shape == "credits"
        },
    )
    basket = _Basket(
        catalogue,
        audit,
        rules,
        recognised,
        retake,
        _Electives(policy.elective_chunk),
        rooms,
        pairs,
    )
    prerequisites = _Prerequisites(catalogue, recognised)
    # Course lists first, then choose requirements (which reuse a listed course the plan
    # takes anyway, prerequisites included), then the prerequisites of all that; what
    # the planned courses fill of the credits requirements; then elective credit.
    for rule, result in open_rules:
        if rule.shape == "courses":
            basket.course_list(rule, set(result.units))
    if any(rule.shape == "choose" for rule, _ in open_rules):
        anyway = prerequisites.complete(frozenset(basket.planned))
        for rule, result in open_rules:
            if rule.shape == "choose":
                basket.choose(rule, set(result.units), anyway)
    planned = basket.planned
    for code in sorted(prerequisites.complete(frozenset(planned)) - set(planned)):
        planned[code] = Wanted(code, catalogue.courses[code].credits, True)
    _, placed = rooms.fill([(code, want.requirements) for code, want in planned.items()])
    rooms.spend(placed, rooms.room)
    for code, way in placed:
        for rid in way:
            basket.take(code, rooms.rules[rid])
    # What both credits requirements of a double_count pair lack is bought once, in
    # electives both take (counted twice, as a course both take would be).
    for a, b in combinations(list(rooms.rules), 2):
        shared = min(rooms.room[a], rooms.room[b])
        both = rooms.both(a, b)
        if frozenset((a, b)) in pairs and shared > 0 and both is not None:
            basket.electives.add_filtered(*both, (a, b), shared)
            rooms.room[a] -= shared
            rooms.room[b] -= shared
    for rid, room in rooms.room.items():
        if room > 0:
            basket.electives.add(rooms.rules[rid], room)
    total = audit.applied + sum((w.credits for w in planned.values()), Decimal(0))
    short = program.credits - total - basket.electives.total()
    if short > 0:
        general = next((r for r in rules if r.shape == GENERAL), None)
        basket.electives.add(general or _general_rule(), short)
    wanted = list(planned.values()) + basket.electives.slots()
    return wanted, basket.warnings, basket.short_open


def _general_rule() -> RequirementRule:
    return RequirementRule(GENERAL, "General credit", GENERAL, None, None, None, Decimal(0))


@dataclass
class _Basket:
    """What the plan buys for the open requirements, built one requirement at a time.

    A planned course counts toward one requirement only, unless the two are a
    `double_count` pair, as in the audit.
    """

    catalogue: LoadedCatalogue
    audit: Audit
    rules: list[RequirementRule]
    recognised: frozenset[str]
    retake: frozenset[str]
    electives: _Electives
    rooms: _CreditRooms
    pairs: frozenset[frozenset[str]] = frozenset()
    planned: dict[str, Wanted] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    short_open: list[str] = field(default_factory=list)
    moved: set[str] = field(default_factory=set)  # held courses moved out of an elective

    def move(self, code: str) -> tuple[RequirementRule, Decimal] | None:
        """The elective a held listed course was counted toward, and its credits, the
        first time it is asked for (a course moves to one requirement only)."""
        if code in self.moved:
            return None
        return _moved_from_elective(code, self.audit, self.rules)

    def vacate(self, rule: RequirementRule, credits: Decimal) -> None:
        """A held course moved out of `rule` (credits or general): what it leaves there
        is filled by planned courses the rule takes, else by elective slots."""
        if rule.shape == GENERAL:
            self.electives.add(rule, credits)
            return
        self.rooms.rules.setdefault(rule.id, rule)
        self.rooms.room[rule.id] = self.rooms.room.get(rule.id, Decimal(0)) + credits

    def free_for(self, code: str, rule: RequirementRule) -> bool:
        """Whether a planned course may also count toward `rule`."""
        return all(frozenset((r, rule.id)) in self.pairs for r in self.planned[code].requirements)

    def take(self, code: str, rule: RequirementRule) -> None:
        before = self.planned[code].requirements if code in self.planned else ()
        credits = self.catalogue.courses[code].credits
        self.planned[code] = Wanted(code, credits, True, (*before, rule.id))

    def stays_short(self, code: str, rule: RequirementRule, where: str) -> None:
        self.warnings.append(f"{code} is {where}; requirement {rule.id!r} stays short")
        self.short_open.append(rule.id)

    def course_list(self, rule: RequirementRule, placed: set[str]) -> None:
        """Every listed course not in: a held one counted toward an elective moves here
        (the elective gets slots); one the caps left out is taken in residence."""
        for code in sorted(rule.courses or ()):
            if code in placed:
                continue
            if code in self.planned:
                if self.free_for(code, rule):
                    self.take(code, rule)
                else:
                    self.stays_short(code, rule, "planned for another requirement")
                continue
            if code in self.recognised and code not in self.retake:
                moved = self.move(code)
                if moved is None:
                    self.stays_short(code, rule, "recognised but counted elsewhere")
                else:
                    self.moved.add(code)
                    self.vacate(*moved)
                continue
            self.take(code, rule)

    def choose(self, rule: RequirementRule, placed: set[str], anyway: frozenset[str]) -> None:
        """The cheapest way to the N courses of a choose requirement.

        A listed course the plan takes anyway (a prerequisite of what is planned, or a
        course planned for a requirement it may double count with) comes first: it
        costs nothing more. Then, one at a time, the option adding the fewest credits to
        the plan (with its prerequisites not yet met or planned) net of the elective
        credits it spares (what it fills of a `credits` requirement it double counts
        with, and its prerequisites of any), then the most it adds, fewest credits of
        its own, fewest prerequisites not yet met and code: a listed course to take (one
        the caps left out is taken in residence, and counts), or a held listed course the
        audit counted toward an elective, which moves here while the elective gets slots
        of the same credits (as for course lists).
        """
        missing = (rule.choose or 0) - len(placed)
        listed = sorted(c for c in (rule.courses or ()) if c not in placed)
        for code in listed:
            reusable = self.free_for(code, rule) if code in self.planned else code in anyway
            if missing > 0 and reusable:
                self.take(code, rule)
                missing -= 1
        completer = _Completer(self.catalogue, self.recognised)
        have = set(self.planned) | anyway
        options: dict[str, tuple[RequirementRule, Decimal] | None] = {}
        for code in listed:
            if code in self.planned or code in anyway:
                continue
            if code in self.recognised and code not in self.retake:
                moved = self.move(code)
                if moved is not None:
                    options[code] = moved
                continue
            options[code] = None

        # What the credits requirements still lack once the courses planned so far (and
        # the prerequisites they pull in) fill them: an option that fills some of it
        # spares that many elective credits.
        counting = [(code, want.requirements) for code, want in self.planned.items()]
        counting += [(code, ()) for code in sorted(anyway - set(self.planned))]
        room = dict(self.rooms.room)
        self.rooms.spend(self.rooms.fill(counting)[1], room)

        def fills(code: str) -> tuple[Decimal, list[Counting]]:
            pulled = sorted(completer.needs(code) - have)
            return self.rooms.fill([(code, (rule.id,)), *((n, ()) for n in pulled)], room)

        def rank(code: str) -> tuple[Decimal, Decimal, Decimal, int, str]:
            moved = options[code]
            if moved is not None:
                return moved[1], moved[1], moved[1], 0, code
            needs = completer.needs(code)
            added = completer.credits(frozenset(({code} | needs) - have))
            spared = fills(code)[0]
            own = self.catalogue.courses[code].credits
            return added - spared, added, own, len(needs), code

        while missing > 0 and options:
            code = min(options, key=rank)
            moved = options.pop(code)
            if moved is not None:
                self.moved.add(code)
                self.vacate(*moved)
            else:
                self.rooms.spend(fills(code)[1], room)
                self.take(code, rule)
                have |= {code} | completer.needs(code)
            missing -= 1
        if missing > 0:
            self.warnings.append(
                f"requirement {rule.id!r} lists too few courses this learner can still "
                f"count: {missing} more needed; it stays short"
            )
            self.short_open.append(rule.id)


def _moved_from_elective(
    code: str, audit: Audit, rules: list[RequirementRule]
) -> tuple[RequirementRule, Decimal] | None:
    """The elective requirement a held listed course was counted toward, and its credits.

    When a listed course is held but the audit counted it toward a credits or general
    requirement, the learner does not retake it: it moves to the requirement that lists
    it, and the elective requirement gets slots of the same credits instead.
    """
    placed = next((a for a in audit.assignments if a.unit.course == code), None)
    if placed is None:
        return None
    rule = next((r for r in rules if r.id == placed.requirement), None)
    if rule is None or rule.shape not in ("credits", GENERAL):
        return None
    return rule, placed.credits


def make_plan(
    program: Program,
    catalogue: LoadedCatalogue,
    audit: Audit,
    recognised: frozenset[str],
    learner: LearnerInfo,
    begin: dt.date,
    waived: set[str] | None = None,
    assessment_fees: Decimal = Decimal(0),
    retake: frozenset[str] = frozenset(),
) -> Plan:
    """Schedule what is left in the fewest attended terms and cost it."""
    waived = waived or set()
    policy = catalogue.catalogue.institution or Institution()
    wanted, warnings, short_open = wanted_items(
        program, catalogue, audit, recognised, waived, retake
    )
    terms: list[TermSlot] = list(attended_terms(policy, learner, begin, HORIZON))
    slots = [Slot(t.name, int(t.capacity * HUNDRED), int(t.maximum * HUNDRED)) for t in terms]
    result = schedule(_items(wanted, catalogue), slots, frozenset(recognised))
    planned_terms: list[PlannedTerm] = []
    for index, chosen in enumerate(result.terms):
        keys = tuple(wanted[i].key for i in chosen)
        credits = sum((wanted[i].credits for i in chosen), Decimal(0))
        planned_terms.append(PlannedTerm(terms[index].label, keys, credits))
    stuck = tuple(wanted[i].key for i in result.unschedulable)
    left_open = tuple(
        dict.fromkeys(r for i in result.unschedulable for r in wanted[i].requirements)
    )
    if stuck:
        warnings.append(_stuck_warning(stuck, left_open))
    open_requirements = tuple(dict.fromkeys([*short_open, *left_open]))
    finishes = bool(planned_terms) and not stuck and not open_requirements
    planned_credits = sum((t.credits for t in planned_terms), Decimal(0))
    busy = sum(1 for t in planned_terms if t.courses)
    tuition = planned_credits * policy.tuition_per_credit
    fees = policy.fees_per_term * busy
    return Plan(
        terms=tuple(planned_terms),
        term_count=len(planned_terms),
        finish=planned_terms[-1].label if finishes else None,
        planned_credits=planned_credits,
        tuition=tuition,
        fees=fees,
        assessment_fees=assessment_fees,
        cost=tuition + fees + assessment_fees,
        lower_bound=result.lower_bound,
        proven=result.proven,
        unschedulable=stuck,
        open_requirements=open_requirements,
        warnings=tuple(warnings),
    )


def _items(wanted: list[Wanted], catalogue: LoadedCatalogue) -> list[Item]:
    """What the scheduler places: courses with their rules and offerings, and elective
    slots (interchangeable within their label)."""
    items: list[Item] = []
    for n, want in enumerate(wanted):
        if want.is_course:
            course = catalogue.courses[want.key]
            items.append(
                Item(
                    key=want.key,
                    credits=int(want.credits * HUNDRED),
                    requires=_local(catalogue.requires.get(want.key), catalogue),
                    corequires=_local(catalogue.corequires.get(want.key), catalogue),
                    offered=frozenset(course.offered) if course.offered else None,
                )
            )
        else:
            items.append(
                Item(key=f"{want.key}#{n}", credits=int(want.credits * HUNDRED), group=want.key)
            )
    return items


def _stuck_warning(stuck: tuple[str, ...], left_open: tuple[str, ...]) -> str:
    """What cannot be scheduled, and the requirements it leaves open."""
    text = "cannot be scheduled in any attended term (offerings or load): " + ", ".join(stuck)
    named = ", ".join(repr(r) for r in left_open)
    if len(left_open) == 1:
        return f"{text}; requirement {named} stays open"
    if left_open:
        return f"{text}; requirements {named} stay open"
    return text


def _local(expr: Expr, catalogue: LoadedCatalogue) -> Expr:
    """Prerequisite expressions with own-issuer references written as bare codes."""
    if expr is None:
        return None
    if isinstance(expr, Need):
        issuer, code = split_ref(expr.code, catalogue.issuer.id)
        return Need(code if issuer == catalogue.issuer.id else expr.code)
    parts = tuple(_local(p, catalogue) for p in expr.parts)
    return AllOf(parts) if isinstance(expr, AllOf) else AnyOf(parts)
