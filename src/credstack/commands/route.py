"""`credstack route LEARNER --goal B:P`: what to take where, first, to reach a goal."""

from __future__ import annotations

import argparse
import sys
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from credstack.errors import CredstackError, did_you_mean


def add_route_parser(commands: argparse._SubParsersAction[Any]) -> None:
    route = commands.add_parser(
        "route",
        help="transfer routes: feeder items to take first, then the rest of a goal",
        description="Find the routes to a goal program: which feeder items (courses, "
        "credentials) to take first and where, then the rest at the goal's institution, "
        "for the least cost (or the soonest finish), with the Pareto set of cost against "
        "finish and the comparison with taking everything at the goal (docs/routes.md).",
    )
    route.add_argument("learner", type=Path, help="the learner file (TOML; - for stdin)")
    route.add_argument("--goal", required=True, metavar="B:P", help="the goal program")
    route.add_argument(
        "--via", action="append", metavar="F", help="take feeder items only at F (repeatable)"
    )
    route.add_argument("--optimise", choices=["cost", "time"], default="cost")
    route.add_argument("--budget", metavar="N", help="the most the whole route may cost")
    route.add_argument(
        "--by", nargs=2, metavar=("YEAR", "TERM"), help="the latest finish, e.g. 2030 spring"
    )
    route.add_argument(
        "--catalogs", type=Path, metavar="DIR", help="catalogue directory (default: shipped)"
    )
    route.add_argument(
        "--format", choices=["text", "markdown", "json", "html", "csv"], default="text"
    )
    route.add_argument("--output", type=Path, metavar="FILE", help="write here, not stdout")
    route.add_argument(
        "--no-cache",
        action="store_true",
        help="parse the catalogues again instead of reading the catalogue cache",
    )


def run_route(args: argparse.Namespace) -> int:
    # the engine and the renderers are imported here: `credstack --help` builds this
    # command's parser without loading them
    from credstack.commands.report import load_inputs
    from credstack.commands.streams import emit, is_stdio
    from credstack.engine.routes import by_key, find_routes
    from credstack.report.routes import render_routes

    region, learner = load_inputs(args)
    goal: str = args.goal
    if ":" not in goal or region.program(goal) is None:
        raise CredstackError.at(
            "--goal", 1, f"no loaded program {goal!r}" + did_you_mean(goal, region.program_refs())
        )
    via = list(args.via or [])
    for feeder in via:
        if feeder not in region:
            known = sorted(region.catalogues)
            raise CredstackError.at(
                "--via", 1, f"no loaded issuer {feeder!r}" + did_you_mean(feeder, known)
            )
    budget = None
    if args.budget is not None:
        try:
            budget = Decimal(args.budget)
        except InvalidOperation:
            budget = None
        if budget is None or not budget.is_finite() or budget < 0 or budget > 100_000_000:
            raise CredstackError.at("--budget", 1, "a budget is a number from 0 to 100,000,000")
    by = None
    if args.by:
        year, term = args.by
        if not year.isdigit() or not 1900 <= int(year) <= 2199:
            raise CredstackError.at("--by", 1, f"{year!r} is not a year in 1900..2199")
        by = f"{int(year)} {term}"
        try:
            by_key(region, goal, by)
        except ValueError as error:
            raise CredstackError.at("--by", 1, str(error)) from None
    result = find_routes(
        region, learner.learner, goal, via=via, optimise=args.optimise, budget=budget, by=by
    )
    output: Path | None = args.output
    color = (output is None or is_stdio(output)) and sys.stdout.isatty()
    text = render_routes(result, args.format, color=color)
    # as `report` does: a text report without colour has its control characters shown
    emit(text, output, styled=color and args.format == "text", sanitise=args.format == "text")
    return 0
