"""Role fit and the next best credential for every example learner on the shipped region.

Prints, per learner, the median and p95 of `fit_roles` and of `next_best` (which adds
each candidate credential provisionally and evaluates every goal again), and how many
candidates were evaluated (after pruning) out of the enrollable credentials. A benchmark,
not a test: machines are shared and noisy.

    python benchmarks/careers.py [--repeat 10]
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from credstack.engine.evaluate import build_report
from credstack.engine.next_best import next_best, recognised_at
from credstack.engine.roles import current_held, fit_roles, offers
from credstack.model.refs import split_ref
from credstack.store.catalogue_loader import load_region
from credstack.store.learner_store import load_learner
from credstack.store.shipped import shipped_catalogues, shipped_learners


def percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args()
    region = load_region(shipped_catalogues())
    print(f"{'learner':<22} {'roles med':>10} {'next-best med':>14} {'p95':>8} {'evaluated':>10}")
    for path in sorted(Path(shipped_learners()).glob("*.toml")):
        learner = load_learner(path, region).learner
        report = build_report(region, learner)
        fits = fit_roles(region, learner, report.as_of)
        next_best(region, learner, report.results, fits)  # warm caches
        role_times, next_times = [], []
        for _ in range(args.repeat):
            start = time.perf_counter()
            fits = fit_roles(region, learner, report.as_of)
            role_times.append(time.perf_counter() - start)
            start = time.perf_counter()
            next_best(region, learner, report.results, fits)
            next_times.append(time.perf_counter() - start)
        held, _ = current_held(region, learner, report.as_of)
        pool = [o for o in offers(region) if o.ref not in held]
        evaluations = sum(
            recognised_at(region, split_ref(r.program)[0], offer)
            for offer in pool
            for r in report.results
        )
        print(
            f"{path.stem:<22} {statistics.median(role_times) * 1000:>8.1f}ms "
            f"{statistics.median(next_times) * 1000:>12.1f}ms "
            f"{percentile(next_times, 0.95) * 1000:>6.1f}ms "
            f"{evaluations:>4} of {len(pool) * len(report.results):<4}"
        )


if __name__ == "__main__":
    main()
