"""Transfer routes in every format (`credstack route`, docs/routes.md).

`routes_section` builds the document section (text, Markdown and HTML walk it, as every
other section); `routes_json` is the JSON contract of docs/report-json.md ("routes");
`routes_csv` one row per route item. `render_routes` picks by format name.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from credstack.engine.route_results import Route, RouteItem, RoutePhase, RouteResult
from credstack.report import format as fmt
from credstack.report.csv_report import cell
from credstack.report.document import (
    Block,
    Column,
    Document,
    Fields,
    Item,
    ItemList,
    Lines,
    Paragraph,
    Section,
    Table,
    inline,
    strong,
    toned,
)
from credstack.report.format import maybe_number, number
from credstack.report.render import walk

ROUTES_TITLE = "Transfer routes"
NO_ROUTE = "No route meets the constraints (budget, finish by)."
RENEWAL = "renewal"


def _status(result: RouteResult) -> str:
    search = result.search
    if search.optimality == "optimal":
        return (
            f"optimal: every one of the {search.subsets} subsets of {search.candidates} "
            f"candidate items was evaluated"
        )
    return f"bounded: {search.bound}"


def _item_label(item: RouteItem) -> str:
    label = f"{item.ref} {item.title}"
    if item.renewal:
        label += f" ({RENEWAL}: the held credential has expired)"
    return label


def _phase_rows(route: Route) -> tuple[tuple[Any, ...], ...]:
    rows = []
    for phase in route.phases:
        for term in phase.terms:
            courses = (
                Lines(tuple(inline(fmt.course_label(c)) for c in term.courses))
                if term.courses
                else inline("(nothing)")
            )
            rows.append(
                (inline(term.label), inline(phase.name), courses, inline(fmt.credits(term.credits)))
            )
    return tuple(rows)


def route_section(route: Route, currency: str) -> Section:
    """One route: its figures, its items with the reason each is there, its terms."""
    figures = Fields(
        (
            ("Cost", inline(strong(fmt.money(route.cost, currency)))),
            ("Finish", inline(fmt.finish(route.finish))),
            ("Terms", inline(str(route.terms))),
            ("Credits transferred", inline(fmt.credits(route.transferred))),
            ("Credits applied at the goal", inline(fmt.credits(route.applied))),
            ("Credits left at the goal", inline(fmt.credits(route.remaining))),
            (
                "Cost by institution",
                inline("; ".join(f"{p.name} {fmt.money(p.cost, currency)}" for p in route.phases)),
            ),
        )
    )
    blocks: list[Block] = [Paragraph(inline(route.explanation)), figures]
    if route.items:
        blocks.append(
            ItemList(
                tuple(
                    Item(
                        inline(
                            strong(_item_label(item)),
                            f" · {fmt.money(item.price, currency)} · {item.term or '-'}",
                            toned(f" · {RENEWAL}", "warn") if item.renewal else "",
                        ),
                        tuple(inline(reason) for reason in item.reasons),
                    )
                    for item in route.items
                )
            )
        )
    if not route.meets_budget or not route.meets_by:
        missed = [
            text
            for text, ok in (
                ("over the budget", route.meets_budget),
                ("finishes late", route.meets_by),
            )
            if not ok
        ]
        blocks.append(Paragraph(inline(toned(", ".join(missed), "bad")), note=True))
    blocks.append(
        Table(
            columns=(
                Column("Term"),
                Column("Institution"),
                Column("Courses"),
                Column("Credits", numeric=True),
            ),
            rows=_phase_rows(route),
            records=True,
        )
    )
    return Section(route.label, tuple(blocks), kind="route")


def routes_section(result: RouteResult) -> Section:
    """The routes to one goal: what was searched, the chosen route, the Pareto set, and the
    comparisons (all at the goal's institution, the current plan)."""
    cur = result.currency
    constraints = [f"optimise {result.optimise}"]
    if result.budget is not None:
        constraints.append(f"budget {fmt.money(result.budget, cur)}")
    if result.by is not None:
        constraints.append(f"finish by {result.by}")
    search = result.search
    head = Fields(
        (
            ("Goal", inline(f"{result.title} ({result.goal}) at {result.institution}")),
            ("Feeders", inline(", ".join(result.feeders) or "none")),
            ("Constraints", inline(", ".join(constraints))),
            (
                "Candidates",
                inline(
                    f"{search.candidates} of {search.considered} feeder items named by a rule "
                    f"({search.pruned} pruned: no open requirement, already held or "
                    f"recognised); {search.evaluated} routes evaluated"
                ),
            ),
            ("Search", inline(_status(result))),
        )
    )
    blocks: list[Block] = [head]
    if result.best is None:
        blocks.append(Paragraph(inline(strong(NO_ROUTE, "bad"))))
    else:
        blocks.append(
            Paragraph(
                inline(
                    strong("Chosen: "),
                    f"{result.best.label}, {fmt.money(result.best.cost, cur)}, "
                    f"finishing {fmt.finish(result.best.finish)}",
                )
            )
        )
    comparison = [result.all_at_goal] + ([result.current] if result.current else [])
    table_rows = tuple(
        (
            inline(route.label),
            inline(fmt.money(route.cost, cur)),
            inline(fmt.finish(route.finish)),
            inline(str(route.terms)),
            inline(fmt.credits(route.transferred)),
        )
        for route in [*result.pareto, *comparison]
    )
    blocks.append(
        Table(
            columns=(
                Column("Route"),
                Column("Cost", numeric=True),
                Column("Finish"),
                Column("Terms", numeric=True),
                Column("Transferred", numeric=True),
            ),
            rows=table_rows,
            caption="The Pareto set (cost against finish), then the comparisons",
        )
    )
    for note in result.notes:
        blocks.append(Paragraph(inline(note), note=True))
    blocks += [route_section(route, cur) for route in result.pareto]
    blocks += [route_section(route, cur) for route in comparison]
    return Section(f"{ROUTES_TITLE} to the {result.title}", tuple(blocks), kind="routes")


def route_document(result: RouteResult) -> Document:
    return Document(ROUTES_TITLE, result.learner, result.as_of, (routes_section(result),))


# -- JSON ------------------------------------------------------------------------------
def _phase_json(phase: RoutePhase) -> dict[str, Any]:
    return {
        "institution": phase.institution,
        "name": phase.name,
        "terms": [
            {"term": t.label, "courses": list(t.courses), "credits": number(t.credits)}
            for t in phase.terms
        ],
        "term_count": phase.term_count,
        "tuition": number(phase.tuition),
        "fees": number(phase.fees),
        "cost": number(phase.cost),
        "finish": phase.finish,
    }


def route_json(route: Route) -> dict[str, Any]:
    return {
        "label": route.label,
        "kind": route.kind,
        "items": [
            {
                "ref": item.ref,
                "title": item.title,
                "kind": item.kind,
                "issuer": item.issuer,
                "price": number(item.price),
                "renewal": item.renewal,
                "term": item.term,
                "reasons": list(item.reasons),
            }
            for item in route.items
        ],
        "phases": [_phase_json(p) for p in route.phases],
        "cost": number(route.cost),
        "terms": route.terms,
        "finish": route.finish,
        "transferred_credits": number(route.transferred),
        "applied": number(route.applied),
        "remaining": number(route.remaining),
        "meets_budget": route.meets_budget,
        "meets_by": route.meets_by,
        "explanation": route.explanation,
    }


def routes_json(result: RouteResult) -> dict[str, Any]:
    search = result.search
    return {
        "learner": result.learner,
        "as_of": result.as_of.isoformat(),
        "goal": result.goal,
        "title": result.title,
        "institution": result.institution,
        "currency": result.currency,
        "feeders": list(result.feeders),
        "optimise": result.optimise,
        "budget": maybe_number(result.budget),
        "by": result.by,
        "best": result.best.label if result.best else None,
        "routes": [route_json(r) for r in result.pareto],
        "all_at_goal": route_json(result.all_at_goal),
        "current_plan": route_json(result.current) if result.current else None,
        "search": {
            "optimality": search.optimality,
            "candidates": search.candidates,
            "considered": search.considered,
            "pruned": search.pruned,
            "evaluated": search.evaluated,
            "subsets": search.subsets,
            "bound": search.bound or None,
            "lower_bound_cost": maybe_number(search.lower_bound_cost),
            "lower_bound_terms": search.lower_bound_terms,
        },
        "notes": list(result.notes),
    }


# -- CSV -------------------------------------------------------------------------------
CSV_COLUMNS = [
    "goal",
    "route",
    "kind",
    "chosen",
    "optimality",
    "cost",
    "finish",
    "terms",
    "transferred_credits",
    "item",
    "item_kind",
    "issuer",
    "price",
    "renewal",
    "term",
    "reasons",
]


def routes_csv(result: RouteResult) -> str:
    """One row per route item (a route with none has one row with the item cells empty)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    routes = [*result.pareto, result.all_at_goal] + ([result.current] if result.current else [])
    for route in routes:
        head = [
            result.goal,
            route.label,
            route.kind,
            result.best is not None and route.label == result.best.label,
            result.search.optimality,
            route.cost,
            route.finish,
            route.terms,
            route.transferred,
        ]
        items: list[RouteItem | None] = list(route.items) or [None]
        for item in items:
            tail = (
                [None] * 7
                if item is None
                else [
                    item.ref,
                    item.kind,
                    item.issuer,
                    item.price,
                    item.renewal,
                    item.term,
                    "; ".join(item.reasons),
                ]
            )
            writer.writerow([cell(v) for v in [*head, *tail]])
    return out.getvalue()


def render_routes(result: RouteResult, fmt_name: str, *, color: bool = False) -> str:
    if fmt_name == "json":
        return json.dumps(routes_json(result), indent=2, ensure_ascii=False) + "\n"
    if fmt_name == "csv":
        return routes_csv(result)
    return walk(route_document(result), fmt_name, color=color)
