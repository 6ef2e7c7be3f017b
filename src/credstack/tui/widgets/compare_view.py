"""The Compare area: programs side by side, sortable, with time-to-credential bars.

The cells are the compare report's (report/format.py `compare_rows`, `compare_notes`).
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import DataTable, Label, Select, Static

from credstack.engine.results import ProgramResult
from credstack.model.catalogue import AWARD_ORDER
from credstack.report import format as fmt
from credstack.tui.text import SafeText, clip, plain

SORTS = ("terms", "cost", "remaining")


class CompareView(Vertical):
    """A table of programs across institutions, filterable by award type."""

    DEFAULT_CSS = """
    CompareView #compare-bar { height: 3; }
    CompareView Select { width: 30; }
    CompareView #compare-sort { width: 1fr; padding: 1 2; }
    CompareView DataTable { height: auto; max-height: 60%; }
    CompareView #bars { height: auto; margin-top: 1; }
    CompareView #compare-notes { height: auto; color: $text-muted; }
    """

    @dataclass
    class FilterChanged(Message):
        award: str | None
        sort: str

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.sort = "terms"
        self.award: str | None = None

    def compose(self) -> ComposeResult:
        with Horizontal(id="compare-bar"):
            yield Select(
                [("The learner's goals", "")] + [(a.title(), a) for a in AWARD_ORDER],
                value="",
                allow_blank=False,
                id="award",
            )
            yield Label("sorted by terms  (s: change sort)", id="compare-sort")
        yield DataTable(id="compare-table", cursor_type="row", zebra_stripes=True)
        yield Label("Time to credential (terms)", classes="heading")
        yield Static(id="bars")
        yield Static(id="compare-notes")

    def on_mount(self) -> None:
        self.query_one("#compare-table", DataTable).add_columns(
            "Program",
            "Institution",
            "Award",
            "Applied",
            "Left",
            "Terms",
            "Finish",
            "Cost",
            "Per cr",
            "Saves",
        )

    @on(Select.Changed, "#award")
    def _award(self, event: Select.Changed) -> None:
        self.award = str(event.value) or None
        self.post_message(self.FilterChanged(self.award, self.sort))

    def cycle_sort(self) -> None:
        self.sort = SORTS[(SORTS.index(self.sort) + 1) % len(SORTS)]
        self.query_one("#compare-sort", Label).update(f"sorted by {self.sort}  (s: change sort)")
        self.post_message(self.FilterChanged(self.award, self.sort))

    def show(self, results: list[ProgramResult]) -> None:
        table = self.query_one("#compare-table", DataTable)
        table.clear()
        for row in fmt.compare_rows(results):
            table.add_row(
                clip(row.title, 28),  # clipped: the numbers stay in view at 80 columns
                clip(row.institution, 18),
                row.award,
                row.applied,
                row.remaining,
                row.terms,
                plain(row.finish, "bold red" if row.stuck else ""),
                row.cost,
                row.cost_per_credit,
                row.savings,
                key=row.program,
            )
        self.query_one("#bars", Static).update(bars(results))
        self.query_one("#compare-notes", Static).update(
            plain("\n".join(fmt.compare_notes(results)))
        )


def bars(results: list[ProgramResult], width: int = 40) -> Text:
    """A small horizontal bar chart of terms to credential."""
    text = SafeText()
    longest = max((r.confirmed.plan.term_count for r in results), default=0) or 1
    for result in results:
        terms = result.confirmed.plan.term_count
        label = result.title[:28].ljust(28)
        text.append(label + " ")
        text.append("█" * max(0, round(terms / longest * width)), style="bold")
        text.append(f" {terms}\n")
    return text
