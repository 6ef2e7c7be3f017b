"""Benchmarks for large regions: load (cold and warm), audit + plan, compare, batch.

Generates a seeded synthetic region with benchmarks/generate.py (default: 20 institutions
x 2,000 courses x 20 programs x 1,000 articulation rules, about 7 MB of TOML) into a
temporary folder, then measures and prints a markdown table of medians and p95s:

- a bare `tomllib` parse of the same files (the floor for a cold load), in-process and as
  a whole `python` process, and the import time of the CLI (the floor of any process);
- `credstack compare LEARNER --award bachelor --format json --catalogs DIR` as a whole
  process: cold (`--no-cache`), cold with an empty cache folder (it writes the cache), and
  warm (the cache is filled);
- `load_region` in-process, cold and warm;
- one audit + plan (`credstack.engine.evaluate.evaluate`, one learner, one program,
  in-process), and compare across every bachelor program (in-process);
- `credstack batch` throughput (learners/second) with peak memory (the whole process tree,
  sampled from /proc: summed PSS, and the largest single RSS).

    python benchmarks/run.py                  # the full size (several minutes)
    python benchmarks/run.py --small          # a quick run
    python benchmarks/run.py --batch-learners 1000 --markdown docs/benchmarks-table.md

The cache is kept in the temporary folder (XDG_CACHE_HOME is pointed there), never in the
user's. A benchmark, not a test: shared machines are noisy.
"""

from __future__ import annotations

import argparse
import gc
import importlib.util
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import tomllib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

HERE = Path(__file__).resolve().parent
FULL = {"institutions": 20, "courses": 2000, "programs": 20, "rules": 1000}
SMALL = {"institutions": 6, "courses": 200, "programs": 8, "rules": 100}


