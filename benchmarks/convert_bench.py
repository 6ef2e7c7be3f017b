"""How long `credstack convert curricular-analytics` takes on the largest published set.

The largest curriculum file in ../shared/realdata is UC San Diego's merged course graph
(`ucsd-curricularanalyticsdiff/files/condensed.csv`: 1,841 courses, 717 KB). Timed:
reading and mapping it (the converter), the read-back check (model, loader checks, lint)
and TOML, the whole command in-process, and a whole `python -m credstack convert`
process; and the same for one 8-term degree plan. Prints medians and p95.

    python benchmarks/convert_bench.py [--repeat 5] [FILE ...]
"""

from __future__ import annotations

import argparse
import contextlib
import io
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from credstack.cli import main as credstack
from credstack.commands.convert import checked_toml
from credstack.convert.curricular_analytics import convert_curricular_analytics

SHARED = Path("/work/shared")
DEFAULT = [
    SHARED / "realdata" / "ucsd-curricularanalyticsdiff" / "files" / "condensed.csv",
    SHARED / "curricula" / "Tier1-Stanford_University.csv",
]


def timed(action: Callable[[], object], repeat: int) -> list[float]:
    action()  # warm imports and caches
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        samples.append(time.perf_counter() - start)
    return samples


def percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def quiet(argv: list[str]) -> None:
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        code = credstack(argv)
    if code != 0:
        raise SystemExit(f"credstack {' '.join(argv)}: exit {code}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path, default=DEFAULT)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    rows: list[tuple[str, str, list[float]]] = []
    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp) / "out.toml"
        for path in args.files:
            conversion = convert_curricular_analytics([path], None)
            size = f"{path.name} ({len(conversion.catalogue['course'])} courses)"
            rows.append(
                (
                    size,
                    "convert (read + map)",
                    timed(lambda p=path: convert_curricular_analytics([p], None), args.repeat),
                )
            )
            rows.append(
                (
                    size,
                    "read-back check + TOML",
                    timed(lambda c=conversion: checked_toml(c, "out.toml"), args.repeat),
                )
            )
            argv = ["convert", "curricular-analytics", str(path), "-o", str(target)]
            rows.append(
                (size, "whole command, in-process", timed(lambda a=argv: quiet(a), args.repeat))
            )
            command = [sys.executable, "-m", "credstack", *argv]
            rows.append(
                (
                    size,
                    "whole `python -m credstack convert` process",
                    timed(
                        lambda c=command: subprocess.run(c, check=True, capture_output=True),
                        args.repeat,
                    ),
                )
            )
    print(f"{'file':<40} {'measurement':<44} {'median':>9} {'p95':>9} {'runs':>5}")
    for size, what, samples in rows:
        print(
            f"{size:<40} {what:<44} {statistics.median(samples):>8.3f}s "
            f"{percentile(samples, 0.95):>8.3f}s {len(samples):>5}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
