"""The Pathways area: for each goal, the audit tree, both views, the plan, refusals, and
its transfer routes (docs/routes.md): "Find routes" asks the app for them; highlighting a
route shows its term-by-term plan across the institutions; Enter makes it a what-if.

Figures, labels and colours are the program report's (report/format.py).
"""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.widgets import Button, DataTable, Label, OptionList, Static, Tree
from textual.widgets.option_list import Option

from credstack.engine.results import ProgramResult, Report
from credstack.engine.route_results import Route, RouteResult
from credstack.engine.subscription_results import SubscriptionComparison
from credstack.report import format as fmt
from credstack.report.subscriptions import (
    credential_line,
    credential_rows,
    option_heading,
    option_lines,
    per_credit_line,
    verdict,
    year_line,
    year_rows,
)
from credstack.tui.text import STATUS_MARK, SafeText, plain


class PathwaysView(Horizontal):
    """Goal list on the left; the chosen goal's audit and plan on the right."""

    DEFAULT_CSS = """
    PathwaysView #goal-list { width: 26; height: 100%; }
    PathwaysView #pathway { width: 1fr; }
    PathwaysView DataTable { height: auto; margin-bottom: 1; }
    PathwaysView Tree { height: auto; max-height: 30; margin-bottom: 1; }
    PathwaysView .heading { text-style: bold; color: $accent; }
    PathwaysView #subscriptions { height: auto; margin-bottom: 1; }
    PathwaysView #figures { height: auto; margin-bottom: 1; }
    PathwaysView #routes-list { height: auto; max-height: 10; margin-bottom: 1; }
    PathwaysView #routes-status { height: auto; margin-bottom: 1; }
    """

    @dataclass
    class RoutesWanted(Message):
        """The adviser asked for the transfer routes to a goal."""

        goal: str

    @dataclass
    class RouteChosen(Message):
        """The adviser picked a route to try as a what-if."""

        route: Route

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.routes: dict[str, Route] = {}
        self.routes_goal: str | None = None
        self.results: dict[str, ProgramResult] = {}
        self.subscriptions: dict[str, SubscriptionComparison] = {}
        self.selected: str | None = None

    def compose(self) -> ComposeResult:
        yield OptionList(id="goal-list")
        with VerticalScroll(id="pathway"):
            yield Label("", id="pathway-title", classes="heading")
            yield DataTable(id="views", cursor_type="none", show_cursor=False)
            yield Static(id="figures")
            yield Label("Requirements (confirmed view)", classes="heading")
            yield Tree("Requirements", id="requirements")
            yield Label("Term-by-term plan", classes="heading")
            yield DataTable(id="plan", cursor_type="row", zebra_stripes=True)
            yield Label(
                "Subscriptions vs paying per credit", id="subscriptions-heading", classes="heading"
            )
            yield Static(id="subscriptions")
            yield Label("Not recognised", classes="heading")
            yield DataTable(id="refused", cursor_type="row")
            yield Label("Routes", classes="heading")
            yield Button("Find routes to this goal", id="find-routes")
            yield Static(id="routes-status")
            yield OptionList(id="routes-list")
            yield DataTable(id="route-plan", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        self.query_one("#views", DataTable).add_columns("", "Confirmed", "Potential (RPL)")
        self.query_one("#plan", DataTable).add_columns("Term", "Courses", "Credits")
        self.query_one("#refused", DataTable).add_columns("Item", "Why")
        self.query_one("#route-plan", DataTable).add_columns(
            "Term", "Institution", "Courses", "Credits"
        )
        self.query_one("#requirements", Tree).show_root = False

    def show(self, report: Report) -> None:
        self.results = {r.program: r for r in report.results}
        self.subscriptions = {c.program: c for c in report.subscriptions}
        options = self.query_one("#goal-list", OptionList)
        options.clear_options()
        for result in report.results:
            audit = result.confirmed.audit
            label = SafeText(result.title, style="bold")
            label.append(f"\n{fmt.credits(audit.applied)}/{fmt.cr(result.credits)}", style="dim")
            options.add_option(Option(label, id=result.program))
        if self.selected not in self.results:
            self.selected = report.results[0].program if report.results else None
        if self.selected is not None:
            options.highlighted = list(self.results).index(self.selected)
            self.show_program(self.results[self.selected])

    @on(OptionList.OptionHighlighted, "#goal-list")
    def _pick(self, event: OptionList.OptionHighlighted) -> None:
        if event.option.id and event.option.id in self.results:
            self.selected = event.option.id
            self.show_program(self.results[event.option.id])

    def show_program(self, result: ProgramResult) -> None:
        title = SafeText(f"{result.title}  ")
        title.append(f"{result.program} · {result.institution} · {result.award}", style="dim")
        self.query_one("#pathway-title", Label).update(title)
        self._views(result)
        self._tree(result)
        plan = self.query_one("#plan", DataTable)
        plan.clear()
        for term in result.confirmed.plan.terms:
            names = ", ".join(fmt.course_label(c) for c in term.courses)
            plan.add_row(term.label, plain(names or "(no courses offered)"), fmt.cr(term.credits))
        self._subscriptions(self.subscriptions.get(result.program))
        if self.routes_goal != result.program:  # routes shown are another goal's
            self._clear_routes()
        refused = self.query_one("#refused", DataTable)
        refused.clear()
        for item in result.recognition.not_recognised:
            refused.add_row(plain(item.item), plain(item.reason))
        for petition in result.recognition.petitions:
            refused.add_row(
                plain(petition.item),
                plain(f"needs petition: {' → '.join(petition.chain)} → {petition.course}"),
            )

    def _views(self, result: ProgramResult) -> None:
        """The confirmed and potential views side by side, then the whole-award figures:
        the program report's rows (report/format.py)."""
        views = self.query_one("#views", DataTable)
        views.clear()
        for row in fmt.summary_rows(result):
            views.add_row(plain(row.label), plain(row.confirmed), plain(row.potential))
        figures = SafeText()
        for index, (label, value) in enumerate(fmt.program_figures(result)):
            figures.append(("\n" if index else "") + f"{label}: ", style="bold")
            figures.append(value)
        self.query_one("#figures", Static).update(figures)

    def _tree(self, result: ProgramResult) -> None:
        """Each requirement with its status and progress, and the units placed in it."""
        tree = self.query_one("#requirements", Tree)
        tree.clear()
        placed = fmt.by_requirement(result.confirmed.audit)
        for requirement in result.confirmed.audit.requirements:
            status = requirement.status
            label = SafeText(f"{STATUS_MARK[status]} ", style=fmt.STATUS_STYLE[status])
            label.append(requirement.title)
            label.append("  ")
            label.append(fmt.status_word(status), style=fmt.STATUS_STYLE[status])
            shown = fmt.progress(requirement.applied, requirement.needed, status)
            if shown:
                label.append(f"  {shown}", style="dim")
            node = tree.root.add(label, expand=True)
            for assignment in placed.get(requirement.id, []):
                unit = assignment.unit
                node.add_leaf(
                    plain(
                        f"{fmt.unit_label(unit)}  {fmt.placed_credits(assignment)}  "
                        f"from {fmt.sources(unit)} · {fmt.via_label(unit)}"
                    )
                )

    def _subscriptions(self, comparison: SubscriptionComparison | None) -> None:
        """Each plan of the goal's institution against paying per credit (engine result)."""
        shown = comparison is not None and bool(comparison.options)
        self.query_one("#subscriptions-heading", Label).display = shown
        static = self.query_one("#subscriptions", Static)
        static.display = shown
        if comparison is None:
            static.update("")
            return
        cur = comparison.currency
        text = SafeText(per_credit_line(comparison))
        for option in comparison.options:
            text.append("\n\n" + option_heading(option, cur), style="bold")
            for row in credential_rows(option, cur):
                text.append("\n  " + credential_line(row))
            for row in year_rows(option, cur):
                text.append("\n  " + year_line(row))
            shout = verdict(option, cur)
            for line in option_lines(option, comparison):
                text.append("\n" + line, style="bold" if line == shout else "")
        static.update(text)

    # -- routes (docs/routes.md) ---------------------------------------------------------
    @on(Button.Pressed, "#find-routes")
    def _find_routes(self) -> None:
        if self.selected is not None:
            self.query_one("#routes-status", Static).update("Finding routes…")
            self.post_message(self.RoutesWanted(self.selected))

    def _clear_routes(self) -> None:
        self.routes, self.routes_goal = {}, None
        self.query_one("#routes-status", Static).update("")
        self.query_one("#routes-list", OptionList).clear_options()
        self.query_one("#route-plan", DataTable).clear()

    def show_routes(self, result: RouteResult) -> None:
        """The routes to one goal: the Pareto set, then the comparisons; the first shown.
        An answer for a goal no longer shown is dropped."""
        if result.goal != self.selected:
            return
        self.routes_goal = result.goal
        cur = result.currency
        status = SafeText(f"{result.search.optimality}: ", style="bold")
        status.append(
            f"{result.search.candidates} candidates of {result.search.considered}, "
            f"{result.search.evaluated} routes evaluated"
        )
        if result.search.bound:
            status.append("\n" + result.search.bound, style="dim")
        if result.best is None:
            status.append("\nNo route meets the constraints.", style="bold red")
        self.query_one("#routes-status", Static).update(status)
        shown = [*result.pareto, result.all_at_goal] + ([result.current] if result.current else [])
        self.routes = {f"route-{index}": route for index, route in enumerate(shown)}
        options = self.query_one("#routes-list", OptionList)
        options.clear_options()
        for key, route in self.routes.items():
            label = SafeText(route.label, style="bold")
            label.append(
                f"  {fmt.money(route.cost, cur)} · {fmt.finish(route.finish)} · "
                f"{fmt.credits(route.transferred)} cr transferred",
                style="dim",
            )
            options.add_option(Option(label, id=key))
        if self.routes:
            options.highlighted = 0
            self.show_route(next(iter(self.routes.values())))

    def show_route(self, route: Route) -> None:
        """The route's term-by-term plan across its institutions, then its items."""
        table = self.query_one("#route-plan", DataTable)
        table.clear()
        for phase in route.phases:
            for term in phase.terms:
                names = ", ".join(fmt.course_label(c) for c in term.courses)
                table.add_row(term.label, plain(phase.name), plain(names), fmt.cr(term.credits))
        for item in route.items:
            renewal = " (renewal)" if item.renewal else ""
            table.add_row(
                item.term or "",
                plain(item.issuer),
                plain(f"{item.ref}{renewal}: " + "; ".join(item.reasons)),
                "",
            )

    @on(OptionList.OptionHighlighted, "#routes-list")
    def _route_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        route = self.routes.get(event.option.id or "")
        if route is not None:
            self.show_route(route)

    @on(OptionList.OptionSelected, "#routes-list")
    def _route_selected(self, event: OptionList.OptionSelected) -> None:
        route = self.routes.get(event.option.id or "")
        if route is not None and route.items:
            self.post_message(self.RouteChosen(route))
