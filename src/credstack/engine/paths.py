"""Paths: where held learning can lead, across every institution of a region.

The articulation graph (one networkx DiGraph per Region, built once and cached) links
item references:

- a credential to each of its courses ("contains");
- a held item to the receiving course (or block of credit) of every articulation rule
  that names it in `from` ("articulation"; one edge per from item, the edge keeping
  every rule and the rule's full `from` list, so "and" rules stay explainable);
- an RPL pseudo node "rpl:issuer:route-id" to what the route grants ("rpl"): RPL takes
  prior learning, not items, so no item leads into it;
- a receiving course (or block) to every requirement of every program at its
  institution that lists it or whose credits filter takes it ("counts").

Node names: "issuer:CODE" courses, "issuer:cred-id" credentials,
"issuer:program/requirement-id" requirements, "issuer:BLOCK:rule-id" and
"issuer:RPL:route-id" blocks of credit (as the audit's unit keys), "rpl:issuer:route-id"
RPL routes. None of them collide: codes and ids never hold ":" or "/".

From the graph: `paths_from` (every route from one held item to requirements, direct
or inferred), `petitions` (semantics §1, basis `inferred`: shown, never counted) and
`stack_ladder` (an institution's credentials and programs ordered by how they nest).
"""

from __future__ import annotations

import datetime as dt
import weakref
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal

import networkx as nx

from credstack.engine.evaluate import evaluate
from credstack.engine.recognise import HeldFact, _check_fact, held_facts, recognise
from credstack.engine.results import Petition
from credstack.model.catalogue import (
    AWARD_ORDER,
    Articulation,
    Course,
    Institution,
    Requirement,
)
from credstack.model.learner import LearnerFile
from credstack.model.refs import make_ref, split_ref
from credstack.model.region import LoadedCatalogue, Region

PathKind = Literal["internal", "articulation", "inferred"]
KIND_ORDER: tuple[PathKind, ...] = ("internal", "articulation", "inferred")
MAX_DEPTH = 3  # semantics §1: inferred chains of at most 3 rules

CONTAINS = "contains"
ARTICULATION = "articulation"
RPL = "rpl"
COUNTS = "counts"


# --------------------------------------------------------------------------- results


@dataclass(frozen=True)
class Step:
    """One rule applied: `issuer`'s rule `rule` grants `to` for all of `from_`."""

    rule: str
    issuer: str  # the institution that publishes the rule (it receives `to`)
    from_: tuple[str, ...]  # every item the rule needs, full references
    to: str  # "issuer:CODE", or "issuer:BLOCK:rule-id" for block credit

    @property
    def ref(self) -> str:
        """'issuer:rule-id', as a petition's chain names it."""
        return make_ref(self.issuer, self.rule)


@dataclass(frozen=True)
class ArticulationPath:
    """A route from a held item to requirements: internal, one rule, or an inferred chain."""

    item: str  # the held item the path starts from
    steps: tuple[Step, ...]  # () for internal
    course: str  # receiving "issuer:CODE" (or "issuer:BLOCK:rule-id")
    requirements: tuple[str, ...]  # "issuer:program/requirement-id", sorted
    kind: PathKind
    needs_petition: bool  # True exactly for inferred paths: never counted

    @property
    def institution(self) -> str:
        return split_ref(self.course)[0]

    @property
    def depth(self) -> int:
        return len(self.steps)


@dataclass(frozen=True)
class RuleInfo:
    """An articulation rule or RPL route as an edge carries it."""

    id: str
    institution: str
    kind: Literal["articulation", "rpl"]
    from_: tuple[str, ...]  # full references (empty for RPL routes)


@dataclass(frozen=True)
class Progress:
    """A learner's progress on one rung: credits for programs, courses for credentials."""

    done: Decimal
    of: Decimal
    measure: Literal["credits", "courses"]

    @property
    def complete(self) -> bool:
        return self.done >= self.of


@dataclass(frozen=True)
class Rung:
    ref: str
    title: str
    kind: Literal["credential", "program"]
    award: str  # a credential's type or a program's award
    credits: Decimal | None  # a credential without credits: the sum of its courses, if any
    courses: tuple[str, ...]  # the course codes that define it (see `rung_courses`)
    nests_into: tuple[str, ...]  # refs of rungs it nests in, in ladder order
    progress: Progress | None = None


