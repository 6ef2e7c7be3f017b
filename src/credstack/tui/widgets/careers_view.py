"""The Careers area: fit for employer roles and the next best credential to earn.

It shows what engine/roles.py and engine/next_best.py computed (in a worker, since
next-best evaluates every goal once per candidate), with the same wording as the reports.
"""

from __future__ import annotations

import textwrap

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Label, Static

from credstack.engine.career_results import NextBest, RoleFit
from credstack.report.careers import NEXT_NOTE, next_rows, role_notes, role_rows
from credstack.tui.text import plain

WAITING = "Role fit and the next best credential are computed when this area is shown."
COMPUTING = "Computing role fit and the next best credential\u2026"


def _wrapped(text: str, width: int) -> Text:
    """`text` folded to `width` columns (a table cell does not wrap by itself), literally."""
    wrap = textwrap.TextWrapper(width, break_long_words=False, break_on_hyphens=False)
    lines = [part for line in text.splitlines() for part in wrap.wrap(line) or [""]]
    return plain("\n".join(lines))


class CareersView(VerticalScroll):
    """Role fit (evidenced, gap, cheapest and quickest sets) and the next-best ranking."""

    DEFAULT_CSS = """
    CareersView #careers-status { color: $text-muted; height: auto; }
    CareersView #careers-notes { color: $text-muted; height: auto; margin-top: 1; }
    CareersView DataTable { height: auto; }
    CareersView #next-why { height: auto; padding: 0 1; margin-bottom: 1;
        border-left: thick $primary; }
    """

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.next_best: tuple[NextBest, ...] = ()

    def compose(self) -> ComposeResult:
        yield Static(WAITING, id="careers-status")
        yield Label("Employer roles (skills-first)", classes="heading")
        yield DataTable(id="roles-table", cursor_type="row", zebra_stripes=True)
        yield Label("Next best credential (\u2191 \u2193: why)", classes="heading")
        yield Static(id="next-why")
        yield DataTable(id="next-table", cursor_type="row", zebra_stripes=True)
        yield Static(id="careers-notes")

    def on_mount(self) -> None:
        self.query_one("#roles-table", DataTable).add_columns(
            "Role", "Evidenced / gap", "Cheapest set / quickest set"
        )
        self.query_one("#next-table", DataTable).add_columns(
            "#", "Credential", "Price", "Gains", "Net cost"
        )

    def computing(self) -> None:
        self.query_one("#careers-status", Static).update(plain(COMPUTING))
        self.query_one("#roles-table", DataTable).loading = True
        self.query_one("#next-table", DataTable).loading = True

    def show(self, roles: tuple[RoleFit, ...], next_best: tuple[NextBest, ...]) -> None:
        self.next_best = next_best
        roles_table = self.query_one("#roles-table", DataTable)
        next_table = self.query_one("#next-table", DataTable)
        roles_table.loading = next_table.loading = False
        roles_table.clear()
        for row in role_rows(roles):
            roles_table.add_row(
                _wrapped(f"{row.title}\n{row.ref}\n{row.status}", 26),
                _wrapped(f"{row.evidenced}\ngap: {row.gap}", 32),
                _wrapped(f"{row.cheapest}\n{row.quickest}", 32),
                height=None,
            )
        next_table.clear()
        for candidate in next_rows(next_best):
            next_table.add_row(
                plain(candidate.rank),
                _wrapped(f"{candidate.title}\n{candidate.ref}", 30),
                plain(candidate.price),
                _wrapped(candidate.gains, 20),
                plain(candidate.net_cost),
                height=None,
            )
        targeted = sum(fit.target for fit in roles)
        status = (
            f"{targeted} target role(s); {len(next_best)} credential(s) worth earning next."
            if targeted
            else f"{len(roles)} best-fitting role(s); {len(next_best)} credential(s) "
            "worth earning next."
        )
        notes = role_notes(roles) + ([NEXT_NOTE] if next_best else [])
        self.query_one("#careers-status", Static).update(plain(status))
        self.query_one("#careers-notes", Static).update(plain("\n".join(notes)))
        self._explain(0)

    @on(DataTable.RowHighlighted, "#next-table")
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._explain(event.cursor_row)

    def _explain(self, row: int) -> None:
        why = self.query_one("#next-why", Static)
        if 0 <= row < len(self.next_best):
            candidate = self.next_best[row]
            why.update(plain(f"{candidate.rank}. {candidate.title}: {candidate.explanation}"))
        else:
            why.update("")
