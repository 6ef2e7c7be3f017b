"""A worker's answer that arrives when the app has no screens (it is closing, or has not
started) is dropped, never an IndexError: thread workers can outlive the app's screens."""

from __future__ import annotations

from credstack.session import Session
from credstack.tui.app import make_app
from credstack.tui.messages import CareersReady, LadderReady, PathsReady, ResultsReady
from tests.tui.tui_helpers import TODAY


def test_answers_without_screens_are_dropped(session: Session) -> None:
    app = make_app(session, TODAY)
    assert app.screen_stack == []  # not running: no screens, as after closing
    report = session.report()
    ref = session.learner.held[0].ref
    app.on_results_ready(ResultsReady(report, list(report.results), app.generation))
    app.on_paths_ready(PathsReady(ref, session.paths(ref)))
    app.on_ladder_ready(LadderReady("northbridge", session.ladder("northbridge"), app.generation))
    app.on_careers_ready(CareersReady((), (), app.generation))
    assert app.report is None  # nothing was shown, nothing was kept
