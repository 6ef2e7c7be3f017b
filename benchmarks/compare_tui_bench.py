"""Compare that explores, on the 20-institution synthetic region, measured headless.

From choosing a filter in the Compare area (award: bachelor, every bachelor program of the
region) to (a) the first rows on screen, (b) every program on screen (against the engine
alone: Session.compare without a UI); and, while the App's worker computes, how late the
UI's own timer fires (a 50 ms tick: its lateness is how long a key would wait), so
"stays responsive" is a number, and how long the UI thread takes to show each answer.

    python benchmarks/compare_tui_bench.py [--runs 3] [--region DIR] [--award bachelor]

Without --region, generates the default synthetic region (benchmarks/generate.py, seed 7)
into a temporary folder first. A benchmark, not a test: machines are shared and noisy.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from credstack.commands.tui import prepare_session
from credstack.engine.compare_results import CompareFilter
from credstack.session import Session
from credstack.tui import app as tui_app
from credstack.tui.app import CredstackApp
from credstack.tui.messages import CompareProgress
from credstack.tui.pilot import settle
from credstack.tui.widgets.compare_view import CompareView

HERE = Path(__file__).resolve().parent
TODAY = dt.date(2026, 11, 28)
SIZE = (110, 34)
TICK = 0.05


class TimedApp(CredstackApp):
    """The app, noting when each Compare answer reaches the screen, and the UI's lag."""

    CSS_PATH = Path(tui_app.__file__).with_name("app.tcss")  # relative to this file otherwise

    def __init__(self, session: Session, today: dt.date) -> None:
        super().__init__(session, today)
        self.animation_level = "none"
        self.first_rows: float | None = None
        self.complete: float | None = None
        self.done = asyncio.Event()
        self.lags: list[float] = []
        self.handling: list[float] = []  # the UI thread's time showing each answer
        self._last_tick: float | None = None

    def on_compare_progress(self, message: CompareProgress) -> None:
        began = time.perf_counter()
        super().on_compare_progress(message)
        self.handling.append(time.perf_counter() - began)
        message.prevent_default()  # the base handler has run; do not run it twice
        if message.generation != self.compare_generation or not self.filters.active:
            return
        if message.results and self.first_rows is None:
            self.call_after_refresh(self._painted, "first")
        if message.done == message.total:
            self.call_after_refresh(self._painted, "complete")

    def _painted(self, which: str) -> None:
        now = time.perf_counter()
        if which == "first":
            self.first_rows = now
        else:
            self.complete = now
            self.done.set()

    def tick(self) -> None:
        now = time.perf_counter()
        if self._last_tick is not None and self.complete is None:
            self.lags.append(max(0.0, now - self._last_tick - TICK))
        self._last_tick = now


async def one_run(
    session: Session, award: str
) -> tuple[float, float, list[float], list[float], int]:
    app = TimedApp(session, TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.action_area("compare")
        await settle(pilot)
        app.set_interval(TICK, app.tick)
        view = app.view(CompareView)
        start = time.perf_counter()
        view.post_message(CompareView.FilterChanged(CompareFilter(award=award), view.sort))
        await app.done.wait()
        assert app.first_rows is not None and app.complete is not None
        rows = app.query_one("#compare-table").row_count  # type: ignore[attr-defined]
        return app.first_rows - start, app.complete - start, app.lags, app.handling, rows


def region_folder(given: Path | None) -> Path:
    if given is not None:
        return given
    out = Path(tempfile.mkdtemp(prefix="credstack-compare-bench-"))
    subprocess.run(
        [sys.executable, str(HERE / "generate.py"), "--seed", "7", "--learners", "1"]
        + ["--out", str(out)],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--region", type=Path, help="a generate.py output folder")
    parser.add_argument("--award", default="bachelor")
    args = parser.parse_args()
    folder = region_folder(args.region)
    learner = sorted((folder / "learners").glob("*.toml"))[0]
    session = prepare_session(folder / "catalogs", learner, cache=True)
    alone = []  # the engine alone, no UI: the floor of "every program shown"
    for _ in range(args.runs):
        began = time.perf_counter()
        session.compare(sort="terms", filters=CompareFilter(award=args.award))
        alone.append(time.perf_counter() - began)
    firsts, completes, lags, handling = [], [], [], []
    rows = 0
    for _ in range(args.runs):
        first, complete, lag, handled, rows = asyncio.run(one_run(session, args.award))
        firsts.append(first)
        completes.append(complete)
        lags += lag
        handling += handled
    ordered = sorted(lags)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))] if lags else 0.0
    print(f"Compare, {args.award} across the synthetic region ({rows} programs), {learner.name}")
    print(f"headless {SIZE[0]}x{SIZE[1]}, {args.runs} runs, median")
    print(f"first rows on screen   {statistics.median(firsts) * 1000:8.0f} ms")
    print(f"every program shown    {statistics.median(completes) * 1000:8.0f} ms")
    print(f"engine alone (no UI)   {statistics.median(alone) * 1000:8.0f} ms")
    print(
        f"UI timer lateness      median {statistics.median(lags) * 1000:.0f} ms, "
        f"p95 {p95 * 1000:.0f} ms, max {max(lags, default=0) * 1000:.0f} ms "
        f"({len(lags)} ticks of {TICK * 1000:.0f} ms)"
    )
    print(
        f"showing one answer     median {statistics.median(handling) * 1000:.0f} ms, "
        f"max {max(handling) * 1000:.0f} ms ({len(handling)} answers)"
    )


if __name__ == "__main__":
    main()
