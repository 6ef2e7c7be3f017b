"""The caseload (`credstack tui FOLDER`): every learner file of a folder, one row each.

A view like the areas: the App hands it the files (`show_files`), the files' summaries as
a worker makes them (`show_summaries`) and which file is open (`show_open`); it asks for
them with `Wanted` and opens a learner with `Chosen` (messages up). It never reads a
file: listing, loading and auditing run in the App's worker, through the Session, and
the Session keeps each summary while the file's mtime and size are unchanged, so coming
back to the list is instant.

Columns: a mark (● unsaved changes of the open learner, ! the open learner's file was
changed on disk since it was opened, ▸ the open learner), the learner's name (the file's
until it is read), the goals, the first goal's applied / program credits, credits left
and finish (the confirmed audit and plan, as in Learner), and when the file was last
modified; below the table, the highlighted file's path and goals. A file that cannot be
loaded or evaluated shows its name and located error (`line N: message`) in its row and
the whole `file:line: message` below the table; the others load all the same.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, DataTable, Footer, Header, Input, Label, ProgressBar, Static

from credstack.report import format as fmt
from credstack.safe_text import safe_text
from credstack.session import CaseFile, CaseSummary
from credstack.tui.text import clip, plain

# (key, header, width)
COLUMNS: tuple[tuple[str, str, int], ...] = (
    ("mark", "", 1),
    ("name", "Learner", 18),
    ("goals", "Goals", 22),
    ("applied", "Applied", 7),
    ("left", "Left", 5),
    ("finish", "Finish", 13),
    ("modified", "Modified", 16),
)
WIDTH = {key: width for key, _, width in COLUMNS}
SORTABLE = tuple(key for key, _, _ in COLUMNS if key != "mark")
TERM_ORDER = {"winter": 0, "spring": 1, "summer": 2, "fall": 3, "autumn": 3}
PENDING = "…"


@dataclass(frozen=True)
class OpenFile:
    """The learner open in the Learner area: its real file, its bytes' hash when it was
    read or last saved, and whether it has unsaved changes."""

    real: str
    sha256: str
    dirty: bool


@dataclass
class Case:
    """A row: the file as listed and its summary once the worker has made it."""

    file: CaseFile
    summary: CaseSummary | None = None

    @property
    def key(self) -> str:
        return str(self.file.path)

    def search_text(self) -> str:
        summary = self.summary
        parts = [self.file.path.name]
        if summary is not None:
            parts += [summary.name or "", " ".join(summary.goals), summary.error or ""]
            if summary.first is not None:
                parts.append(summary.first.title)
        return " ".join(parts).casefold()


def mark(case: Case, open_file: OpenFile | None) -> Text:
    """● unsaved, ! changed on disk since opened, ▸ open; nothing for the other files."""
    summary = case.summary
    if open_file is None or summary is None or summary.real != open_file.real:
        return plain("")
    if open_file.dirty:
        return plain("●", f"bold {fmt.TONE_STYLE['warn']}")
    if summary.sha256 != open_file.sha256:
        return plain("!", f"bold {fmt.TONE_STYLE['bad']}")
    return plain("▸", f"bold {fmt.TONE_STYLE['info']}")


def modified(file: CaseFile) -> str:
    """The file's mtime in local time, to the minute."""
    return dt.datetime.fromtimestamp(file.mtime_ns / 1e9).strftime("%Y-%m-%d %H:%M")


def cells(case: Case, open_file: OpenFile | None) -> dict[str, Any]:
    """The row's cells, by column key (what is not known yet shows …)."""
    summary = case.summary
    row: dict[str, Any] = {
        "mark": mark(case, open_file),
        "name": clip(case.file.path.name, WIDTH["name"]),
        "goals": PENDING,
        "applied": PENDING,
        "left": PENDING,
        "finish": PENDING,
        "modified": modified(case.file),
    }
    if summary is None:
        return row
    row["applied"] = row["left"] = row["finish"] = fmt.DASH
    if summary.error is not None:  # "FILE:LINE: message": the file is in the row already
        bad = fmt.TONE_STYLE["bad"]
        where = summary.error.removeprefix(str(case.file.path) + ":")
        row["name"] = plain(clip(case.file.path.name, WIDTH["name"]).plain, bad)
        row["goals"] = plain(clip(f"line {where}", WIDTH["goals"]).plain, bad)
        return row
    row["name"] = clip(summary.name or case.file.path.name, WIDTH["name"])
    if not summary.goals:
        row["goals"] = plain("no goals", fmt.TONE_STYLE["muted"])
        return row
    more = f" +{len(summary.goals) - 1}" if len(summary.goals) > 1 else ""
    first = summary.goals[0]
    row["goals"] = clip(first, WIDTH["goals"] - len(more)) + plain(more)
    result = summary.first
    if result is not None:
        audit, plan = result.confirmed.audit, result.confirmed.plan
        row["applied"] = f"{fmt.credits(audit.applied)}/{fmt.credits(result.credits)}"
        row["left"] = fmt.credits(audit.remaining)
        row["finish"] = fmt.plan_finish(plan)
    return row


