"""`credstack report` and `credstack compare`: load, evaluate, render, write."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from credstack.engine.advice import advise
from credstack.engine.compare import rank
from credstack.engine.evaluate import build_report, programs_of_award
from credstack.engine.results import Report
from credstack.errors import CredstackError, did_you_mean
from credstack.model.region import Region
from credstack.report.render import render
from credstack.store.atomic import atomic_write
from credstack.store.catalogue_loader import load_region
from credstack.store.learner_store import LoadedLearner, load_learner
from credstack.store.shipped import shipped_catalogues


def load_inputs(args: argparse.Namespace) -> tuple[Region, LoadedLearner]:
    """The region (--catalogs, else the shipped one) and the LEARNER file of a command."""
    cache = not getattr(args, "no_cache", True)
    region = load_region(args.catalogs or shipped_catalogues(), cache=cache)
    if not args.learner.exists():
        raise CredstackError.at(args.learner, 1, "no such learner file")
    return region, load_learner(args.learner, region)


def _check_programs(refs: list[str], region: Region, learner: LoadedLearner) -> None:
    known = region.program_refs()
    for ref in refs:
        if region.program(ref) is None if ":" in ref else True:
            raise CredstackError.at(
                "--program", 1, f"no loaded program {ref!r}" + did_you_mean(ref, known)
            )
    if not refs:
        raise CredstackError.at(
            learner.path or "learner", learner.line_of("learner", "goals"),
            "the learner has no goals: add goals = [...] or pass --program REF",
        )


def _emit(text: str, output: Path | None) -> int:
    if output is None:
        sys.stdout.write(text)
        sys.stdout.flush()
        return 0
    if output.is_dir():
        raise CredstackError.at(output, 1, "--output is a directory")
    if not output.parent.exists():
        raise CredstackError.at(output, 1, f"folder {output.parent} does not exist")
    try:
        atomic_write(output, text, keep_backup=False)
    except OSError as error:
        raise CredstackError.at(output, 1, f"cannot write: {error.strerror or error}") from None
    return 0


def _render(report: Report, fmt: str, output: Path | None, compare: bool) -> str:
    color = output is None and sys.stdout.isatty()
    try:
        return render(report, fmt, compare=compare, color=color)
    except LookupError:
        raise CredstackError.at(
            "--format", 1, f"format {fmt!r} is not yet available in this version"
        ) from None


def run_report(args: argparse.Namespace) -> int:
    region, learner = load_inputs(args)
    refs = args.program or list(learner.learner.learner.goals)
    _check_programs(refs, region, learner)
    report = build_report(region, learner.learner, refs)
    folder = learner.path.parent if learner.path else None
    report = advise(region, learner.learner, report, folder=folder)
    return _emit(_render(report, args.format, args.output, False), args.output)


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
    report = build_report(region, learner.learner, refs)
    ordered = Report(report.learner, report.as_of, tuple(rank(report.results, args.sort)))
    return _emit(_render(ordered, args.format, args.output, True), args.output)
