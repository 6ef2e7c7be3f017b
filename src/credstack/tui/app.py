"""The credstack TUI: an advising appointment in the terminal.

The app holds a Session (plain object), the TUI's only door into the engine, and shows
what it returns: tui/ imports result types from credstack.engine, never a function that
computes.

Who owns workers: the App, always. An area is a view: it is handed what to show
(attributes down) and asks for work with a message (messages up: CompareView's
FilterChanged, ExploreView's PathsWanted and LadderWanted). Every computation and every
file read runs in one of the App's thread workers (`app_worker`: exclusive per group, so
a newer request replaces an older one), calls the Session, and posts its result as a
message whose handler hands it to the area, dropping answers that a newer edit has made
stale. A worker that raises is handled in one place, `on_worker_state_changed`: a
notification, never a crash. No area starts a worker or holds the Session.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from textual import on, work
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.notifications import SeverityLevel
from textual.widget import Widget
from textual.widgets import Footer, Header, TabbedContent, TabPane, Tabs
from textual.worker import Worker, WorkerState

from credstack.engine.results import Report
from credstack.engine.route_results import Route
from credstack.errors import ChangedOnDisk, CredstackError, SaveRefused, TargetExists
from credstack.model.learner import Held
from credstack.safe_text import safe_text
from credstack.session import Session
from credstack.tui.messages import (
    BadgePlanned,
    CareersReady,
    EvidenceChecked,
    EvidenceHashed,
    LadderReady,
    PathsReady,
    ResultsReady,
    RoutesReady,
    RouteWhatIfReady,
    WhatIfReady,
)
from credstack.tui.palette import ActionsProvider, CredentialsProvider, ProgramsProvider
from credstack.tui.screens.add_exception import AddExceptionScreen
from credstack.tui.screens.add_held import AddHeldScreen, HeldChoice
from credstack.tui.screens.add_prior import AddPriorScreen
from credstack.tui.screens.changed_on_disk import ChangedOnDiskScreen
from credstack.tui.screens.confirm import ConfirmQuit
from credstack.tui.screens.evidence import EvidenceScreen
from credstack.tui.screens.help import HelpScreen
from credstack.tui.screens.path_prompt import PathPrompt
from credstack.tui.screens.what_if import WhatIfScreen
from credstack.tui.widgets.careers_view import CareersView
from credstack.tui.widgets.catalogue_view import CatalogueView
from credstack.tui.widgets.compare_view import CompareView
from credstack.tui.widgets.explore_view import ExploreView
from credstack.tui.widgets.learner_view import LearnerView
from credstack.tui.widgets.pathways_view import PathwaysView

W = TypeVar("W", bound=Widget)
M = TypeVar("M", bound=Message)

AREAS = ("learner", "pathways", "compare", "explore", "catalogue", "careers")

# The notification's title when a worker of this group fails; otherwise "Could not compute".
FAILED = {"attach": "Not attached", "badge": "Not imported"}


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
    COMMANDS = App.COMMANDS | {ProgramsProvider, CredentialsProvider, ActionsProvider}
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
        Binding("s", "sort", "Sort", id="compare.sort", show=False),
        Binding("delete", "remove_held", "Remove", id="learner.remove", show=False),
        Binding("ctrl+s", "save", "Save", id="file.save"),
        Binding("ctrl+o", "open", "Open", id="file.open", show=False),
        Binding("f1,question_mark", "help", "Help", id="app.help", key_display="F1"),
        Binding("ctrl+q", "quit", "Quit", id="app.quit", priority=True),
    ]

    def __init__(self, session: Session, today: dt.date | None = None) -> None:
        super().__init__()
        self.session: Session | None = session
        self.today = today or dt.date.today()
        self.report: Report | None = None
        self.generation = 0
        self.award: str | None = None
        self.sort = "terms"
        self.careers_stale = True  # the Careers area is computed when it is shown
        self.evidence_generation = 0  # evidence checks read files: newest answer wins

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
        self.call_after_refresh(self._first_show)

    def _first_show(self) -> None:
        assert self.session is not None
        self._show_learner()
        self.view(CatalogueView).show(self.session.region, self.session.problems)
        self.recompute()

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
        self._compute(self.generation, self.award, self.sort)

    @app_worker("compute")
    def _compute(self, generation: int, award: str | None, sort: str) -> None:
        session = self.session
        if session is None or session.loaded is None:
            return
        report = session.report()
        # The learner's goals are ranked from the report just computed.
        compare = session.compare(award, sort, report)  # type: ignore[arg-type]
        self.post_message(ResultsReady(report, compare, generation))

    @answer
    def on_results_ready(self, message: ResultsReady) -> None:
        if message.generation != self.generation:
            return  # a newer edit is being computed
        self.report = message.report
        self.view(LearnerView).show_results(message.report)
        self.view(PathwaysView).show(message.report)
        self.view(CompareView).show(message.compare)
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

    @on(CompareView.FilterChanged)
    def _filter(self, event: CompareView.FilterChanged) -> None:
        if (event.award, event.sort) == (self.award, self.sort):
            return  # the award Select announces its first value: nothing to recompute
        self.award, self.sort = event.award, event.sort
        self.recompute()

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

    # -- edits -----------------------------------------------------------------------
    def action_add_held(self) -> None:
        if self.session is None:
            return
        self.push_screen(AddHeldScreen(self.session.holdables(), self.today), self._held_chosen)

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

    def action_remove_held(self) -> None:
        if self.session is None or self._active_area() != "learner":
            return
        table = self.screen_stack[0].query_one("#held")
        row = getattr(table, "cursor_row", None)
        if row is None or row >= len(self.session.learner.held):
            return
        session = self.session
        self._apply(f"Removed {session.learner.held[row].ref}", lambda: session.remove_held(row))

    def action_add_prior(self) -> None:
        self.push_screen(AddPriorScreen(), self._prior_added)

    def _prior_added(self, prior: object) -> None:
        if prior is None or self.session is None:
            return
        session = self.session
        self._apply("Added prior learning", lambda: session.add_prior(prior))  # type: ignore[arg-type]

    def action_add_exception(self) -> None:
        session = self.session
        if session is None:
            return
        learner = session.learner
        items = [h.ref for h in learner.held] + [p.title for p in learner.prior]
        self.push_screen(
            AddExceptionScreen(list(learner.learner.goals), items, self.today),
            self._exception_added,
        )

    def _exception_added(self, exception: object) -> None:
        if exception is None or self.session is None:
            return
        session = self.session
        self._apply(
            "Recorded the exception",
            lambda: session.add_exception(exception),  # type: ignore[arg-type]
        )

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
