"""Planner strength: real published curricula and tight synthetic packings.

For each Curricular Analytics CSV (default: tests/data/curricula; pass more folders),
plans the whole curriculum from scratch at the load of the published plan's heaviest
term and counts plans that are valid, no longer than the published one, shorter, and
proven minimal; then the same on seeded synthetic degrees built as perfect packings
(8 terms of exactly 15 credits, prerequisites up to two terms back), where list
scheduling alone sometimes needs a ninth term. Each is run with the exact fallback
(engine/schedule_milp.py) on and off; times are medians. A benchmark, not a test.

    python benchmarks/planner_strength.py [FOLDER ...] [--packings 300]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import time
from decimal import Decimal
from pathlib import Path

from credstack.convert.curricular_analytics import convert_curricular_analytics
from credstack.engine.audit import run_audit
from credstack.engine.plan import make_plan
from credstack.engine.schedule import EXACT_BUDGET, Item, Slot, schedule
from credstack.errors import CredstackError
from credstack.model.catalogue import CatalogueFile
from credstack.model.learner import LearnerInfo
from credstack.model.prereq import parse
from credstack.model.region import LoadedCatalogue
from credstack.store.toml_lines import LineIndex

ROOT = Path(__file__).resolve().parents[1]


def curricula(folders: list[Path]) -> None:
    files = sorted(p for folder in folders for p in folder.glob("**/*.csv"))
    for budget in (0.0, EXACT_BUDGET.get()):
        token = EXACT_BUDGET.set(budget)
        counts = dict.fromkeys(["read", "valid", "no_longer", "shorter", "proven"], 0)
        times = []
        for path in files:
            try:
                data = convert_curricular_analytics([path], None).catalogue
                catalogue = CatalogueFile.model_validate(data)
            except (CredstackError, ValueError):
                continue
            if len(catalogue.program) != 1 or not catalogue.program[0].published_plan:
                continue
            loaded = LoadedCatalogue(path=path, catalogue=catalogue, lines=LineIndex(""))
            program = catalogue.program[0]
            terms = program.published_plan or []
            heaviest = max(
                sum((loaded.courses[c].credits for c in term), Decimal(0)) for term in terms
            )
            if not 0 < heaviest <= 60:
                continue
            counts["read"] += 1
            learner = LearnerInfo(name="x", credits_per_term=heaviest)
            start = time.perf_counter()
            audit = run_audit(program, loaded, ())
            plan = make_plan(program, loaded, audit, frozenset(), learner, dt.date(2027, 9, 1))
            times.append(time.perf_counter() - start)
            if plan.unschedulable:
                continue
            counts["valid"] += 1
            counts["no_longer"] += plan.term_count <= len(terms)
            counts["shorter"] += plan.term_count < len(terms)
            counts["proven"] += plan.proven
        EXACT_BUDGET.reset(token)
        print(
            f"curricula, exact budget {budget:g} s: {counts}, plan median "
            f"{statistics.median(times) * 1000:.1f} ms, max {max(times) * 1000:.0f} ms"
        )


def packing(seed: int, trial: int) -> list[Item]:
    rng = random.Random(f"{seed}:{trial}")
    items: list[tuple[str, int, str]] = []
    by_term: list[list[str]] = []
    for term in range(8):
        left, codes = 15, []
        while left:
            size = min(left, rng.choice([1, 2, 3, 3, 3, 4, 4, 5]))
            left -= size
            earlier = [c for done in by_term[max(0, term - 2) : term] for c in done]
            requires = ""
            if earlier and rng.random() < 0.5:
                requires = " and ".join(rng.sample(earlier, min(len(earlier), rng.choice([1, 2]))))
            code = f"C{len(items)}"
            items.append((code, size, requires))
            codes.append(code)
        by_term.append(codes)
    rng.shuffle(items)
    return [Item(code, 100 * size, parse(requires)) for code, size, requires in items]


def packings(count: int) -> None:
    slots = [Slot(f"t{t}", 1500, 1800) for t in range(20)]
    fast_worse = fixed = 0
    fallback_times = []
    for trial in range(count):
        items = packing(1, trial)
        fast = schedule(items, slots, frozenset(), exact_fallback=False)
        if fast.count > 8 or not fast.proven:
            fast_worse += 1
            start = time.perf_counter()
            exact = schedule(items, slots, frozenset())
            fallback_times.append(time.perf_counter() - start)
            fixed += exact.count == 8 and exact.proven
    median = statistics.median(fallback_times) * 1000 if fallback_times else 0.0
    print(
        f"packings: {count} perfect 8-term degrees; fast planner unproven or longer in "
        f"{fast_worse}; the exact fallback finds and proves 8 terms in {fixed} "
        f"(median {median:.0f} ms each)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="*", type=Path)
    parser.add_argument("--packings", type=int, default=300)
    args = parser.parse_args()
    curricula(args.folders or [ROOT / "tests" / "data" / "curricula"])
    packings(args.packings)


if __name__ == "__main__":
    main()
