"""`credstack convert FORMAT INPUT... --output FILE [--issuer ID]`: a published source as a
catalogue file (docs/convert.md).

The converter (convert/registry.py) returns the catalogue as plain data and what it could
not map. Before anything is written the catalogue goes through the catalogue model, the
loader's checks and lint, exactly as `credstack lint` would read the file, so a converted
catalogue is never one lint rejects. The TOML is deterministic (the same input gives the
same bytes) and written atomically; `-o -` writes stdout. Every warning is printed on
stderr as `where: warning: message [kind]`, then a count per kind; exit 0. Malformed
input exits 2 with `file:line: message` and writes nothing.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from pydantic import ValidationError

from credstack.commands.streams import check_output, is_stdio, refuse_inputs
from credstack.convert.conversion import Conversion, Unmapped
from credstack.convert.registry import converter
from credstack.engine.lint import lint_region
from credstack.errors import CredstackError, Problem
from credstack.model.catalogue import CatalogueFile
from credstack.model.region import LoadedCatalogue, Region
from credstack.safe_text import safe_text
from credstack.store.atomic import atomic_write
from credstack.store.catalogue_loader import check_catalogue
from credstack.store.toml_lines import LineIndex
from credstack.store.toml_writer import to_toml
from credstack.store.validation import parse_toml_text, validation_problems

STDOUT_NAME = "<stdout>"


def run_convert(args: argparse.Namespace) -> int:
    output: Path = args.output
    inputs: list[Path] = list(args.inputs)
    refuse_inputs(output, [(path, "an input file") for path in inputs])
    check_output(output)
    conversion = converter(args.format)(inputs, args.issuer)
    name = STDOUT_NAME if is_stdio(output) else str(output)
    text, lint = checked_toml(conversion, name)
    if is_stdio(output):
        sys.stdout.write(text)
        sys.stdout.flush()
    else:
        try:
            atomic_write(output, text)
        except OSError as error:
            raise CredstackError.at(output, 1, f"cannot write: {error.strerror or error}") from None
    report_warnings(conversion.warnings + lint)
    catalogue = conversion.catalogue
    tables = ("course", "credential", "program", "articulation", "skill")
    counted = [_count(len(catalogue[t]), t) for t in tables if catalogue.get(t)]
    counted.append(_count(len(conversion.warnings) + len(lint), "warning"))
    print(f"{safe_text(name)}: {', '.join(counted)}", file=sys.stderr)
    return 0


def _count(count: int, noun: str) -> str:
    noun = "articulation rule" if noun == "articulation" else noun
    return f"{count} {noun}{'s' * (count != 1)}"


def checked_toml(conversion: Conversion, name: str) -> tuple[str, list[Unmapped]]:
    """The catalogue's TOML, read back as the loader and lint read a file.

    Returns the text and lint's warnings (as Unmapped, kind `lint`); raises CredstackError
    (exit 2, nothing written) when the catalogue would not load.
    """
    try:
        model = CatalogueFile.model_validate(conversion.catalogue)
    except ValidationError as error:
        problems = validation_problems(error, Path(name), LineIndex(""), CatalogueFile)
        raise CredstackError(_not_loadable(problems)) from None
    text = to_toml(model)
    data, problems = parse_toml_text(text, name)
    if data is None:
        raise CredstackError(_not_loadable(problems))
    lines = LineIndex(text)
    try:
        reread = CatalogueFile.model_validate(data)
    except ValidationError as error:
        raise CredstackError(
            _not_loadable(validation_problems(error, Path(name), lines, CatalogueFile))
        ) from None
    loaded = LoadedCatalogue(path=Path(name), catalogue=reread, lines=lines)
    region = Region([loaded])
    problems = list(check_catalogue(loaded, region)) + lint_region(region)
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise CredstackError(_not_loadable(errors))
    lint = [
        Unmapped(f"{p.path}:{p.line}", "lint", p.message)
        for p in sorted(problems)
        if p.severity == "warning"
    ]
    return text, lint


def _not_loadable(problems: list[Problem]) -> list[Problem]:
    return [
        Problem(p.path, p.line, f"the converted catalogue would not load: {p.message}")
        for p in problems
    ]


def report_warnings(warnings: list[Unmapped]) -> None:
    """Each warning on stderr, then how many of each kind."""
    for warning in warnings:
        print(safe_text(str(warning)), file=sys.stderr)
    if warnings:
        counts = Conversion({}, warnings).counts()
        print(
            "warnings: " + ", ".join(f"{count} {kind}" for kind, count in counts.items()),
            file=sys.stderr,
        )
