"""The credstack TUI: an advising appointment in the terminal.

The app holds a Session (plain object), the TUI's only door into the engine, and shows
what it returns: tui/ imports result types from credstack.engine, never a function that
computes.

Who owns workers: the App, always. An area is a view: it is handed what to show
(attributes down) and asks for work with a message (messages up: CompareView's
FilterChanged and ProgramChosen, ExploreView's PathsWanted and LadderWanted). Every
computation and every file read runs in one of the App's thread workers (`app_worker`:
exclusive per group, so a newer request replaces an older one), calls the Session, and
posts its result as a message whose handler hands it to the area, dropping answers that
a newer edit has made stale. A worker that raises is handled in one place,
`on_worker_state_changed`: a notification, never a crash. No area starts a worker or
holds the Session.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import threading
import time
from collections.abc import Callable
from contextlib import suppress
from pathlib import Path
from typing import Any, TypeVar

from textual import on, work
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.css.query import NoMatches
from textual.message import Message
from textual.notifications import SeverityLevel
from textual.widget import Widget
from textual.widgets import Footer, Header, TabbedContent, TabPane, Tabs
from textual.worker import Worker, WorkerState, get_current_worker

from credstack.engine.compare_results import CompareFilter
from credstack.engine.results import Report
from credstack.engine.route_results import Route
from credstack.errors import ChangedOnDisk, CredstackError, SaveRefused, TargetExists
from credstack.model.learner import Held, LearnerInfo
from credstack.safe_text import safe_text
from credstack.session import CaseSummary, Session
from credstack.tui.messages import (
    AgreementReady,
    BadgePlanned,
    CareersReady,
    CaseloadListed,
    CaseSummarized,
    CompareProgress,
    EvidenceChecked,
    EvidenceHashed,
    LadderReady,
    PathsReady,
    ProgramWhatIfReady,
    ResultsReady,
    RoutesReady,
    RouteWhatIfReady,
    TakeawayWritten,
    WhatIfReady,
)
from credstack.tui.palette import (
    ActionsProvider,
    CredentialsProvider,
    ProgramsProvider,
)
from credstack.tui.screens.add_exception import AddExceptionScreen
from credstack.tui.screens.add_held import AddHeldScreen, HeldChoice
from credstack.tui.screens.add_prior import AddPriorScreen
from credstack.tui.screens.agreement import AgreementScreen
from credstack.tui.screens.caseload import CaseloadScreen, ConfirmSwitch, OpenFile
from credstack.tui.screens.changed_on_disk import ChangedOnDiskScreen
from credstack.tui.screens.confirm import Confirm, ConfirmQuit
from credstack.tui.screens.evidence import EvidenceScreen
from credstack.tui.screens.help import HelpScreen
from credstack.tui.screens.note import NoteScreen
from credstack.tui.screens.path_prompt import PathPrompt
from credstack.tui.screens.profile import ProfileScreen
from credstack.tui.screens.program_choice import ProgramChoiceScreen
from credstack.tui.screens.program_what_if import ProgramWhatIfScreen
from credstack.tui.screens.takeaway import TakeawayChoice, TakeawayScreen
from credstack.tui.screens.what_if import WhatIfScreen
from credstack.tui.widgets.careers_view import CareersView
from credstack.tui.widgets.catalogue_view import CatalogueView
from credstack.tui.widgets.compare_view import CompareView
from credstack.tui.widgets.explore_view import ExploreView
from credstack.tui.widgets.learner_view import LearnerView
from credstack.tui.widgets.pathways_view import PathwaysView

W = TypeVar("W", bound=Widget)
M = TypeVar("M", bound=Message)
T = TypeVar("T")

AREAS = ("learner", "pathways", "compare", "explore", "catalogue", "careers")

# The caseload's summaries reach the list in batches of this many seconds of auditing.
CASELOAD_BATCH = 0.1

# The notification's title when a worker of this group fails; otherwise "Could not compute".
FAILED = {"attach": "Not attached", "badge": "Not imported", "takeaway": "Not written"}
# Compare over many programs shows its results as they come, at most this often (seconds):
# each showing re-lays the table and the plot (about 0.1 s on a busy machine), so at 0.25 s
# the showing doubled the time to the last program (benchmarks/compare_tui_bench.py).
STREAM_EVERY = 1.0


def answer(handler: Callable[[CredstackApp, M], None]) -> Callable[[CredstackApp, M], None]:
    """The App's handler of a worker's answer, run only while the areas are on screen: a
    thread worker may finish after the app began closing, when there is nothing to show
    its answer in."""

    @functools.wraps(handler)
    def handle(app: CredstackApp, message: M) -> None:
        if app.screen_stack:
            handler(app, message)

    return handle


def app_worker(group: str):
    """The App's thread worker for `group`: exclusive (a newer request cancels the older
    one), and an error is a notification (`on_worker_state_changed`), not an exit."""
    return work(thread=True, exclusive=True, group=group, exit_on_error=False)


class CredstackApp(App[None]):
    """credstack's advising TUI."""

    CSS_PATH = "app.tcss"
    TITLE = "credstack"
    COMMANDS = App.COMMANDS | {
        ProgramsProvider,
        CredentialsProvider,
        ActionsProvider,
    }
    BINDINGS = [
        Binding("1", "area('learner')", "Learner", id="area.learner", show=False),
        Binding("2", "area('pathways')", "Pathways", id="area.pathways", show=False),
        Binding("3", "area('compare')", "Compare", id="area.compare", show=False),
        Binding("4", "area('explore')", "Explore", id="area.explore", show=False),
        Binding("5", "area('catalogue')", "Catalogue", id="area.catalogue", show=False),
        Binding("6", "area('careers')", "Careers", id="area.careers", show=False),
        Binding(
            "a",
            "add_held",
            "Add held",
            id="learner.add_held",
            tooltip="Add a held credential or course through a fuzzy search",
        ),
        Binding(
            "w",
            "what_if_search",
            "What-if",
            id="learner.what_if",
            tooltip="Try a credential provisionally and see every number change",
        ),
        Binding(
            "p",
            "add_prior",
            "Prior",
            id="learner.add_prior",
            tooltip="Add prior learning (workplace, volunteer, military...)",
        ),
        Binding(
            "e",
            "add_exception",
            "Exception",
            id="learner.add_exception",
            tooltip="Record an adviser exception with reason",
        ),
        Binding(
            "f",
            "attach_evidence",
            "Attach file",
            id="learner.attach_evidence",
            show=False,
            tooltip="Attach a file (hashed) as evidence of the selected held item",
        ),
        Binding(
            "v",
            "evidence",
            "Evidence",
            id="learner.evidence",
            show=False,
            tooltip="The evidence portfolio: every artifact checked against its hash",
        ),
        Binding(
            "i",
            "import_badge",
            "Import badge",
            id="learner.import_badge",
            show=False,
            tooltip="Import an Open Badge / CLR file: match, verify offline, confirm",
        ),
        Binding(
            "x",
            "takeaway",
            "Takeaway",
            id="file.takeaway",
            show=False,
            tooltip="Write the report for the learner to take away (HTML, Markdown or text)",
        ),
        Binding(
            "t",
            "agreement",
            "Agreements",
            id="pathways.agreement",
            show=False,
            tooltip="What each feeder's items count for in the chosen goal (transfer agreements)",
        ),
        Binding(
            "n",
            "add_note",
            "Note",
            id="learner.add_note",
            show=False,
            tooltip="Write down what was agreed (dated today, signed by the adviser)",
        ),
        Binding(
            "ctrl+e",
            "profile",
            "Profile",
            id="learner.profile",
            show=False,
            tooltip="Edit the learner's name, start, load, attendance, budget and roles",
        ),
        Binding(
            "delete",
            "remove_entry",
            "Remove",
            id="learner.remove",
            show=False,
            tooltip="Remove the highlighted goal, held item, prior learning, exception or note",
        ),
        Binding("shift+up", "move_goal(-1)", "Goal up", id="learner.goal_up", show=False),
        Binding("shift+down", "move_goal(1)", "Goal down", id="learner.goal_down", show=False),
        Binding("s", "sort", "Sort", id="compare.sort", show=False),
        Binding("ctrl+s", "save", "Save", id="file.save"),
        Binding("ctrl+o", "open", "Open", id="file.open", show=False),
        Binding(
            "ctrl+n",
            "new_learner",
            "New",
            id="file.new",
            show=False,
            tooltip="Start a new learner from the new-learner form",
        ),
        Binding(
            "escape",
            "caseload",
            "Caseload",
            id="app.caseload",
            tooltip="Back to the list of learner files (credstack tui FOLDER)",
        ),
        Binding("f1,question_mark", "help", "Help", id="app.help", key_display="F1"),
        # after Help: an 80-column footer keeps F1 and cuts this one (it is in the help)
        Binding("ctrl+z", "undo", "Undo", id="edit.undo", tooltip="Undo the last edit"),
        Binding("ctrl+y", "redo", "Redo", id="edit.redo", show=False),
        Binding("ctrl+q", "quit", "Quit", id="app.quit", priority=True),
    ]

    def __init__(self, session: Session, today: dt.date | None = None) -> None:
        super().__init__()
        self.session: Session | None = session
        self.today = today or dt.date.today()
        self.report: Report | None = None
        self.generation = 0
        self.filters = CompareFilter()  # Compare's filters: none shows the learner's goals
        self.sort = "terms"
        self.compare_generation = 0  # Compare restarts on a filter change: newest wins
        self.careers_stale = True  # the Careers area is computed when it is shown
        self.evidence_generation = 0  # evidence checks read files: newest answer wins
        self.caseload_generation = 0  # caseload listings: newest answer wins

    @property
    def award(self) -> str | None:
        return self.filters.award

    # -- layout ----------------------------------------------------------------------
    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Every notification passes here: text that quotes a file (paths, errors, titles)
        shows its control sequences as visible characters, never sends them."""
        super().notify(
            safe_text(message, multiline=True),
            title=safe_text(title),
            severity=severity,
            timeout=timeout,
            markup=markup,
        )

    def compose(self) -> ComposeResult:
        yield Header()
        with TabbedContent(initial="learner", id="areas"):
            with TabPane("1 Learner", id="learner"):
                yield LearnerView(id="learner-view")
            with TabPane("2 Pathways", id="pathways"):
                yield PathwaysView(id="pathways-view")
            with TabPane("3 Compare", id="compare"):
                yield CompareView(id="compare-view")
            with TabPane("4 Explore", id="explore"):
                yield ExploreView(id="explore-view")
            with TabPane("5 Catalogue", id="catalogue"):
                yield CatalogueView(id="catalogue-view")
            with TabPane("6 Careers", id="careers"):
                yield CareersView(id="careers-view")
        yield Footer()

    def on_mount(self) -> None:
        if self.session is not None and self.session.caseload is not None:
            self.install_screen(CaseloadScreen(self.session.caseload), "caseload")
            self.action_caseload()  # the list is the first thing painted
        self.call_after_refresh(self._first_show)

    def _first_show(self) -> None:
        assert self.session is not None
        self._show_learner()
        self.view(CatalogueView).show(self.session.region, self.session.problems)
        self.view(CompareView).set_choices(self.session.compare_choices())
        self.recompute()
        if self.session.origin == "new":  # `credstack tui NEW.toml`: the form comes first
            self._new_learner_form()

    def view(self, kind: type[W]) -> W:
        """An area widget on the main screen (dialogs may be on top of it)."""
        return self.screen_stack[0].query_one(kind)

    def _show_learner(self) -> None:
        session = self.session
        if session is None or session.loaded is None:
            return
        self.sub_title = session.title
        learner = session.learner
        titles = {h.ref: session.region.title_of(h.ref) for h in learner.held}
        self.view(LearnerView).show_learner(learner, titles)
        self.check_evidence()
        self.view(ExploreView).show_learner(
            [(h.ref, titles[h.ref]) for h in learner.held],
            session.ladder_institutions(),
            list(learner.learner.goals),
        )

    # -- computing (workers) -------------------------------------------------------------
    def recompute(self) -> None:
        self.generation += 1
        self._compute(self.generation, self.sort)

    @app_worker("compute")
    def _compute(self, generation: int, sort: str) -> None:
        session = self.session
        if session is None or session.loaded is None:
            return
        report = session.report()
        # The learner's goals are ranked from the report just computed.
        compare = session.compare(sort=sort, report=report)  # type: ignore[arg-type]
        self.post_message(ResultsReady(report, compare, generation))

    @answer
    def on_results_ready(self, message: ResultsReady) -> None:
        if message.generation != self.generation:
            return  # a newer edit is being computed
        self.report = message.report
        self.view(LearnerView).show_results(message.report)
        self.view(PathwaysView).show(message.report)
        self._start_compare()
        self.view(ExploreView).show_results()
        self.careers_stale = True
        if self._active_area() == "careers":
            self._start_careers()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """The one place worker errors are handled: a notification, never a crash."""
        if event.state == WorkerState.ERROR and event.worker.error is not None:
            error = event.worker.error
            message = str(error.problems[0]) if isinstance(error, CredstackError) else repr(error)
            title = FAILED.get(event.worker.group, "Could not compute")
            self.notify(message, title=title, severity="error", timeout=10, markup=False)

    # -- compare (filters over the whole region: results as they come) --------------------
    @on(CompareView.FilterChanged)
    def _filter(self, event: CompareView.FilterChanged) -> None:
        if (event.filters, event.sort) == (self.filters, self.sort):
            return  # a Select announcing the value it already had: nothing to recompute
        self.filters, self.sort = event.filters, event.sort
        self._start_compare()

    def _start_compare(self) -> None:
        if self.report is None:
            return  # the first results start it
        self.compare_generation += 1
        self._compare(self.compare_generation, self.filters, self.sort, self.report)

    @app_worker("compare")
    def _compare(self, generation: int, filters: CompareFilter, sort: str, report: Report) -> None:
        """The learner's goals ranked from `report`; with filters, every matching program
        audited and planned in turn, the ranked results so far posted at most every
        STREAM_EVERY seconds (the first at once), then all of them."""
        session = self.session
        if session is None or session.loaded is None:
            return
        if not filters.active:
            ranked = session.compare(sort=sort, report=report)  # type: ignore[arg-type]
            points = session.tradeoffs(ranked, report.as_of)
            self.post_message(CompareProgress(ranked, points, len(ranked), len(ranked), generation))
            return
        worker = get_current_worker()
        refs = session.compare_programs(filters)
        self.post_message(CompareProgress([], (), 0, len(refs), generation))
        results = []
        posted = 0.0
        for result in session.compare_each(refs, session.learner):
            if worker.is_cancelled:
                return  # a newer filter or edit replaced this one
            results.append(result)
            time.sleep(0.002)  # let the UI thread take the GIL: keys and paints come first
            now = time.monotonic()
            if len(results) in (1, len(refs)) or now - posted >= STREAM_EVERY:
                ranked = session.rank(results, sort)  # type: ignore[arg-type]
                points = session.tradeoffs(ranked, report.as_of)
                self.post_message(
                    CompareProgress(ranked, points, len(results), len(refs), generation)
                )
                posted = now

    @answer
    def on_compare_progress(self, message: CompareProgress) -> None:
        if message.generation == self.compare_generation:  # else a newer one is coming
            self.view(CompareView).show(
                message.results, message.points, message.done, message.total
            )

    @on(CompareView.ProgramChosen)
    def _program_chosen(self, event: CompareView.ProgramChosen) -> None:
        session = self.session
        if session is None or session.loaded is None:
            return
        ref = event.program
        goals = session.learner.learner.goals
        first = session.region.title_of(goals[0]) if goals else None

        def decided(choice: str | None) -> None:
            if choice == "goal":
                self.set_goal(ref)
            elif choice == "what-if":
                self.what_if_program(ref)
            elif choice == "show":
                self.show_program(ref)

        title = session.region.title_of(ref)
        self.push_screen(ProgramChoiceScreen(ref, title, ref in goals, first), decided)

    def set_goal(self, ref: str, *, first: bool = False) -> bool:
        """Add a program to the goals (at the front with `first`; moved there when it is a
        goal already)."""
        session = self.session
        if session is None:
            return False
        others = [g for g in session.learner.learner.goals if g != ref]
        goals = [ref, *others] if first else [*others, ref]
        if goals == session.learner.learner.goals:
            self.notify(f"{ref} is already a goal", timeout=3, markup=False)
            return False
        what = f"Set {ref} as the first goal" if first else f"Added {ref} to the goals"
        return self._apply(what, lambda: session.set_goals(goals))

    # -- what-if a program (its audit and plan beside the first goal) ----------------------
    def what_if_program(self, ref: str) -> None:
        self._program_what_if(ref)

    @app_worker("program-what-if")
    def _program_what_if(self, ref: str) -> None:
        session = self.session
        if session is None or session.loaded is None:
            return
        self.post_message(ProgramWhatIfReady(ref, session.what_if_program(ref)))

    @answer
    def on_program_what_if_ready(self, message: ProgramWhatIfReady) -> None:
        session = self.session
        if session is None or session.loaded is None or not message.what_if.results:
            return
        current = self.report.results[0] if self.report and self.report.results else None
        is_goal = message.ref in session.learner.learner.goals

        def decided(choice: str | None) -> None:
            if choice in ("goal", "first"):
                self.set_goal(message.ref, first=choice == "first")

        screen = ProgramWhatIfScreen(message.ref, message.what_if.results[0], current, is_goal)
        self.push_screen(screen, decided)

    # -- careers (computed on demand: next-best evaluates every goal per candidate) -------
    @on(TabbedContent.TabActivated, "#areas")
    def _area_shown(self, event: TabbedContent.TabActivated) -> None:
        if event.pane.id == "careers" and self.careers_stale and self.report is not None:
            self._start_careers()

    def _start_careers(self) -> None:
        if self.report is None:
            return
        self.careers_stale = False
        self.view(CareersView).computing()
        self._careers_compute(self.generation, self.report)

    @app_worker("careers")
    def _careers_compute(self, generation: int, report: Report) -> None:
        session = self.session
        if session is None or session.loaded is None:
            return
        advised = session.careers(report)
        self.post_message(CareersReady(advised.roles, advised.next_best, generation))

    @answer
    def on_careers_ready(self, message: CareersReady) -> None:
        if message.generation != self.generation:
            return  # the learner changed meanwhile; a newer computation follows
        self.view(CareersView).show(message.roles, message.next_best)

    # -- evidence (reads files, perhaps large ones: always in a worker) -------------------
    def check_evidence(self) -> None:
        self.evidence_generation += 1
        self.view(LearnerView).show_checks(None)
        self._evidence_check(self.evidence_generation)

    @app_worker("evidence")
    def _evidence_check(self, generation: int) -> None:
        session = self.session
        if session is None or session.loaded is None:
            return
        self.post_message(EvidenceChecked(session.check_evidence(), generation))

    @answer
    def on_evidence_checked(self, message: EvidenceChecked) -> None:
        if message.generation == self.evidence_generation:
            self.view(LearnerView).show_checks(message.checks)

    def action_evidence(self) -> None:
        session, checks = self.session, self.view(LearnerView).checks
        if session is None or session.loaded is None:
            return
        if checks is None:
            self.notify("Still checking the evidence files…", timeout=3)
            return
        self.push_screen(EvidenceScreen(session.learner.learner.name, checks))

    def action_attach_evidence(self) -> None:
        session = self.session
        if session is None or session.loaded is None:
            return
        index = self.view(LearnerView).selected_held()
        if self._active_area() != "learner" or index is None:
            self.notify("Choose a held item in the Learner area (1) first", timeout=5)
            return
        if session.loaded.path is None:
            self.notify(
                "Save the learner file first (ctrl+s): evidence paths are relative to its folder",
                title="Not attached",
                severity="error",
                timeout=8,
            )
            return
        ref = session.learner.held[index].ref
        folder = str(session.loaded.path.parent.absolute()) + os.sep

        def chosen(path: Path | None) -> None:
            if path is not None:
                self._evidence_hash(index, path)

        prompt = PathPrompt(f"Attach a file as evidence of {ref}", folder, must_exist=True)
        self.push_screen(prompt, chosen)

    @app_worker("attach")
    def _evidence_hash(self, index: int, path: Path) -> None:
        assert self.session is not None
        self.post_message(EvidenceHashed(index, self.session.hash_evidence(path)))

    @answer
    def on_evidence_hashed(self, message: EvidenceHashed) -> None:
        session = self.session
        if session is None:
            return
        what = f"Attached {message.evidence.path}"
        self._apply(what, lambda: session.add_evidence(message.held, message.evidence))

    # -- explore (paths from a held item, stack ladders) --------------------------------
    @on(ExploreView.PathsWanted)
    def _paths_wanted(self, event: ExploreView.PathsWanted) -> None:
        self._explore_paths(event.ref)

    @app_worker("explore-paths")
    def _explore_paths(self, ref: str) -> None:
        if self.session is not None:
            self.post_message(PathsReady(ref, self.session.paths(ref)))

    @answer
    def on_paths_ready(self, message: PathsReady) -> None:
        self.view(ExploreView).show_paths(message.ref, message.paths)

    @on(ExploreView.LadderWanted)
    def _ladder_wanted(self, event: ExploreView.LadderWanted) -> None:
        self._explore_ladder(self.generation, event.issuer_id)

    @app_worker("explore-ladder")
    def _explore_ladder(self, generation: int, issuer_id: str) -> None:
        session = self.session
        if session is None or session.loaded is None:
            return
        self.post_message(LadderReady(issuer_id, session.ladder(issuer_id), generation))

    @answer
    def on_ladder_ready(self, message: LadderReady) -> None:
        if message.generation == self.generation:  # else the learner changed meanwhile
            self.view(ExploreView).show_ladder(message.issuer_id, message.ladder)

    # -- areas -----------------------------------------------------------------------
    def action_area(self, area: str) -> None:
        areas = self.screen_stack[0].query_one("#areas", TabbedContent)
        # Focus the tab strip first: a focused widget in the pane being hidden would
        # hand focus to a sibling in that pane, and TabbedContent shows the pane of
        # whatever gains focus, switching straight back.
        areas.query_one(Tabs).focus()
        areas.active = area

    def _active_area(self) -> str:
        return self.screen_stack[0].query_one("#areas", TabbedContent).active

    def action_sort(self) -> None:
        if self._active_area() == "compare":
            self.view(CompareView).cycle_sort()

    def action_help(self) -> None:
        self.push_screen(HelpScreen())

    def show_program(self, ref: str) -> None:
        """Palette: show a program in Pathways, adding it to the goals when it is new."""
        session = self.session
        if session is None:
            return
        self.view(PathwaysView).selected = ref
        self.action_area("pathways")
        if ref not in session.learner.learner.goals:
            goals = [*session.learner.learner.goals, ref]
            self._apply(f"Added {ref} to the goals", lambda: session.set_goals(goals))
        else:
            self.recompute()

    def action_agreement(self) -> None:
        """The agreements into the goal chosen in Pathways (else the first goal)."""
        session = self.session
        if session is None:
            return
        goals = session.learner.learner.goals
        program = self.view(PathwaysView).selected or (goals[0] if goals else None)
        if program is None:
            self.notify(
                "No goal yet: choose one in Compare (3) or from the palette (ctrl+p)",
                severity="warning",
            )
            return
        self.show_agreement(program)

    def show_agreement(self, program: str, feeder: str | None = None) -> None:
        """The agreement view into `program`, from `feeder` (default: the first feeder)."""
        self._agreement(program, feeder)

    @app_worker("agreement")
    def _agreement(self, program: str, feeder: str | None) -> None:
        session = self.session
        if session is None:
            return
        feeders = session.feeders(program)
        chosen = feeder or session.default_feeder(program)
        view = session.agreement(chosen, program) if chosen else None
        self.post_message(AgreementReady(feeders, view, program))

    @answer
    def on_agreement_ready(self, message: AgreementReady) -> None:
        session = self.session
        if session is None:
            return
        if message.view is None:
            self.notify(
                f"No institution publishes transfer rules into {message.program}",
                severity="warning",
            )
            return
        program = message.program
        self.push_screen(
            AgreementScreen(
                message.feeders, message.view, lambda feeder: session.agreement(feeder, program)
            )
        )

    # -- edits -----------------------------------------------------------------------
    def action_add_held(self) -> None:
        session = self.session
        if session is None:
            return

        def added(choice: HeldChoice | None) -> None:
            if choice is not None:
                self._edited(f"Added {choice.ref}")

        def add(choice: HeldChoice) -> None:
            session.add_held(choice.ref, choice.earned, choice.grade)

        apply = self._trying(add)
        self.push_screen(AddHeldScreen(session.holdables(), self.today, apply=apply), added)

    def _held_chosen(self, choice: HeldChoice | None) -> None:
        if choice is None or self.session is None:
            return
        session = self.session
        self._apply(
            f"Added {choice.ref}",
            lambda: session.add_held(choice.ref, choice.earned, choice.grade),
        )

    # -- badge import (docs/badges.md) ---------------------------------------------------
    def action_import_badge(self) -> None:
        if self.session is None or self.session.loaded is None:
            return

        def chosen(path: Path | None) -> None:
            if path is not None:
                self._plan_badge(path)

        self.push_screen(
            PathPrompt("Import an Open Badge or CLR file (JSON or VC-JWT)", must_exist=True),
            chosen,
        )

    @app_worker("badge")
    def _plan_badge(self, path: Path) -> None:
        assert self.session is not None
        as_of = self.session.learner.learner.as_of or self.today
        clr, items = self.session.plan_badge_import(path, as_of)
        self.post_message(BadgePlanned(str(path), clr, items))

    @answer
    def on_badge_planned(self, message: BadgePlanned) -> None:
        from credstack.tui.screens.badge_import import BadgeImportScreen

        session = self.session
        if session is None:
            return

        def decided(held: list[Held] | None) -> None:
            if held:
                self._apply(
                    f"Added {len(held)} held item(s) from the badge",
                    lambda: session.add_imported(held),
                )

        screen = BadgeImportScreen(message.path, message.clr, message.items)  # type: ignore[arg-type]
        self.push_screen(screen, decided)

    def action_add_prior(self) -> None:
        session = self.session
        if session is None:
            return
        screen = AddPriorScreen(apply=self._trying(session.add_prior))
        self.push_screen(screen, self._after("Added prior learning"))

    def action_add_exception(self) -> None:
        session = self.session
        if session is None:
            return
        screen = self._exception_screen(None, self._trying(session.add_exception))
        self.push_screen(screen, self._after("Recorded the exception"))

    def _exception_screen(self, index: int | None, apply: Any) -> AddExceptionScreen:
        assert self.session is not None
        learner = self.session.learner
        items = [h.ref for h in learner.held] + [p.title for p in learner.prior]
        old = learner.exception[index] if index is not None else None
        goals = list(learner.learner.goals)
        return AddExceptionScreen(goals, items, self.today, exception=old, apply=apply)

    def action_add_note(self) -> None:
        session = self.session
        if session is None or session.loaded is None:
            return
        screen = NoteScreen(None, self.today, self._trying(session.add_note))
        self.push_screen(screen, self._after("Added the note"))

    # -- editing and removing entries (Learner: enter, delete, shift+arrows) --------------
    @on(LearnerView.EditWanted)
    def _edit_wanted(self, event: LearnerView.EditWanted) -> None:
        self._edit(event.field, event.index)

    def action_edit_entry(self) -> None:
        entry = self.view(LearnerView).selected_entry()
        if entry is None or entry[0] == "goals" or self._active_area() != "learner":
            self.notify(
                "Highlight a held item, prior learning, exception or note in Learner (1)",
                timeout=5,
            )
            return
        self._edit(*entry)

    def _edit(self, field: str, index: int) -> None:
        """The entry's dialog, prefilled; the Session's edit is made when it is accepted."""
        session = self.session
        if session is None or session.loaded is None or not self._on_main_screen():
            return
        learner = session.learner
        done = self._after("Changed the entry")
        if field == "held":
            held = learner.held[index]

            def held_edit(c: HeldChoice) -> None:
                session.edit_held(index, c.ref, c.earned, c.grade)

            title = "Correct a held item"
            apply = self._trying(held_edit)
            screen = AddHeldScreen(session.holdables(), self.today, title, held=held, apply=apply)
            self.push_screen(screen, done)
            return

        def replace(entry: object) -> None:
            session.replace_entry(field, index, entry)  # type: ignore[arg-type]

        if field == "prior":
            self.push_screen(AddPriorScreen(learner.prior[index], self._trying(replace)), done)
        elif field == "exception":
            self.push_screen(self._exception_screen(index, self._trying(replace)), done)
        elif field == "note":
            note = NoteScreen(learner.note[index], self.today, self._trying(replace))
            self.push_screen(note, done)

    def action_remove_entry(self) -> None:
        session = self.session
        if session is None or session.loaded is None or not self._on_main_screen():
            return
        view = self.view(LearnerView)
        entry = view.selected_entry() if self._active_area() == "learner" else None
        if entry is None:
            self.notify("Highlight the entry to remove in Learner (1) first", timeout=5)
            return
        field, index = entry
        learner = session.learner
        if field == "goals":
            ref = view.selected_goal()
            if ref is None or ref not in learner.learner.goals:
                return
            goal = learner.learner.goals.index(ref)
            question, what = f"Remove the goal {ref}?", f"Removed the goal {ref}"

            def edit() -> None:
                session.remove_goal(goal)

        else:
            name = {
                "held": lambda: f"the held item {learner.held[index].ref}",
                "prior": lambda: f"the prior learning {learner.prior[index].title!r}",
                "exception": lambda: f"the {learner.exception[index].kind} exception",
                "note": lambda: f"the note of {learner.note[index].date}",
            }[field]()
            question, what = f"Remove {name}?", f"Removed {name}"

            def edit() -> None:
                session.remove_entry(field, index)  # type: ignore[arg-type]

        def decided(yes: bool | None) -> None:
            if yes:
                self._apply(what, edit)

        self.push_screen(Confirm(question + "  (ctrl+z undoes it)"), decided)

    def action_move_goal(self, by: int) -> None:
        session = self.session
        if session is None or session.loaded is None or not self._on_main_screen():
            return
        view = self.view(LearnerView)
        ref = view.selected_goal() if self._active_area() == "learner" else None
        goals = session.learner.learner.goals
        if ref is None or ref not in goals:
            self.notify("Highlight a goal in Learner (1) first", timeout=5)
            return
        moved: list[int] = []
        if self._apply(
            f"Moved {ref} {'up' if by < 0 else 'down'}",
            lambda: moved.append(session.move_goal(goals.index(ref), by)),
        ):
            view.select_goal(moved[0])

    # -- undo, the profile, a new learner -----------------------------------------------
    def action_undo(self) -> None:
        self._undo_redo("undo")

    def action_redo(self) -> None:
        self._undo_redo("redo")

    def _undo_redo(self, which: str) -> None:
        session = self.session
        if session is None or session.loaded is None or not self._on_main_screen():
            return
        try:
            what = session.undo() if which == "undo" else session.redo()
        except CredstackError:
            self.notify(f"Nothing to {which}", timeout=3)
            return
        self._edited(f"{'Undid' if which == 'undo' else 'Redid'}: {what}")

    def action_profile(self) -> None:
        session = self.session
        if session is None or session.loaded is None:
            return
        apply = self._trying(session.set_profile)
        screen = ProfileScreen(session.learner.learner, session.terms(), apply)
        self.push_screen(screen, self._after("Changed the profile"))

    def action_new_learner(self) -> None:
        session = self.session
        if session is None:
            return
        if not session.dirty:
            self._new_learner_form()
            return

        def decided(yes: bool | None) -> None:
            if yes:
                self._new_learner_form()

        question = f"Start a new learner? The unsaved changes to {session.title} are lost."
        self.push_screen(Confirm(question, "Discard and start"), decided)

    def _new_learner_form(self) -> None:
        """The new-learner form: a learner from nothing, created on the first save (at
        the path given to `credstack tui`, or where ctrl+s asks)."""
        session = self.session
        if session is None:
            return
        path = session.loaded.path if session.loaded and session.origin == "new" else None
        blank = LearnerInfo.model_construct(name="", as_of=self.today)

        def start(info: LearnerInfo) -> None:
            session.new_learner(info, path=path)

        def started(info: LearnerInfo | None) -> None:
            if info is None:
                return
            where = f"creates {path}" if path else "asks where to write the file"
            if isinstance(self.screen, CaseloadScreen):
                self.pop_screen()  # started from the caseload's list: show the new learner
            self._show_learner()
            self.notify(f"New learner {info.name}: the first save (ctrl+s) {where}", timeout=6)
            self.recompute()

        screen = ProfileScreen(blank, session.terms(), self._trying(start), "New learner")
        self.push_screen(screen, started)

    def _on_main_screen(self) -> bool:
        """No dialog is open: the keys that edit act on the areas only."""
        return len(self.screen_stack) == 1

    def _trying(self, edit: Callable[[T], object]) -> Callable[[T], str | None]:
        """A dialog's `apply`: the edit through the Session, or the problem that refused
        it (the dialog shows it and stays open; nothing changed)."""

        def apply(value: T) -> str | None:
            try:
                edit(value)
            except CredstackError as error:
                return error.problems[0].message
            return None

        return apply

    def _after(self, what: str) -> Callable[[Any], None]:
        """A dialog's dismiss callback: its edit was made (None: cancelled, no edit)."""

        def done(value: object) -> None:
            if value is not None:
                self._edited(what)

        return done

    def _apply(self, what: str, edit: Callable[[], object]) -> bool:
        """Make one edit through the Session; a refused edit is a notice, never a crash."""
        try:
            edit()
        except CredstackError as error:
            self.notify(
                error.problems[0].message,
                title="Not changed",
                severity="error",
                timeout=8,
                markup=False,
            )
            return False
        self._edited(what)
        return True

    def _edited(self, what: str) -> None:
        self._show_learner()
        self.notify(what, timeout=3, markup=False)
        self.recompute()

    # -- what-if -----------------------------------------------------------------------
    def action_what_if_search(self) -> None:
        if self.session is None:
            return
        self.push_screen(
            AddHeldScreen(self.session.holdables(), self.today, "What if the learner adds…"),
            self._what_if_chosen,
        )

    def what_if(self, ref: str) -> None:
        self._what_if_chosen(HeldChoice(ref, self.today, "P"))

    def _what_if_chosen(self, choice: HeldChoice | None) -> None:
        if choice is None:
            return
        self._what_if_compute(choice)

    @app_worker("what-if")
    def _what_if_compute(self, choice: HeldChoice) -> None:
        session = self.session
        if session is None:
            return
        before = self.report or session.report()
        after = session.what_if(choice.ref, choice.earned, choice.grade)
        self.post_message(WhatIfReady(choice.ref, choice.earned, choice.grade, before, after))

    @answer
    def on_what_if_ready(self, message: WhatIfReady) -> None:
        session = self.session
        if session is None:
            return
        choice = HeldChoice(message.ref, message.earned, message.grade)

        def decided(commit: bool | None) -> None:
            if commit:
                self._held_chosen(choice)

        title = session.region.title_of(message.ref)
        self.push_screen(WhatIfScreen(message.ref, title, message.before, message.after), decided)

    # -- caseload (`credstack tui FOLDER`: the list of learner files) ---------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if isinstance(self.screen, CaseloadScreen):
            # the areas' keys lead nowhere from the list; a new learner starts from it
            return action in ("quit", "help", "new_learner")
        if action == "caseload":  # only from the areas, and only with a folder
            return (
                self.session is not None
                and self.session.caseload is not None
                and (len(self.screen_stack) == 1)
            )
        return True

    def action_caseload(self) -> None:
        if self.session is None or self.session.caseload is None:
            return
        screen = self.get_screen("caseload")
        assert isinstance(screen, CaseloadScreen)
        screen.show_open(self._open_file())
        self.push_screen(screen)  # its resume asks for the folder again: CaseloadScreen.Wanted

    def _open_file(self) -> OpenFile | None:
        """The open learner's file as the list marks it (None: no file yet)."""
        session = self.session
        loaded = session.loaded if session else None
        if session is None or loaded is None or loaded.path is None or loaded.stamp is None:
            return None
        return OpenFile(loaded.stamp.path, loaded.stamp.sha256, session.dirty)

    @on(CaseloadScreen.Wanted)
    def _caseload_wanted(self) -> None:
        if self.session is not None and self.session.caseload is not None:
            self.caseload_generation += 1
            self._caseload_scan(self.session.caseload, self.caseload_generation)

    @app_worker("caseload")
    def _caseload_scan(self, folder: Path, generation: int) -> None:
        """List the folder, hand over the summaries still valid, then audit the others
        one by one, posted as they are made (a batch each CASELOAD_BATCH seconds); a newer
        listing cancels this one."""
        session = self.session
        if session is None:
            return
        files = session.caseload_files(folder)
        cached = {f.path: s for f in files if (s := session.cached_summary(f)) is not None}
        todo = [f for f in files if f.path not in cached]
        painted = threading.Event()
        self.post_message(CaseloadListed(files, cached, len(todo), generation, painted))
        painted.wait(timeout=2)  # the list on screen first, then the audits (they hold the GIL)
        worker = get_current_worker()
        batch: list[CaseSummary] = []
        sent = time.monotonic()
        for file in todo:
            if worker.is_cancelled:
                return
            batch.append(session.case_summary(file))
            if time.monotonic() - sent >= CASELOAD_BATCH or file is todo[-1]:
                self.post_message(CaseSummarized(batch, generation))
                batch, sent = [], time.monotonic()

    @answer
    def on_caseload_listed(self, message: CaseloadListed) -> None:
        screen = self.get_screen("caseload")
        if message.generation == self.caseload_generation and isinstance(screen, CaseloadScreen):
            with suppress(NoMatches):  # the app is closing: nothing to show it in
                screen.show_files(message.files, message.cached, message.todo)
        self.call_after_refresh(message.painted.set)

    @answer
    def on_case_summarized(self, message: CaseSummarized) -> None:
        screen = self.get_screen("caseload")
        if message.generation == self.caseload_generation and isinstance(screen, CaseloadScreen):
            with suppress(NoMatches):
                screen.show_summaries(message.summaries)

    @on(CaseloadScreen.Chosen)
    def _case_chosen(self, event: CaseloadScreen.Chosen) -> None:
        session = self.session
        if session is None:
            return
        opened = self._open_file()
        screen = self.get_screen("caseload")
        case = screen.cases.get(str(event.path)) if isinstance(screen, CaseloadScreen) else None
        summary = case.summary if case is not None else None
        if opened is not None and summary is not None and summary.real == opened.real:
            self.pop_screen()  # the open learner, edits and all
            self.action_area("learner")
            return
        if not session.dirty or session.loaded is None:
            self._open_case(event.path)
            return

        def decided(choice: str | None) -> None:
            if choice == "discard":
                self._open_case(event.path)
            elif choice == "save" and session.loaded is not None:
                if session.loaded.path is None:
                    self.pop_screen()
                    self.action_save_as()  # then Enter on the row again
                elif self._save(None):
                    self._open_case(event.path)

        self.push_screen(ConfirmSwitch(session.learner.learner.name), decided)

    def _open_case(self, path: Path) -> None:
        """Open a learner of the caseload in the Learner area; a bad file stays listed
        with its error (the notice says it too)."""
        before = self.session.loaded if self.session else None
        self._open(path)  # a file that cannot be opened leaves the open learner as it was
        opened = self.session is not None and self.session.loaded is not before
        if opened and isinstance(self.screen, CaseloadScreen):
            self.pop_screen()
            self.action_area("learner")

    # -- transfer routes (Pathways; docs/routes.md) ------------------------------------
    @on(PathwaysView.RoutesWanted)
    def _routes_wanted(self, event: PathwaysView.RoutesWanted) -> None:
        self._routes_compute(self.generation, event.goal)

    @app_worker("routes")
    def _routes_compute(self, generation: int, goal: str) -> None:
        if self.session is not None and self.session.loaded is not None:
            self.post_message(RoutesReady(self.session.routes(goal), generation))

    @answer
    def on_routes_ready(self, message: RoutesReady) -> None:
        if message.generation == self.generation:
            self.view(PathwaysView).show_routes(message.result)

    @on(PathwaysView.RouteChosen)
    def _route_chosen(self, event: PathwaysView.RouteChosen) -> None:
        self._route_what_if(event.route)

    @app_worker("what-if")
    def _route_what_if(self, route: Route) -> None:
        session = self.session
        if session is not None:
            before = self.report or session.report()
            after = session.what_if_route(route, self.today)
            self.post_message(RouteWhatIfReady(route, before, after))

    @answer
    def on_route_what_if_ready(self, message: RouteWhatIfReady) -> None:
        session, route = self.session, message.route
        if session is None:
            return

        def decided(commit: bool | None) -> None:
            if commit:
                label = f"Added the {len(route.items)} items of {route.label}"
                self._apply(label, lambda: session.add_route(route, self.today))

        refs = ", ".join(item.ref for item in route.items)
        screen = WhatIfScreen(refs, f"the items of {route.label}", message.before, message.after)
        self.push_screen(screen, decided)

    # -- files -----------------------------------------------------------------------
    def action_save(self) -> None:
        session = self.session
        if session is None or session.loaded is None:
            return
        if session.loaded.path is None:
            self.action_save_as()
            return
        self._save(None)

    def action_save_as(self, then_quit: bool = False) -> None:
        session = self.session
        if session is None:
            return
        suggestion = session.learner.learner.name.lower().replace(" ", "-") + ".toml"

        def chosen(path: Path | None) -> None:
            if path is not None and self._save(path) and then_quit:
                self.exit()

        self.push_screen(PathPrompt("Save the learner file as", suggestion), chosen)

    def _save(self, path: Path | None, *, overwrite: bool = False) -> bool:
        assert self.session is not None
        try:
            saved = self.session.overwrite(path) if overwrite else self.session.save(path)
        except (ChangedOnDisk, TargetExists) as refused:
            self._save_refused(refused, path)
            return False
        except (CredstackError, OSError) as error:
            self.notify(f"Not saved: {error}", severity="error", timeout=8, markup=False)
            return False
        self.sub_title = self.session.title
        self.notify(f"Saved {saved}", timeout=3, markup=False)
        self.check_evidence()  # the folder that evidence paths are relative to may be new
        return True

    def _save_refused(self, refused: SaveRefused, path: Path | None) -> None:
        """The file changed on disk, or another is in the way: ask, never overwrite."""

        def decided(choice: str | None) -> None:
            if choice == "overwrite":
                self._save(path, overwrite=True)
            elif choice == "reload":
                self._open(refused.path)
            elif choice == "save-as":
                self.action_save_as()

        self.push_screen(ChangedOnDiskScreen(refused), decided)

    # -- the takeaway: the report `credstack report` prints, written to a file ----------
    def action_takeaway(self) -> None:
        session = self.session
        if session is None or session.loaded is None:
            return
        screen = TakeawayScreen(
            session.learner.learner.name, session.takeaway_path(), session.dirty
        )
        self.push_screen(screen, self._takeaway_chosen)

    def _takeaway_chosen(self, choice: TakeawayChoice | None) -> None:
        if choice is not None:
            self.notify("Writing the takeaway…", timeout=3)
            self._takeaway_write(choice)

    @app_worker("takeaway")
    def _takeaway_write(self, choice: TakeawayChoice) -> None:
        session = self.session
        if session is None or session.loaded is None:
            return
        unsaved = session.dirty
        written = session.takeaway(choice.path, choice.fmt)
        self.post_message(TakeawayWritten(written, choice.fmt, unsaved))

    @answer
    def on_takeaway_written(self, message: TakeawayWritten) -> None:
        what = f"Wrote the takeaway to {message.path}"
        if message.unsaved:
            what += " (it shows unsaved changes and says so)"
        session = self.session
        if session is not None and session.loaded is not None:
            as_of = session.learner.learner.as_of or self.today
            today = [n for n in session.learner.note if n.date == self.today != as_of]
            if today:  # a report speaks for its as_of day (docs/report-formats.md, Notes)
                what += (
                    f"; {len(today)} note(s) dated today are not in it: the report is as of "
                    f"{as_of.isoformat()}"
                )
        self.notify(what, title="Takeaway", timeout=8, markup=False)

    def action_open(self) -> None:
        self.push_screen(PathPrompt("Open a learner file", must_exist=True), self._open)

    def _open(self, path: Path | None) -> None:
        if path is None or self.session is None:
            return
        try:
            self.session.open_learner(path)
        except CredstackError as error:
            self.notify(
                str(error.problems[0]),
                title="Could not open",
                severity="error",
                timeout=10,
                markup=False,
            )
            return
        self._show_learner()
        self.recompute()

    async def action_quit(self) -> None:
        session = self.session
        if session is None or not session.dirty:
            self.exit()
            return

        def decided(answer: str | None) -> None:
            if answer == "discard":
                self.exit()
            elif answer == "save":
                if session.loaded is not None and session.loaded.path is None:
                    self.action_save_as(then_quit=True)
                elif self._save(None):
                    self.exit()

        self.push_screen(ConfirmQuit(), decided)


def make_app(session: Session, today: dt.date | None = None) -> CredstackApp:
    """The app for a session: used by the CLI, the tests and the screenshot script."""
    return CredstackApp(session, today)
