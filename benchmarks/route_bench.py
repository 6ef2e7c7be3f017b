"""Transfer routes (`credstack route`, docs/routes.md): how long one takes, on the shipped
region and on the 20-institution synthetic region (targets: 1 s and 5 s).

For each learner and goal: the first route (cold: the goal's from-scratch plan and the
evaluation caches are empty) and the median and p95 of the next runs, with the candidate
count (feeder items the search chose among), how many of the feeder items B's rules name
were pruned, the routes evaluated and whether the answer is optimal or bounded.

    python benchmarks/route_bench.py [--repeat 5] [--synthetic DIR] [--learners 5]

Without --synthetic the region is generated (benchmarks/generate.py, seed 1, the default
size) into a temporary folder first, which takes a while. A benchmark, not a test: shared
machines are noisy.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

from credstack.engine.routes import find_routes
from credstack.model.learner import LearnerFile
from credstack.model.region import Region
from credstack.store.catalogue_loader import load_region
from credstack.store.learner_store import load_learner
from credstack.store.shipped import shipped_catalogues, shipped_learners

sys.path.insert(0, str(Path(__file__).resolve().parent))
import generate  # noqa: E402  (benchmarks/generate.py, beside this file)

HEADER = (
    "| region | learner | goal | first | median | p95 | candidates | pruned | evaluated "
    "| search |\n|---|---|---|---:|---:|---:|---:|---:|---:|---|"
)


def percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def measure(
    region: Region, learner: LearnerFile, goal: str, repeat: int, name: str, who: str
) -> None:
    start = time.perf_counter()
    result = find_routes(region, learner, goal)
    first = time.perf_counter() - start
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        find_routes(region, learner, goal)
        times.append(time.perf_counter() - start)
    search = result.search
    print(
        f"| {name} | {who} | {goal} | {first:.2f} s | {statistics.median(times):.2f} s "
        f"| {percentile(times, 0.95):.2f} s | {search.candidates} | "
        f"{search.pruned} of {search.considered} | {search.evaluated} | {search.optimality} |",
        flush=True,
    )


def with_feeders(region: Region, goals: list[str]) -> list[str]:
    """The goals at an institution some other issuer's items have rules into."""
    found = []
    for goal in goals:
        loaded = region.get(goal.split(":", 1)[0])
        if loaded is not None and any(
            ref.split(":", 1)[0] != loaded.issuer.id for ref in loaded.rules_from
        ):
            found.append(goal)
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--synthetic", type=Path, metavar="DIR", help="a generated region")
    parser.add_argument("--learners", type=int, default=5, help="synthetic learners measured")
    args = parser.parse_args()
    print(HEADER)
    region = load_region(shipped_catalogues())
    for path in sorted(Path(shipped_learners()).glob("*.toml")):
        learner = load_learner(path, region).learner
        for goal in with_feeders(region, list(learner.learner.goals))[:1]:
            measure(region, learner, goal, args.repeat, "shipped", path.stem)
    with tempfile.TemporaryDirectory() as scratch:
        folder = args.synthetic
        if folder is None:
            folder = Path(scratch)
            generate.write(folder, learners=args.learners)
        region = load_region(folder / "catalogs")
        for path in sorted((folder / "learners").glob("*.toml"))[: args.learners]:
            learner = load_learner(path, region).learner
            for goal in with_feeders(region, list(learner.learner.goals))[:1]:
                measure(region, learner, goal, args.repeat, "synthetic (20)", path.stem)


if __name__ == "__main__":
    main()
