"""Waiting for a headless app to settle: for the TUI tests, the screenshots, the benchmark.

Textual's `WorkerManager.wait_for_complete` raises when a worker it waits on is cancelled
(an exclusive worker replaced by a newer request) or fails, and refuses a worker that has
not started yet; the app's workers are replaced all the time. These waits accept every
ending.
"""

from __future__ import annotations

from contextlib import suppress

from textual.app import App
from textual.pilot import Pilot
from textual.worker import WorkerCancelled, WorkerFailed, WorkerState


async def workers_done(app: App[None]) -> None:
    """Wait for the app's running workers to end, however they end: done, replaced by a
    newer request (CANCELLED) or failed (ERROR: the app has notified it). Their results
    may still be messages in the queue."""
    for worker in [w for w in app.workers if w.state == WorkerState.RUNNING]:
        with suppress(WorkerCancelled, WorkerFailed):
            await worker.wait()


async def settle(pilot: Pilot[None], rounds: int = 20) -> None:
    """Let messages and workers run until the screen shows what they computed.

    A worker's result arrives as a message, whose handler may start another worker
    (results -> Explore's stack ladder): wait until a pause leaves no worker pending or
    running. A PENDING worker has not started yet: the pause starts it, and the next
    round waits for it. Raises AssertionError if workers keep starting for `rounds`.
    """
    app = pilot.app
    await pilot.pause()
    for _ in range(rounds):
        if not any(w.state in (WorkerState.PENDING, WorkerState.RUNNING) for w in app.workers):
            return
        await workers_done(app)
        await pilot.pause()
    raise AssertionError("workers kept starting")