def load_generator() -> ModuleType:
    name = "credstack_benchmarks_generate"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, HERE / "generate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def percentile(samples: Sequence[float], share: float) -> float:
    """Nearest-rank percentile (p95 of 5 runs is the slowest run)."""
    ordered = sorted(samples)
    index = min(len(ordered) - 1, max(0, int(-(-share * len(ordered) // 1)) - 1))
    return ordered[index]


@dataclass
class Row:
    name: str
    samples: list[float]  # seconds
    target: str = ""
    note: str = ""

    @property
    def median(self) -> float:
        return statistics.median(self.samples)

    @property
    def p95(self) -> float:
        return percentile(self.samples, 0.95)


def show_time(seconds: float) -> str:
    if seconds < 1:
        return f"{seconds * 1000:.1f} ms"
    if seconds < 120:
        return f"{seconds:.2f} s"
    return f"{seconds / 60:.1f} min"


def timed(action: Callable[[], object], repeat: int) -> list[float]:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        samples.append(time.perf_counter() - start)
    return samples


# --------------------------------------------------------------------------- processes


def process(argv: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed ({done.returncode}):\n{done.stderr.decode()}")
    return elapsed


def _children(pid: int) -> list[int]:
    found: list[int] = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as stream:
                found += [int(c) for c in stream.read().split()]
    except OSError:
        pass
    return found


def _memory(pid: int) -> tuple[int, int]:
    """(PSS, RSS) of one process in kB (0, 0 when it is gone)."""
    pss = rss = 0
    try:
        with open(f"/proc/{pid}/smaps_rollup") as stream:
            for line in stream:
                if line.startswith("Pss:"):
                    pss = int(line.split()[1])
                elif line.startswith("Rss:"):
                    rss = int(line.split()[1])
    except OSError:
        pass
    return pss, rss


class TreeMemory(threading.Thread):
    """Samples a process tree's memory every 50 ms: peak summed PSS and peak single RSS."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.peak_pss = 0
        self.peak_rss = 0
        self.peak_processes = 0
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.is_set():
            pids = [self.pid]
            index = 0
            while index < len(pids):
                pids += _children(pids[index])
                index += 1
            sizes = [_memory(p) for p in pids]
            self.peak_pss = max(self.peak_pss, sum(s[0] for s in sizes))
            self.peak_rss = max(self.peak_rss, max((s[1] for s in sizes), default=0))
            self.peak_processes = max(self.peak_processes, len(pids))
            self.stop.wait(0.05)


def run_batch(
    learners: Path, catalogs: Path, output: Path, jobs: int, env: dict[str, str]
) -> tuple[float, str, TreeMemory]:
    argv = [
        sys.executable,
        "-m",
        "credstack",
        "batch",
        str(learners),
        "--catalogs",
        str(catalogs),
        "--jobs",
        str(jobs),
        "--format",
        "jsonl",
        "--output",
        str(output),
    ]
    start = time.perf_counter()
    child = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    sampler = TreeMemory(child.pid)
    sampler.start()
    _, err = child.communicate()
    elapsed = time.perf_counter() - start
    sampler.stop.set()
    sampler.join()
    if child.returncode not in (0, 1):
        raise SystemExit(f"batch failed ({child.returncode}):\n{err.decode()}")
    summary = next((line for line in err.decode().splitlines() if line.startswith("batch:")), "")
    return elapsed, summary, sampler


# --------------------------------------------------------------------------- the machine


def machine() -> str:
    model = "unknown CPU"
    try:
        with open("/proc/cpuinfo") as stream:
            for line in stream:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    memory = ""
    try:
        with open("/proc/meminfo") as stream:
            total = int(stream.readline().split()[1])
            memory = f", {total / 1e6:.0f} GB RAM"
    except (OSError, ValueError, IndexError):
        pass
    return (
        f"{os.cpu_count()} CPUs (nproc {len(os.sched_getaffinity(0))}), {model}{memory}; "
        f"Python {platform.python_version()} ({platform.python_implementation()}), "
        f"{platform.system()} {platform.release()}"
    )


# --------------------------------------------------------------------------- main


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", action="store_true", help="a small region, a quick run")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--region",
        type=Path,
        metavar="DIR",
        help="reuse a generated folder (DIR/catalogs, DIR/learners) instead of generating",
    )
    parser.add_argument("--repeat", type=int, help="whole-process runs per measurement")
    parser.add_argument(
        "--batch-learners",
        type=int,
        metavar="N",
        help="learners in the batch run (default 10,000; 200 with --small); the time for "
        "10,000 is extrapolated from N",
    )
    parser.add_argument("--jobs", type=int, default=2, help="batch workers (default 2)")
    parser.add_argument("--pairs", type=int, default=300, help="(learner, program) pairs timed")
    parser.add_argument("--markdown", type=Path, metavar="FILE", help="also write the table here")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args(argv)

    sizes = SMALL if args.small else FULL
    repeat = args.repeat or (3 if args.small else 5)
    batch_n = args.batch_learners or (200 if args.small else 10_000)
    work = Path(tempfile.mkdtemp(prefix="credstack-bench-"))
    env = {**os.environ, "XDG_CACHE_HOME": str(work / "cache")}
    os.environ["XDG_CACHE_HOME"] = env["XDG_CACHE_HOME"]  # in-process loads too
    rows: list[Row] = []
    notes: list[str] = []
    try:
        if args.region:
            catalogs, learners_dir = args.region / "catalogs", args.region / "learners"
        else:
            log(f"generating {sizes} with {batch_n} learners (seed {args.seed}) in {work}")
            catalogs, learners_dir = load_generator().write(
                work / "region", seed=args.seed, learners=max(batch_n, 50), **sizes
            )
        files = sorted(catalogs.rglob("*.toml"))
        megabytes = sum(p.stat().st_size for p in files) / 1e6
        learner_files = sorted(learners_dir.glob("*.toml"))
        batch_dir = learners_dir
        if len(learner_files) > batch_n:
            batch_dir = work / "batch-learners"
            batch_dir.mkdir(exist_ok=True)
            for path in learner_files[:batch_n]:
                shutil.copy(path, batch_dir / path.name)
        batch_n = min(batch_n, len(learner_files))
        one = learner_files[0]

        # ---- the floor: tomllib alone, and the imports
        log("tomllib floor")

        def parse_all() -> None:
            for path in files:
                with open(path, "rb") as stream:
                    tomllib.load(stream)

        floor = Row(
            f"bare `tomllib` parse of the {len(files)} files ({megabytes:.1f} MB), in-process",
            timed(parse_all, repeat),
        )
        rows.append(floor)
        script = (
            "import sys, tomllib\nfor name in sys.argv[1:]:\n    tomllib.load(open(name, 'rb'))\n"
        )
        rows.append(
            Row(
                "bare `tomllib` parse, whole `python` process",
                [
                    process([sys.executable, "-c", script, *map(str, files)], env)
                    for _ in range(repeat)
                ],
            )
        )
        rows.append(
            Row(
                "`python -c 'import credstack.commands.report'` (imports only)",
                [
                    process([sys.executable, "-c", "import credstack.commands.report"], env)
                    for _ in range(repeat)
                ],
            )
        )

        # ---- compare as a whole process
        compare = [
            sys.executable,
            "-m",
            "credstack",
            "compare",
            str(one),
            "--award",
            "bachelor",
            "--format",
            "json",
            "--catalogs",
            str(catalogs),
        ]
        log("compare, cold (--no-cache)")
        cold = Row(
            "`credstack compare --award bachelor` whole process, cold (`--no-cache`)",
            [process([*compare, "--no-cache"], env) for _ in range(repeat)],
        )
        log("compare, cold (empty cache folder)")
        empty: list[float] = []
        for index in range(repeat):
            fresh = {**env, "XDG_CACHE_HOME": str(work / f"empty-cache-{index}")}
            empty.append(process(compare, fresh))
        cold_empty = Row("... cold, empty cache folder (parses and writes the cache)", empty)
        log("compare, warm")
        process(compare, env)  # fill the cache
        warm = Row("... warm (cache filled)", [process(compare, env) for _ in range(repeat)])
        cold.target = f"<= 3x floor ({show_time(3 * floor.median)})"
        warm.target = f"<= 1x floor ({show_time(floor.median)})"
        cold.note = f"{cold.median / floor.median:.1f}x floor"
        cold_empty.note = f"{cold_empty.median / floor.median:.1f}x floor"
        warm.note = f"{warm.median / floor.median:.1f}x floor"
        rows += [cold, cold_empty, warm]

        # ---- in-process: load, evaluate, compare
        rows += in_process(catalogs, learner_files, repeat, args.pairs)
        gc.collect()

        # ---- batch
        log(f"batch: {batch_n} learners, {args.jobs} workers")
        elapsed, summary, memory = run_batch(
            batch_dir, catalogs, work / "batch.jsonl", args.jobs, env
        )
        rate = batch_n / elapsed
        per_10k = 10_000 / rate
        extrapolated = batch_n != 10_000
        batch_row = Row(
            f"`credstack batch`, {batch_n} learners x 3 goals, {args.jobs} workers (whole process)",
            [elapsed],
            "",
            f"{rate:.1f} learners/s, {3 * rate:.1f} programs/s",
        )
        rows.append(batch_row)
        rows.append(
            Row(
                "... 10,000 learners x 3 goals" + (" (extrapolated)" if extrapolated else ""),
                [per_10k],
                "< 2 min on 2 cores",
                f"linear from {batch_n} learners" if extrapolated else "",
            )
        )
        notes.append(f"batch summary: {summary}")
        notes.append(
            f"batch memory (whole process tree, sampled every 50 ms): peak PSS sum "
            f"{memory.peak_pss / 1e3:.0f} MB, largest single process RSS "
            f"{memory.peak_rss / 1e3:.0f} MB, {memory.peak_processes} processes "
            "(target < 1 GB)"
        )
        table = render(rows, sizes, megabytes, batch_n, notes)
        print(table)
        if args.markdown:
            args.markdown.write_text(table, encoding="utf-8")
    finally:
        if args.keep:
            log(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    return 0


def in_process(
    catalogs: Path, learner_files: list[Path], repeat: int, pair_count: int
) -> list[Row]:
    """load_region, evaluate and compare, timed in this process."""
    from credstack.engine.compare import rank
    from credstack.engine.evaluate import build_report, evaluate, programs_of_award
    from credstack.store.catalogue_loader import load_region
    from credstack.store.learner_store import load_learner

    rows: list[Row] = []
    log("load_region in-process")
    rows.append(
        Row(
            "`load_region` in-process, cold (`cache=False`)",
            timed(lambda: load_region(catalogs, cache=False), repeat),
        )
    )
    rows.append(
        Row(
            "`load_region` in-process, warm (`cache=True`)",
            timed(lambda: load_region(catalogs, cache=True), repeat),
        )
    )
    gc.collect()
    region = load_region(catalogs, cache=True)
    gc.freeze()  # as a batch worker does: the region is never scanned again
    try:
        people = [load_learner(p, region).learner for p in learner_files[:200]]
        pairs = [(learner, goal) for learner in people for goal in learner.learner.goals]
        pairs = pairs[:pair_count]
        log(f"evaluate: {len(pairs)} (learner, program) pairs")
        first_start = time.perf_counter()
        evaluate(region, pairs[0][0], pairs[0][1])
        first = time.perf_counter() - first_start
        once = [timed(lambda pair=pair: evaluate(region, *pair), 1)[0] for pair in pairs]
        again = [timed(lambda pair=pair: evaluate(region, *pair), 1)[0] for pair in pairs]
        rows.append(Row("first `evaluate` in a process (builds the articulation graph)", [first]))
        rows.append(
            Row(
                f"one audit + plan (`evaluate`), {len(pairs)} (learner, goal) pairs, "
                "first time each",
                once,
                "median < 10 ms",
                f"max {show_time(max(once))}",
            )
        )
        rows.append(
            Row(
                "... the same pairs again (from-scratch plans cached)",
                again,
                "median < 10 ms",
                f"max {show_time(max(again))}",
            )
        )
        bachelors = programs_of_award(region, "bachelor")
        log(f"compare in-process: {len(bachelors)} bachelor programs")

        def compare_one(learner: object) -> None:
            report = build_report(region, learner, bachelors)  # type: ignore[arg-type]
            rank(report.results, "terms")

        samples = [timed(lambda p=p: compare_one(p), 1)[0] for p in people[:repeat]]
        rows.append(
            Row(f"compare across every bachelor program ({len(bachelors)}), in-process", samples)
        )
    finally:
        gc.unfreeze()
    return rows


def log(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def render(
    rows: list[Row], sizes: dict[str, int], megabytes: float, learners: int, notes: list[str]
) -> str:
    lines = [
        f"Machine: {machine()}",
        "",
        f"Region: {sizes['institutions']} institutions x {sizes['courses']} courses x "
        f"{sizes['programs']} programs x {sizes['rules']} rules ({megabytes:.1f} MB of TOML); "
        f"batch on {learners} learners.",
        "",
        "| measurement | median | p95 | runs | target | note |",
        "|---|---:|---:|---:|---|---|",
    ]
    for row in rows:
        p95 = show_time(row.p95) if len(row.samples) > 1 else ""
        lines.append(
            f"| {row.name} | {show_time(row.median)} | {p95} | {len(row.samples)} | "
            f"{row.target} | {row.note} |"
        )
    lines.append("")
    lines += [f"- {note}" for note in notes]
    return "\n".join(re.sub(r"\s+$", "", line) for line in lines) + "\n"


if __name__ == "__main__":
    raise SystemExit(main())
