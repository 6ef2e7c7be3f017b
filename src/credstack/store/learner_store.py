"""Loading and saving learner files, with every problem located."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from credstack.errors import CredstackError, Problem, did_you_mean
from credstack.model.learner import LearnerFile
from credstack.model.refs import split_ref
from credstack.model.region import Region
from credstack.store.atomic import atomic_write
from credstack.store.toml_lines import LineIndex
from credstack.store.toml_writer import to_toml
from credstack.store.validation import parse_toml_text, read_toml, validation_problems


@dataclass
class LoadedLearner:
    path: Path | None
    learner: LearnerFile
    lines: LineIndex

    def line_of(self, *loc: str | int) -> int:
        return self.lines.line_of(loc)


def load_learner_with_problems(
    path: Path, region: Region
) -> tuple[LoadedLearner | None, list[Problem]]:
    data, text, problems = read_toml(path)
    if data is None:
        return None, problems
    lines = LineIndex(text)
    try:
        learner = LearnerFile.model_validate(data)
    except ValidationError as error:
        return None, validation_problems(error, path, lines, LearnerFile)
    loaded = LoadedLearner(path=path, learner=learner, lines=lines)
    problems = sorted(check_learner(loaded, region))
    return (None if problems else loaded), problems


def load_learner(path: Path, region: Region) -> LoadedLearner:
    loaded, problems = load_learner_with_problems(path, region)
    if loaded is None:
        raise CredstackError(problems)
    return loaded


def learner_from_text(text: str, region: Region, name: str = "<learner>") -> LoadedLearner:
    """Validate a learner document held in memory (the TUI's what-if and tests)."""
    data, problems = parse_toml_text(text, name)
    if data is None:
        raise CredstackError(problems)
    lines = LineIndex(text)
    try:
        learner = LearnerFile.model_validate(data)
    except ValidationError as error:
        raise CredstackError(validation_problems(error, Path(name), lines, LearnerFile)) from None
    loaded = LoadedLearner(path=None, learner=learner, lines=lines)
    problems = list(check_learner(loaded, region, name))
    if problems:
        raise CredstackError(problems)
    return loaded


def save_learner(loaded: LoadedLearner, path: Path | None = None) -> Path:
    """Atomically write the learner file (keeping NAME.toml.bak); returns the path."""
    target = path or loaded.path
    if target is None:
        raise ValueError("no path to save the learner file to")
    text = to_toml(loaded.learner)
    atomic_write(target, text)
    loaded.path = target
    loaded.lines = LineIndex(text)
    return target


def check_learner(
    loaded: LoadedLearner, region: Region, name: str | None = None
) -> Iterable[Problem]:
    """References in a learner file that resolve to nothing, each with its line."""
    learner = loaded.learner
    where = name or str(loaded.path)

    def problem(loc: tuple[str | int, ...], message: str) -> Problem:
        return Problem(where, loaded.lines.line_of(loc), message)

    for goal in learner.learner.goals:
        if ":" not in goal or region.program(goal) is None:
            yield problem(
                ("learner", "goals"),
                f"goal {goal!r} is not a loaded program"
                + did_you_mean(goal, region.program_refs()),
            )
    for role in learner.learner.roles:
        if ":" not in role or region.role(role) is None:
            yield problem(
                ("learner", "roles"),
                f"role {role!r} is not a loaded employer role"
                + did_you_mean(role, region.role_refs()),
            )
    for index, held in enumerate(learner.held):
        if ":" not in held.ref or region.kind_of(held.ref) not in ("course", "credential"):
            yield problem(
                ("held", index, "ref"),
                f"held {held.ref!r} is not a loaded course or credential"
                + did_you_mean(held.ref, region.holdable_refs()),
            )
    yield from _check_terms(loaded, region, problem)
    held_refs = [h.ref for h in learner.held]
    prior_titles = [p.title for p in learner.prior]
    for index, exception in enumerate(learner.exception):
        loc = ("exception", index)
        program = region.program(exception.program) if ":" in exception.program else None
        if program is None:
            yield problem(
                (*loc, "program"),
                f"exception names program {exception.program!r}, which is not loaded"
                + did_you_mean(exception.program, region.program_refs()),
            )
            continue
        home, _ = split_ref(exception.program)
        if exception.item is not None:
            pool = held_refs + (prior_titles if exception.kind == "grant" else [])
            if exception.item not in pool:
                yield problem(
                    (*loc, "item"),
                    f"exception item {exception.item!r} is not held by this learner"
                    + did_you_mean(exception.item, pool),
                )
        if exception.course is not None:
            issuer, code = split_ref(exception.course, home)
            catalogue = region.get(issuer)
            if issuer != home or catalogue is None or code not in catalogue.courses:
                pool = list(region.get(home).courses) if region.get(home) else []
                yield problem(
                    (*loc, "course"),
                    f"exception course {exception.course!r} is not a course of {home!r}"
                    + did_you_mean(code, pool),
                )
        if exception.requirement is not None:
            ids = [r.id for r in program.requirement]
            if exception.requirement not in ids:
                yield problem(
                    (*loc, "requirement"),
                    f"exception requirement {exception.requirement!r} is not in "
                    f"{exception.program!r}" + did_you_mean(exception.requirement, ids),
                )


def _check_terms(
    loaded: LoadedLearner, region: Region, problem: Callable[[tuple[str | int, ...], str], Problem]
) -> Iterable[Problem]:
    learner = loaded.learner.learner
    names: set[str] = set()
    for goal in learner.goals:
        if ":" not in goal:
            continue
        catalogue = region.get(split_ref(goal)[0])
        if catalogue and catalogue.catalogue.institution:
            names |= {t.name for t in catalogue.catalogue.institution.term}
    if not names:
        for catalogue in region.institutions():
            names |= {t.name for t in catalogue.catalogue.institution.term}  # type: ignore[union-attr]
    if not names:
        return
    for term in learner.attend or []:
        if term not in names:
            yield problem(
                ("learner", "attend"),
                f"attend names term {term!r}, which no goal's calendar has"
                + did_you_mean(term, names),
            )
    if learner.start:
        term = learner.start.split(" ", 1)[1]
        if term not in names:
            yield problem(
                ("learner", "start"),
                f"start term {term!r} is not in the goals' calendars" + did_you_mean(term, names),
            )
