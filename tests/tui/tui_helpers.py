"""Helpers for the TUI tests (settle() is credstack.tui.pilot's, shared with the
screenshot script and the TUI benchmark)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from textual.widgets import DataTable, Input

from credstack.commands.tui import prepare_session
from credstack.tui.app import CredstackApp, make_app
from credstack.tui.pilot import settle

__all__ = ["EXAMPLES", "TODAY", "cells", "no_blink", "open_app", "settle"]

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


def no_blink(app: CredstackApp) -> None:
    """Cursor blink off in every input of the current screen (stable snapshots)."""
    for field in app.screen.query(Input):
        field.cursor_blink = False


def cells(table: DataTable) -> list[list[str]]:
    """The plain text of every row of a DataTable."""
    return [[str(getattr(c, "plain", c)) for c in table.get_row(key)] for key in table.rows]
