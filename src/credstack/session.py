"""An advising session: one region, one learner, their edits and the engine's answers.

A plain object (no textual), so the TUI stays a view: it asks the session to change the
learner and to compute, and shows what comes back. The Session is the TUI's only door
into the engine (the report with its advice, compare, careers, articulation paths,
agreements, stack ladders, evidence, badge import): tui/ imports result types from
credstack.engine, never a function that computes. Tests drive it directly
(tests/unit/test_session.py). The takeaway (`takeaway`) is the report `credstack report`
prints, written to a file.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from pydantic import ValidationError

from credstack.engine.advice import advise
from credstack.engine.agreement import Agreement, agreement, feeders_into
from credstack.engine.articulation_graph import ArticulationPath, paths_from
from credstack.engine.compare import (
    CompareChoices,
    CompareFilter,
    SortKey,
    Tradeoff,
    compare_choices,
    matching_programs,
    rank,
    tradeoffs,
)
from credstack.engine.evaluate import build_report, evaluate
from credstack.engine.evidence import EvidenceCheck, check_evidence, evidence_for
from credstack.engine.ladder import Ladder, stack_ladder
from credstack.engine.lint import lint_region
from credstack.engine.results import ProgramResult, Report
from credstack.engine.route_results import Objective, Route, RouteResult
from credstack.engine.routes import find_routes
from credstack.errors import CredstackError, Problem, did_you_mean
from credstack.model.learner import (
    AdviserException,
    Evidence,
    Held,
    LearnerFile,
    LearnerInfo,
    Note,
    Prior,
)
from credstack.model.refs import split_ref
from credstack.model.region import Region
from credstack.report.render import TAKEAWAY_FORMATS, render
from credstack.safe_text import safe_text
from credstack.store.atomic import DiskStamp, atomic_write
from credstack.store.catalogue_loader import catalogue_files, load_region_with_problems
from credstack.store.learner_store import (
    LoadedLearner,
    accept_disk_state,
    check_learner,
    load_learner,
    load_learner_with_problems,
    save_learner,
)
from credstack.store.toml_lines import LineIndex
from credstack.store.toml_writer import plain_data
from credstack.store.validation import validation_problems

if TYPE_CHECKING:  # the badge modules load pyld and cryptography: only when importing
    from credstack.badges.importer import ImportItem
    from credstack.badges.verify import Verification


UNDO_DEPTH = 50  # edits kept for ctrl+z (the issue asks for at least 20)

# what each list of entries is called in a learner file, and how an edit names one entry
ENTRIES = {"held": "held item", "prior": "prior learning", "exception": "exception", "note": "note"}
Entries = Literal["held", "prior", "exception", "note"]  # the lists of LearnerFile


@dataclass(frozen=True)
class Edit:
    """One committed edit: what it was (for "Undid: ...") and the learner before it."""

    what: str
    before: LearnerFile


@dataclass(frozen=True)
class Holdable:
    """A course or credential a learner can hold, as the search shows it."""

    ref: str
    title: str
    kind: str  # "course" or the credential type
    issuer: str  # issuer name
    credits: Decimal | None

    @property
    def search_text(self) -> str:
        return f"{self.ref} {self.title} {self.issuer}"


@dataclass(frozen=True)
class CaseFile:
    """A learner file of a caseload as listed: where it is and when it last changed."""

    path: Path
    mtime_ns: int
    size: int


@dataclass(frozen=True)
class CaseSummary:
    """One learner file of a caseload: who, their goals and the first goal audited and
    planned (the same `evaluate` as `credstack report`), or the file's located error."""

    file: CaseFile
    real: str  # the file behind any link: tells whether it is the open learner's
    sha256: str | None  # of the bytes read (None: unreadable)
    name: str | None = None
    goals: tuple[str, ...] = ()
    first: ProgramResult | None = None  # the first goal's result
    error: str | None = None  # "file:line: message (and N more problems)"


