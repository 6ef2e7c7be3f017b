"""Start-up: commands that never solve or walk a graph do not import the solver or networkx.

Each command runs in a fresh interpreter (a subprocess), which then reports the modules
it imported; importing highspy, numpy or networkx costs 0.1-0.3 s a process.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src"
HEAVY = ("highspy", "numpy", "networkx", "scipy")

PROBE = """
import contextlib, io, json, sys
from credstack.cli import main
out = io.StringIO()
with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
    try:
        code = main(sys.argv[1:])
    except SystemExit as stop:  # --help exits
        code = stop.code
loaded = sorted({name.split(".")[0] for name in sys.modules})
print(json.dumps({"code": code, "out": out.getvalue()[:200], "modules": loaded}))
"""


def imported_by(*argv: str, cache_home: Path) -> dict[str, object]:
    env = {**os.environ, "PYTHONPATH": str(SRC), "XDG_CACHE_HOME": str(cache_home)}
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *argv],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=True,
    )
    result: dict[str, object] = json.loads(done.stdout.splitlines()[-1])
    return result


@pytest.mark.parametrize("argv", [["--help"], ["report", "--help"], ["batch", "--help"]])
def test_help_imports_no_solver_and_no_graph_library(argv: list[str], tmp_path: Path) -> None:
    found = imported_by(*argv, cache_home=tmp_path)
    assert found["code"] == 0
    assert "credstack" in str(found["out"])
    assert not set(HEAVY) & set(found["modules"])  # type: ignore[arg-type]


def test_lint_imports_no_solver(tmp_path: Path) -> None:
    for _ in range(2):  # a cold load (fills the cache), then a warm one
        found = imported_by("lint", cache_home=tmp_path)
        assert found["code"] == 0
        assert not {"highspy", "numpy", "scipy"} & set(found["modules"])  # type: ignore[arg-type]


def test_a_json_report_imports_no_graph_library_and_no_rich(tmp_path: Path) -> None:
    learner = Path(__file__).resolve().parents[2] / "examples/learners/cc-transfer.toml"
    found = imported_by("report", str(learner), "--format", "json", cache_home=tmp_path)
    assert found["code"] == 0
    modules = set(found["modules"])  # type: ignore[arg-type]
    assert "highspy" in modules  # it did solve: the probe sees what a real run imports
    assert not {"networkx", "rich", "scipy"} & modules
