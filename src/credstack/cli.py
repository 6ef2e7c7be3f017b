"""The credstack command line: lint, report, compare and the TUI.

Exit codes: 0 success; 1 lint found errors; 2 bad input (a one-line `file:line: message`
on stderr, no traceback, nothing written).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from credstack import __version__
from credstack.errors import CredstackError, Problem
from credstack.store.shipped import shipped_catalogs


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

    formats = ["text", "markdown", "json", "html", "csv"]
    report = commands.add_parser("report", help="audit and plan a learner against programs")
    report.add_argument("learner", type=Path, help="the learner file (TOML)")
    _catalogs_option(report)
    report.add_argument(
        "--program", action="append", metavar="REF", help="program reference (repeatable; "
        "default: the learner's goals)"
    )
    report.add_argument("--format", choices=formats, default="text")
    report.add_argument("--output", type=Path, metavar="FILE", help="write here, not stdout")

    compare = commands.add_parser("compare", help="compare programs across institutions")
    compare.add_argument("learner", type=Path)
    _catalogs_option(compare)
    compare.add_argument(
        "--award",
        choices=["certificate", "diploma", "associate", "bachelor", "master", "doctorate"],
        help="compare every program of this award type (default: the learner's goals)",
    )
    compare.add_argument("--sort", choices=["terms", "cost", "remaining"], default="terms")
    compare.add_argument("--format", choices=formats, default="text")
    compare.add_argument("--output", type=Path, metavar="FILE")

    tui = commands.add_parser("tui", help="the advising TUI")
    _catalogs_option(tui)
    tui.add_argument("learner", nargs="?", type=Path)
    return parser


def _catalogs_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--catalogs", type=Path, metavar="DIR", help="catalogue directory (default: shipped)"
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
        return _dispatch(args)
    except UsageError as error:
        print(str(error), file=sys.stderr)
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
        print(str(problem), file=sys.stderr)


def _dispatch(args: argparse.Namespace) -> int:
    command = args.command or "tui"
    if command == "lint":
        from credstack.commands.lint import run_lint

        return run_lint(args.dir or shipped_catalogs())
    if command in ("report", "compare"):
        from credstack.commands.report import run_compare, run_report

        return run_report(args) if command == "report" else run_compare(args)
    from credstack.commands.tui import run_tui

    return run_tui(getattr(args, "catalogs", None), getattr(args, "learner", None))
