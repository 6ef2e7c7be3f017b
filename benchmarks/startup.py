"""Whole-process timings of small commands against `python -c pass`, interleaved A/B.

    python benchmarks/startup.py                         # this tree only
    python benchmarks/startup.py --against /work/main/src --runs 15

Every command runs as a fresh process with PYTHONPATH pointing at a source tree (this
tree, and with `--against` another one, run alternately so both see the same machine
load); the catalogue cache lives in a temporary folder and is filled first (warm). It
prints the median wall time of each command and its ratio to a bare `python -c pass`
measured in the same rounds (the issue 13 targets: `report` on a shipped example learner
<= 25x; a one-program audit of a small program <= 1.5 x 0.17 s).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LEARNER = ROOT / "examples/learners/career-changer.toml"
SMALL_PROGRAM = "northbridge:ucert-cyber"  # a 12-credit certificate


def commands(folder: Path) -> dict[str, list[str]]:
    one_goal = folder / "one-goal.toml"
    text = LEARNER.read_text("utf-8").replace(
        'goals = ["northbridge:bs-it", "metro-cc:as-cis"]', f'goals = ["{SMALL_PROGRAM}"]'
    )
    one_goal.write_text(text, "utf-8")
    cli = [sys.executable, "-m", "credstack"]
    return {
        "python -c pass": [sys.executable, "-c", "pass"],
        "credstack --help": [*cli, "--help"],
        "credstack lint (shipped)": [*cli, "lint"],
        "report career-changer (text, with advice)": [*cli, "report", str(LEARNER)],
        "report career-changer --format json": [*cli, "report", str(LEARNER), "--format", "json"],
        f"report --program {SMALL_PROGRAM} --format json": [
            *cli, "report", str(LEARNER), "--program", SMALL_PROGRAM, "--format", "json",
        ],
        f"compare, one goal ({SMALL_PROGRAM}), json: audit + plan only": [
            *cli, "compare", str(one_goal), "--format", "json",
        ],
    }  # fmt: skip


def run(argv: list[str], src: str, cache: Path) -> float:
    env = {**os.environ, "PYTHONPATH": src, "XDG_CACHE_HOME": str(cache)}
    started = time.perf_counter()
    subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return time.perf_counter() - started


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--against", metavar="SRC", help="another source tree, run alternately")
    parser.add_argument("--runs", type=int, default=11)
    args = parser.parse_args(argv)
    trees = {"this": str(ROOT / "src")}
    if args.against:
        trees["against"] = args.against
    with tempfile.TemporaryDirectory(prefix="credstack-startup-") as temp:
        folder = Path(temp)
        table = commands(folder)
        caches = {name: folder / f"cache-{name}" for name in trees}
        for name, src in trees.items():  # fill each tree's cache: every run below is warm
            for command in table.values():
                run(command, src, caches[name])
        samples: dict[tuple[str, str], list[float]] = {}
        for _ in range(args.runs):
            for label, command in table.items():
                for name, src in trees.items():
                    samples.setdefault((label, name), []).append(run(command, src, caches[name]))
    base = {name: statistics.median(samples[("python -c pass", name)]) for name in trees}
    header = "| command | " + " | ".join(f"{n}: median | {n}: x python" for n in trees) + " |"
    print(header)
    print("|---|" + "---:|---:|" * len(trees))
    for label in table:
        cells = []
        for name in trees:
            median = statistics.median(samples[(label, name)])
            cells += [f"{median * 1000:.0f} ms", f"{median / base[name]:.1f}x"]
        print(f"| {label} | " + " | ".join(cells) + " |")
    print(f"\n{args.runs} runs each, interleaved; {sys.version.split()[0]}; load {os.getloadavg()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
