"""Every published curriculum file: does it convert, plan, and match its published terms?

For each CSV below the given folders (default: ../shared/realdata and ../shared/curricula):
`credstack convert curricular-analytics FILE -o DIR/catalogs/NAME.toml`, then, for every
converted program, `credstack report` in JSON on a learner with nothing held, taking the
load of the published plan's heaviest term (the institution's 18-credit default when
there is no published plan). The plan is checked: every course of the curriculum once,
prerequisites in an earlier term, corequisites no later, no term over the load, nothing
unschedulable. Its terms are set against the published plan's.

    python benchmarks/convert_realdata.py [DIR ...] [--verbose]

A file that does not convert is listed with its located reason.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import sys
import tempfile
import tomllib
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from credstack.cli import main as credstack

HERE = Path(__file__).resolve().parent
DEFAULT_ROOTS = [HERE.parents[1] / "shared" / "realdata", HERE.parents[1] / "shared" / "curricula"]
if not DEFAULT_ROOTS[0].is_dir():  # a worktree: /work/wt/NAME/benchmarks
    DEFAULT_ROOTS = [Path("/work/shared/realdata"), Path("/work/shared/curricula")]
SKIP_DIRS = ("esco", "ctdl", "ob3", "dcc", "elm", "jsonld")  # not curricula


@dataclass
class Outcome:
    """What became of one file."""

    path: Path
    converted: bool = False
    reason: str = ""  # why it did not convert, or why a plan is not valid
    warnings: dict[str, int] = field(default_factory=dict)
    programs: int = 0
    planned: bool = False  # every program planned validly
    published: int | None = None  # published terms (None: no published plan)
    terms: int | None = None  # planned terms
    plan_order_broken: bool = False  # the published plan breaks its own prerequisites

    @property
    def verdict(self) -> str:
        if not self.converted:
            return "no convert"
        if not self.planned:
            return "no plan"
        if self.published is None:
            return "planned"
        assert self.terms is not None
        if self.terms < self.published:
            return "beats"
        return "matches" if self.terms == self.published else "longer"


def run(argv: list[str]) -> tuple[int, str, str]:
    """credstack in-process: (exit code, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = credstack(argv)
    return code, out.getvalue(), err.getvalue()


def check_file(path: Path, workdir: Path) -> Outcome:
    """Convert one file into `workdir` and plan every program it gives."""
    outcome = Outcome(path)
    catalogs = workdir / "catalogs"
    catalogs.mkdir(parents=True, exist_ok=True)
    target = catalogs / "converted.toml"
    code, _, err = run(["convert", "curricular-analytics", str(path), "-o", str(target)])
    if code != 0:
        outcome.reason = err.strip().splitlines()[0] if err.strip() else f"exit {code}"
        return outcome
    outcome.converted = True
    for line in err.splitlines():
        if line.startswith("warnings: "):
            for part in line.removeprefix("warnings: ").split(", "):
                count, kind = part.split(" ", 1)
                outcome.warnings[kind] = int(count)
    outcome.plan_order_broken = "plan-order" in outcome.warnings
    catalogue = tomllib.loads(target.read_text(encoding="utf-8"))
    programs = catalogue.get("program", [])
    outcome.programs = len(programs)
    if not programs:
        outcome.reason = "no program (a course graph): nothing to plan"
        return outcome
    outcome.planned = True
    for program in programs:
        problem, terms, published = plan_program(catalogue, program, workdir)
        if problem:
            outcome.planned, outcome.reason = False, problem
            return outcome
        outcome.terms = max(outcome.terms or 0, terms)
        if published is not None:
            outcome.published = max(outcome.published or 0, published)
    return outcome


def plan_program(catalogue: dict, program: dict, workdir: Path) -> tuple[str, int, int | None]:
    """(problem or "", planned terms, published terms) of one converted program."""
    courses = {c["code"]: c for c in catalogue["course"]}
    published = program.get("published_plan")
    load = Decimal(18)
    if published:
        load = max(
            sum((Decimal(str(courses[c]["credits"])) for c in term), Decimal(0))
            for term in published
        )
    issuer = catalogue["issuer"]["id"]
    learner = workdir / "learner.toml"
    learner.write_text(
        "format = 1\n\n[learner]\n"
        'name = "From scratch"\nas_of = 2027-06-01\nstart = "2027 fall"\n'
        f"credits_per_term = {load}\n"
        f'goals = ["{issuer}:{program["id"]}"]\n',
        encoding="utf-8",
    )
    code, out, err = run(
        [
            "report",
            str(learner),
            "--catalogs",
            str(workdir / "catalogs"),
            "--format",
            "json",
            "--no-cache",
        ]
    )
    if code != 0:
        return f"report exit {code}: {err.strip()[:200]}", 0, None
    result = json.loads(out)["results"][0]
    problem = plan_problem(result, program, courses, load)
    return problem, result["confirmed"]["terms"], len(published) if published else None


def plan_problem(result: dict, program: dict, courses: dict, load: Decimal) -> str:
    """Why the report's plan is not a valid plan of the whole curriculum, or ""."""
    if result.get("unschedulable") or result.get("open_requirements"):
        return f"unschedulable {result.get('unschedulable')} {result.get('open_requirements')}"
    term_of: dict[str, int] = {}
    for index, term in enumerate(result["plan"]):
        if Decimal(str(term["credits"])) > load:
            return f"term {term['term']} takes {term['credits']} credits, over {load}"
        for code in term["courses"]:
            if code in term_of:
                return f"{code} planned twice"
            term_of[code] = index
    required = program["requirement"][0]["courses"]
    missing = [c for c in required if c not in term_of]
    if missing:
        return f"not planned: {missing}"
    for code, index in term_of.items():
        course = courses.get(code, {})
        for key, strict in (("requires", True), ("corequires", False)):
            for needed in filter(None, course.get(key, "").split(" and ")):
                at = term_of.get(needed)
                if at is None or (at >= index if strict else at > index):
                    return f"{code} is planned before its {key} {needed}"
    if len(result["plan"]) != result["confirmed"]["terms"]:
        return "the plan's terms and its term count differ"
    return ""


def curriculum_files(roots: list[Path]) -> list[Path]:
    found: list[Path] = []
    for root in roots:
        for path in sorted(root.rglob("*.csv")):
            if not any(part.startswith(SKIP_DIRS) for part in path.relative_to(root).parts):
                found.append(path)
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("roots", nargs="*", type=Path, default=DEFAULT_ROOTS)
    parser.add_argument("--verbose", action="store_true", help="one line per file")
    args = parser.parse_args()
    outcomes: list[Outcome] = []
    for path in curriculum_files(args.roots):
        with tempfile.TemporaryDirectory() as tmp:
            outcomes.append(check_file(path, Path(tmp)))
        if args.verbose:
            o = outcomes[-1]
            shown = f"{o.terms}/{o.published}" if o.published else f"{o.terms}"
            print(f"{o.verdict:<10} {shown:>6}  {o.path}  {o.reason}", flush=True)
    total = len(outcomes)
    converted = [o for o in outcomes if o.converted]
    planned = [o for o in converted if o.planned]
    with_plan = [o for o in planned if o.published is not None]
    valid_published = [o for o in with_plan if not o.plan_order_broken]
    print(f"files: {total}")
    print(f"convert: {len(converted)}")
    print(f"plan (a valid plan of every program): {len(planned)}")
    print(f"with a published plan: {len(with_plan)} ({len(valid_published)} keep their own order)")
    for verdict in ("beats", "matches", "longer"):
        items = [o for o in with_plan if o.verdict == verdict]
        broken = sum(o.plan_order_broken for o in items)
        print(
            f"  {verdict} the published terms: {len(items)} ({broken} of them publish a plan "
            "that breaks its own prerequisites)"
        )
    for o in outcomes:
        if not o.converted or not o.planned:
            print(f"{o.verdict}: {o.path}: {o.reason}")
        elif o.verdict == "longer":
            print(f"longer: {o.path}: {o.terms} terms, published {o.published}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
