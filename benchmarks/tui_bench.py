"""How quickly the TUI answers, measured with a headless pilot (targets: 1 s and 150 ms).

(a) First paint: from creating the app for an example learner to the first results on
    screen (the first ResultsReady handled and the screen refreshed after it).
(b) Adding a credential: from the edit (what the add-held dialog does on "Add":
    Session.add_held, the learner tables redrawn, a recompute started) to the updated
    audit on screen (the ResultsReady of that generation handled and painted).

Prints median and p95. A benchmark, not a test: machines are shared and noisy.

    python benchmarks/tui_bench.py [--runs 10] [--adds 20] [--learner PATH]
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import statistics
import time
from pathlib import Path

from credstack.commands.tui import prepare_session
from credstack.session import Session
from credstack.tui import app as tui_app
from credstack.tui.app import CredstackApp
from credstack.tui.messages import ResultsReady
from credstack.tui.pilot import settle
from credstack.tui.screens.add_held import HeldChoice

ROOT = Path(__file__).resolve().parent.parent
LEARNER = ROOT / "examples" / "learners" / "career-changer.toml"
TODAY = dt.date(2026, 11, 28)
SIZE = (110, 34)


class TimedApp(CredstackApp):
    """The app, noting when the results of each generation reach the screen."""

    CSS_PATH = Path(tui_app.__file__).with_name("app.tcss")  # relative to this file otherwise

    def __init__(self, session: Session, today: dt.date) -> None:
        super().__init__(session, today)
        self.animation_level = "none"
        self.painted: dict[int, float] = {}
        self.painted_event = asyncio.Event()

    def on_results_ready(self, message: ResultsReady) -> None:
        super().on_results_ready(message)
        message.prevent_default()  # the base handler has run; do not run it twice
        if message.generation == self.generation:
            self.call_after_refresh(self._painted, message.generation)

    def _painted(self, generation: int) -> None:
        self.painted[generation] = time.perf_counter()
        self.painted_event.set()

    async def painted_at(self, generation: int | None = None) -> float:
        """When the results of `generation` (None: of any generation) were painted."""
        while not self.painted if generation is None else generation not in self.painted:
            self.painted_event.clear()
            await self.painted_event.wait()
        return self.painted[generation] if generation else min(self.painted.values())


def percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


async def first_paint(session: Session) -> float:
    start = time.perf_counter()
    app = TimedApp(session, TODAY)
    async with app.run_test(size=SIZE):
        painted = await app.painted_at()
    return painted - start


def candidates(session: Session, count: int) -> list[str]:
    """Credentials the learner does not hold, in catalogue order."""
    held = {h.ref for h in session.learner.held}
    refs = [h.ref for h in session.holdables() if h.kind != "course" and h.ref not in held]
    return (refs * (count // max(1, len(refs)) + 1))[:count]


async def additions(session: Session, count: int) -> list[float]:
    app = TimedApp(session, TODAY)
    samples = []
    async with app.run_test(size=SIZE) as pilot:
        await app.painted_at()
        for ref in candidates(session, count):
            await settle(pilot)  # the last edit's work is done: an adviser reads first
            start = time.perf_counter()
            app._held_chosen(HeldChoice(ref, TODAY, "P"))  # the dialog's "Add"
            samples.append(await app.painted_at(app.generation) - start)
            # Back to the learner as loaded (not measured), so each addition is alike.
            session.remove_held(len(session.learner.held) - 1)
            app.recompute()
            await app.painted_at(app.generation)
    return samples


def row(what: str, samples: list[float], target: float) -> str:
    median, p95 = statistics.median(samples), percentile(samples, 0.95)
    verdict = "ok" if p95 < target else "over"
    return (
        f"{what:<34} {len(samples):>4} {median * 1000:>9.1f} {p95 * 1000:>9.1f} "
        f"{target * 1000:>9.0f}  {verdict}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--adds", type=int, default=20)
    parser.add_argument("--learner", type=Path, default=LEARNER)
    args = parser.parse_args()

    loads, paints = [], []
    for _ in range(args.runs):
        start = time.perf_counter()
        session = prepare_session(None, args.learner)
        loads.append(time.perf_counter() - start)
        paints.append(asyncio.run(first_paint(session)))
    adds = asyncio.run(additions(prepare_session(None, args.learner), args.adds))

    print(f"credstack TUI, {args.learner.name}, headless {SIZE[0]}x{SIZE[1]}")
    print(f"{'':<34} {'runs':>4} {'median ms':>9} {'p95 ms':>9} {'target':>9}")
    print(row("load region + learner (no TUI)", loads, 1.0))
    print(row("first paint (app -> results)", paints, 1.0))
    print(row("add a credential -> audit shown", adds, 0.150))


if __name__ == "__main__":
    main()
