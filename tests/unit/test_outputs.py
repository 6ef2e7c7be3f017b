"""Outputs never destroy inputs; `-` is stdin for a learner and stdout for --output; new
output files get the mode any new file gets (0666 less the umask)."""

from __future__ import annotations

import io
import json
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from credstack.cli import main
from tests.helpers import LEARNER_TOML, line_no

REFUSAL = "--output must not be one of the inputs"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def umask_022() -> Iterator[None]:
    old = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(old)


def contents(folder: Path) -> dict[str, bytes]:
    return {str(p): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


# -- an output that is an input is refused -----------------------------------------------


@pytest.mark.parametrize("command", ["report", "compare"])
@pytest.mark.parametrize("how", ["same path", "other spelling", "symlink", "hard link"])
def test_output_onto_the_learner_file_is_refused(
    command: str,
    how: str,
    tmp_path: Path,
    region_dir: Path,
    learner_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    output = {
        "same path": learner_path,
        "other spelling": learner_path.parent / ".." / learner_path.parent.name / "learner.toml",
        "symlink": tmp_path / "link.toml",
        "hard link": tmp_path / "hard.toml",
    }[how]
    if how == "symlink":
        output.symlink_to(learner_path)
    if how == "hard link":
        os.link(learner_path, output)
    before = contents(tmp_path)
    argv = [command, str(learner_path), "--catalogs", str(region_dir), "--no-cache"]
    code, out, err = run(capsys, *argv, "--output", str(output))
    assert code == 2
    assert out == ""
    lines = err.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"{output}:1: refusing to write over the learner file")
    assert REFUSAL in lines[0]
    assert contents(tmp_path) == before


@pytest.mark.parametrize("command", ["report", "compare"])
def test_output_onto_a_catalogue_file_is_refused(
    command: str,
    tmp_path: Path,
    region_dir: Path,
    learner_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    before = contents(tmp_path)
    output = region_dir / "uni.toml"
    argv = [command, str(learner_path), "--catalogs", str(region_dir), "--no-cache"]
    code, _, err = run(capsys, *argv, "--output", str(output))
    assert code == 2
    assert (
        err == f"{output}:1: refusing to write over a catalogue file: {REFUSAL}; choose "
        "another file\n"
    )
    assert contents(tmp_path) == before


@pytest.mark.parametrize("target", ["learner", "catalogue"])
def test_batch_output_onto_an_input_is_refused(
    target: str,
    tmp_path: Path,
    region_dir: Path,
    learner_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    second = learner_path.parent / "sub" / "second.toml"
    second.parent.mkdir()
    second.write_text(LEARNER_TOML, encoding="utf-8")
    output = second if target == "learner" else region_dir / "prov.toml"
    before = contents(tmp_path)
    argv = ["batch", str(learner_path.parent), "--catalogs", str(region_dir), "--no-cache"]
    code, out, err = run(capsys, *argv, "--jobs", "1", "--output", str(output))
    assert code == 2
    what = "a learner file of the batch" if target == "learner" else "a catalogue file"
    assert err.splitlines() == [
        f"{output}:1: refusing to write over {what}: {REFUSAL}; choose another file"
    ]
    assert contents(tmp_path) == before


def test_an_output_beside_the_inputs_is_written(
    tmp_path: Path, region_dir: Path, learner_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    output = learner_path.parent / "report.txt"
    argv = ["report", str(learner_path), "--catalogs", str(region_dir), "--no-cache"]
    code, _, err = run(capsys, *argv, "--output", str(output))
    assert code == 0, err
    assert "Test Learner" in output.read_text("utf-8")
    assert learner_path.read_text("utf-8") == LEARNER_TOML


# -- modes -------------------------------------------------------------------------------


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.parametrize(
    "argv",
    [
        ["report", "{learner}"],
        ["report", "{learner}", "--format", "json"],
        ["compare", "{learner}", "--format", "csv"],
        ["batch", "{folder}", "--jobs", "1"],
        ["batch", "{folder}", "--jobs", "1", "--format", "csv"],
    ],
    ids=["report", "report-json", "compare-csv", "batch", "batch-csv"],
)
def test_new_outputs_get_0644_under_umask_022(
    argv: list[str],
    tmp_path: Path,
    region_dir: Path,
    learner_path: Path,
    umask_022: None,
    capsys: pytest.CaptureFixture[str],
) -> None:
    output = tmp_path / "out" / "result"
    output.parent.mkdir()
    filled = [a.format(learner=learner_path, folder=learner_path.parent) for a in argv]
    code, _, err = run(
        capsys, *filled, "--catalogs", str(region_dir), "--no-cache", "--output", str(output)
    )
    assert code == 0, err
    assert mode(output) == 0o644
    assert sorted(p.name for p in output.parent.iterdir()) == ["result"]  # no temp file left


def test_new_outputs_honour_a_stricter_umask(
    tmp_path: Path, region_dir: Path, learner_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old = os.umask(0o077)
    try:
        output = tmp_path / "private.txt"
        argv = ["report", str(learner_path), "--catalogs", str(region_dir), "--no-cache"]
        assert run(capsys, *argv, "--output", str(output))[0] == 0
    finally:
        os.umask(old)
    assert mode(output) == 0o600


def test_an_existing_output_keeps_its_mode(
    tmp_path: Path, region_dir: Path, learner_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    output = tmp_path / "shared.txt"
    output.write_text("old\n")
    output.chmod(0o664)
    argv = ["report", str(learner_path), "--catalogs", str(region_dir), "--no-cache"]
    assert run(capsys, *argv, "--output", str(output))[0] == 0
    assert mode(output) == 0o664
    assert "Test Learner" in output.read_text("utf-8")


def test_learner_saves_keep_their_own_mode(
    tmp_path: Path, learner_path: Path, region_dir: Path
) -> None:
    """Only outputs changed: a learner file saved by the session keeps its mode."""
    from credstack.session import Session

    learner_path.chmod(0o600)
    session = Session.open(region_dir)
    session.open_learner(learner_path)
    session.save()
    assert mode(learner_path) == 0o600


# -- `-`: stdin and stdout ---------------------------------------------------------------


class Stdin(io.TextIOWrapper):
    def __init__(self, text: str) -> None:
        super().__init__(io.BytesIO(text.encode("utf-8")), encoding="utf-8")


@pytest.mark.parametrize("command", ["report", "compare", "verify"])
def test_dash_reads_the_learner_from_stdin(
    command: str,
    region_dir: Path,
    learner_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    argv = [command, "-", "--catalogs", str(region_dir), "--no-cache", "--format", "json"]
    monkeypatch.setattr("sys.stdin", Stdin(LEARNER_TOML))
    code, from_stdin, err = run(capsys, *argv)
    assert code == 0, err
    argv[1] = str(learner_path)
    code, from_file, _ = run(capsys, *argv)
    assert code == 0
    assert json.loads(from_stdin) == json.loads(from_file)


def test_problems_in_a_learner_from_stdin_are_located_at_stdin(
    region_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    text = LEARNER_TOML.replace('goals = ["uni:cert"]', 'goals = ["uni:cret"]')
    monkeypatch.setattr("sys.stdin", Stdin(text))
    code, out, err = run(capsys, "report", "-", "--catalogs", str(region_dir), "--no-cache")
    assert code == 2 and out == ""
    line = line_no(text, "goals = ")
    assert err.startswith(f"<stdin>:{line}: goal 'uni:cret' is not a loaded program")


def test_dash_as_output_writes_to_stdout(
    tmp_path: Path,
    region_dir: Path,
    learner_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.chdir(tmp_path)  # where a file named '-' would appear
    argv = ["report", str(learner_path), "--catalogs", str(region_dir), "--no-cache"]
    code, out, err = run(capsys, *argv, "--format", "json", "--output", "-")
    assert code == 0, err
    assert json.loads(out)["learner"] == "Test Learner"
    assert not (tmp_path / "-").exists()


def test_batch_dash_output_writes_to_stdout(
    tmp_path: Path,
    region_dir: Path,
    learner_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.chdir(tmp_path)
    argv = ["batch", str(learner_path.parent), "--catalogs", str(region_dir), "--no-cache"]
    code, out, err = run(capsys, *argv, "--jobs", "1", "--output", "-")
    assert code == 0, err
    records = [json.loads(line) for line in out.splitlines()]
    assert [r["learner"] for r in records] == ["Test Learner"]
    assert "wrote stdout" in err
    assert not (tmp_path / "-").exists()


def test_stdin_and_stdout_together(
    tmp_path: Path,
    region_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("sys.stdin", Stdin(LEARNER_TOML))
    argv = ["report", "-", "--catalogs", str(region_dir), "--no-cache", "--output", "-"]
    code, out, err = run(capsys, *argv)
    assert code == 0, err
    assert "Test Learner" in out
    assert not (tmp_path / "-").exists()


def test_import_refuses_a_learner_from_stdin(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    badge = tmp_path / "badge.json"
    badge.write_text("{}")
    code, _, err = run(capsys, "import", str(badge), "--learner", "-")
    assert code == 2
    assert err.startswith("-:1: import adds to a learner file")


def test_a_fifo_output_is_written_to_not_replaced(
    tmp_path: Path, region_dir: Path, learner_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Like /dev/null or /dev/stdout: a rename over it would replace the node itself."""
    import threading

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    argv = ["report", str(learner_path), "--catalogs", str(region_dir), "--no-cache"]
    code, _, err = run(capsys, *argv, "--format", "json", "--output", str(fifo))
    reader.join(timeout=30)
    assert code == 0, err
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    assert json.loads(received[0])["learner"] == "Test Learner"