@dataclass(frozen=True)
class Ladder:
    institution: str
    rungs: tuple[Rung, ...] = field(default_factory=tuple)

    def rung(self, ref: str) -> Rung | None:
        return next((r for r in self.rungs if r.ref == ref), None)

    @property
    def refs(self) -> tuple[str, ...]:
        return tuple(r.ref for r in self.rungs)


# --------------------------------------------------------------------------- the graph


def block_ref(issuer: str, rule_id: str) -> str:
    return f"{issuer}:BLOCK:{rule_id}"


def rpl_block_ref(issuer: str, route_id: str) -> str:
    return f"{issuer}:RPL:{route_id}"


def rpl_node(issuer: str, route_id: str) -> str:
    return f"rpl:{issuer}:{route_id}"


def requirement_ref(issuer: str, program_id: str, requirement_id: str) -> str:
    return f"{issuer}:{program_id}/{requirement_id}"


def _takes(requirement: Requirement, subject: str, level: int) -> bool:
    """Whether a filtered credits requirement (no pool) takes a unit of this subject/level."""
    if requirement.subjects is not None and subject not in requirement.subjects:
        return False
    if requirement.min_level is not None and level < requirement.min_level:
        return False
    return requirement.max_level is None or level <= requirement.max_level


class ArticulationGraph:
    """Every item, rule, route and requirement of a region, as one directed graph."""

    def __init__(self, region: Region, *, requirements: bool = True) -> None:
        """`requirements=False` leaves out programs and what counts toward them: the
        lighter graph of items and rules that petitions need (rule chains only)."""
        self.region = region
        self.has_requirements = requirements
        self.graph: nx.DiGraph[str] = nx.DiGraph()
        # (institution, rule id) -> the rule, for condition checks
        self.rules: dict[tuple[str, str], Articulation] = {}
        # institution -> its credits requirements without a pool: (node, requirement)
        self._filtered: dict[str, list[tuple[str, Requirement]]] = {}
        for issuer_id in sorted(region.catalogues):
            self._add_items(region.catalogues[issuer_id])
        if requirements:
            for issuer_id in sorted(region.catalogues):
                self._add_programs(region.catalogues[issuer_id])
        for issuer_id in sorted(region.catalogues):
            self._add_rules(region.catalogues[issuer_id])

    # ----------------------------------------------------------------- building

    def _add_items(self, loaded: LoadedCatalogue) -> None:
        issuer = loaded.issuer.id
        g = self.graph
        for code in loaded.courses:
            g.add_node(make_ref(issuer, code), kind="course", issuer=issuer)
        for cid, credential in loaded.credentials.items():
            ref = make_ref(issuer, cid)
            g.add_node(ref, kind="credential", issuer=issuer)
            for name in credential.courses:
                g.add_edge(ref, make_ref(*split_ref(name, issuer)), kind=CONTAINS)

    def _add_programs(self, loaded: LoadedCatalogue) -> None:
        issuer = loaded.issuer.id
        g = self.graph
        by_subject: dict[str, list[Course]] = {}
        for course in loaded.courses.values():
            by_subject.setdefault(course.subject_code(), []).append(course)
        filtered: list[tuple[str, Requirement]] = []
        for program in loaded.catalogue.program:
            program_ref = make_ref(issuer, program.id)
            for requirement in program.requirement:
                node = requirement_ref(issuer, program.id, requirement.id)
                g.add_node(
                    node,
                    kind="requirement",
                    issuer=issuer,
                    program=program_ref,
                    shape=requirement.shape,
                )
                data = {"kind": COUNTS, "program": program_ref, "requirement": requirement.id}
                if requirement.courses:  # courses, choose, or a credits pool
                    for name in requirement.courses:
                        ref_issuer, code = split_ref(name, issuer)
                        if ref_issuer == issuer and code in loaded.courses:
                            g.add_edge(make_ref(issuer, code), node, **data)
                    continue
                filtered.append((node, requirement))
                if requirement.subjects is not None:
                    pool = [c for s in requirement.subjects for c in by_subject.get(s, ())]
                else:
                    pool = list(loaded.courses.values())
                for course in pool:
                    if _takes(requirement, course.subject_code(), course.level):
                        g.add_edge(make_ref(issuer, course.code), node, **data)
        self._filtered[issuer] = filtered

    def _block(self, issuer: str, node: str, subject: str | None, level: int | None) -> None:
        """A block of credit: it counts toward the matching unpooled credits requirements."""
        self.graph.add_node(node, kind="block", issuer=issuer)
        for req_node, requirement in self._filtered.get(issuer, ()):
            if _takes(requirement, subject or "", level or 1):
                program = self.graph.nodes[req_node]["program"]
                self.graph.add_edge(
                    node, req_node, kind=COUNTS, program=program, requirement=requirement.id
                )

    def _link(self, source: str, target: str, info: RuleInfo) -> None:
        g = self.graph
        if g.has_edge(source, target):
            data = g.edges[source, target]
            data["rules"] = tuple(sorted({*data["rules"], info}, key=lambda r: r.id))
            first = data["rules"][0]
            data.update(rule=first.id, institution=first.institution)
            data["from"] = first.from_
            return
        g.add_edge(
            source,
            target,
            kind=info.kind,
            rule=info.id,
            institution=info.institution,
            rules=(info,),
            **{"from": info.from_},
        )

    def _add_rules(self, loaded: LoadedCatalogue) -> None:
        issuer = loaded.issuer.id
        for rule in loaded.catalogue.articulation:
            sources = tuple(make_ref(*split_ref(name, issuer)) for name in rule.from_)
            info = RuleInfo(rule.id, issuer, ARTICULATION, sources)
            self.rules[(issuer, rule.id)] = rule
            if rule.grant_credits is not None:
                targets = [block_ref(issuer, rule.id)]
                self._block(issuer, targets[0], rule.subject, rule.level)
            else:
                targets = [make_ref(issuer, split_ref(g, issuer)[1]) for g in rule.grants]
            for source in sources:
                for target in targets:
                    self._link(source, target, info)
        for route in loaded.catalogue.rpl:
            node = rpl_node(issuer, route.id)
            self.graph.add_node(node, kind="rpl", issuer=issuer)
            info = RuleInfo(route.id, issuer, RPL, ())
            if route.grant_credits is not None:
                targets = [rpl_block_ref(issuer, route.id)]
                self._block(issuer, targets[0], route.subject, route.level)
            else:
                targets = [make_ref(issuer, split_ref(g, issuer)[1]) for g in route.grants]
            for target in targets:
                self._link(node, target, info)

    # ----------------------------------------------------------------- queries

    def __contains__(self, ref: str) -> bool:
        return ref in self.graph

    def kind(self, ref: str) -> str | None:
        if ref not in self.graph:
            return None
        return self.graph.nodes[ref].get("kind")

    def contained(self, ref: str) -> list[str]:
        """The courses a credential contains (sorted); [] for anything else."""
        if ref not in self.graph:
            return []
        return sorted(
            t for t, data in self.graph.succ[ref].items() if data.get("kind") == CONTAINS
        )

    def requirements_of(self, ref: str) -> tuple[str, ...]:
        """The requirements a receiving course or block counts toward, sorted."""
        if ref not in self.graph:
            return ()
        return tuple(
            sorted(t for t, data in self.graph.succ[ref].items() if data.get("kind") == COUNTS)
        )

    def rule_steps(self, ref: str) -> Iterator[tuple[Step, str]]:
        """Every articulation rule naming `ref` in `from`: (step, target), sorted."""
        if ref not in self.graph:
            return
        for target in sorted(self.graph.succ[ref]):
            data = self.graph.edges[ref, target]
            if data.get("kind") != ARTICULATION:
                continue
            for info in data["rules"]:
                yield Step(info.id, info.institution, info.from_, target), target

    def starts(self, item_ref: str) -> list[str]:
        """The refs holding `item_ref` gives: itself, and a credential's courses."""
        return [item_ref, *[c for c in self.contained(item_ref) if c != item_ref]]

    def chains(
        self, item_ref: str, max_depth: int = MAX_DEPTH
    ) -> Iterator[tuple[tuple[Step, ...], str]]:
        """Every rule chain from `item_ref` of 1..max_depth rules: (steps, reached node).

        A chain never revisits a node, and each of its rules is a different
        institution's (a chain that came back to an institution would only repeat a
        shorter chain already listed).
        """
        starts = self.starts(item_ref)

        def walk(
            node: str, steps: tuple[Step, ...], seen: frozenset[str]
        ) -> Iterator[tuple[tuple[Step, ...], str]]:
            for step, target in self.rule_steps(node):
                if target in seen:
                    continue
                if any(s.issuer == step.issuer for s in steps):
                    continue
                chain = (*steps, step)
                yield chain, target
                if len(chain) < max_depth and self.kind(target) == "course":
                    yield from walk(target, chain, seen | {target})

        if max_depth < 1:
            return
        seen = frozenset(starts)
        for start in starts:
            yield from walk(start, (), seen)

    def paths_from(self, item_ref: str, max_depth: int = MAX_DEPTH) -> list[ArticulationPath]:
        found: dict[tuple[object, ...], ArticulationPath] = {}

        def add(steps: tuple[Step, ...], course: str) -> None:
            requirements = self.requirements_of(course)
            if not requirements:
                return
            kind: PathKind = KIND_ORDER[min(len(steps), 2)]
            path = ArticulationPath(
                item=item_ref,
                steps=steps,
                course=course,
                requirements=requirements,
                kind=kind,
                needs_petition=kind == "inferred",
            )
            found.setdefault((steps, course), path)

        for start in self.starts(item_ref):
            if self.kind(start) == "course":
                add((), start)
        for steps, target in self.chains(item_ref, max_depth):
            add(steps, target)
        return sorted(found.values(), key=path_key)


