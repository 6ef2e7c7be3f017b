"""Petitions: inferred routes to a program's institution (semantics §1, basis `inferred`).

A chain of 2..3 other institutions' articulation rules that leads a held item to a
course of the receiving institution R, where no rule of R recognises it directly. Part
of recognition (engine/recognise.py lists them on every Recognition), shown as "needs
petition" and never counted.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection

from credstack.engine.articulation_graph import (
    MAX_DEPTH,
    ArticulationGraph,
    Step,
    articulation_graph,
)
from credstack.engine.facts import HeldFact, check_fact, held_facts
from credstack.engine.results import Petition
from credstack.model.catalogue import Institution
from credstack.model.learner import LearnerFile
from credstack.model.refs import split_ref
from credstack.model.region import Region


def petitions(
    region: Region,
    learner: LearnerFile,
    program_ref: str,
    as_of: dt.date,
    *,
    recognised: Collection[str],
) -> tuple[Petition, ...]:
    """Inferred routes (semantics §1) for a program's institution R; never counted.

    For each held entry with no direct recognition at R (not R's own, no rule of R names
    it or a course it contains, no adviser exception for this program, not excluded):
    every chain of 2..3 rules reaching a course of R. The first rule's conditions
    (grade, age, validity window; its institution's policy) must hold for what the
    learner holds, and every other `from` item along the chain must be held. Chains to
    a course already recognised (`recognised`: course codes of R, which recognition
    passes in: `recognise(...).petitions` is the usual way to ask) are left out.
    """
    home, _ = split_ref(program_ref)
    graph = articulation_graph(region, requirements=False)
    covered = set(recognised)
    excluded = {e.item for e in learner.exceptions_for(program_ref, "exclude") if e.item}
    excepted = {
        e.item for e in learner.exceptions_for(program_ref, "substitute", "grant") if e.item
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
    return tuple(sorted(found.values(), key=lambda p: (p.item, len(p.chain), p.course, p.chain)))


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
                if fact is None or rule is None or check_fact(fact, rule, policy, as_of):
                    return False
        elif any(ref not in facts and ref not in reached for ref in step.from_):
            return False
        reached.add(step.to)
    return True
