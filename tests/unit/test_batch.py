"""`credstack batch`: every learner file reported, bad ones located, outputs that parse."""

from __future__ import annotations

import csv
import importlib.util
import io
import json
import sys
from pathlib import Path

import pytest

from credstack.cli import main
from credstack.report.csv_report import columns
from tests.helpers import LEARNER_TOML, PROJECT, UNI_TOML, line_no, replace_once, write_region

BAD_GOAL = replace_once(LEARNER_TOML, 'goals = ["uni:cert"]', 'goals = ["uni:certificate"]')
BROKEN = 'format = 1\n[learner]\nname = "Broken"\ngoals = ["uni:cert"\n'


@pytest.fixture
def learners(tmp_path: Path) -> Path:
    """Three good learner files and one with an unknown goal (sorted: a, b, c-bad, d)."""
    folder = tmp_path / "learners"
    folder.mkdir()
    for name, text in (
        ("a.toml", LEARNER_TOML),
        ("b.toml", LEARNER_TOML.replace("Test Learner", "Second Learner")),
        ("c-bad.toml", BAD_GOAL),
        ("d.toml", LEARNER_TOML.replace("Test Learner", "Fourth Learner")),
    ):
        (folder / name).write_text(text, "utf-8")
    (folder / ".hidden.toml").write_text("not even toml [", "utf-8")  # skipped
    return folder


def run(folder: Path, region: Path, output: Path, *extra: str) -> int:
    return main(["batch", str(folder), "--catalogs", str(region), "--output", str(output), *extra])


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_bad_learner_file_is_reported_and_the_others_still_are(
    learners: Path,
    region_dir: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    jobs: str,
) -> None:
    output = tmp_path / "out.jsonl"
    code = run(learners, region_dir, output, "--jobs", jobs)
    err = capsys.readouterr().err
    assert code == 1
    bad = learners / "c-bad.toml"
    line = line_no(BAD_GOAL, "goals = ")
    error_lines = [e for e in err.splitlines() if not e.startswith("batch:")]
    assert error_lines == [
        f"{bad}:{line}: goal 'uni:certificate' is not a loaded program (did you mean 'uni:cert'?)"
    ]
    summary = err.splitlines()[-1]
    assert summary.startswith("batch: 3 learners ok, 1 failed; 3 programs evaluated in ")
    assert "learners/s" in summary and f"wrote {output}" in summary
    records = [json.loads(text) for text in output.read_text("utf-8").splitlines()]
    assert [Path(r["learner_file"]).name for r in records] == [
        "a.toml",
        "b.toml",
        "c-bad.toml",
        "d.toml",
    ]
    assert records[2]["error"] == error_lines[0]
    assert records[2]["problems"] == error_lines
    good = [r for r in records if "error" not in r]
    assert [r["learner"] for r in good] == ["Test Learner", "Second Learner", "Fourth Learner"]
    assert all(r["results"][0]["program"] == "uni:cert" for r in good)


