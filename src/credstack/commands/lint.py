"""`credstack lint [DIR]`: every error and warning, exit 1 when any error."""

from __future__ import annotations

import sys
from pathlib import Path

from credstack.engine.lint import lint_region
from credstack.safe_text import safe_text
from credstack.store.catalogue_loader import load_region_with_problems


def run_lint(root: Path, cache: bool = False) -> int:
    region, problems = load_region_with_problems(root, cache=cache)
    problems = sorted(problems + lint_region(region))
    errors = [p for p in problems if p.severity == "error"]
    warnings = [p for p in problems if p.severity == "warning"]
    for problem in problems:
        print(str(problem))  # a Problem's text is already safe for a terminal
    files = sum(1 for _ in region.catalogues)
    summary = (
        f"{len(errors)} error{'s' * (len(errors) != 1)}, "
        f"{len(warnings)} warning{'s' * (len(warnings) != 1)} in {files} issuer"
        f"{'s' * (files != 1)} ({safe_text(str(root))})"
    )
    print(summary, file=sys.stderr if errors else sys.stdout)
    return 1 if errors else 0
