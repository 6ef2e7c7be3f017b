"""How quickly the caseload (`credstack tui FOLDER`) answers, headless (target: 1 s).

A folder of learner files is made from the example learners with varied held items
(seeded: each file keeps a random subset of its persona's held items, some add a
credential from the catalogues, each gets its own name, and one in 20 names a goal no
catalogue has, so its row shows a located error), then, per run, with a new Session (no
summary cached):

(a) first paint: from creating the app to the list of files on screen (every row
    painted, the audits still to come), in wall time and in this process's CPU time
    (which other jobs on a shared machine do not inflate: the audits wait for the paint);
(b) all rows filled: from creating the app to the last file's summary painted (each
    file loaded and its first goal audited and planned, in the App's worker);
(c) back to the list: from the key that returns from a learner to the list painted
    again with every row filled (the summaries come from the Session's cache).

Prints median and p95. A benchmark, not a test: machines are shared and noisy.

    python benchmarks/caseload_bench.py [--files 200] [--runs 5] [--seed 1]
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import random
import statistics
import tempfile
import time
import tomllib
from pathlib import Path

import tomli_w

from credstack.commands.tui import prepare_session
from credstack.session import Session
from credstack.tui import app as tui_app
from credstack.tui.app import CredstackApp
from credstack.tui.messages import CaseloadListed, CaseSummarized
from credstack.tui.pilot import settle

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples" / "learners"
TODAY = dt.date(2026, 11, 28)
SIZE = (110, 34)
BAD_EVERY = 20  # one learner file in 20 names a goal no catalogue has


def make_caseload(folder: Path, count: int, seed: int) -> list[Path]:
    """`count` learner files made from the example learners, with varied held items."""
    rng = random.Random(seed)
    personas = sorted(EXAMPLES.glob("*.toml"))
    session = prepare_session(None, None)
    extra = [h.ref for h in session.holdables() if h.kind != "course"]
    written = []
    for index in range(count):
        data = tomllib.loads(personas[index % len(personas)].read_text(encoding="utf-8"))
        held = [dict(item, evidence=[]) for item in data.get("held", [])]
        excepted = {e.get("item") for e in data.get("exception", [])}  # must stay held
        kept = [i for i in held if i["ref"] in excepted or rng.random() < 0.7] or held[:1]
        if rng.random() < 0.5:
            kept.append({"ref": rng.choice(extra), "earned": dt.date(2025, 6, 1), "grade": "P"})
        data["held"] = kept
        data["learner"]["name"] = f"{data['learner']['name']} {index:03d}"
        if index % BAD_EVERY == BAD_EVERY - 1:  # a bad file now and then: its located error
            data["learner"]["goals"] = ["northbridge:bs-nowhere"]
        path = folder / f"learner-{index:03d}.toml"
        path.write_text(tomli_w.dumps(data), encoding="utf-8")
        written.append(path)
    return written


class TimedApp(CredstackApp):
    """The app, noting when the listing and the last summary reach the screen."""

    CSS_PATH = Path(tui_app.__file__).with_name("app.tcss")  # relative to this file otherwise

    def __init__(self, session: Session, today: dt.date) -> None:
        super().__init__(session, today)
        self.animation_level = "none"
        self.listed_at: float | None = None
        self.filled_at: float | None = None
        self.listed_cpu = 0.0  # process CPU time when the list was painted
        self.filled_cpu = 0.0  # ... and when the last row was filled
        self.pending = -1
        self.event = asyncio.Event()

    def on_caseload_listed(self, message: CaseloadListed) -> None:
        super().on_caseload_listed(message)
        message.prevent_default()
        self.pending = message.todo
        self.call_after_refresh(self._listed, message.todo)

    def on_case_summarized(self, message: CaseSummarized) -> None:
        super().on_case_summarized(message)
        message.prevent_default()
        self.pending -= len(message.summaries)
        if self.pending == 0:
            self.call_after_refresh(self._filled)

    def _listed(self, todo: int) -> None:
        self.listed_at = time.perf_counter()
        self.listed_cpu = time.process_time()
        if todo == 0:
            self.filled_at, self.filled_cpu = self.listed_at, self.listed_cpu
        self.event.set()

    def _filled(self) -> None:
        self.filled_at = time.perf_counter()
        self.filled_cpu = time.process_time()
        self.event.set()

    async def until(self, what: str) -> float:
        while getattr(self, what) is None:
            self.event.clear()
            await self.event.wait()
        return getattr(self, what)


async def one_run(folder: Path) -> tuple[float, float, float, float, float]:
    session = prepare_session(None, folder)
    start, start_cpu = time.perf_counter(), time.process_time()
    app = TimedApp(session, TODAY)
    async with app.run_test(size=SIZE) as pilot:
        listed = await app.until("listed_at") - start
        listed_cpu = app.listed_cpu - start_cpu
        filled = await app.until("filled_at") - start
        filled_cpu = app.filled_cpu - start_cpu
        await settle(pilot)
        await pilot.press("enter")  # open the first learner
        await settle(pilot)
        app.listed_at = app.filled_at = None
        back = time.perf_counter()
        app.action_caseload()
        await app.until("filled_at")
        returned = app.filled_at - back  # type: ignore[operator]
    return listed, listed_cpu, filled, filled_cpu, returned


def percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def row(what: str, samples: list[float], target: float | None) -> str:
    median, p95 = statistics.median(samples), percentile(samples, 0.95)
    goal = f"{target * 1000:>9.0f}" if target else f"{'':>9}"
    verdict = ("ok" if median < target else "over") if target else ""
    return (
        f"{what:<40} {len(samples):>4} {median * 1000:>9.1f} {p95 * 1000:>9.1f} {goal}  {verdict}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=200)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="credstack-caseload-") as name:
        folder = Path(name)
        make_caseload(folder, args.files, args.seed)
        results = [asyncio.run(one_run(folder)) for _ in range(args.runs)]
    listed, cpu, filled, filled_cpu, returned = (
        list(samples) for samples in zip(*results, strict=True)
    )
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    print(f"credstack caseload, {args.files} learner files, headless {SIZE[0]}x{SIZE[1]}")
    print(f"load average {load} on {os.cpu_count()} CPUs")
    print(f"{'':<40} {'runs':>4} {'median ms':>9} {'p95 ms':>9} {'target':>9}")
    print(row("first paint (app -> every row listed)", listed, 1.0))
    print(row("... its CPU time (this process)", cpu, 1.0))
    print(row("all rows filled (app -> last audit)", filled, None))
    print(row("... its CPU time (both threads)", filled_cpu, None))
    print(row("back to the list (cached summaries)", returned, None))


if __name__ == "__main__":
    main()
