"""Stack ladders: an institution's credentials and programs, ordered by how they nest.

A micro-credential inside a certificate inside a diploma inside a degree: nesting is read
from `stacks_into` and from the courses each rung accepts (the articulation graph's
"counts" edges, engine/articulation_graph.py). With a learner, each rung shows progress
from the confirmed audit (engine/evaluate.py) or recognition: this module sits above both.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal

import networkx as nx

from credstack.engine.articulation_graph import articulation_graph
from credstack.engine.evaluate import evaluate
from credstack.engine.recognise import recognise
from credstack.model.catalogue import AWARD_ORDER
from credstack.model.learner import LearnerFile
from credstack.model.refs import make_ref, split_ref
from credstack.model.region import LoadedCatalogue, Region


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
            credits = sum(
                (loaded.courses[c].credits for c in courses if c in loaded.courses), Decimal(0)
            )
        targets = {make_ref(*split_ref(t, issuer_id)) for t in credential.stacks_into}
        info[ref] = {
            "kind": "credential",
            "award": credential.type,
            "title": credential.title,
            "credits": credits,
            "courses": courses,
            "stacks": targets,
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
            "kind": "program",
            "award": program.award,
            "title": program.title,
            "credits": program.credits,
            "courses": rung_courses(loaded, ref),
            "stacks": set(),
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
            result[ref] = Progress(
                audit.applied, loaded.programs[split_ref(ref)[1]].credits, "credits"
            )
            continue
        recognition = recognise(region, learner, ref, when)
        have = {u.course for u in recognition.confirmed_units() if u.course}
        courses = item["courses"]
        done = sum(1 for c in courses if c in have)
        result[ref] = Progress(Decimal(done), Decimal(len(courses)), "courses")
    return result
