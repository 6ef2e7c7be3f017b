"""`credstack batch --scheduler` on a local Dask cluster of 1 and 2 workers, against the local pool.

    python benchmarks/dask_batch.py --catalogs /tmp/region/catalogs \\
        --learners /tmp/region/learners --count 500 --workers 1 2

Starts `dask scheduler` and N single-threaded `dask worker` processes on loopback (free
ports, torn down after), runs the batch on the first COUNT learner files through each
cluster and through the local pool (`--jobs N`), and prints wall time, learners/s and
CPU time: of the whole process tree for the local pool; of the client (reading files,
writing output) and of the workers (`--no-nanny`: one process each, read from /proc)
for Dask. The outputs are compared byte for byte.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent / "src"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def cluster(workers: int, folder: Path) -> tuple[str, list[subprocess.Popen[bytes]]]:
    from distributed import Client

    address = f"tcp://127.0.0.1:{free_port()}"
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    dask = [sys.executable, "-m", "dask"]
    port = address.rsplit(":", 1)[1]
    log = (folder / "scheduler.log").open("wb")
    processes = [
        subprocess.Popen(
            [*dask, "scheduler", "--host", "127.0.0.1", "--port", port, "--no-dashboard"],
            stdout=log,
            stderr=subprocess.STDOUT,
            env=env,
        )
    ]
    time.sleep(1.0)
    for number in range(workers):
        log = (folder / f"worker{number}.log").open("wb")
        processes.append(
            subprocess.Popen(
                [*dask, "worker", address, "--nthreads", "1", "--host", "127.0.0.1"]
                + ["--no-nanny", "--no-dashboard"]
                + ["--local-directory", str(folder / f"w{number}")],
                stdout=log,
                stderr=subprocess.STDOUT,
                env=env,
            )
        )
    with Client(address, timeout="60s") as client:
        client.wait_for_workers(workers, timeout=120)
    return address, processes


def stop(processes: list[subprocess.Popen[bytes]]) -> None:
    for process in reversed(processes):
        process.terminate()
    for process in processes:
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()


def cpu_of(processes: list[subprocess.Popen[bytes]]) -> float:
    """User + system CPU seconds of running processes, from /proc/PID/stat."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for process in processes:
        with open(f"/proc/{process.pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        total += (int(fields[11]) + int(fields[12])) / ticks
    return total


def batch(argv: list[str]) -> tuple[float, float, str]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "credstack", "batch", *argv],
        env={**os.environ, "PYTHONPATH": str(SRC)},
        capture_output=True,
        text=True,
        check=False,
    )
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, done.stderr.strip().splitlines()[-1]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--catalogs", type=Path, required=True)
    parser.add_argument("--learners", type=Path, required=True)
    parser.add_argument("--count", type=int, default=500)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="credstack-dask-") as temp:
        folder = Path(temp)
        people = folder / "learners"
        people.mkdir()
        for path in sorted(args.learners.glob("*.toml"))[: args.count]:
            shutil.copyfile(path, people / path.name)
        os.environ["XDG_CACHE_HOME"] = str(folder / "cache")
        common = [str(people), "--catalogs", str(args.catalogs)]
        batch([*common, "--jobs", "1", "--output", str(folder / "warm.jsonl")])  # fill the cache
        print("| run | wall | learners/s | CPU of the batch process tree |")
        print("|---|---:|---:|---:|")
        for workers in args.workers:
            local = folder / f"local{workers}.jsonl"
            wall, cpu, summary = batch([*common, "--jobs", str(workers), "--output", str(local)])
            print(
                f"| local pool, {workers} | {wall:.1f} s | {args.count / wall:.1f} | {cpu:.1f} s |"
            )
            address, processes = cluster(workers, folder)
            try:
                remote = folder / f"dask{workers}.jsonl"
                before = cpu_of(processes[1:])
                wall, cpu, summary = batch(
                    [*common, "--scheduler", address, "--output", str(remote)]
                )
                on_workers = cpu_of(processes[1:]) - before
            finally:
                stop(processes)
            same = "identical" if remote.read_bytes() == local.read_bytes() else "DIFFERENT"
            print(
                f"| Dask, {workers} worker(s) | {wall:.1f} s | {args.count / wall:.1f} | "
                f"{cpu:.1f} s client + {on_workers:.1f} s workers | output {same} |"
            )
            print(f"<!-- {summary} -->")
    print(f"\nload average {os.getloadavg()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