def path_key(path: ArticulationPath) -> tuple[object, ...]:
    return (
        KIND_ORDER.index(path.kind),
        len(path.steps),
        path.course,
        tuple((s.issuer, s.rule, s.to) for s in path.steps),
    )


_GRAPHS: weakref.WeakKeyDictionary[Region, ArticulationGraph] = weakref.WeakKeyDictionary()
_RULE_GRAPHS: weakref.WeakKeyDictionary[Region, ArticulationGraph] = weakref.WeakKeyDictionary()


def articulation_graph(region: Region, *, requirements: bool = True) -> ArticulationGraph:
    """The region's articulation graph, built on first use and cached per Region object.

    `requirements=False` asks only for items and rules (what petitions walk): the full
    graph when it is already built, else a lighter one without programs, which on a
    region of 400 programs and 40,000 courses builds in half the time.
    """
    graph = _GRAPHS.get(region)
    if graph is None and not requirements:
        graph = _RULE_GRAPHS.get(region)
        if graph is None:
            graph = ArticulationGraph(region, requirements=False)
            _RULE_GRAPHS[region] = graph
        return graph
    if graph is None:
        graph = ArticulationGraph(region)
        _GRAPHS[region] = graph
        _RULE_GRAPHS.pop(region, None)
    return graph


