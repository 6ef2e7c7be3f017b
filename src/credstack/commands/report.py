"""`credstack report` and `credstack compare`: load, evaluate, render, write."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from credstack.commands.streams import (
    STDIN_NAME,
    catalogue_inputs,
    check_output,
    emit,
    is_stdio,
    read_learner,
    refuse_inputs,
)
from credstack.engine.compare import rank
from credstack.engine.evaluate import build_report, programs_of_award
from credstack.engine.results import Report
from credstack.errors import CredstackError, did_you_mean
from credstack.model.region import Region
from credstack.report.render import render
from credstack.store.catalogue_loader import load_region
from credstack.store.learner_store import LoadedLearner
from credstack.store.shipped import shipped_catalogues


def load_inputs(args: argparse.Namespace) -> tuple[Region, LoadedLearner]:
    """The region (--catalogs, else the shipped one) and the LEARNER of a command (`-`:
    from stdin); an `--output` that is one of them is refused first, before any work."""
    root: Path = args.catalogs or shipped_catalogues()
    output: Path | None = getattr(args, "output", None)
    if output is not None:
        inputs = catalogue_inputs(root)
        if not is_stdio(args.learner):
            inputs.insert(0, (args.learner, "the learner file"))
        refuse_inputs(output, inputs)
        check_output(output)
    cache = not getattr(args, "no_cache", True)
    region = load_region(root, cache=cache)
    return region, read_learner(args.learner, region)


def _check_programs(refs: list[str], region: Region, learner: LoadedLearner) -> None:
    known = region.program_refs()
    for ref in refs:
        if region.program(ref) is None if ":" in ref else True:
            raise CredstackError.at(
                "--program", 1, f"no loaded program {ref!r}" + did_you_mean(ref, known)
            )
    if not refs:
        raise CredstackError.at(
            learner.path or STDIN_NAME,
            learner.line_of("learner", "goals"),
            "the learner has no goals: add goals = [...] or pass --program REF",
        )


def _emit(text: str, fmt: str, output: Path | None, color: bool) -> int:
    # A text report without colour has no control character of its own: any is made
    # visible. With colour, the text renderer keeps data from its escape codes.
    emit(text, output, styled=color and fmt == "text", sanitise=fmt == "text")
    return 0


def _color(output: Path | None) -> bool:
    return (output is None or is_stdio(output)) and sys.stdout.isatty()


def _render(report: Report, fmt: str, color: bool, compare: bool) -> str:
    try:
        return render(report, fmt, compare=compare, color=color)
    except LookupError:
        raise CredstackError.at(
            "--format", 1, f"format {fmt!r} is not yet available in this version"
        ) from None


class Progress:
    """`compare: 37/156 programs` on a terminal's stderr, once a run has taken a second.

    A line rewritten in place (at most ten times a second) and erased at the end, so
    the output on stdout is never touched; quick runs show nothing at all.
    """

    DELAY = 1.0  # seconds before anything is shown
    EVERY = 0.1  # seconds between updates

    def __init__(self, stream: TextIO, clock: Callable[[], float] = time.monotonic) -> None:
        self.stream = stream
        self.clock = clock
        self.started = clock()
        self.shown_at: float | None = None

    def __call__(self, done: int, total: int) -> None:
        now = self.clock()
        if now - self.started < self.DELAY:
            return
        if self.shown_at is not None and now - self.shown_at < self.EVERY and done < total:
            return
        self.stream.write(f"\rcompare: {done}/{total} programs evaluated")
        self.stream.flush()
        self.shown_at = now

    def close(self) -> None:
        if self.shown_at is not None:
            self.stream.write("\r\x1b[K")  # back to the start of the line, erase it
            self.stream.flush()


def run_report(args: argparse.Namespace) -> int:
    region, learner = load_inputs(args)
    refs = args.program or list(learner.learner.learner.goals)
    _check_programs(refs, region, learner)
    report = build_report(region, learner.learner, refs)
    folder = learner.path.parent if learner.path else None
    from credstack.engine.advice import advise  # report only: compare never advises

    report = advise(region, learner.learner, report, folder=folder)
    color = _color(args.output)
    text = _render(report, args.format, color, False)
    return _emit(text, args.format, args.output, color)


def run_compare(args: argparse.Namespace) -> int:
    region, learner = load_inputs(args)
    if args.award:
        refs = programs_of_award(region, args.award)
        if not refs:
            raise CredstackError.at(
                args.catalogs or shipped_catalogues(), 1, f"no {args.award} programs are loaded"
            )
    else:
        refs = list(learner.learner.learner.goals)
    _check_programs(refs, region, learner)
    progress = Progress(sys.stderr) if sys.stderr.isatty() else None
    try:
        report = build_report(region, learner.learner, refs, progress=progress)
    finally:
        if progress is not None:
            progress.close()
    ordered = Report(report.learner, report.as_of, tuple(rank(report.results, args.sort)))
    color = _color(args.output)
    text = _render(ordered, args.format, color, True)
    return _emit(text, args.format, args.output, color)
