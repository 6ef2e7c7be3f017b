"""Audit + plan of one learner against one program on the shipped region.

Prints the median and p95 of `evaluate` (recognition, both audit views, both plans and
the from-scratch plan) for every example learner and each of their goals, and of the
audit alone. A benchmark, not a test: machines are shared and noisy.

    python benchmarks/audit_plan.py [--repeat 50]
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from credstack.engine.audit import run_audit
from credstack.engine.evaluate import as_of_date, evaluate
from credstack.engine.recognise import recognise
from credstack.model.refs import split_ref
from credstack.store.catalogue_loader import load_region
from credstack.store.learner_store import load_learner
from credstack.store.shipped import shipped_catalogues, shipped_learners


def percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=50)
    args = parser.parse_args()
    region = load_region(shipped_catalogues())
    rows = []
    whole: list[float] = []
    for path in sorted(Path(shipped_learners()).glob("*.toml")):
        learner = load_learner(path, region).learner
        for goal in learner.learner.goals:
            evaluate(region, learner, goal)  # warm caches (graph, imports)
            times = []
            for _ in range(args.repeat):
                start = time.perf_counter()
                evaluate(region, learner, goal)
                times.append(time.perf_counter() - start)
            program = region.program(goal)
            catalogue = region.get(split_ref(goal)[0])
            assert program is not None and catalogue is not None
            units = recognise(region, learner, goal, as_of_date(learner)).confirmed_units()
            audit_times = []
            for _ in range(args.repeat):
                start = time.perf_counter()
                run_audit(program, catalogue, units)
                audit_times.append(time.perf_counter() - start)
            whole += times
            rows.append((path.stem, goal, times, audit_times))
    print(f"{'learner':<22} {'program':<28} {'evaluate med':>12} {'p95':>8} {'audit med':>10}")
    for name, goal, times, audit_times in rows:
        print(
            f"{name:<22} {goal:<28} {statistics.median(times) * 1000:>10.2f}ms "
            f"{percentile(times, 0.95) * 1000:>6.2f}ms "
            f"{statistics.median(audit_times) * 1000:>8.2f}ms"
        )
    print(
        f"\nall: median {statistics.median(whole) * 1000:.2f} ms, "
        f"p95 {percentile(whole, 0.95) * 1000:.2f} ms over {len(whole)} runs "
        "(targets: median < 10 ms, p95 < 50 ms)"
    )


if __name__ == "__main__":
    main()