def paths_from(
    region: Region, item_ref: str, max_depth: int = MAX_DEPTH
) -> list[ArticulationPath]:
    """Every path from a held item to a requirement of any program at any institution.

    Internal (the item is, or a credential contains, a course that counts there), direct
    articulation (one rule), and inferred chains through other institutions' rules (2 to
    `max_depth` rules, `needs_petition=True`). Block-credit rules lead to the credits
    requirements whose filters take the block. A course that only general credit would
    take yields no path. Ordered by kind, depth, course, then rules.
    """
    return articulation_graph(region).paths_from(item_ref, max_depth)


# --------------------------------------------------------------------------- petitions


def petitions(
    region: Region,
    learner: LearnerFile,
    program_ref: str,
    as_of: dt.date,
    *,
    recognised: Collection[str] | None = None,
) -> tuple[Petition, ...]:
    """Inferred routes (semantics §1) for a program's institution R; never counted.

    For each held entry with no direct recognition at R (not R's own, no rule of R names
    it or a course it contains, no adviser exception for this program, not excluded):
    every chain of 2..3 rules reaching a course of R. The first rule's conditions
    (grade, age, validity window; its institution's policy) must hold for what the
    learner holds, and every other `from` item along the chain must be held. Chains to
    a course already recognised (`recognised`: course codes of R) are left out; when
    `recognised` is not given, R's confirmed recognition supplies it.
    """
    home, _ = split_ref(program_ref)
    if recognised is None:
        recognition = recognise(region, learner, program_ref, as_of)
        return recognition.petitions
    graph = articulation_graph(region, requirements=False)
    covered = set(recognised)
    excluded = {
        e.item
        for e in learner.exception
        if e.kind == "exclude" and e.program == program_ref and e.item
    }
    excepted = {
        e.item
        for e in learner.exception
        if e.kind in ("substitute", "grant") and e.program == program_ref and e.item
    }
    facts = held_facts(region, learner, excluded)
    found: dict[tuple[str, str, tuple[str, ...]], Petition] = {}
    for held in dict.fromkeys(h.ref for h in learner.held):
        if held in excluded or held in excepted or held not in facts:
            continue
        if split_ref(held)[0] == home:
            continue  # internal at R: recognised or refused there, never petitioned
        starts = graph.starts(held)
        if any(step.issuer == home for s in starts for step, _ in graph.rule_steps(s)):
            continue  # a rule of R names it: recognised or refused with its reason
        for steps, target in graph.chains(held, MAX_DEPTH):
            issuer, code = split_ref(target)
            if issuer != home or len(steps) < 2 or graph.kind(target) != "course":
                continue
            if code in covered or not _feasible(graph, region, steps, facts, as_of):
                continue
            chain = tuple(s.ref for s in steps)
            found.setdefault((held, code, chain), Petition(held, code, chain))
    return tuple(
        sorted(found.values(), key=lambda p: (p.item, len(p.chain), p.course, p.chain))
    )


