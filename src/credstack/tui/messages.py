"""Messages that flow up from workers and widgets (attributes down, messages up)."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from textual.message import Message

from credstack.engine.agreement import Agreement
from credstack.engine.articulation_graph import ArticulationPath
from credstack.engine.career_results import NextBest, RoleFit
from credstack.engine.compare_results import Tradeoff
from credstack.engine.evidence import EvidenceCheck
from credstack.engine.ladder import Ladder
from credstack.engine.results import ProgramResult, Report
from credstack.engine.route_results import Route, RouteResult
from credstack.model.learner import Evidence
from credstack.session import CaseFile, CaseSummary


@dataclass
class ResultsReady(Message):
    """The engine finished computing the learner's goals and the compare table."""

    report: Report
    compare: list[ProgramResult]
    generation: int


@dataclass
class CompareProgress(Message):
    """Compare's programs computed so far (ranked), cost against finish with the Pareto
    front, and how many of how many are done: posted as they come, then when complete."""

    results: list[ProgramResult]
    points: tuple[Tradeoff, ...]
    done: int
    total: int
    generation: int


@dataclass
class ProgramWhatIfReady(Message):
    """A program audited and planned without making it a goal (Session.what_if_program)."""

    ref: str
    what_if: Report


@dataclass
class WhatIfReady(Message):
    """The engine finished a what-if: the report with a provisional held item."""

    ref: str
    earned: dt.date
    grade: str
    before: Report
    after: Report


@dataclass
class EvidenceChecked(Message):
    """Every evidence artifact was checked against its hash (files were read)."""

    checks: tuple[EvidenceCheck, ...]
    generation: int


@dataclass
class EvidenceHashed(Message):
    """A file to attach was hashed; the app records it on its own thread."""

    held: int
    evidence: Evidence


@dataclass
class CareersReady(Message):
    """The engine finished the role fit and the next-best ranking for a report."""

    roles: tuple[RoleFit, ...]
    next_best: tuple[NextBest, ...]
    generation: int


@dataclass
class LearnerEdited(Message):
    """The learner changed; results must be recomputed."""

    what: str


@dataclass
class BadgePlanned(Message):
    """A badge / CLR file was read, matched and verified in a worker (docs/badges.md)."""

    path: str
    clr: object  # the CLR's own Verification, or None for a single badge
    items: Sequence[object]  # credstack.badges.importer.ImportItem


@dataclass
class PathsReady(Message):
    """Every articulation path from a held item (Explore), computed by the Session."""

    ref: str
    paths: list[ArticulationPath]


@dataclass
class LadderReady(Message):
    """An institution's stack ladder with the learner's progress (Explore)."""

    issuer_id: str
    ladder: Ladder
    generation: int


@dataclass
class AgreementReady(Message):
    """The engine finished an agreement view (a feeder's items against a program)."""

    feeders: list[tuple[str, str]]
    view: Agreement | None  # None: no institution publishes rules into the program's
    program: str


@dataclass
class TakeawayWritten(Message):
    """The takeaway report was written to `path` (`unsaved`: it shows unsaved edits)."""

    path: Path
    fmt: str
    unsaved: bool


@dataclass
class CaseloadListed(Message):
    """The caseload's folder was listed: every learner file, the summaries still valid
    (unchanged since they were made), and how many are being audited now."""

    files: list[CaseFile]
    cached: dict[Path, CaseSummary]
    todo: int
    generation: int
    painted: threading.Event  # set once the list is on screen: the audits start then


@dataclass
class CaseSummarized(Message):
    """Learner files of the caseload were loaded and their first goals evaluated (those
    of about a tenth of a second: one repaint for them all)."""

    summaries: list[CaseSummary]
    generation: int


@dataclass
class RoutesReady(Message):
    """The engine found the transfer routes to a goal (docs/routes.md)."""

    result: RouteResult
    generation: int


@dataclass
class RouteWhatIfReady(Message):
    """The report with every item of a route held (a what-if)."""

    route: Route
    before: Report
    after: Report
