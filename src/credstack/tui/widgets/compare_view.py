"""The Compare area: programs side by side, filtered, sortable, with cost against finish.

With no filter it shows the learner's goals; any filter (award, subject area,
institution, country, credit system: the choices are the loaded region's, from the
Session) searches every loaded program. Results arrive as the App's worker computes
them, with the progress shown. The cells are the compare report's (report/format.py
`compare_rows`, `compare_notes`); the plot and its Pareto front are the engine's
(`Tradeoff`s). Enter on a row asks the App what to do with the program (ProgramChosen).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import DataTable, Label, Select, Static

from credstack.engine.compare_results import CompareChoices, CompareFilter, Tradeoff
from credstack.engine.results import ProgramResult
from credstack.report import format as fmt
from credstack.tui.text import clip, plain
from credstack.tui.widgets.cost_plot import ON_FRONT, CostPlot

SORTS = ("terms", "cost", "remaining")
FILTERS = ("award", "subject", "institution", "country", "credit_system")
ANY = {
    "award": "Any award",
    "subject": "Any subject",
    "institution": "Any institution",
    "country": "Any country",
    "credit_system": "Any credits",
}
TOOLTIP = {
    "award": "Only programs of this award",
    "subject": "Only programs whose requirements name this subject",
    "institution": "Only this institution's programs",
    "country": "Only institutions in this country",
    "credit_system": "Only institutions counting in this credit system",
}


class CompareView(Vertical):
    """Filters on top, then the table of programs, the plot and the notes (scrolling)."""

    DEFAULT_CSS = """
    CompareView #compare-bar { height: 1; margin-bottom: 1; }
    CompareView #compare-bar Select { width: 1fr; margin-right: 1; }
    CompareView #compare-bar #institution { width: 2fr; }
    CompareView #compare-sort { height: 1; color: $text-muted; }
    CompareView #compare-body { height: 1fr; }
    CompareView DataTable { height: auto; max-height: 16; }
    CompareView CostPlot { margin-top: 1; }
    CompareView #compare-notes { height: auto; color: $text-muted; }
    """

    @dataclass
    class FilterChanged(Message):
        filters: CompareFilter
        sort: str

        @property
        def award(self) -> str | None:
            return self.filters.award

    @dataclass
    class ProgramChosen(Message):
        """Enter on a row: the App offers set as goal / what-if this program."""

        program: str

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.sort = "terms"
        self.filters = CompareFilter()
        self.progress = ""

    def compose(self) -> ComposeResult:
        with Horizontal(id="compare-bar"):
            for name in FILTERS:
                yield Select(
                    [(ANY[name], "")],
                    value="",
                    allow_blank=False,
                    id=name,
                    compact=True,
                    tooltip=TOOLTIP[name],
                )
        yield Label(self._status(), id="compare-sort")
        with VerticalScroll(id="compare-body"):
            yield DataTable(id="compare-table", cursor_type="row", zebra_stripes=True)
            yield CostPlot(id="cost-plot")
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

    def set_choices(self, choices: CompareChoices) -> None:
        """The values each filter offers: the loaded region's (Session.compare_choices)."""
        offered: dict[str, list[tuple[str, str]]] = {
            "award": [(a.title(), a) for a in choices.awards],
            "subject": [(s, s) for s in choices.subjects],
            "institution": [(name, issuer_id) for name, issuer_id in choices.institutions],
            "country": [(c, c) for c in choices.countries],
            "credit_system": [(c, c) for c in choices.credit_systems],
        }
        for name, options in offered.items():
            select = self.query_one(f"#{name}", Select)
            with select.prevent(Select.Changed):
                select.set_options([(ANY[name], ""), *options])
                select.value = getattr(self.filters, name) or ""

    @on(Select.Changed)
    def _filter(self, event: Select.Changed) -> None:
        name = event.select.id
        if name not in FILTERS:
            return
        event.stop()
        values = {f: getattr(self.filters, f) for f in FILTERS}
        values[name] = str(event.value) or None
        self.filters = CompareFilter(**values)
        self.post_message(self.FilterChanged(self.filters, self.sort))

    def cycle_sort(self) -> None:
        self.sort = SORTS[(SORTS.index(self.sort) + 1) % len(SORTS)]
        self.query_one("#compare-sort", Label).update(plain(self._status()))
        self.post_message(self.FilterChanged(self.filters, self.sort))

    def _status(self) -> str:
        scope = "programs matching the filters" if self.filters.active else "the learner's goals"
        progress = f" · {self.progress}" if self.progress else ""
        return f"{scope}{progress} · sorted by {self.sort}  (s: change sort, enter: choose)"

    def show_progress(self, done: int, total: int) -> None:
        self.progress = f"computing {done} of {total}…" if done < total else f"{total} programs"
        self.query_one("#compare-sort", Label).update(plain(self._status()))

    def show(
        self,
        results: Sequence[ProgramResult],
        points: Sequence[Tradeoff] = (),
        done: int | None = None,
        total: int | None = None,
    ) -> None:
        """The programs computed so far, ranked; `done` of `total` when still computing."""
        count = len(results)
        self.show_progress(count if done is None else done, count if total is None else total)
        front = {p.program for p in points if p.on_front}
        table = self.query_one("#compare-table", DataTable)
        chosen = self.chosen() if table.has_focus else None  # the adviser's row stays chosen
        table.clear()
        for row in fmt.compare_rows(results):
            mark = f"{ON_FRONT} " if row.program in front else "  "
            table.add_row(
                clip(mark + row.title, 28),  # clipped: the numbers stay in view at 80 columns
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
        if chosen is not None and chosen in table.rows:
            table.move_cursor(row=table.get_row_index(chosen), animate=False)
        self.query_one(CostPlot).show(points)
        notes = list(fmt.compare_notes(results))
        if front:
            notes.append(f"{ON_FRONT}: on the Pareto front of cost against finish.")
        self.query_one("#compare-notes", Static).update(plain("\n".join(notes)))

    def chosen(self) -> str | None:
        """The program under the table's cursor, if any."""
        table = self.query_one("#compare-table", DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
        return str(key.value) if key.value is not None else None

    @on(DataTable.RowSelected, "#compare-table")
    def _row_chosen(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if event.row_key.value is not None:
            self.post_message(self.ProgramChosen(str(event.row_key.value)))