def _feasible(
    graph: ArticulationGraph,
    region: Region,
    steps: tuple[Step, ...],
    facts: dict[str, HeldFact],
    as_of: dt.date,
) -> bool:
    """Whether a chain could stand: first rule's conditions met, other from items held."""
    reached: set[str] = set()
    for index, step in enumerate(steps):
        if index == 0:
            rule = graph.rules.get((step.issuer, step.rule))
            loaded = region.get(step.issuer)
            policy = (loaded.catalogue.institution if loaded else None) or Institution()
            for ref in step.from_:
                fact = facts.get(ref)
                if fact is None or rule is None or _check_fact(fact, rule, policy, as_of):
                    return False
        elif any(ref not in facts and ref not in reached for ref in step.from_):
            return False
        reached.add(step.to)
    return True


# --------------------------------------------------------------------------- the ladder


def _rank(kind: str, award: str) -> int:
    """Credentials first, then programs in AWARD_ORDER."""
    if kind == "credential":
        return 0
    return 1 + AWARD_ORDER.index(award)


def rung_courses(loaded: LoadedCatalogue, ref: str) -> tuple[str, ...]:
    """A credential's `courses`, or a program's listed requirement courses (codes, sorted)."""
    issuer = loaded.issuer.id
    _, item = split_ref(ref)
    credential = loaded.credentials.get(item)
    names: Iterable[str]
    if credential is not None:
        names = credential.courses
    else:
        program = loaded.programs[item]
        names = [n for r in program.requirement for n in (r.courses or ())]
    return tuple(sorted({split_ref(n, issuer)[1] for n in names}))