def sort_key(column: str) -> Callable[[Case], tuple[Any, ...]]:
    """How rows sort by `column`: rows without the value (still auditing, a bad file, no
    goals) last whichever the direction; ties by file name."""

    def numbers(case: Case) -> tuple[Decimal, Decimal] | None:
        result = case.summary.first if case.summary else None
        if result is None:
            return None
        audit = result.confirmed.audit
        return audit.applied, audit.remaining

    def finish(case: Case) -> tuple[Any, ...] | None:
        result = case.summary.first if case.summary else None
        if result is None:
            return None
        plan = result.confirmed.plan
        if not plan.finishes:
            return (9999, 9, "")
        if plan.finish is None:
            return (0, 0, "")  # nothing left to take
        year, _, term = plan.finish.partition(" ")
        return (int(year) if year.isdigit() else 9999, TERM_ORDER.get(term.lower(), 5), term)

    def value(case: Case) -> Any:
        summary = case.summary
        if column == "modified":
            return case.file.mtime_ns
        if summary is None:
            return None
        if column == "name":
            return (summary.name or case.file.path.name).casefold()
        if column == "goals":
            return summary.goals[0] if summary.goals and not summary.error else None
        if column == "applied":
            found = numbers(case)
            return found[0] if found else None
        if column == "left":
            found = numbers(case)
            return found[1] if found else None
        if column == "finish":
            return finish(case)
        raise ValueError(column)

    def key(case: Case) -> tuple[Any, ...]:
        found = value(case)
        return (found is None, found if found is not None else 0, case.file.path.name)

    return key


def ordered(cases: Sequence[Case], column: str, reverse: bool) -> list[Case]:
    """`cases` sorted by `column`; rows without a value stay last when reversed too."""
    key = sort_key(column)
    known = [case for case in cases if not key(case)[0]]
    unknown = [case for case in cases if key(case)[0]]
    return sorted(known, key=key, reverse=reverse) + sorted(unknown, key=key)


class ConfirmSwitch(ModalScreen[str]):
    """The open learner has unsaved changes: save, discard or stay. Dismisses with
    "save", "discard" or "cancel"."""

    BINDINGS = [Binding("escape", "cancel", "Back", id="switch.cancel")]
    DEFAULT_CSS = """
    ConfirmSwitch { align: center middle; }
    ConfirmSwitch > Vertical {
        width: 64; height: auto; border: thick $warning; background: $panel; padding: 1 2;
    }
    ConfirmSwitch Horizontal { height: auto; margin-top: 1; }
    ConfirmSwitch Button { margin-right: 2; }
    """

    def __init__(self, name: str) -> None:
        super().__init__()
        self.learner_name = name

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(plain(f"{self.learner_name} has unsaved changes."))
            with Horizontal():
                yield Button("Save, then open", id="save", variant="primary")
                yield Button("Discard them", id="discard", variant="error")
                yield Button("Back", id="cancel")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id or "cancel")

    def action_cancel(self) -> None:
        self.dismiss("cancel")


