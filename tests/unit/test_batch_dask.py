"""`credstack batch --scheduler`: the same output on a real Dask cluster as a local run.

A scheduler and two workers are started here, on loopback and free ports, as separate
processes (`python -m dask scheduler|worker`), and torn down after the module.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from distributed import Client

from credstack.cli import main
from tests.helpers import LEARNER_TOML, PROJECT, replace_once

SRC = Path(__file__).resolve().parents[2] / "src"
BAD_GOAL = replace_once(LEARNER_TOML, 'goals = ["uni:cert"]', 'goals = ["uni:certificate"]')


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.fixture(scope="module")
def scheduler(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The address of a running scheduler with two single-threaded workers."""
    logs = tmp_path_factory.mktemp("dask")
    address = f"tcp://127.0.0.1:{free_port()}"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(SRC), str(PROJECT)])}
    dask = [sys.executable, "-m", "dask"]
    commands = [
        [*dask, "scheduler", "--host", "127.0.0.1", "--port", address.rsplit(":", 1)[1]]
        + ["--no-dashboard", "--no-show"],
        *(
            [*dask, "worker", address, "--nthreads", "1", "--nworkers", "1"]
            + ["--host", "127.0.0.1", "--no-dashboard", "--name", f"w{n}"]
            + ["--local-directory", str(logs / f"w{n}")]
            for n in (1, 2)
        ),
    ]
    processes: list[subprocess.Popen[bytes]] = []
    try:
        for number, command in enumerate(commands):
            log = (logs / f"{number}.log").open("wb")
            processes.append(
                subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=env)
            )
            if number == 0:
                time.sleep(1.0)  # let the scheduler bind before the workers dial it
        with Client(address, timeout="60s") as client:
            client.wait_for_workers(2, timeout=120)
        yield address
    finally:
        for process in reversed(processes):
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


@pytest.fixture
def learners(tmp_path: Path) -> Path:
    """The shipped example learners, two test learners and one with an unknown goal."""
    folder = tmp_path / "learners"
    folder.mkdir()
    for example in sorted((PROJECT / "examples/learners").glob("*.toml")):
        (folder / example.name).write_bytes(example.read_bytes())
    return folder


def batch(folder: Path, output: Path, *extra: str, catalogs: Path | None = None) -> int:
    where = ["--catalogs", str(catalogs)] if catalogs else []
    return main(["batch", str(folder), *where, "--output", str(output), "--no-cache", *extra])


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_a_cluster_writes_what_a_local_run_writes(
    scheduler: str,
    learners: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    fmt: str,
) -> None:
    local, remote = tmp_path / f"local.{fmt}", tmp_path / f"cluster.{fmt}"
    assert batch(learners, local, "--jobs", "1", "--format", fmt) == 0
    assert batch(learners, remote, "--scheduler", scheduler, "--format", fmt) == 0
    assert remote.read_bytes() == local.read_bytes()
    summary = capsys.readouterr().err.splitlines()[-1]
    assert "3 learners ok, 0 failed" in summary
    assert f"with 2 Dask workers at {scheduler}" in summary


def test_a_bad_learner_on_the_cluster_is_one_error_record(
    scheduler: str,
    region_dir: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    folder = tmp_path / "people"
    folder.mkdir()
    for number in range(40):  # several chunks, so several tasks on both workers
        name = LEARNER_TOML.replace("Test Learner", f"Learner {number:02d}")
        (folder / f"l{number:02d}.toml").write_text(name, "utf-8")
    (folder / "l17-bad.toml").write_text(BAD_GOAL, "utf-8")
    local, remote = tmp_path / "local.jsonl", tmp_path / "cluster.jsonl"
    assert batch(folder, local, "--jobs", "2", catalogs=region_dir) == 1
    local_err = capsys.readouterr().err.splitlines()
    assert batch(folder, remote, "--scheduler", scheduler, catalogs=region_dir) == 1
    remote_err = capsys.readouterr().err.splitlines()
    assert remote.read_bytes() == local.read_bytes()
    assert remote_err[:-1] == local_err[:-1]  # the same error lines, in the same order
    assert len(remote_err) == 2  # the unknown goal, then the summary
    assert "40 learners ok, 1 failed" in remote_err[-1]
    records = remote.read_text("utf-8").splitlines()
    assert len(records) == 41
    assert sum('"error"' in record for record in records) == 1


def test_an_unreachable_scheduler_is_bad_input(
    learners: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    output = tmp_path / "out.jsonl"
    address = f"tcp://127.0.0.1:{free_port()}"  # nothing listens there
    assert batch(learners, output, "--scheduler", address) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"--scheduler:1: cannot reach the Dask scheduler '{address}'")
    assert not output.exists()
