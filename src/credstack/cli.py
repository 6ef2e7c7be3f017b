"""The credstack command line: lint, report, compare, agreement, route, convert, batch,
verify, import, the TUI and serve.

Exit codes: 0 success; 1 lint found errors, batch could not report some learner files, or
verify found an evidence artifact changed, missing, refused or unreadable;
2 bad input (a one-line `file:line: message` on stderr, no traceback, nothing written).
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from credstack import __version__
from credstack.errors import CredstackError, Problem
from credstack.safe_text import safe_text
from credstack.store.shipped import shipped_catalogues


class UsageError(Exception):
    """A bad option: printed as one line, exit 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(f"{self.prog}: {message}")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="credstack",
        description="A terminal advisor and transfer-credit explorer for micro-credentials "
        "that stack into certificates, diplomas and degrees.",
    )
    parser.add_argument("--version", action="version", version=f"credstack {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    lint = commands.add_parser("lint", help="validate catalogues (exit 1 on errors)")
    lint.add_argument("dir", nargs="?", type=Path, help="catalogue directory (default: shipped)")
    _cache_option(lint)

    formats = ["text", "markdown", "json", "html", "csv"]
    report = commands.add_parser("report", help="audit and plan a learner against programs")
    report.add_argument("learner", type=Path, help="the learner file (TOML)")
    _catalogues_option(report)
    report.add_argument(
        "--program",
        action="append",
        metavar="REF",
        help="program reference (repeatable; default: the learner's goals)",
    )
    report.add_argument("--format", choices=formats, default="text")
    report.add_argument("--output", type=Path, metavar="FILE", help="write here, not stdout")
    _cache_option(report)

    compare = commands.add_parser("compare", help="compare programs across institutions")
    compare.add_argument("learner", type=Path)
    _catalogues_option(compare)
    compare.add_argument(
        "--award",
        choices=["certificate", "diploma", "associate", "bachelor", "master", "doctorate"],
        help="compare every program of this award type (default: the learner's goals)",
    )
    compare.add_argument("--sort", choices=["terms", "cost", "remaining"], default="terms")
    compare.add_argument("--format", choices=formats, default="text")
    compare.add_argument("--output", type=Path, metavar="FILE")
    _cache_option(compare)

    verify = commands.add_parser(
        "verify",
        help="check a learner's evidence artifacts against their SHA-256 (read-only)",
        description="Check every evidence artifact of every held item against the SHA-256 "
        "recorded in the learner file. Nothing is ever written.",
        epilog="Exit codes: 0 every artifact with a file is ok; 1 some artifact is changed, "
        "missing, refused or unreadable; 2 bad input.",
    )
    verify.add_argument("learner", type=Path, help="the learner file (TOML)")
    _catalogues_option(verify)
    verify.add_argument(
        "--allow-outside",
        action="store_true",
        help="also check artifacts outside the learner's folder (.., absolute paths, links)",
    )
    verify.add_argument("--format", choices=["text", "json"], default="text")
    _cache_option(verify)

    agreement = commands.add_parser(
        "agreement",
        help="what a feeder's items count for in a program, by the institution's rules",
        description="List, for each requirement of the program B:P, the feeder F's items "
        "that satisfy it through B's published articulation rules (with their conditions), "
        "and what no feeder item covers. No learner is needed.",
    )
    agreement.add_argument(
        "--from", dest="feeder", required=True, metavar="F", help="the feeder's issuer id"
    )
    agreement.add_argument(
        "--to", dest="program", required=True, metavar="B:P", help="the target program"
    )
    _catalogues_option(agreement)
    agreement.add_argument(
        "--as-of",
        type=_date,
        metavar="YYYY-MM-DD",
        help="the date rules are read for (default: today)",
    )
    agreement.add_argument("--format", choices=formats, default="text")
    agreement.add_argument("--output", type=Path, metavar="FILE")
    _cache_option(agreement)

    from credstack.commands.import_badge import add_import_parser

    add_import_parser(commands)

    _add_convert_parser(commands)

    from credstack.commands.route import add_route_parser

    add_route_parser(commands)

    tui = commands.add_parser("tui", help="the advising TUI")
    _catalogues_option(tui)
    tui.add_argument(
        "learner",
        nargs="?",
        type=Path,
        metavar="LEARNER | FOLDER",
        help="a learner file, or a folder of them: the caseload",
    )
    _cache_option(tui)

    from credstack.commands.serve import add_serve_parser

    add_serve_parser(commands)

    batch = commands.add_parser(
        "batch",
        help="audit and plan every learner file in a folder, on all cores",
        description="Audit and plan every learner file (*.toml) below LEARNERS_DIR against "
        "its goals, in parallel, into one JSON Lines or CSV file.",
        epilog="Exit codes: 0 every learner file was reported; 1 some learner files could "
        "not be read or evaluated (each has a file:line: message line on stderr and an "
        "error record in the output, which is still written); 2 bad input (bad "
        "catalogues, no learner files, bad option): nothing is written.",
    )
    batch.add_argument("learners", type=Path, metavar="LEARNERS_DIR")
    _catalogues_option(batch)
    batch.add_argument(
        "--jobs", type=int, metavar="N", help="worker processes (default: every core)"
    )
    batch.add_argument("--format", choices=["jsonl", "csv"], default="jsonl")
    batch.add_argument("--output", type=Path, metavar="FILE", required=True)
    batch.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="run on the Dask cluster whose scheduler is here, e.g. tcp://HOST:8786 "
        "(needs credstack[dask]; --jobs is then unused)",
    )
    _cache_option(batch)
    return parser


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def _add_convert_parser(commands: Any) -> None:
    """`convert`: defined here so that building the parser loads no converter or model."""
    from credstack.convert.registry import CONVERTERS

    parser = commands.add_parser(
        "convert",
        help="convert published files (curricula, registries) into a catalogue",
        description="Convert published files into one credstack catalogue file. What the "
        "catalogue cannot carry is listed on stderr as warnings with their file:line.",
        epilog="Exit codes: 0 written (warnings or not); 2 bad input: nothing is written.",
    )
    parser.add_argument(
        "format",
        choices=sorted(CONVERTERS),
        metavar="FORMAT",
        help="one of: " + ", ".join(sorted(CONVERTERS)),
    )
    parser.add_argument("inputs", nargs="+", type=Path, metavar="INPUT")
    parser.add_argument(
        "-o",
        "--output",
        type=Path,
        required=True,
        metavar="FILE",
        help="the catalogue file to write (e.g. catalogs/NAME.toml); - for stdout",
    )
    parser.add_argument(
        "--issuer", metavar="ID", help="the issuer id (default: from the source's institution)"
    )