class CaseloadScreen(Screen[None]):
    """The learner files of a folder: search, sort, open one with Enter."""

    BINDINGS = [
        Binding("slash", "filter", "Filter", id="caseload.filter"),
        Binding("s", "sort", "Sort", id="caseload.sort", tooltip="Sort by the next column"),
        Binding("S", "reverse", "Reverse", id="caseload.reverse", key_display="S"),
        # priority: Enter in the filter opens the highlighted (first matching) learner too
        Binding("enter", "open", "Open", id="caseload.open", priority=True),
        Binding(
            "escape",
            "back",
            "Learner",
            id="caseload.back",
            tooltip="Back to the open learner (the list stays as it is)",
        ),
    ]
    DEFAULT_CSS = """
    CaseloadScreen { layout: vertical; }
    CaseloadScreen #caseload-status { height: 1; padding: 0 1; }
    CaseloadScreen #caseload-status Label { width: auto; margin-right: 2; }
    CaseloadScreen #caseload-progress { width: 30; }
    CaseloadScreen #caseload-filter { margin: 0 1; }
    CaseloadScreen #caseload-table { height: 1fr; margin: 0 1; }
    CaseloadScreen #caseload-detail {
        height: auto; max-height: 4; padding: 0 1; color: $text-muted;
    }
    """

    class Wanted(Message):
        """The list is shown: the App lists the folder and audits what changed."""

    @dataclass
    class Chosen(Message):
        """Enter on a row: open this learner file in the Learner area."""

        path: Path

    def __init__(self, folder: Path) -> None:
        super().__init__(id="caseload")
        self.folder = folder
        self.cases: dict[str, Case] = {}
        self.order: list[str] = []  # the folder's files, by name
        self.open_file: OpenFile | None = None
        self.sort_column = "name"
        self.reverse = False
        self.shown: list[str] = []  # the rows in the table, in order
        self.listed = False  # the folder has been listed at least once
        self.todo = 0  # files being audited now
        self.done = 0
        self.rebuild_pending = False

    # -- layout ------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="caseload-status"):
            yield Label(id="caseload-count")
            yield ProgressBar(id="caseload-progress", show_eta=False)
        yield Input(placeholder="Filter by name, file, goal or error  (/)", id="caseload-filter")
        yield DataTable(id="caseload-table", cursor_type="row", zebra_stripes=True)
        yield Static(id="caseload-detail")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = safe_text(f"Caseload: {self.folder}")  # a path is data
        self.query_one("#caseload-progress").display = False
        self._count()
        self._rebuild()
        self.query_one("#caseload-table", DataTable).focus()

    def on_screen_resume(self) -> None:
        self.post_message(self.Wanted())

    # -- what the App hands down -------------------------------------------------------
    def show_files(
        self, files: Sequence[CaseFile], cached: dict[Path, CaseSummary], todo: int
    ) -> None:
        """The folder as listed now, with the summaries still valid; `todo` files are
        being audited (their summaries follow in batches)."""
        old, self.cases = self.cases, {}
        for file in files:
            case = Case(file, cached.get(file.path))
            self.cases[case.key] = case
        order = [str(file.path) for file in files]
        unchanged = (
            self.listed
            and order == self.order
            and all(
                (before := old.get(key)) is not None and before.summary is case.summary
                for key, case in self.cases.items()
            )
        )
        self.listed, self.order = True, order
        self.todo, self.done = todo, 0
        if not unchanged:  # coming back to an unchanged folder: the rows are as shown
            self._rebuild()
        self._progress()

    def show_summaries(self, summaries: Sequence[CaseSummary]) -> None:
        """Files' summaries, from the worker: their rows fill in where they stand."""
        table = self.query_one("#caseload-table", DataTable)
        highlighted = self._highlighted()
        for summary in summaries:
            self.done += 1
            case = self.cases.get(str(summary.file.path))
            if case is None:
                continue
            case.summary = summary
            shown, matches = case.key in self.shown, self._matches(case)
            if shown and matches:
                for column, value in cells(case, self.open_file).items():
                    table.update_cell(case.key, column, value)
                if case.key == highlighted:
                    self._detail()
            elif shown != matches:  # its name or goals now (un)match the filter
                self._rebuild_soon()
        self._progress()
        if self.done >= self.todo:
            self._rebuild()  # every row known: apply the sort and the filter to all of them

    def _rebuild_soon(self) -> None:
        """Rebuild once for all the summaries of the next quarter second."""
        if not self.rebuild_pending:
            self.rebuild_pending = True
            self.set_timer(0.25, self._rebuild)

    def show_open(self, open_file: OpenFile | None) -> None:
        """Which learner is open (and whether it has unsaved changes): the marks."""
        self.open_file = open_file
        if not self.is_mounted:
            return
        table = self.query_one("#caseload-table", DataTable)
        for key in self.shown:
            table.update_cell(key, "mark", mark(self.cases[key], open_file))

    # -- the table ---------------------------------------------------------------------
    def _matches(self, case: Case) -> bool:
        words = self.query_one("#caseload-filter", Input).value.casefold().split()
        text = case.search_text()
        return all(word in text for word in words)

    def _rebuild(self) -> None:
        self.rebuild_pending = False
        table = self.query_one("#caseload-table", DataTable)
        # a row the adviser moved to stays highlighted wherever it goes; the top stays top
        highlighted = self._highlighted() if table.cursor_row > 0 else None
        cases = [self.cases[key] for key in self.order if key in self.cases]
        rows = [c for c in ordered(cases, self.sort_column, self.reverse) if self._matches(c)]
        table.clear(columns=True)
        for key, label, width in COLUMNS:
            if key == self.sort_column:
                label = f"{label} {'▼' if self.reverse else '▲'}"
            table.add_column(label, width=width, key=key)
        for case in rows:
            row = cells(case, self.open_file)
            table.add_row(*(row[key] for key, _, _ in COLUMNS), key=case.key)
        self.shown = [case.key for case in rows]
        if highlighted in self.shown:
            table.move_cursor(row=self.shown.index(highlighted), animate=False)
        self._count()
        self._detail()

    def _highlighted(self) -> str | None:
        table = self.query_one("#caseload-table", DataTable)
        if not self.shown or not 0 <= table.cursor_row < len(self.shown):
            return None
        return self.shown[table.cursor_row]

    def _count(self) -> None:
        label = self.query_one("#caseload-count", Label)
        if not self.listed:
            label.update(plain(f"Listing {self.folder}…"))
            return
        total = len(self.cases)
        bad = sum(1 for c in self.cases.values() if c.summary and c.summary.error)
        text = f"{total} learner file{'s' * (total != 1)}"
        if not total:
            text = f"No learner files (*.toml) in {self.folder}"
        if bad:
            text += f" · {bad} with errors"
        if len(self.shown) != total:
            text += f" · {len(self.shown)} shown"
        label.update(plain(text))

    def _progress(self) -> None:
        bar = self.query_one("#caseload-progress", ProgressBar)
        working = self.done < self.todo
        bar.display = working
        if working:
            bar.update(total=self.todo, progress=self.done)
        self._count()
        if working:
            label = self.query_one("#caseload-count", Label)
            label.update(plain(f"Auditing {self.done} of {self.todo} learner files…"))

    def _detail(self) -> None:
        detail = self.query_one("#caseload-detail", Static)
        key = self._highlighted()
        case = self.cases.get(key) if key else None
        if case is None:
            detail.update("")
            return
        summary = case.summary
        if summary is None:
            detail.update(plain(f"{case.file.path}: auditing…"))
        elif summary.error is not None:
            detail.update(plain(summary.error, fmt.TONE_STYLE["bad"]))
        elif not summary.goals:
            detail.update(plain(f"{case.file.path}: no goals yet (Enter, then Compare: 3)"))
        else:
            first = summary.first
            title = f"{first.title} ({first.institution})" if first else summary.goals[0]
            rest = ", ".join(summary.goals[1:])
            text = f"{case.file.path}: first goal {title}" + (f"; then {rest}" if rest else "")
            detail.update(plain(text))

    @on(DataTable.RowHighlighted, "#caseload-table")
    def _row_highlighted(self) -> None:
        self._detail()

    @on(DataTable.HeaderSelected, "#caseload-table")
    def _header_clicked(self, event: DataTable.HeaderSelected) -> None:
        column = str(event.column_key.value)
        if column not in SORTABLE:
            return
        if column == self.sort_column:
            self.reverse = not self.reverse
        else:
            self.sort_column, self.reverse = column, False
        self._rebuild()

    @on(DataTable.RowSelected, "#caseload-table")
    def _row_clicked(self, event: DataTable.RowSelected) -> None:
        """A click on the highlighted row opens it, as Enter does (Enter itself is the
        screen's binding, so it works from the filter too)."""
        event.stop()
        self.action_open()

    @on(Input.Changed, "#caseload-filter")
    def _filter_changed(self) -> None:
        self._rebuild()

    # -- keys --------------------------------------------------------------------------
    def action_filter(self) -> None:
        self.query_one("#caseload-filter", Input).focus()

    def action_sort(self) -> None:
        position = SORTABLE.index(self.sort_column)
        self.sort_column, self.reverse = SORTABLE[(position + 1) % len(SORTABLE)], False
        self._rebuild()

    def action_reverse(self) -> None:
        self.reverse = not self.reverse
        self._rebuild()

    def action_open(self) -> None:
        key = self._highlighted()
        if key is not None:
            self.post_message(self.Chosen(Path(key)))

    def action_back(self) -> None:
        field = self.query_one("#caseload-filter", Input)
        if field.has_focus and field.value:
            field.value = ""  # escape in the filter clears it first
            return
        if field.has_focus:
            self.query_one("#caseload-table", DataTable).focus()
            return
        if self.open_file is not None or self.app_has_learner():
            self.dismiss(None)

    def app_has_learner(self) -> bool:
        session = getattr(self.app, "session", None)
        return session is not None and session.loaded is not None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "back":
            return self.app_has_learner() or self.query_one("#caseload-filter").has_focus
        if action in ("sort", "reverse"):
            # typed letters belong to the filter while it has the focus
            return not self.query_one("#caseload-filter").has_focus
        return True
