"""stdout is the document: every command with a JSON output, run as a real process on every
scenario-like case, writes exactly one JSON document to stdout and nothing to stderr.

Scripts parse stdout (docs/report-json.md). Regression `highs-stdout`: the solver printed a
debug line before the document. Each case runs in its own process (hash seeds, solver
state and C stdio buffers are per process, so only a real process shows what reaches the
descriptors), and stdout is parsed whole with json.loads: no line is skipped.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from credstack.store.shipped import shipped_catalogues
from tests.helpers import PROJECT, SCENARIOS

REGRESSIONS = PROJECT / "tests" / "data" / "regressions"
EXAMPLES = PROJECT / "examples" / "learners"


def _cases() -> list[tuple[str, Path, Path]]:
    """(name, learner file, catalogue folder) of every scenario-like case."""
    cases = [
        (f"regression-{d.name}", d / "learner.toml", d / "catalogs")
        for d in sorted(REGRESSIONS.iterdir())
        if (d / "learner.toml").exists()
    ]
    cases += [
        (f"scenario-{d.name}", d / "learner.toml", d / "catalogs")
        for d in sorted(SCENARIOS.iterdir())
        if (d / "learner.toml").exists()
    ]
    cases += [
        (f"example-{path.stem}", path, Path(shipped_catalogues()))
        for path in sorted(EXAMPLES.glob("*.toml"))
    ]
    return cases


CASES = _cases()
# The solver runs in report (with the next best credentials' re-audits) and compare; verify
# solves nothing, so it runs on the cases with evidence and on the regression.
VERIFY_CASES = [c for c in CASES if c[0].startswith("example-")]
VERIFY_CASES += [c for c in CASES if c[0] == "regression-highs-stdout"]
# route re-audits the learner's first goal once per route evaluated: the route scenarios,
# the solver regression and the 2+2 example learner.
ROUTE_CASES = [
    c
    for c in CASES
    if c[0].startswith("scenario-route-")
    or c[0] in ("regression-highs-stdout", "example-cc-transfer")
]
COMMANDS = {
    "report": ["--format", "json", "--no-cache"],
    "compare": ["--format", "json", "--no-cache"],
    "verify": ["--format", "json", "--no-cache"],
    "route": ["--format", "json", "--no-cache"],
}
RUNS = [
    *(("report", *case) for case in CASES),
    *(("compare", *case) for case in CASES),
    *(("verify", *case) for case in VERIFY_CASES),
    *(("route", *case) for case in ROUTE_CASES),
]


def run(*args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        [str(PROJECT / "src"), *filter(None, [env.get("PYTHONPATH")])]
    )
    return subprocess.run(
        [sys.executable, "-m", "credstack", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )


def test_every_json_command_is_covered() -> None:
    """A new command (or a new --format json) must be added to COMMANDS above."""
    from credstack.cli import build_parser

    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    with_json = {
        name
        for name, command in sub.choices.items()  # type: ignore[union-attr]
        for action in command._actions
        if action.dest == "format" and "json" in (action.choices or ())
    }
    assert with_json == set(COMMANDS) | set(WITHOUT_A_LEARNER)


# Commands with --format json that take no learner file, and the test that runs each as a
# real process and parses its stdout whole.
WITHOUT_A_LEARNER = {
    "agreement": "test_agreement.py::test_agreement_json_is_the_whole_stdout_of_a_real_process",
}


def test_the_cases_include_every_regression() -> None:
    assert len([c for c in CASES if c[0].startswith("regression-")]) >= 9
    assert any(name == "regression-highs-stdout" for name, _, _ in CASES)


@pytest.mark.parametrize(
    ("command", "name", "learner", "catalogs"), RUNS, ids=[f"{r[0]}-{r[1]}" for r in RUNS]
)
def test_stdout_is_exactly_one_json_document(
    command: str, name: str, learner: Path, catalogs: Path
) -> None:
    extra: list[str] = []
    if command == "route":  # the learner's first goal
        import tomllib

        goals = tomllib.loads(learner.read_text(encoding="utf-8"))["learner"]["goals"]
        extra = ["--goal", goals[0]]
    done = run(command, str(learner), "--catalogs", str(catalogs), *COMMANDS[command], *extra)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    parse(done.stdout)


def test_compare_of_every_bachelor_program_is_one_json_document() -> None:
    """Many programs in one process, on the shipped region: many solves, one document."""
    learner = EXAMPLES / "cc-transfer.toml"
    done = run("compare", str(learner), "--award", "bachelor", *COMMANDS["compare"])
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    assert len(parse(done.stdout)["results"]) > 1


def parse(stdout: str) -> dict:
    try:
        document = json.loads(stdout)
    except json.JSONDecodeError as error:
        pytest.fail(f"stdout is not one JSON document ({error}); it starts {stdout[:200]!r}")
    assert isinstance(document, dict)
    return document


def test_batch_writes_only_json_lines_and_no_solver_text(tmp_path: Path) -> None:
    """`batch` writes JSON Lines to --output (not stdout): every line parses, and what it
    prints is its own summary, never solver text."""
    folder = tmp_path / "learners"
    folder.mkdir()
    case = REGRESSIONS / "highs-stdout"
    (folder / "learner.toml").write_bytes((case / "learner.toml").read_bytes())
    output = tmp_path / "out.jsonl"
    done = run(
        "batch",
        str(folder),
        "--catalogs",
        str(case / "catalogs"),
        "--jobs",
        "1",
        "--output",
        str(output),
        "--no-cache",
    )
    assert done.returncode == 0, done.stderr
    lines = output.read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["learner"] for line in lines] == ["Learner 370"]
    assert done.stdout == ""
    assert all(line.startswith("batch: ") for line in done.stderr.splitlines()), done.stderr