def _catalogues_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--catalogs", type=Path, metavar="DIR", help="catalogue directory (default: shipped)"
    )


def _cache_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--no-cache",
        action="store_true",
        help="parse the catalogues again instead of reading the catalogue cache",
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
        return _dispatch(args)
    except UsageError as error:
        print(safe_text(str(error)), file=sys.stderr)  # argparse quotes what was typed
        return 2
    except CredstackError as error:
        _print_problems(error.problems)
        return 2
    except KeyboardInterrupt:
        print("credstack: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


def _print_problems(problems: list[Problem]) -> None:
    for problem in problems:
        print(str(problem), file=sys.stderr)  # safe: a Problem's text shows controls


def _dispatch(args: argparse.Namespace) -> int:
    command = args.command or "tui"
    if command == "lint":
        from credstack.commands.lint import run_lint

        return run_lint(args.dir or shipped_catalogues(), cache=not args.no_cache)
    if command in ("report", "compare"):
        from credstack.commands.report import run_compare, run_report

        return run_report(args) if command == "report" else run_compare(args)
    if command == "verify":
        from credstack.commands.verify import run_verify

        return run_verify(args)
    if command == "agreement":
        from credstack.commands.agreement import run_agreement

        return run_agreement(args)
    if command == "import":
        from credstack.commands.import_badge import run_import

        return run_import(args)
    if command == "convert":
        from credstack.commands.convert import run_convert

        return run_convert(args)

    if command == "route":
        from credstack.commands.route import run_route

        return run_route(args)
    if command == "batch":
        from credstack.commands.batch import run_batch

        return run_batch(args)
    if command == "serve":
        from credstack.commands.serve import run_serve

        return run_serve(args)
    from credstack.commands.tui import run_tui

    return run_tui(
        getattr(args, "catalogs", None),
        getattr(args, "learner", None),
        cache=not getattr(args, "no_cache", False),
    )