def test_jsonl_records_are_the_report_json(
    learners: Path, region_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    output = tmp_path / "out.jsonl"
    run(learners, region_dir, output, "--jobs", "2")
    first = json.loads(output.read_text("utf-8").splitlines()[0])
    capsys.readouterr()
    assert (
        main(
            ["report", str(learners / "a.toml"), "--catalogs", str(region_dir), "--format", "json"]
        )
        == 0
    )
    report = json.loads(capsys.readouterr().out)
    assert first.pop("learner_file") == str(learners / "a.toml")
    # batch audits and plans but does not advise: the advice sections are report-only
    for key in ("format", "learner", "as_of", "results"):
        assert first[key] == report[key]


def test_csv_rows_follow_the_csv_report_with_a_learner_file_column(
    learners: Path, region_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    output = tmp_path / "out.csv"
    assert run(learners, region_dir, output, "--format", "csv", "--jobs", "2") == 1
    rows = list(csv.reader(io.StringIO(output.read_text("utf-8"), newline="")))
    header, body = rows[0], rows[1:]
    assert header == ["learner_file", *columns(), "error"]
    assert len(body) == 4 and all(len(r) == len(header) for r in body)
    by_name = {Path(r[0]).name: dict(zip(header, r, strict=True)) for r in body}
    assert by_name["a.toml"]["program"] == "uni:cert"
    assert by_name["a.toml"]["learner"] == "Test Learner"
    assert by_name["a.toml"]["error"] == ""
    assert by_name["c-bad.toml"]["program"] == ""
    assert "is not a loaded program" in by_name["c-bad.toml"]["error"]
    capsys.readouterr()
    assert (
        main(["report", str(learners / "a.toml"), "--catalogs", str(region_dir), "--format", "csv"])
        == 0
    )
    single = list(csv.reader(io.StringIO(capsys.readouterr().out, newline="")))
    assert body[0][1:-1] == single[1]


def test_unreadable_learner_files_and_no_goals(
    tmp_path: Path, region_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "learners"
    folder.mkdir()
    (folder / "broken.toml").write_text(BROKEN, "utf-8")
    no_goals = LEARNER_TOML.replace('goals = ["uni:cert"]', "goals = []")
    (folder / "no-goals.toml").write_text(no_goals, "utf-8")
    (folder / "nested").mkdir()
    (folder / "nested" / "ok.toml").write_text(LEARNER_TOML, "utf-8")
    output = tmp_path / "out.jsonl"
    assert run(folder, region_dir, output, "--jobs", "2") == 1
    err = capsys.readouterr().err.splitlines()
    assert err[0].startswith(f"{folder / 'broken.toml'}:")
    assert "TOML syntax" in err[0]
    assert err[1] == (
        f"{folder / 'no-goals.toml'}:{line_no(no_goals, 'goals')}: "
        "the learner has no goals: add goals = [...]"
    )
    assert err[2].startswith("batch: 1 learner ok, 2 failed; 1 program evaluated")
    records = [json.loads(t) for t in output.read_text("utf-8").splitlines()]
    assert [("error" in r) for r in records] == [True, False, True]


def test_all_good_exits_zero(
    learners: Path, region_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (learners / "c-bad.toml").unlink()
    output = tmp_path / "out.jsonl"
    assert run(learners, region_dir, output) == 0
    assert len(output.read_text("utf-8").splitlines()) == 3
    assert capsys.readouterr().err.startswith("batch: 3 learners ok, 0 failed")


def test_bad_catalogues_exit_2_and_write_nothing(
    learners: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = replace_once(UNI_TOML, 'requires = "CS101"', 'requires = "CS999"')
    region = write_region(tmp_path / "bad-region", {"uni.toml": broken})
    output = tmp_path / "out.jsonl"
    output.write_text("the previous output\n", "utf-8")
    assert run(learners, region, output) == 2
    err = capsys.readouterr().err
    assert f"{region / 'uni.toml'}:{line_no(broken, 'CS999')}:" in err
    assert output.read_text("utf-8") == "the previous output\n"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        ("missing-folder", "no such folder of learner files"),
        ("empty-folder", "no *.toml learner files found"),
        ("output-folder-missing", "does not exist"),
        ("output-is-folder", "--output is a directory"),
        ("zero-jobs", "need at least 1 worker"),
    ],
)
def test_bad_input_exits_2(
    tmp_path: Path,
    region_dir: Path,
    learners: Path,
    capsys: pytest.CaptureFixture[str],
    setup: str,
    message: str,
) -> None:
    folder, output, extra = learners, tmp_path / "out.jsonl", []
    if setup == "missing-folder":
        folder = tmp_path / "nope"
    elif setup == "empty-folder":
        folder = tmp_path / "empty"
        folder.mkdir()
    elif setup == "output-folder-missing":
        output = tmp_path / "no" / "out.jsonl"
    elif setup == "output-is-folder":
        output = tmp_path
    else:
        extra = ["--jobs", "0"]
    assert run(folder, region_dir, output, *extra) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and message in err[0] and ":1: " in err[0]
    assert not (tmp_path / "out.jsonl").exists()


def test_output_option_is_required(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["batch", str(tmp_path)]) == 2
    assert "--output" in capsys.readouterr().err


def test_a_generated_region_batch_with_the_cache(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    name = "credstack_benchmarks_generate"
    generator = sys.modules.get(name)
    if generator is None:
        spec = importlib.util.spec_from_file_location(name, PROJECT / "benchmarks" / "generate.py")
        assert spec is not None and spec.loader is not None
        generator = importlib.util.module_from_spec(spec)
        sys.modules[name] = generator  # dataclasses look their module up there
        spec.loader.exec_module(generator)
    catalogs, people = generator.write(
        tmp_path / "gen", seed=2, institutions=3, courses=60, programs=4, rules=30, learners=6
    )
    output = tmp_path / "gen.jsonl"
    args = ["batch", str(people), "--catalogs", str(catalogs), "--output", str(output)]
    assert main([*args, "--jobs", "2"]) == 0
    first = output.read_text("utf-8")
    assert main([*args, "--jobs", "2", "--no-cache"]) == 0
    assert output.read_text("utf-8") == first
    records = [json.loads(t) for t in first.splitlines()]
    assert len(records) == 6 and all(len(r["results"]) == 3 for r in records)
    assert "6 learners ok, 0 failed; 18 programs evaluated" in capsys.readouterr().err
