"""`credstack batch LEARNERS_DIR`: audit and plan every learner file in a folder, on all cores.

    credstack batch LEARNERS_DIR [--catalogs DIR] [--jobs N] [--format jsonl|csv]
                                 --output FILE [--no-cache] [--scheduler tcp://HOST:8786]

Every `*.toml` below LEARNERS_DIR (hidden files and folders skipped) is a learner file;
each is audited and planned against its `goals`, in a pool of worker processes whose
initializer loads the catalogues once per worker (from the catalogue cache unless
`--no-cache`; a forked worker reuses the parent's copy). Results are written in the
order of the sorted file names, whatever order the workers finish in.

With `--scheduler ADDRESS` the same per-learner function runs on a Dask cluster instead
(docs/scale-out.md; `pip install 'credstack[dask]'`): the region is loaded here and sent
to every worker once (`Client.scatter(..., broadcast=True)`), the learner files are read
here and sent in chunks, and the results come back in input order into the same output,
byte for byte what a local run writes. A chunk whose task fails on the cluster (after
Dask's own retries of a lost worker) gives one error record per learner file in it.
Without `--scheduler`, Dask is never imported.

Output (`--output`, written atomically: a temporary file in the same folder, then a
rename, with the mode a new file gets; nothing is written when the catalogues are bad;
`-` writes to stdout; an `--output` that is one of the learner files or catalogues is
refused):
- `jsonl`: one line per learner file: the report JSON (docs/report-json.md) with a
  `learner_file` field, or `{"learner_file": ..., "error": "file:line: message",
  "problems": [...]}` for a file that could not be read or evaluated;
- `csv`: the columns of `--format csv` (report/csv_report.py) after a `learner_file`
  column, one row per (learner, program), and an `error` column last; a failed learner
  file has one row with only `learner_file` and `error`.

A bad learner file never stops the others: it gets one `file:line: message` line on
stderr (the first problem, with a count of the rest) and an error record in the output.
A progress bar is shown on stderr when it is a terminal; a summary line (learners ok and
failed, programs evaluated, elapsed time, throughput, peak memory) ends the run.

Exit codes: 0 every learner file was reported; 1 some learner files failed (the output
is still written, with their error records); 2 bad input: unreadable or invalid
catalogues, no learner files, a bad option (nothing is written).
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import gc
import io
import json
import multiprocessing
import os
import resource
import signal
import sys
import time
import uuid
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from credstack.commands.streams import (
    catalogue_inputs,
    check_output,
    for_terminal,
    is_stdio,
    output_stream,
    refuse_inputs,
)
from credstack.engine.evaluate import build_report
from credstack.errors import CredstackError, Problem
from credstack.model.region import Region
from credstack.report.csv_report import cell, columns, row
from credstack.report.json_report import report_json
from credstack.safe_text import safe_text
from credstack.store.atomic import DiskStamp
from credstack.store.catalogue_loader import load_region
from credstack.store.learner_store import learner_from_bytes, load_learner_with_problems
from credstack.store.shipped import shipped_catalogues

FORMATS = ("jsonl", "csv")


@dataclass(frozen=True)
class Outcome:
    """What a worker sends back for one learner file (already rendered: cheap to pickle)."""

    learner_file: str
    text: str  # the output record(s) for this file, newline-terminated
    programs: int  # programs evaluated (0 when the file failed)
    error: str | None = None  # the `file:line: message` line, when the file failed


# One region per process: set in the parent before the pool starts (a forked worker
# inherits it) or loaded by the worker's initializer.
_STATE: dict[str, Any] = {}


def csv_header() -> list[str]:
    return ["learner_file", *columns(), "error"]


def learner_files(folder: Path) -> list[Path]:
    """Every learner file below `folder` (or `folder` itself when it is a file), sorted."""
    try:
        if folder.is_file():
            return [folder]
        if not folder.is_dir():
            raise CredstackError.at(folder, 1, "no such folder of learner files")
        found = sorted(
            path
            for path in folder.rglob("*.toml")
            if path.is_file()
            and not any(part.startswith(".") for part in path.relative_to(folder).parts)
        )
    except OSError as error:  # a name too long, a folder that cannot be listed
        raise CredstackError.at(folder, 1, f"cannot read: {error.strerror or error}") from None
    if not found:
        raise CredstackError.at(folder, 1, "no *.toml learner files found")
    return found


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


# --------------------------------------------------------------------------- one learner


def evaluate_file(region: Region, path: Path, fmt: str, raw: bytes | None = None) -> Outcome:
    """Load, audit and plan one learner file (from `raw`, its bytes, when already read);
    every failure becomes an error Outcome."""
    name = str(path)
    try:
        if raw is None:
            loaded, problems = load_learner_with_problems(path, region)
        else:
            loaded, problems = learner_from_bytes(path, raw, region)
        if loaded is None:
            problems = problems or [Problem(name, 1, "cannot read the learner file")]
            return _failed(name, problems, fmt)
        goals = list(loaded.learner.learner.goals)
        if not goals:
            line = loaded.line_of("learner", "goals")
            return _failed(
                name, [Problem(name, line, "the learner has no goals: add goals = [...]")], fmt
            )
        report = build_report(region, loaded.learner, goals)
    except Exception as error:  # noqa: BLE001 - one bad file never stops the others
        message = f"cannot evaluate: {type(error).__name__}: {error}".splitlines()[0]
        return _failed(name, [Problem(name, 1, message)], fmt)
    if fmt == "jsonl":
        record = {"learner_file": name, **report_json(report)}
        text = json.dumps(record, ensure_ascii=False) + "\n"
    else:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        for result in report.results:
            writer.writerow([cell(name), *row(result, report), ""])
        text = out.getvalue()
    return Outcome(name, text, len(report.results))


def _failed(name: str, problems: Sequence[Problem], fmt: str) -> Outcome:
    ordered = sorted(problems)
    line = str(ordered[0])
    if len(ordered) > 1:
        line += f" (and {len(ordered) - 1} more problem{'s' * (len(ordered) > 2)})"
    if fmt == "jsonl":
        record = {"learner_file": name, "error": line, "problems": [str(p) for p in ordered]}
        text = json.dumps(record, ensure_ascii=False) + "\n"
    else:
        out = io.StringIO()
        csv.writer(out, lineterminator="\r\n").writerow(
            [cell(name), *([""] * len(columns())), cell(line)]
        )
        text = out.getvalue()
    return Outcome(name, text, 0, line)


# --------------------------------------------------------------------------- workers


def _init_worker(root: str, cache: bool) -> None:
    """Pool initializer: the catalogues, once per worker (inherited when forked)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C
    if _STATE.get("root") != root or _STATE.get("region") is None:
        try:
            _STATE["region"] = load_region(Path(root), cache=cache)
            _STATE["root"] = root
        except Exception as error:  # noqa: BLE001 - reported per learner file
            _STATE["region"] = None
            _STATE["init_error"] = f"catalogues could not be loaded in a worker: {error}"
    gc.freeze()  # the region lives as long as the worker: never scan it again