def stack_ladder(
    region: Region,
    issuer_id: str,
    learner: LearnerFile | None = None,
    as_of: dt.date | None = None,
) -> Ladder:
    """The institution's credentials and programs, ordered by how they nest.

    Rung A nests in rung B when A's `stacks_into` names B, or when A has courses, all
    of them are accepted by B and B is not below A in award order (credentials, then
    AWARD_ORDER): a program accepts a course one of its requirements lists or whose
    credits filter takes it (the implicit general credit does not count), a credential
    accepts its own courses. Order: topological by nesting, then award order, then ref.
    With a learner: progress is the confirmed audit's applied / credits for programs,
    and for credentials the number of its courses held or recognised (confirmed) here.
    """
    loaded = region.get(issuer_id)
    if loaded is None:
        raise KeyError(issuer_id)
    graph = articulation_graph(region)
    info: dict[str, dict[str, Any]] = {}
    for cid, credential in loaded.credentials.items():
        ref = make_ref(issuer_id, cid)
        courses = rung_courses(loaded, ref)
        credits = credential.credits
        if credits is None and courses:
            credits = sum((loaded.courses[c].credits for c in courses if c in loaded.courses),
                          Decimal(0))
        targets = {make_ref(*split_ref(t, issuer_id)) for t in credential.stacks_into}
        info[ref] = {
            "kind": "credential", "award": credential.type, "title": credential.title,
            "credits": credits, "courses": courses, "stacks": targets,
            "accepts": set(courses),
        }
    for pid, program in loaded.programs.items():
        ref = make_ref(issuer_id, pid)
        prefix = f"{ref}/"
        accepts = {
            code
            for code in loaded.courses
            if any(r.startswith(prefix) for r in graph.requirements_of(make_ref(issuer_id, code)))
        }
        info[ref] = {
            "kind": "program", "award": program.award, "title": program.title,
            "credits": program.credits, "courses": rung_courses(loaded, ref), "stacks": set(),
            "accepts": accepts,
        }
    nesting: nx.DiGraph[str] = nx.DiGraph()
    nesting.add_nodes_from(info)
    for a, a_info in info.items():
        rank_a = _rank(a_info["kind"], a_info["award"])
        for b, b_info in info.items():
            if a == b:
                continue
            if b in a_info["stacks"]:
                nesting.add_edge(a, b)
            elif (
                a_info["courses"]
                and rank_a <= _rank(b_info["kind"], b_info["award"])
                and set(a_info["courses"]) <= b_info["accepts"]
            ):
                nesting.add_edge(a, b)
    order = _ladder_order(nesting, info)
    position = {ref: i for i, ref in enumerate(order)}
    progress = _progress(region, loaded, info, learner, as_of) if learner else {}
    rungs = tuple(
        Rung(
            ref=ref,
            title=info[ref]["title"],
            kind=info[ref]["kind"],
            award=info[ref]["award"],
            credits=info[ref]["credits"],
            courses=info[ref]["courses"],
            nests_into=tuple(sorted(nesting.succ[ref], key=position.__getitem__)),
            progress=progress.get(ref),
        )
        for ref in order
    )
    return Ladder(institution=issuer_id, rungs=rungs)


def _ladder_order(nesting: nx.DiGraph[str], info: dict[str, dict[str, Any]]) -> list[str]:
    """Topological by nesting (cycles kept together), then award order, then ref."""

    def key(ref: str) -> tuple[int, str]:
        return (_rank(info[ref]["kind"], info[ref]["award"]), ref)

    condensed = nx.condensation(nesting)
    members = condensed.graph["mapping"]
    groups: dict[int, list[str]] = {}
    for ref, group in members.items():
        groups.setdefault(group, []).append(ref)
    group_key = {g: min(key(r) for r in refs) for g, refs in groups.items()}
    order: list[str] = []
    for group in nx.lexicographical_topological_sort(condensed, key=group_key.__getitem__):
        order += sorted(groups[group], key=key)
    return order


def _progress(
    region: Region,
    loaded: LoadedCatalogue,
    info: dict[str, dict[str, Any]],
    learner: LearnerFile,
    as_of: dt.date | None,
) -> dict[str, Progress]:
    if as_of is not None:
        learner = learner.model_copy(
            update={"learner": learner.learner.model_copy(update={"as_of": as_of})}
        )
    when = learner.learner.as_of or dt.date.today()
    result: dict[str, Progress] = {}
    for ref, item in info.items():
        if item["kind"] == "program":
            audit = evaluate(region, learner, ref, when).confirmed.audit
            result[ref] = Progress(audit.applied, loaded.programs[split_ref(ref)[1]].credits,
                                   "credits")
            continue
        recognition = recognise(region, learner, ref, when)
        have = {u.course for u in recognition.confirmed_units() if u.course}
        courses = item["courses"]
        done = sum(1 for c in courses if c in have)
        result[ref] = Progress(Decimal(done), Decimal(len(courses)), "courses")
    return result
