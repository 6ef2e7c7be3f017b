"""settle() waits for workers however they end: replaced (CANCELLED), failed, or done.

The app's workers are exclusive: a newer computation cancels the older one, and a worker
that raises ends in ERROR (the app shows a notification). Neither may make the wait
itself fail, or TUI tests turn flaky when the machine is slow enough for a worker to be
replaced while a test waits for it. Each test makes that happen deterministically: the
worker's `wait` is wrapped so that the replacement (or the failure) comes exactly while
settle() is waiting on it.
"""

from __future__ import annotations

import threading

from textual import work
from textual.app import App
from textual.worker import Worker, WorkerState

from credstack.tui.pilot import settle


class Workers(App[None]):
    """One exclusive group of thread workers that block until released; n=3 then raises."""

    def __init__(self) -> None:
        super().__init__()
        self.release = threading.Event()
        self.done: list[int] = []

    @work(thread=True, exclusive=True, group="compute", exit_on_error=False)
    def compute(self, n: int) -> None:
        if n != 2:
            self.release.wait(10)
        if n == 3:
            raise ValueError("this computation failed")
        self.done.append(n)


def while_waited_on(worker: Worker[None], event: object) -> None:
    """Run `event()` at the moment something starts waiting on `worker`."""
    wait = worker.wait

    async def wait_after_event() -> None:
        event()  # type: ignore[operator]
        return await wait()

    worker.wait = wait_after_event  # type: ignore[method-assign]


async def test_settle_waits_past_a_worker_replaced_while_it_waits() -> None:
    app = Workers()
    async with app.run_test() as pilot:
        first = app.compute(1)
        await pilot.pause()
        assert first.state == WorkerState.RUNNING  # blocked in its thread
        replacements: list[Worker[None]] = []
        while_waited_on(first, lambda: replacements.append(app.compute(2)))
        try:
            await settle(pilot)
        finally:
            app.release.set()
        assert first.state == WorkerState.CANCELLED
        assert replacements[0].state == WorkerState.SUCCESS and app.done == [2]


async def test_settle_waits_past_a_worker_that_fails_while_it_waits() -> None:
    app = Workers()
    async with app.run_test() as pilot:
        failing = app.compute(3)
        await pilot.pause()
        assert failing.state == WorkerState.RUNNING
        while_waited_on(failing, app.release.set)
        await settle(pilot)
        assert failing.state == WorkerState.ERROR and app.done == []
