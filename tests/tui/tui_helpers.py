"""Helpers for the TUI tests."""

from __future__ import annotations

import datetime as dt

from textual.pilot import Pilot

from credstack.tui.app import CredstackApp

TODAY = dt.date(2026, 11, 28)


async def settle(app: CredstackApp, pilot: Pilot[None]) -> None:
    """Wait until no worker runs (exclusive workers may be cancelled: that is fine)."""
    for _ in range(400):
        await pilot.pause()
        if not any(worker.is_running for worker in app.workers):
            await pilot.pause()
            return
    raise AssertionError("workers did not finish")


