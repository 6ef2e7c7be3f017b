"""Helpers shared by the TUI pilots, snapshots, screenshot script and benchmark."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import DataTable, Input

from credstack.commands.tui import prepare_session
from credstack.tui.app import CredstackApp, make_app

TODAY = dt.date(2026, 11, 28)
EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "learners"


def open_app(learner: Path | None, catalogs: Path | None = None) -> CredstackApp:
    """The app as `credstack tui [--catalogs DIR] [LEARNER]` builds it, on a fixed day."""
    return make_app(prepare_session(catalogs, learner), TODAY)


async def settle(pilot: Pilot, rounds: int = 3) -> None:
    """Let messages and workers run until the screen shows their results."""
    app = pilot.app
    for _ in range(rounds):
        await pilot.pause()
        await app.workers.wait_for_complete()
    await pilot.pause()


def no_blink(app: CredstackApp) -> None:
    """Cursor blink off in every input of the current screen (stable snapshots)."""
    for field in app.screen.query(Input):
        field.cursor_blink = False


def cells(table: DataTable) -> list[list[str]]:
    """The plain text of every row of a DataTable."""
    rows = []
    for key in table.rows:
        rows.append([str(getattr(c, "plain", c)) for c in table.get_row(key)])
    return rows
