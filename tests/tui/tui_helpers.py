"""Helpers for the TUI tests, the screenshot script and the TUI benchmark."""

from __future__ import annotations

import datetime as dt
from contextlib import suppress
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import DataTable, Input
from textual.worker import WorkerCancelled, WorkerFailed, WorkerState

from credstack.commands.tui import prepare_session
from credstack.tui.app import CredstackApp, make_app

TODAY = dt.date(2026, 11, 28)
EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "learners"


def open_app(learner: Path | None, catalogs: Path | None = None) -> CredstackApp:
    """The app as `credstack tui [--catalogs DIR] [LEARNER]` builds it, on a fixed day.

    Animations are off: the pilot waits for every animation to end after each key, and
    a tab underline caught mid-slide would make snapshots flaky.
    """
    app = make_app(prepare_session(catalogs, learner), TODAY)
    app.animation_level = "none"
    return app


async def settle(pilot: Pilot[None]) -> None:
    """Let messages and workers run until the screen shows what they computed.

    A worker's result arrives as a message, whose handler may start another worker
    (results -> Explore's stack ladder): wait until a pause leaves no worker running.
    Each running worker is awaited on its own: an exclusive worker replaced by a newer
    one ends CANCELLED and one that raised ends in ERROR (the app notifies it); either is
    finished, not a failure of the wait. A PENDING worker has not started yet: the pause
    starts it, and the next round waits for it.
    """
    app = pilot.app
    await pilot.pause()
    for _ in range(20):
        busy = [w for w in app.workers if w.state in (WorkerState.PENDING, WorkerState.RUNNING)]
        if not busy:
            return
        for worker in busy:
            if worker.state == WorkerState.RUNNING:
                with suppress(WorkerCancelled, WorkerFailed):
                    await worker.wait()
        await pilot.pause()
    raise AssertionError("workers kept starting")


def no_blink(app: CredstackApp) -> None:
    """Cursor blink off in every input of the current screen (stable snapshots)."""
    for field in app.screen.query(Input):
        field.cursor_blink = False


def cells(table: DataTable) -> list[list[str]]:
    """The plain text of every row of a DataTable."""
    return [[str(getattr(c, "plain", c)) for c in table.get_row(key)] for key in table.rows]