class Session:
    """The state of one appointment."""

    def __init__(self, region: Region, problems: list[Problem], catalogs: Path) -> None:
        self.region = region
        self.problems = problems
        self.catalogs = catalogs
        self.loaded: LoadedLearner | None = None
        self.dirty = False
        # "example": opened from a shipped persona; "new": a file that does not exist yet
        self.origin: str | None = None
        self._holdables: list[Holdable] | None = None
        self._undo: list[Edit] = []  # newest last, at most UNDO_DEPTH
        self._redo: list[Edit] = []
        # the folder of learner files the TUI lists (`credstack tui FOLDER`), and the
        # summaries of its files, each kept while the file's mtime and size are unchanged
        self.caseload: Path | None = None
        self._cases: dict[Path, CaseSummary] = {}

    # -- loading ---------------------------------------------------------------------
    @classmethod
    def open(cls, catalogs: Path) -> Session:
        region, problems = load_region_with_problems(catalogs)
        problems = sorted(problems + lint_region(region))
        return cls(region, problems, catalogs)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    def open_learner(self, path: Path, *, example: bool = False) -> None:
        self.loaded = load_learner(path, self.region)
        self.dirty = False
        self.origin = "example" if example else None
        self._undo, self._redo = [], []
        if example:
            self.loaded.path = None  # saving an example asks for a new file

    def new_learner(
        self,
        name: str | LearnerInfo,
        goals: list[str] | None = None,
        *,
        path: Path | None = None,
    ) -> None:
        """Start a learner from nothing: a name (and goals), or the new-learner form's
        LearnerInfo. With `path` (a file that does not exist yet) the first save creates
        it; without, the first save asks where. Raises CredstackError, nothing changed,
        when the info is one the file loader would refuse."""
        info = name if isinstance(name, LearnerInfo) else LearnerInfo(name=name)
        if goals is not None:
            info = info.model_copy(update={"goals": list(goals)})
        learner = self._validated(LearnerFile(format=1, learner=info), None)
        self.loaded = LoadedLearner(path=path, learner=learner, lines=LineIndex(""))
        self.dirty = True
        self.origin = "new" if path is not None else None
        self._undo, self._redo = [], []

    def terms(self) -> list[str]:
        """The term names of every loaded institution's calendar (for start and attend),
        in calendar order (by start month, then name)."""
        months: dict[str, int] = {}
        for loaded in self.region.institutions():
            assert loaded.catalogue.institution is not None
            for term in loaded.catalogue.institution.term:
                months[term.name] = min(months.get(term.name, 13), term.starts)
        return sorted(months, key=lambda name: (months[name], name))

    @property
    def learner(self) -> LearnerFile:
        if self.loaded is None:
            raise CredstackError.at("learner", 1, "no learner is open")
        return self.loaded.learner

    @property
    def title(self) -> str:
        if self.loaded is None:
            return "no learner"
        if self.loaded.path is not None:
            name = self.loaded.path.name
            if self.origin == "new":
                name += " (new file, not saved)"
        elif self.origin == "example":
            name = f"{self.learner.learner.name} (example, not saved)"
        else:
            name = f"{self.learner.learner.name} (new, not saved)"
        return name + (" *" if self.dirty else "")

    def save(self, path: Path | None = None) -> Path:
        """Write the learner file atomically (keeping NAME.toml.bak) to `path`, or back
        to where it was opened from. On OSError the old file is untouched and the session
        stays dirty."""
        if self.loaded is None:
            raise CredstackError.at("learner", 1, "no learner is open")
        if path is None and self.loaded.path is None:
            raise CredstackError.at(
                "learner", 1, "this learner has no file yet: save it under a new path"
            )
        saved = save_learner(self.loaded, path)
        self.dirty = False
        self.origin = None
        return saved

    def overwrite(self, path: Path | None = None) -> Path:
        """Save over a file that changed on disk since it was loaded (or another file in
        the way of a save-as): the user has seen the refusal and chose to replace it."""
        if self.loaded is not None:
            accept_disk_state(self.loaded, path)
        return self.save(path)

    # -- edits -----------------------------------------------------------------------
    # Every edit builds a new LearnerFile and commits it through `_replace`: validated as
    # the file loader validates (the pydantic model, then check_learner's references), and
    # recorded for undo. A refused edit raises CredstackError and changes nothing.
    def _validated(self, learner: LearnerFile, path: Path | None) -> LearnerFile:
        """`learner` as the file loader would read it back, or CredstackError with every
        problem (the first is the one a dialog shows)."""
        lines = self.loaded.lines if self.loaded is not None else LineIndex("")
        try:
            learner = LearnerFile.model_validate(plain_data(learner))
        except ValidationError as error:
            raise CredstackError(
                validation_problems(error, Path("learner"), lines, LearnerFile)
            ) from None
        probe = LoadedLearner(path, learner, lines)
        problems = list(check_learner(probe, self.region, "learner"))
        if problems:
            raise CredstackError(problems)
        return learner

    def _replace(self, learner: LearnerFile, what: str = "edit") -> None:
        assert self.loaded is not None
        learner = self._validated(learner, self.loaded.path)
        self._undo = [*self._undo[-(UNDO_DEPTH - 1) :], Edit(what, self.loaded.learner)]
        self._redo = []
        self.loaded.learner = learner
        self.dirty = True

    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    @property
    def can_redo(self) -> bool:
        return bool(self._redo)

    def undo(self) -> str:
        """Take back the last edit (of any kind); returns what it was. The learner is as
        before it, and unsaved unless that is what was last saved."""
        if self.loaded is None or not self._undo:
            raise CredstackError.at("learner", 1, "nothing to undo")
        edit = self._undo.pop()
        self._redo.append(Edit(edit.what, self.loaded.learner))
        self._restore(edit.before)
        return edit.what

    def redo(self) -> str:
        """Make again the last edit that was undone; returns what it was."""
        if self.loaded is None or not self._redo:
            raise CredstackError.at("learner", 1, "nothing to redo")
        edit = self._redo.pop()
        self._undo.append(Edit(edit.what, self.loaded.learner))
        self._restore(edit.before)
        return edit.what

    def _restore(self, learner: LearnerFile) -> None:
        assert self.loaded is not None
        self.loaded.learner = learner
        saved = self.loaded.base if self.loaded.path is not None else None
        self.dirty = saved is None or plain_data(learner) != saved

    def set_profile(self, info: LearnerInfo) -> None:
        """The learner's own fields ([learner]) from the profile dialog. Goals and badge
        identifiers are not on the form: the learner's are kept."""
        current = self.learner.learner
        info = info.model_copy(update={"goals": current.goals, "identifiers": current.identifiers})
        self._replace(self.learner.model_copy(update={"learner": info}), "profile")

    def _entries(self, field: Entries) -> list[Any]:
        if field not in ENTRIES:
            raise ValueError(f"not a list of entries: {field!r}")
        return list(getattr(self.learner, field))

    def _entry_index(self, field: Entries, index: int) -> int:
        if not 0 <= index < len(getattr(self.learner, field)):
            raise CredstackError.at("learner", 1, f"there is no {ENTRIES[field]} {index + 1}")
        return index

    def replace_entry(self, field: Entries, index: int, entry: object) -> None:
        """Put a corrected entry (held, prior, exception or note) in place of `index`."""
        entries = self._entries(field)
        entries[self._entry_index(field, index)] = entry
        self._replace(self.learner.model_copy(update={field: entries}), f"edit {ENTRIES[field]}")

    def remove_entry(self, field: Entries, index: int) -> None:
        """Remove one entry; refused (CredstackError) when something still names it, as
        an exception names its held item."""
        entries = self._entries(field)
        del entries[self._entry_index(field, index)]
        self._replace(self.learner.model_copy(update={field: entries}), f"remove {ENTRIES[field]}")

    def edit_held(self, index: int, ref: str, earned: dt.date, grade: str) -> None:
        """Correct a held item's ref, date or grade; its evidence and badge provenance stay."""
        old = self.learner.held[self._entry_index("held", index)]
        update = {"ref": ref, "earned": earned, "grade": grade}
        self.replace_entry("held", index, old.model_copy(update=update))

    def remove_goal(self, index: int) -> None:
        goals = list(self.learner.learner.goals)
        if not 0 <= index < len(goals):
            raise CredstackError.at("learner", 1, f"there is no goal {index + 1}")
        del goals[index]
        self.set_goals(goals, "remove goal")

    def move_goal(self, index: int, by: int) -> int:
        """Move a goal up (by < 0) or down the list; returns its new index (the same when
        it is already first or last: nothing changes)."""
        goals = list(self.learner.learner.goals)
        if not 0 <= index < len(goals):
            raise CredstackError.at("learner", 1, f"there is no goal {index + 1}")
        to = min(max(index + by, 0), len(goals) - 1)
        if to != index:
            goals.insert(to, goals.pop(index))
            self.set_goals(goals, "reorder goals")
        return to

    def add_note(self, note: Note) -> None:
        """A note of what was agreed (docs/learner-format.md), after the others."""
        self._replace(
            self.learner.model_copy(update={"note": [*self.learner.note, note]}), "add note"
        )

    def with_held(self, ref: str, earned: dt.date, grade: str = "P") -> LearnerFile:
        """The learner with one more held item (not yet committed: a what-if)."""
        held = Held(ref=ref, earned=earned, grade=grade)  # type: ignore[arg-type]
        return self.learner.model_copy(update={"held": [*self.learner.held, held]})

    def add_held(self, ref: str, earned: dt.date, grade: str = "P") -> None:
        self._replace(self.with_held(ref, earned, grade), f"add {ref}")

    def plan_badge_import(
        self, path: Path, as_of: dt.date
    ) -> tuple[Verification | None, list[ImportItem]]:
        """Read, match and verify a badge / CLR file for the open learner (docs/badges.md):
        (the CLR's own Verification or None, the ImportItems). Nothing is changed."""
        from credstack.badges.importer import plan_import, read_badge

        text = read_badge(path)
        clr, items = plan_import(text, str(path), self.region, self.learner, as_of)
        return clr, items

    def add_imported(self, held: list[Held]) -> None:
        """Add held items imported from a badge (already matched and verified)."""
        self._replace(
            self.learner.model_copy(update={"held": [*self.learner.held, *held]}),
            f"import {len(held)} held item(s)",
        )

    def remove_held(self, index: int) -> None:
        self.remove_entry("held", index)

    def add_prior(self, prior: Prior) -> None:
        self._replace(
            self.learner.model_copy(update={"prior": [*self.learner.prior, prior]}),
            "add prior learning",
        )

    def add_exception(self, exception: AdviserException) -> None:
        self._replace(
            self.learner.model_copy(update={"exception": [*self.learner.exception, exception]}),
            "add exception",
        )

    def attach_evidence(
        self,
        held: int | str,
        path: Path,
        title: str | None = None,
        *,
        allow_outside: bool = False,
    ) -> Evidence:
        """Hash `path` and record it as evidence of a held item (by index or ref).

        The path is stored relative to the learner file's folder; a file outside that
        folder is refused unless `allow_outside`. An unsaved learner has no folder, so
        nothing can be attached until it is saved (docs/evidence.md).
        """
        index = self._held_index(held)
        return self.add_evidence(index, self.hash_evidence(path, title, allow_outside))

    def hash_evidence(
        self, path: Path, title: str | None = None, allow_outside: bool = False
    ) -> Evidence:
        """The evidence entry for `path`, hashed (slow for a big file: the TUI calls this
        from a worker, then `add_evidence` on its own thread)."""
        learner_file = self.loaded.path if self.loaded else None
        return evidence_for(learner_file, path, title, allow_outside=allow_outside)

    def add_evidence(self, held: int | str, evidence: Evidence) -> Evidence:
        """Record a hashed entry; the same path again replaces its hash (a re-attach)."""
        index = self._held_index(held)
        items = list(self.learner.held)
        kept = list(items[index].evidence)
        same = [i for i, old in enumerate(kept) if old.path == evidence.path]
        if same:  # the same path again re-hashes it (a deliberate update), keeping its title
            old = kept[same[0]]
            evidence = evidence.model_copy(update={"title": old.title})
            kept[same[0]] = evidence
        else:
            kept.append(evidence)
        items[index] = items[index].model_copy(update={"evidence": kept})
        self._replace(self.learner.model_copy(update={"held": items}), f"attach {evidence.path}")
        return evidence

    def _held_index(self, held: int | str) -> int:
        refs = [item.ref for item in self.learner.held]
        if isinstance(held, int):
            if not 0 <= held < len(refs):
                raise CredstackError.at("learner", 1, f"there is no held item {held + 1}")
            return held
        if held not in refs:
            raise CredstackError.at(
                "learner", 1, f"{held!r} is not held by this learner" + did_you_mean(held, refs)
            )
        return refs.index(held)

    def check_evidence(self, *, allow_outside: bool = False) -> tuple[EvidenceCheck, ...]:
        """Every artifact's state (reads files: the TUI calls this from a worker)."""
        return check_evidence(self.learner, self.folder, allow_outside=allow_outside)

    def set_goals(self, goals: list[str], what: str = "set goals") -> None:
        info = self.learner.learner.model_copy(update={"goals": goals})
        self._replace(self.learner.model_copy(update={"learner": info}), what)

    # -- answers ---------------------------------------------------------------------
    @property
    def folder(self) -> Path | None:
        """The learner file's folder (evidence paths are relative to it); None unsaved."""
        return self.loaded.path.parent if self.loaded and self.loaded.path else None

    def report(
        self,
        learner: LearnerFile | None = None,
        *,
        evidence: bool = False,
        careers: bool = False,
    ) -> Report:
        """The goals audited and planned, with advice from engine/advice.py, the same
        assembly `credstack report` uses: subscriptions and imported badges always (both
        cost well under a millisecond); evidence (reads files) and careers (re-audits every
        goal per candidate) only when asked, as the TUI computes them in their own workers.
        `learner` is a provisional learner (a what-if); the open one by default."""
        learner = learner or self.learner
        report = build_report(self.region, learner)
        return advise(
            self.region,
            learner,
            report,
            folder=self.folder,
            evidence=evidence,
            careers=careers,
        )

    # -- the takeaway ---------------------------------------------------------------------
    def takeaway_path(self, fmt: str = "html") -> Path:
        """Where the takeaway goes unless the adviser chooses: LEARNER-report.html (.md,
        .txt) beside the learner file; for a learner not saved yet, in the working folder,
        named after the learner."""
        ending = TAKEAWAY_FORMATS.get(fmt, ".html")
        if self.loaded is not None and self.loaded.path is not None:
            path = self.loaded.path
            return path.with_name(f"{path.stem}-report{ending}")
        slug = re.sub(r"[\W_]+", "-", self.learner.learner.name.lower()).strip("-")
        return Path(f"{slug or 'learner'}-report{ending}")

    def takeaway(self, path: Path, fmt: str = "html") -> Path:
        """Write the report of the learner on screen to `path` in `fmt` (html, markdown or
        text): the same document `credstack report --format FMT` prints for the saved
        file (every advice section, the notes of the report's day), marked as including
        unsaved changes when there are any. Written atomically (a new file is readable by
        its owner only); the learner file and the catalogues are never written over.
        Returns the file written. Slow (careers re-audit every goal): call it from a worker.
        """
        if fmt not in TAKEAWAY_FORMATS:
            known = ", ".join(TAKEAWAY_FORMATS)
            raise CredstackError.at(path, 1, f"no takeaway format {fmt!r} (choose {known})")
        self._refuse_inputs(path)
        report = self.report(evidence=True, careers=True)
        text = render(report, fmt, unsaved=self.dirty)
        if fmt == "text":  # as `credstack report` writes a text file: no control character
            text = safe_text(text, multiline=True)
        return atomic_write(path, text, keep_backup=False)

    def _refuse_inputs(self, path: Path) -> None:
        """CredstackError when `path` is a folder, in a missing folder, or is the learner
        file (its backup) or a catalogue file, links and other spellings included."""
        if path.is_dir():
            raise CredstackError.at(path, 1, "is a folder: choose a file name")
        if not path.parent.is_dir():
            raise CredstackError.at(path, 1, f"folder {path.parent} does not exist")
        inputs: list[tuple[Path, str]] = []
        if self.loaded is not None and self.loaded.path is not None:
            learner_file = self.loaded.path
            inputs += [(learner_file, "the learner file")]
            inputs += [(learner_file.with_name(learner_file.name + ".bak"), "its backup")]
        inputs += [(file, "a catalogue file") for file in catalogue_files(self.catalogs)]
        try:
            target = os.stat(path)
        except OSError:
            return  # a new file is nobody's input
        for source, what in inputs:
            try:
                found = os.stat(source)
            except OSError:
                continue
            if (found.st_dev, found.st_ino) == (target.st_dev, target.st_ino):
                raise CredstackError.at(
                    path, 1, f"refusing to write over {what}: choose another file"
                )

    def what_if(self, ref: str, earned: dt.date, grade: str = "P") -> Report:
        """The report as it would be with one more held item; nothing is changed."""
        return self.report(self.with_held(ref, earned, grade))

    def routes(
        self,
        goal: str,
        *,
        via: list[str] | None = None,
        optimise: Objective = "cost",
        budget: Decimal | None = None,
        by: str | None = None,
    ) -> RouteResult:
        """Transfer routes to `goal` for the open learner (engine/routes.py): what to take
        where first, then the rest of the goal; nothing is changed."""
        return find_routes(
            self.region, self.learner, goal, via=via or (), optimise=optimise, budget=budget, by=by
        )

    def with_route(self, route: Route, earned: dt.date) -> LearnerFile:
        """The learner with every item of `route` held as of `earned` (a what-if)."""
        held = [Held(ref=item.ref, earned=earned, grade="P") for item in route.items]
        return self.learner.model_copy(update={"held": [*self.learner.held, *held]})

    def what_if_route(self, route: Route, earned: dt.date) -> Report:
        """The report as it would be with every item of `route` held; nothing is changed."""
        return self.report(self.with_route(route, earned))

    def add_route(self, route: Route, earned: dt.date) -> None:
        """Record every item of `route` as held (the what-if, committed)."""
        self._replace(self.with_route(route, earned))

    def careers(self, report: Report) -> Report:
        """`report` (of the open learner) with role fit and the next best credential."""
        return advise(
            self.region,
            self.learner,
            report,
            folder=self.folder,
            evidence=False,
            careers=True,
        )

    def compare(
        self,
        award: str | None = None,
        sort: SortKey = "terms",
        report: Report | None = None,
        filters: CompareFilter | None = None,
    ) -> list[ProgramResult]:
        """Programs ranked by `sort`: every loaded program that passes `filters` (or is of
        `award`), or, with no filter, the learner's goals (taken from `report` when it is
        given: they were just computed)."""
        filters = self._filters(award, filters)
        if filters.active:
            results = list(self.compare_each(self.compare_programs(filters)))
        elif report is not None:
            results = list(report.results)
        else:
            results = list(self.compare_each(self.learner.learner.goals))
        return rank(results, sort)

    @staticmethod
    def _filters(award: str | None, filters: CompareFilter | None) -> CompareFilter:
        filters = filters or CompareFilter()
        if award is not None:
            filters = CompareFilter(
                award, filters.subject, filters.institution, filters.country, filters.credit_system
            )
        return filters

    def compare_choices(self) -> CompareChoices:
        """The values each Compare filter can take in the loaded region."""
        return compare_choices(self.region)

    def compare_programs(self, filters: CompareFilter) -> list[str]:
        """Every loaded program that passes `filters` (the goals are not among the
        filters: with none set, Compare shows the goals instead)."""
        return matching_programs(self.region, filters)

    def compare_each(
        self, refs: Sequence[str], learner: LearnerFile | None = None
    ) -> Iterator[ProgramResult]:
        """Each program audited and planned in turn, for a worker that shows results as
        they come (the open learner, or `learner` as it was when the worker started)."""
        learner = learner or self.learner
        for ref in refs:
            yield evaluate(self.region, learner, ref)

    def rank(
        self, results: Sequence[ProgramResult], sort: SortKey = "terms"
    ) -> list[ProgramResult]:
        return rank(results, sort)

    def tradeoffs(
        self, results: Sequence[ProgramResult], as_of: dt.date | None = None
    ) -> tuple[Tradeoff, ...]:
        """Cost against finish of the programs that can finish, each marked on or off the
        Pareto front of its currency (computed in engine/compare.py, once)."""
        when = as_of or self.learner.learner.as_of or dt.date.today()
        return tradeoffs(self.region, results, when)

    def what_if_program(self, ref: str) -> Report:
        """The report as it would be with `ref` as the only goal: its audit and plan,
        without making it a goal (nothing is changed)."""
        if self.region.program(ref) is None:
            raise CredstackError.at(
                "program",
                1,
                f"no loaded program {ref!r}" + did_you_mean(ref, self.region.program_refs()),
            )
        report = build_report(self.region, self.learner, [ref])
        return advise(
            self.region, self.learner, report, folder=self.folder, evidence=False, careers=False
        )

    def paths(self, ref: str) -> list[ArticulationPath]:
        """Every articulation path from a held item to any program's requirement."""
        return paths_from(self.region, ref)

    def feeders(self, program: str) -> list[tuple[str, str]]:
        """(name, issuer id) of every feeder with rules into the program's institution."""
        institution = program.split(":", 1)[0]
        return sorted(
            (self.region.catalogues[issuer].issuer.name, issuer)
            for issuer in feeders_into(self.region, institution)
        )

    def default_feeder(self, program: str) -> str | None:
        """The feeder to show first: the one the learner holds most items from, then the
        one with most rules into the program's institution, then by id."""
        feeders = [ident for _, ident in self.feeders(program)]
        if not feeders:
            return None
        held = [split_ref(h.ref)[0] for h in self.learner.held] if self.loaded else []
        institution = split_ref(program)[0]
        home = self.region.catalogues[institution]
        rules = [split_ref(r.from_[0], institution)[0] for r in home.catalogue.articulation]
        return min(feeders, key=lambda f: (-held.count(f), -rules.count(f), f))

    def agreement(self, feeder: str, program: str) -> Agreement:
        """The agreement view of `feeder` into `program`, as of the learner's date (else
        today): what the feeder's items count for, by the program's institution's rules."""
        as_of = None
        if self.loaded is not None:
            as_of = self.loaded.learner.learner.as_of
        return agreement(self.region, feeder, program, as_of or dt.date.today())

    def ladder(self, issuer_id: str) -> Ladder:
        """An institution's stack ladder, with the open learner's progress on each rung."""
        learner = self.learner
        return stack_ladder(self.region, issuer_id, learner, learner.learner.as_of)

    def ladder_institutions(self) -> list[tuple[str, str]]:
        """(name, issuer id) of every institution with programs, by name: the ladders."""
        return sorted(
            (loaded.issuer.name, issuer_id)
            for issuer_id, loaded in self.region.catalogues.items()
            if loaded.catalogue.program
        )

    def holdables(self) -> list[Holdable]:
        """Every loaded course and credential, for the fuzzy search (built once)."""
        if self._holdables is None:
            found: list[Holdable] = []
            for issuer_id, loaded in sorted(self.region.catalogues.items()):
                name = loaded.issuer.name
                for course in loaded.catalogue.course:
                    found.append(
                        Holdable(
                            f"{issuer_id}:{course.code}",
                            course.title,
                            "course",
                            name,
                            course.credits,
                        )
                    )
                for credential in loaded.catalogue.credential:
                    found.append(
                        Holdable(
                            f"{issuer_id}:{credential.id}",
                            credential.title,
                            credential.type,
                            name,
                            credential.credits,
                        )
                    )
            self._holdables = found
        return self._holdables

    # -- caseload (`credstack tui FOLDER`) -------------------------------------------
    def caseload_files(self, folder: Path) -> list[CaseFile]:
        """The learner files (`*.toml`, not hidden, regular) directly in `folder`, by name."""
        try:
            entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
        except OSError as error:
            raise CredstackError.at(folder, 1, f"cannot read: {error.strerror or error}") from None
        found = []
        for entry in entries:
            if entry.name.startswith(".") or not entry.name.endswith(".toml"):
                continue
            try:
                if not entry.is_file():
                    continue
                stat = entry.stat()
            except OSError:
                continue  # removed meanwhile, or a link to nothing
            found.append(CaseFile(Path(entry.path), stat.st_mtime_ns, stat.st_size))
        return found

    def cached_summary(self, file: CaseFile) -> CaseSummary | None:
        """The summary of `file` if it was made from the file as it is now."""
        summary = self._cases.get(file.path)
        return summary if summary is not None and summary.file == file else None

    def case_summary(self, file: CaseFile) -> CaseSummary:
        """`file` loaded and its first goal evaluated, or its located error; kept until
        the file's mtime or size changes. One bad file never raises (reads the file: the
        TUI calls this from a worker)."""
        summary = self.cached_summary(file)
        if summary is None:
            summary = self._summarise(file)
            self._cases[file.path] = summary
        return summary

    def _summarise(self, file: CaseFile) -> CaseSummary:
        name = str(file.path)
        real, sha = str(file.path), None
        try:
            loaded, problems = load_learner_with_problems(file.path, self.region)
            if loaded is not None and loaded.stamp is not None:
                real, sha = loaded.stamp.path, loaded.stamp.sha256
            elif (found := DiskStamp.read(file.path)) is not None:
                real, sha = found[0].path, found[0].sha256
            if loaded is None:
                problems = sorted(problems or [Problem(name, 1, "cannot read the learner file")])
                more = len(problems) - 1
                error = str(problems[0]) + (
                    f" (and {more} more problem{'s' * (more > 1)})" if more else ""
                )
                return CaseSummary(file, real, sha, error=error)
            info = loaded.learner.learner
            goals = tuple(info.goals)
            first = evaluate(self.region, loaded.learner, goals[0]) if goals else None
        except Exception as error:  # noqa: BLE001 - one bad file never stops the others
            message = f"cannot evaluate: {type(error).__name__}: {error}".splitlines()[0]
            return CaseSummary(file, real, sha, error=str(Problem(name, 1, message)))
        return CaseSummary(file, real, sha, info.name, goals, first)
