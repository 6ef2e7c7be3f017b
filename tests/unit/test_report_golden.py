"""Golden files: the example reports in examples/reports/, printed again through the CLI.

Every format has its files (text, markdown, html, json, csv) and a test fails on any
byte of difference, so a heading, a label or a figure cannot drift in one format alone.
After an intended change, regenerate the files and review the diff:

    CREDSTACK_REGENERATE=1 python -m pytest tests/unit/test_report_golden.py -p no:xdist
    git diff examples/reports/
"""

from __future__ import annotations

import difflib
import os
from pathlib import Path

import pytest

from credstack.cli import main

ROOT = Path(__file__).resolve().parents[2]
REPORTS = ROOT / "examples" / "reports"
LEARNERS = ROOT / "examples" / "learners"
CATALOGS = ROOT / "catalogs"
REGENERATE = os.environ.get("CREDSTACK_REGENERATE") == "1"
FORMATS = {"txt": "text", "md": "markdown", "html": "html", "json": "json", "csv": "csv"}
HOW_TO_REGENERATE = (
    "if the change is intended, regenerate the golden files with\n"
    "    CREDSTACK_REGENERATE=1 python -m pytest tests/unit/test_report_golden.py -p no:xdist\n"
    "and review `git diff examples/reports/` before committing"
)

BACHELOR = ["compare", "career-changer.toml", "--award", "bachelor"]
GOLDEN: list[tuple[str, list[str]]] = [
    ("career-changer.txt", ["report", "career-changer.toml"]),
    ("career-changer.md", ["report", "career-changer.toml"]),
    ("career-changer.html", ["report", "career-changer.toml"]),
    ("career-changer.json", ["report", "career-changer.toml"]),
    ("career-changer.csv", ["report", "career-changer.toml"]),
    ("cc-transfer.md", ["report", "cc-transfer.toml"]),
    ("working-professional.md", ["report", "working-professional.toml"]),
    ("career-changer-compare-bachelor.txt", BACHELOR),
    ("career-changer-compare-bachelor.md", BACHELOR),
    ("career-changer-compare-bachelor.html", BACHELOR),
]


def printed(name: str, args: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    """What `credstack COMMAND LEARNER ... --format FMT` prints for the golden file `name`."""
    command, learner, *rest = args
    fmt = FORMATS[name.rsplit(".", 1)[1]]
    argv = [command, str(LEARNERS / learner), *rest, "--format", fmt]
    assert main([*argv, "--catalogs", str(CATALOGS), "--no-cache"]) == 0
    return capsys.readouterr().out


def difference(expected: str, actual: str, name: str) -> str:
    lines = difflib.unified_diff(
        expected.splitlines(keepends=True),
        actual.splitlines(keepends=True),
        f"examples/reports/{name}",
        "printed now",
    )
    shown = list(lines)
    more = f"\n... and {len(shown) - 60} more diff lines" if len(shown) > 60 else ""
    return "".join(shown[:60]) + more


@pytest.mark.parametrize(("name", "args"), GOLDEN, ids=[name for name, _ in GOLDEN])
def test_report_matches_its_golden_file(
    name: str, args: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    actual = printed(name, args, capsys)
    path = REPORTS / name
    if REGENERATE:
        path.write_bytes(actual.encode("utf-8"))
    if not path.exists():
        pytest.fail(f"examples/reports/{name} is missing;\n{HOW_TO_REGENERATE}", pytrace=False)
    expected = path.read_bytes().decode("utf-8")
    if actual != expected:
        pytest.fail(
            f"{name} differs from what credstack prints now:\n"
            f"{difference(expected, actual, name)}\n{HOW_TO_REGENERATE}",
            pytrace=False,
        )


def test_every_format_and_every_example_file_is_checked() -> None:
    names = [name for name, _ in GOLDEN]
    assert {FORMATS[name.rsplit(".", 1)[1]] for name in names} == set(FORMATS.values())
    assert sorted(p.name for p in REPORTS.iterdir()) == sorted(names)
