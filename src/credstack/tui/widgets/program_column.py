"""One program's audit and plan in a column: the what-if screen shows two side by side.

Figures, labels and colours are the program report's (report/format.py), as in Pathways.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Label, Static

from credstack.engine.results import ProgramResult
from credstack.report import format as fmt
from credstack.tui.text import STATUS_MARK, SafeText, plain

SHOWN = ("Credits applied", "Credits remaining", "Terms", "Finish", "Cost")


class ProgramColumn(VerticalScroll):
    """A heading, applied/remaining/terms/finish/cost, the requirements and the plan."""

    DEFAULT_CSS = """
    ProgramColumn { width: 1fr; padding: 0 1; }
    ProgramColumn .heading { text-style: bold; color: $accent; margin-top: 1; }
    ProgramColumn DataTable { height: auto; }
    ProgramColumn Static { height: auto; }
    """

    def __init__(self, heading: str, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.heading = heading

    def compose(self) -> ComposeResult:
        yield Label(plain(self.heading), classes="heading column-heading")
        yield Static(classes="column-title")
        yield DataTable(classes="column-figures", cursor_type="none", show_cursor=False)
        yield Label("Requirements (confirmed view)", classes="heading")
        yield Static(classes="column-requirements")
        yield Label("Term-by-term plan", classes="heading")
        yield DataTable(classes="column-plan", cursor_type="none", show_cursor=False)

    def on_mount(self) -> None:
        self.query_one(".column-figures", DataTable).add_columns("", "Confirmed", "With RPL")
        self.query_one(".column-plan", DataTable).add_columns("Term", "Courses", "Credits")

    def show(self, result: ProgramResult | None, empty: str = "") -> None:
        title = self.query_one(".column-title", Static)
        figures = self.query_one(".column-figures", DataTable)
        plan = self.query_one(".column-plan", DataTable)
        requirements = self.query_one(".column-requirements", Static)
        figures.clear()
        plan.clear()
        if result is None:
            title.update(plain(empty, "dim"))
            requirements.update("")
            return
        heading = SafeText(result.title, style="bold")
        heading.append(f"\n{result.program} · {result.institution} · {result.award}", "dim")
        title.update(heading)
        for row in fmt.summary_rows(result):
            if row.label in SHOWN:
                figures.add_row(plain(row.label), plain(row.confirmed), plain(row.potential))
        requirements.update(requirement_lines(result))
        for term in result.confirmed.plan.terms:
            names = ", ".join(fmt.course_label(c) for c in term.courses)
            plan.add_row(term.label, plain(names or "(no courses offered)"), fmt.cr(term.credits))


def requirement_lines(result: ProgramResult) -> SafeText:
    """Each requirement with its status mark, word and progress (the Pathways tree's)."""
    text = SafeText()
    for index, requirement in enumerate(result.confirmed.audit.requirements):
        status = requirement.status
        style = fmt.STATUS_STYLE[status]
        text.append(("\n" if index else "") + f"{STATUS_MARK[status]} ", style)
        text.append(requirement.title + "  ")
        text.append(fmt.status_word(status), style)
        shown = fmt.progress(requirement.applied, requirement.needed, status)
        if shown:
            text.append(f"  {shown}", "dim")
    return text
