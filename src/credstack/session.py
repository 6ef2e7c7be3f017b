"""An advising session: one region, one learner, their edits and the engine's answers.

A plain object (no textual), so the TUI stays a view: it asks the session to change the
learner and to compute, and shows what comes back. The Session is the TUI's only door
into the engine (the report with its advice, compare, careers, articulation paths, stack
ladders, evidence, badge import): tui/ imports result types from credstack.engine, never
a function that computes. Tests drive it directly (tests/unit/test_session.py).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from credstack.engine.advice import advise
from credstack.engine.articulation_graph import ArticulationPath, paths_from
from credstack.engine.compare import SortKey, rank
from credstack.engine.evaluate import build_report, evaluate, programs_of_award
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
    Prior,
)
from credstack.model.region import Region
from credstack.store.catalogue_loader import load_region_with_problems
from credstack.store.learner_store import (
    LoadedLearner,
    accept_disk_state,
    check_learner,
    load_learner,
    save_learner,
)
from credstack.store.toml_lines import LineIndex

if TYPE_CHECKING:  # the badge modules load pyld and cryptography: only when importing
    from credstack.badges.importer import ImportItem
    from credstack.badges.verify import Verification


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


class Session:
    """The state of one appointment."""

    def __init__(self, region: Region, problems: list[Problem], catalogs: Path) -> None:
        self.region = region
        self.problems = problems
        self.catalogs = catalogs
        self.loaded: LoadedLearner | None = None
        self.dirty = False
        self.origin: str | None = None  # "example" when opened from a shipped persona
        self._holdables: list[Holdable] | None = None

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
        if example:
            self.loaded.path = None  # saving an example asks for a new file

    def new_learner(self, name: str, goals: list[str] | None = None) -> None:
        learner = LearnerFile(format=1, learner=LearnerInfo(name=name, goals=list(goals or [])))
        self.loaded = LoadedLearner(path=None, learner=learner, lines=LineIndex(""))
        self.dirty = True
        self.origin = None

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
    def _replace(self, learner: LearnerFile) -> None:
        assert self.loaded is not None
        probe = LoadedLearner(self.loaded.path, learner, self.loaded.lines)
        problems = list(check_learner(probe, self.region, "learner"))
        if problems:
            raise CredstackError(problems)
        self.loaded.learner = learner
        self.dirty = True

    def with_held(self, ref: str, earned: dt.date, grade: str = "P") -> LearnerFile:
        """The learner with one more held item (not yet committed: a what-if)."""
        held = Held(ref=ref, earned=earned, grade=grade)  # type: ignore[arg-type]
        return self.learner.model_copy(update={"held": [*self.learner.held, held]})

    def add_held(self, ref: str, earned: dt.date, grade: str = "P") -> None:
        self._replace(self.with_held(ref, earned, grade))

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
        self._replace(self.learner.model_copy(update={"held": [*self.learner.held, *held]}))

    def remove_held(self, index: int) -> None:
        held = list(self.learner.held)
        del held[index]
        self._replace(self.learner.model_copy(update={"held": held}))

    def add_prior(self, prior: Prior) -> None:
        self._replace(self.learner.model_copy(update={"prior": [*self.learner.prior, prior]}))

    def add_exception(self, exception: AdviserException) -> None:
        self._replace(
            self.learner.model_copy(update={"exception": [*self.learner.exception, exception]})
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
        self._replace(self.learner.model_copy(update={"held": items}))
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

    def set_goals(self, goals: list[str]) -> None:
        info = self.learner.learner.model_copy(update={"goals": goals})
        self._replace(self.learner.model_copy(update={"learner": info}))

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
    ) -> list[ProgramResult]:
        """Programs ranked by `sort`: every loaded program of `award`, or the learner's
        goals (taken from `report` when it is given: they were just computed)."""
        if award is not None:
            results = [
                evaluate(self.region, self.learner, ref)
                for ref in programs_of_award(self.region, award)
            ]
        elif report is not None:
            results = list(report.results)
        else:
            results = [
                evaluate(self.region, self.learner, ref) for ref in self.learner.learner.goals
            ]
        return rank(results, sort)

    def paths(self, ref: str) -> list[ArticulationPath]:
        """Every articulation path from a held item to any program's requirement."""
        return paths_from(self.region, ref)

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
