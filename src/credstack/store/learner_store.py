"""Loading and saving learner files, with every problem located.

One save path for every writer (the TUI, `credstack import`, any future one):
`save_learner`. It never loses or silently replaces a file:

- the file is stamped when it is loaded (`DiskStamp`: size, mtime, SHA-256); a save
  finds it changed on disk since then and raises `ChangedOnDisk` (the TUI offers reload /
  overwrite / save as, the CLI refuses), and saving as another existing file raises
  `TargetExists`; `accept_disk_state` is the user's "overwrite it";
- a read-only file is refused (`ReadOnlyFile`), a symlinked file is written through to
  its target, temporary files of a killed save are removed (store/atomic.py);
- what a person wrote is kept: the file's own text is edited with the changes since it
  was loaded (store/learner_document.py), so comments, key order and layout survive.
"""

from __future__ import annotations

import datetime as dt
import os
import tomllib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from credstack.errors import ChangedOnDisk, CredstackError, Problem, TargetExists, did_you_mean
from credstack.model.learner import LearnerFile
from credstack.model.refs import split_ref
from credstack.model.region import Region
from credstack.store.atomic import DiskStamp, atomic_write, real_path
from credstack.store.learner_document import edited_text
from credstack.store.toml_lines import LineIndex
from credstack.store.toml_writer import plain_data, to_toml
from credstack.store.validation import (
    decode_toml,
    parse_toml_text,
    validation_problems,
)


@dataclass
class LoadedLearner:
    path: Path | None
    learner: LearnerFile
    lines: LineIndex
    # the file as it was read (or last saved): what a save checks it would replace
    stamp: DiskStamp | None = None
    # the text the learner was read from, and the learner as read (plain data): a save
    # edits that text with the changes since, keeping comments and layout
    text: str = ""
    base: dict[str, Any] | None = None

    def line_of(self, *loc: str | int) -> int:
        return self.lines.line_of(loc)


def load_learner_with_problems(
    path: Path, region: Region
) -> tuple[LoadedLearner | None, list[Problem]]:
    try:
        found = DiskStamp.read(path)
    except OSError as error:
        return None, [Problem(str(path), 1, f"cannot read file: {error.strerror or error}")]
    if found is None:
        return None, [Problem(str(path), 1, "cannot read file: No such file or directory")]
    stamp, raw = found
    return learner_from_bytes(path, raw, region, stamp)


def learner_from_bytes(
    path: Path, raw: bytes, region: Region, stamp: DiskStamp | None = None
) -> tuple[LoadedLearner | None, list[Problem]]:
    """`load_learner_with_problems` on bytes already read (batch: read where the files
    are, checked on a Dask worker)."""
    data, text, problems = decode_toml(raw, path)
    if data is None:
        return None, problems
    # Lines are found when a problem is located (a batch of good files never needs one).
    lines = LineIndex.deferred(lambda: LineIndex(text).lines)
    try:
        learner = LearnerFile.model_validate(data)
    except ValidationError as error:
        return None, validation_problems(error, path, lines, LearnerFile)
    loaded = LoadedLearner(path, learner, lines, stamp, text, plain_data(learner))
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
    loaded = LoadedLearner(None, learner, lines, None, text, plain_data(learner))
    problems = list(check_learner(loaded, region, name))
    if problems:
        raise CredstackError(problems)
    return loaded


def learner_text(loaded: LoadedLearner) -> str:
    """The text a save writes: the loaded file's own text with the learner's changes
    applied, or (a new learner, or a document that cannot be edited) the learner afresh."""
    after = plain_data(loaded.learner)
    if loaded.text and loaded.base is not None:
        edited = edited_text(loaded.text, loaded.base, after)
        if edited is not None and _says(edited, after):
            return edited
    return to_toml(loaded.learner)


def _says(text: str, data: dict[str, Any]) -> bool:
    """Whether `text` reads back as exactly the learner `data`."""
    try:
        return plain_data(LearnerFile.model_validate(tomllib.loads(text))) == data
    except (tomllib.TOMLDecodeError, ValidationError, ValueError, RecursionError):
        return False


def check_save(loaded: LoadedLearner, target: Path) -> None:
    """Raise when saving to `target` would replace something the user has not seen: the
    loaded file changed on disk since (ChangedOnDisk), or another file (TargetExists)."""
    real = real_path(target)
    found = DiskStamp.read(real)
    if found is None:
        return  # a new file, or the loaded one was removed: nothing to lose
    now = found[0]
    stamp = loaded.stamp
    if stamp is None or stamp.path != now.path:
        raise TargetExists(target, "already exists and is not the file that was opened: not saved")
    if not stamp.same_content(now):
        when = dt.datetime.fromtimestamp(now.mtime_ns / 1e9).strftime("%Y-%m-%d %H:%M:%S")
        raise ChangedOnDisk(
            target,
            f"was changed on disk since it was read ({stamp.size} -> {now.size} bytes, "
            f"modified {when}): not saved",
        )


def accept_disk_state(loaded: LoadedLearner, path: Path | None = None) -> None:
    """The user has seen the file on disk and chose to replace it (the TUI's "overwrite"):
    the next save of `path` (default: the loaded file) goes ahead."""
    target = path or loaded.path
    if target is None:
        return
    found = DiskStamp.read(real_path(target))
    loaded.stamp = found[0] if found else None


def save_learner(loaded: LoadedLearner, path: Path | None = None) -> Path:
    """Atomically write the learner file (keeping NAME.toml.bak); returns the path.

    Raises ChangedOnDisk, TargetExists or ReadOnlyFile (nothing written) as the module
    says, and OSError when the disk refuses (the old file is then as it was)."""
    target = path or loaded.path
    if target is None:
        raise ValueError("no path to save the learner file to")
    target = Path(target)
    text = learner_text(loaded)
    check_save(loaded, target)
    written = atomic_write(target, text)
    raw = text.encode("utf-8")
    loaded.stamp = DiskStamp.of_bytes(written, raw, os.stat(written))
    loaded.path = target
    loaded.text = text
    loaded.base = plain_data(loaded.learner)
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
                home_catalogue = region.get(home)
                pool = list(home_catalogue.courses) if home_catalogue else []
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