def _work(task: tuple[str, str]) -> Outcome:
    path, fmt = task
    region = _STATE.get("region")
    if region is None:
        message = _STATE.get("init_error", "no catalogues loaded in this worker")
        return _failed(path, [Problem(path, 1, message)], fmt)
    return evaluate_file(region, Path(path), fmt)


@contextlib.contextmanager
def _pool(jobs: int, root: Path, cache: bool) -> Iterator[Any]:
    """A pool of `jobs` workers (None for one job: work in this process).

    Started before the progress bar, so no thread runs while the workers are forked.
    """
    if jobs <= 1:
        yield None
        return
    pool = multiprocessing.get_context().Pool(
        jobs, initializer=_init_worker, initargs=(str(root), cache)
    )
    try:
        yield pool
        pool.close()
    except BaseException:
        pool.terminate()
        raise
    finally:
        pool.join()


def _outcomes(pool: Any, files: Sequence[Path], fmt: str, jobs: int) -> Iterator[Outcome]:
    """Outcomes in file order, whatever order the workers finish in."""
    tasks = [(str(path), fmt) for path in files]
    if pool is None:
        for task in tasks:
            yield _work(task)
        return
    chunk = max(1, min(16, len(tasks) // (jobs * 8)))
    yield from pool.imap(_work, tasks, chunksize=chunk)


# --------------------------------------------------------------------------- a Dask cluster

# (learner file, its bytes) or (learner file, the problem that kept it from being read)
Item = tuple[str, bytes | Problem]


def read_item(path: Path) -> Item:
    """A learner file's bytes, read here (the cluster's workers need not see the files);
    a file that cannot be read gets the problem `load_learner_with_problems` gives."""
    name = str(path)
    try:
        found = DiskStamp.read(path)
    except OSError as error:
        return name, Problem(name, 1, f"cannot read file: {error.strerror or error}")
    if found is None:
        return name, Problem(name, 1, "cannot read file: No such file or directory")
    return name, found[1]


def evaluate_chunk(region: Region, items: Sequence[Item], fmt: str) -> list[Outcome]:
    """One Dask task: `evaluate_file` for each learner file of a chunk, in order."""
    return [
        _failed(name, [raw], fmt)
        if isinstance(raw, Problem)
        else evaluate_file(region, Path(name), fmt, raw)
        for name, raw in items
    ]


def _chunk_failed(items: Sequence[Item], error: BaseException, fmt: str) -> list[Outcome]:
    message = f"cannot evaluate on the cluster: {type(error).__name__}: {error}".splitlines()[0]
    return [_failed(name, [Problem(name, 1, message)], fmt) for name, _ in items]


class Cluster:
    """A connection to a Dask scheduler, with the region on every worker."""

    def __init__(self, address: str, region: Region) -> None:
        try:
            from distributed import Client
        except ImportError:
            raise CredstackError.at(
                "--scheduler", 1, "Dask is not installed: pip install 'credstack[dask]'"
            ) from None
        try:
            self.client = Client(address, timeout="10s", set_as_default=False)
        except (OSError, TimeoutError, ValueError) as error:
            raise CredstackError.at(
                "--scheduler", 1, f"cannot reach the Dask scheduler {address!r}: {error}"
            ) from None
        self.address = address
        try:
            self.client.wait_for_workers(1, timeout=60)
            self.workers = len(self.client.scheduler_info()["workers"])
            # Once per worker; a worker that joins later gets it from a peer when needed.
            self.region = self.client.scatter(region, broadcast=True, hash=False)
        except BaseException:
            self.client.close()
            raise

    def close(self) -> None:
        self.client.close()

    def outcomes(self, files: Sequence[Path], fmt: str) -> Iterator[Outcome]:
        """Outcomes in file order; a few chunks per worker in flight, so memory stays
        bounded however many files there are."""
        size = max(1, min(16, len(files) // (max(1, self.workers) * 8)))
        chunks = [files[i : i + size] for i in range(0, len(files), size)]
        batch_id = uuid.uuid4().hex[:12]
        pending: deque[tuple[list[Item], Any]] = deque()

        def submit(index: int) -> None:
            items = [read_item(path) for path in chunks[index]]
            future = self.client.submit(
                evaluate_chunk,
                self.region,
                items,
                fmt,
                key=f"credstack-batch-{batch_id}-{index}",
                pure=False,
            )
            pending.append((items, future))

        ahead = 4 * max(1, self.workers)
        following = 0
        while following < min(ahead, len(chunks)):
            submit(following)
            following += 1
        while pending:
            items, future = pending.popleft()
            try:
                done: list[Outcome] = future.result()
            except Exception as error:  # noqa: BLE001 - the chunk's files get error records
                done = _chunk_failed(items, error, fmt)
            future.release()
            if following < len(chunks):
                submit(following)
                following += 1
            yield from done


# --------------------------------------------------------------------------- output


# --------------------------------------------------------------------------- the command


class _Reporter:
    """Progress bar (on a terminal) and error lines on stderr."""

    def __init__(self, total: int, show_bar: bool) -> None:
        self.total = total
        self.progress: Any = None
        self.task: Any = None
        if show_bar:
            from rich.console import Console
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                TextColumn,
                TimeElapsedColumn,
                TimeRemainingColumn,
            )

            self.progress = Progress(
                TextColumn("[progress.description]{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                TimeRemainingColumn(),
                console=Console(stderr=True),
                transient=True,
            )

    def __enter__(self) -> _Reporter:
        if self.progress is not None:
            self.progress.start()
            self.task = self.progress.add_task("learners", total=self.total)
        return self

    def __exit__(self, *exc: object) -> None:
        if self.progress is not None:
            self.progress.stop()

    def error(self, line: str) -> None:
        if self.progress is not None:
            self.progress.console.print(line, markup=False, highlight=False, soft_wrap=True)
        else:
            print(line, file=sys.stderr, flush=True)

    def advance(self) -> None:
        if self.progress is not None:
            self.progress.advance(self.task)


def peak_rss_mb() -> tuple[float, float]:
    """Peak resident memory (MB) of this process, and of the largest finished child."""
    scale = 1024 if sys.platform != "darwin" else 1024 * 1024  # ru_maxrss: KB on Linux
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * scale / 1e6
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * scale / 1e6
    return own, children


def run_batch(
    args: argparse.Namespace,
    *,
    progress: bool | None = None,
    log: Callable[[str], None] | None = None,
) -> int:
    started = time.perf_counter()
    fmt: str = args.format or "jsonl"
    if fmt not in FORMATS:
        raise CredstackError.at("--format", 1, f"format {fmt!r}: use jsonl or csv")
    jobs = default_jobs() if args.jobs is None else args.jobs
    if jobs < 1:
        raise CredstackError.at("--jobs", 1, f"--jobs {jobs}: need at least 1 worker")
    output: Path = args.output
    check_output(output)
    files = learner_files(args.learners)
    root: Path = args.catalogs or shipped_catalogues()
    inputs = [(path, "a learner file of the batch") for path in files]
    refuse_inputs(output, inputs + catalogue_inputs(root))
    cache = not getattr(args, "no_cache", False)
    region = load_region(root, cache=cache)  # bad catalogues: exit 2, nothing written
    loaded_at = time.perf_counter()
    jobs = min(jobs, len(files))
    address: str | None = getattr(args, "scheduler", None)
    cluster = Cluster(address, region) if address else None
    if cluster is None:
        _STATE.update(root=str(root), region=region)  # forked workers inherit it
    ok = failed = programs = 0
    show_bar = sys.stderr.isatty() if progress is None else progress
    try:
        with (
            _pool(jobs if cluster is None else 0, root, cache) as pool,
            output_stream(output) as stream,
            _Reporter(len(files), show_bar) as reporter,
        ):
            if cluster is None:
                outcomes = _outcomes(pool, files, fmt, jobs)
            else:
                outcomes = cluster.outcomes(files, fmt)
            if fmt == "csv":
                csv.writer(stream, lineterminator="\r\n").writerow(csv_header())
            for outcome in outcomes:
                stream.write(for_terminal(outcome.text, stream))
                if outcome.error is None:
                    ok += 1
                    programs += outcome.programs
                else:
                    failed += 1
                    reporter.error(outcome.error)
                reporter.advance()
    except OSError as error:
        raise CredstackError.at(output, 1, f"cannot write: {error.strerror or error}") from None
    finally:
        _STATE.clear()
        if cluster is not None:
            cluster.close()
    elapsed = time.perf_counter() - started
    own, child = peak_rss_mb()
    memory = f"peak RSS {own:.0f} MB" + (f", largest worker {child:.0f} MB" if jobs > 1 else "")
    where = f"{jobs} worker{'s' * (jobs != 1)}"
    if cluster is not None:
        where = f"{cluster.workers} Dask worker{'s' * (cluster.workers != 1)} at {address}"
        memory = f"peak RSS here {own:.0f} MB"
    summary = (
        f"batch: {ok} learner{'s' * (ok != 1)} ok, {failed} failed; {programs} program"
        f"{'s' * (programs != 1)} evaluated in {elapsed:.1f} s (catalogues "
        f"{loaded_at - started:.1f} s; {len(files) / elapsed:.1f} learners/s, "
        f"{programs / elapsed:.1f} programs/s) with {safe_text(where)}; "
        f"{memory}; wrote {'stdout' if is_stdio(output) else safe_text(str(output))}"
    )
    (log or (lambda line: print(line, file=sys.stderr)))(summary)
    return 1 if failed else 0
