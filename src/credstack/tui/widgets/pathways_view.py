"""The Pathways area: for each goal, the audit tree, both views, the plan, refusals."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import DataTable, Label, OptionList, Static, Tree
from textual.widgets.option_list import Option

from credstack.engine.results import ProgramResult, Report
from credstack.engine.subscription_results import SubscriptionComparison
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
from credstack.tui.text import (
    STATUS_MARK,
    STATUS_STYLE,
    credits,
    elective,
    finish,
    money,
    plain,
)


class PathwaysView(Horizontal):
    """Goal list on the left; the chosen goal's audit and plan on the right."""

    DEFAULT_CSS = """
    PathwaysView #goal-list { width: 26; height: 100%; }
    PathwaysView #pathway { width: 1fr; }
    PathwaysView DataTable { height: auto; margin-bottom: 1; }
    PathwaysView Tree { height: auto; max-height: 30; margin-bottom: 1; }
    PathwaysView .heading { text-style: bold; color: $accent; }
    PathwaysView #subscriptions { height: auto; margin-bottom: 1; }
    """

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.results: dict[str, ProgramResult] = {}
        self.subscriptions: dict[str, SubscriptionComparison] = {}
        self.selected: str | None = None

    def compose(self) -> ComposeResult:
        yield OptionList(id="goal-list")
        with VerticalScroll(id="pathway"):
            yield Label("", id="pathway-title", classes="heading")
            yield DataTable(id="views", cursor_type="none", show_cursor=False)
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

    def on_mount(self) -> None:
        self.query_one("#views", DataTable).add_columns("", "Confirmed", "Potential (RPL)")
        self.query_one("#plan", DataTable).add_columns("Term", "Courses", "Credits")
        self.query_one("#refused", DataTable).add_columns("Item", "Why")
        self.query_one("#requirements", Tree).show_root = False

    def show(self, report: Report) -> None:
        self.results = {r.program: r for r in report.results}
        self.subscriptions = {c.program: c for c in report.subscriptions}
        options = self.query_one("#goal-list", OptionList)
        options.clear_options()
        for result in report.results:
            audit = result.confirmed.audit
            label = Text(result.title, style="bold")
            label.append(f"\n{credits(audit.applied)}/{credits(result.credits)} cr", style="dim")
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
        title = Text(f"{result.title}  ")
        title.append(f"{result.program} · {result.institution} · {result.award}", style="dim")
        self.query_one("#pathway-title", Label).update(title)
        self._views(result)
        self._tree(result)
        plan = self.query_one("#plan", DataTable)
        plan.clear()
        for term in result.confirmed.plan.terms:
            names = ", ".join(elective(c) for c in term.courses) or "(no courses offered)"
            plan.add_row(term.label, plain(names), credits(term.credits))
        self._subscriptions(self.subscriptions.get(result.program))
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
        views = self.query_one("#views", DataTable)
        views.clear()
        c, p = result.confirmed, result.potential
        cur = result.currency
        rows = [
            ("Applied", credits(c.audit.applied), credits(p.audit.applied)),
            ("Remaining", credits(c.audit.remaining), credits(p.audit.remaining)),
            (
                "Terms",
                _terms(c.plan.term_count, c.plan.proven, c.plan.lower_bound),
                _terms(p.plan.term_count, p.plan.proven, p.plan.lower_bound),
            ),
            ("Finish", finish(c.plan), finish(p.plan)),
            ("Cost", money(c.plan.cost, cur), money(p.plan.cost, cur)),
            (
                "External / cap",
                f"{credits(c.audit.external_applied)}/{credits(c.audit.external_cap)}",
                f"{credits(p.audit.external_applied)}/{credits(p.audit.external_cap)}",
            ),
            ("Cost per credit", money(result.cost_per_credit, cur), ""),
            ("Saves vs scratch", money(result.savings, cur), ""),
        ]
        for row in rows:
            views.add_row(*row)

    def _tree(self, result: ProgramResult) -> None:
        tree = self.query_one("#requirements", Tree)
        tree.clear()
        by_requirement: dict[str, list[str]] = {}
        for item in result.confirmed.audit.assignments:
            unit = item.unit
            via = f" via {unit.via}" if unit.via else ""
            line = (
                f"{unit.key}  {credits(item.credits)} cr  [{unit.basis}{via}]"
                f"  from {', '.join(unit.sources)}"
            )
            by_requirement.setdefault(item.requirement, []).append(line)
        for requirement in result.confirmed.audit.requirements:
            label = Text(
                f"{STATUS_MARK[requirement.status]} ", style=STATUS_STYLE[requirement.status]
            )
            label.append(requirement.title)
            label.append(
                f"  {credits(requirement.applied)}/{credits(requirement.needed)} cr"
                f"  {requirement.status}",
                style="dim",
            )
            node = tree.root.add(label, expand=True)
            for line in by_requirement.get(requirement.id, []):
                node.add_leaf(plain(line))

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
        text = Text(per_credit_line(comparison))
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


def _terms(count: int, proven: bool, bound: int) -> str:
    return f"{count}" if proven or count == 0 else f"{count} (≥{bound})"
