"""The Learner area: who they are, what they hold, and how far each goal is.

With the held items, the report's evidence and imported-badges sections (the advice that
is about what the learner holds), in the reports' wording, and the appointment notes.
Enter on an entry asks the app to edit it (EditWanted); the app owns every edit.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.coordinate import Coordinate
from textual.message import Message
from textual.widgets import DataTable, Label, Static

from credstack.engine.evidence import EvidenceCheck
from credstack.engine.results import Report
from credstack.model.learner import LearnerFile
from credstack.report import badges as imported_section
from credstack.report import format as fmt
from credstack.tui.screens.evidence import state_text
from credstack.tui.text import SafeText, clip, plain

# short labels and a clipped title: a goal's row fits an 80-column terminal
GOAL_NUMBER_COLUMNS = (("Applied", 7), ("Left", 5), ("Terms", 5), ("Finish", 11), ("Cost", 14))
GOAL_TITLE_WIDTH = 22  # the least room for a goal's title; the full title is in Pathways
NOTE_WIDTH = 60  # a note's first line, clipped; the whole note is in its dialog (enter)

NO_GOALS = (
    "No goals yet. Find programs in Compare (3: choose an award, then a program), or "
    "press ctrl+p and type a program's name to make it a goal."
)

# the tables whose rows are entries of the learner file, by the list they show
ENTRY_TABLES = {"goals": "goals", "held": "held", "prior": "prior", "notes": "note"}


class LearnerView(VerticalScroll):
    """Learner facts, goals with their applied credit, held items, prior learning."""

    DEFAULT_CSS = """
    LearnerView DataTable { height: auto; max-height: 12; margin-bottom: 1; }
    LearnerView .heading { text-style: bold; color: $accent; }
    LearnerView .note { color: $text-muted; height: auto; margin-bottom: 1; }
    LearnerView #imported { margin-bottom: 0; }
    """

    @dataclass
    class EditWanted(Message):
        """Enter on an entry: `field` is "held", "prior", "exception" or "note"."""

        field: str
        index: int

    _shown: Report | None = None
    _shown_width = 0
    _goal_row = 0  # the goals table's cursor, restored when a new report redraws it

    def compose(self) -> ComposeResult:
        yield Static(id="learner-facts")
        yield Label(
            "Goals  (delete: remove, shift+↑/↓: move up/down)",
            classes="heading",
        )
        yield Static(NO_GOALS, id="no-goals", classes="note")
        yield DataTable(id="goals", cursor_type="row", zebra_stripes=True)
        yield Label(
            "Held credentials and courses  (a: add, enter: edit, delete: remove)",
            classes="heading",
        )
        yield DataTable(id="held", cursor_type="row", zebra_stripes=True)
        yield Label(
            "Evidence of the selected held item  (f: attach a file, v: the whole portfolio)",
            classes="heading",
        )
        yield Static(id="evidence-note")
        yield DataTable(id="evidence", cursor_type="row", zebra_stripes=True)
        yield Label(imported_section.TITLE, id="imported-heading", classes="heading")
        yield DataTable(id="imported", cursor_type="row", zebra_stripes=True)
        yield Static(plain(imported_section.NOTE), id="imported-note", classes="note")
        yield Label(
            "Prior learning (p) and adviser exceptions (e)  (enter: edit, delete: remove)",
            classes="heading",
        )
        yield DataTable(id="prior", cursor_type="row", zebra_stripes=True)
        yield Label("Notes  (n: add, enter: edit, delete: remove)", classes="heading")
        yield DataTable(id="notes", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        self.query_one("#held", DataTable).add_columns(
            "Held", "Title", "Earned", "Grade", "Evidence"
        )
        self.query_one("#evidence", DataTable).add_columns("State", "Artifact", "Detail", "Path")
        self.query_one("#prior", DataTable).add_columns("Kind", "Entry", "Detail")
        self.query_one("#notes", DataTable).add_columns("Date", "Author", "Note")
        self.query_one("#imported", DataTable).add_columns(
            "Held", "Title", "Earned", "Verification", "Why"
        )
        self._show_imported(None)

    def show_learner(self, learner: LearnerFile, titles: dict[str, str]) -> None:
        info = learner.learner
        facts = SafeText()
        facts.append(info.name, style="bold")
        facts.append(f"  ·  as of {info.as_of or 'today'}")
        facts.append(f"  ·  starts {info.start or 'next term'}")
        facts.append(f"  ·  {fmt.credits(info.credits_per_term)} cr/term")
        if info.attend:
            facts.append(f"  ·  attends {', '.join(info.attend)}")
        if info.budget is not None:
            facts.append(f"  ·  budget {fmt.credits(info.budget)}")
        if info.roles:
            facts.append(f"  ·  roles {', '.join(info.roles)}")
        facts.append("  (ctrl+e: edit)", style="dim")
        self.query_one("#learner-facts", Static).update(facts)
        self.query_one("#no-goals").display = not info.goals
        self.query_one("#goals").display = bool(info.goals)
        held = self.query_one("#held", DataTable)
        held.clear()
        for index, item in enumerate(learner.held):
            held.add_row(
                plain(item.ref),
                plain(titles.get(item.ref, "")),
                str(item.earned),
                item.grade,
                str(len(item.evidence)) if item.evidence else "",
                key=str(index),
            )
        self.learner = learner
        self._show_evidence()
        prior = self.query_one("#prior", DataTable)
        prior.clear()
        for index, entry in enumerate(learner.prior):
            detail = f"{fmt.credits(entry.hours)} h; {', '.join(entry.skills)}"
            prior.add_row(
                plain(f"prior: {entry.kind}"),
                plain(entry.title),
                plain(detail),
                key=f"prior:{index}",
            )
        for index, exception in enumerate(learner.exception):
            target = exception.item or exception.requirement or ""
            if exception.course:
                target += f" → {exception.course}"
            prior.add_row(
                plain(f"exception: {exception.kind}"),
                plain(f"{exception.program}: {target}"),
                plain(f"{exception.reason} ({exception.by or 'adviser'})"),
                key=f"exception:{index}",
            )
        notes = self.query_one("#notes", DataTable)
        notes.clear()
        for index, note in enumerate(learner.note):
            first = note.text.splitlines()[0] if note.text else ""
            more = " …" if "\n" in note.text.strip() else ""
            notes.add_row(
                str(note.date), plain(note.author), clip(first + more, NOTE_WIDTH), key=str(index)
            )

    # -- entries (edited by the app) --------------------------------------------------------
    def selected_entry(self) -> tuple[str, int] | None:
        """The entry under the cursor of the focused table, as (list, index): a goal, a
        held item, a prior-learning entry, an exception or a note. None when no entry
        table has focus or it is empty."""
        focused = self.app.focused
        if not isinstance(focused, DataTable) or focused.id not in ENTRY_TABLES:
            return None
        return self._entry_at(focused, focused.cursor_row)

    def _entry_at(self, table: DataTable, row: int) -> tuple[str, int] | None:
        if not 0 <= row < table.row_count:
            return None
        if table.id == "prior":
            field, _, index = str(
                table.coordinate_to_cell_key(Coordinate(row, 0)).row_key.value
            ).partition(":")
            return field, int(index)
        return ENTRY_TABLES[str(table.id)], row

    def selected_goal(self) -> str | None:
        """The program of the goals table's row under the cursor (whatever has focus)."""
        table = self.query_one("#goals", DataTable)
        if not 0 <= table.cursor_row < table.row_count:
            return None
        return str(table.coordinate_to_cell_key(Coordinate(table.cursor_row, 0)).row_key.value)

    def select_goal(self, index: int) -> None:
        """Put the goals table's cursor on goal `index` (kept when the rows are redrawn)."""
        self._goal_row = index
        table = self.query_one("#goals", DataTable)
        if 0 <= index < table.row_count:
            table.move_cursor(row=index)

    @on(DataTable.RowSelected, "#held, #prior, #notes")
    def _edit_wanted(self, event: DataTable.RowSelected) -> None:
        entry = self._entry_at(event.data_table, event.cursor_row)
        if entry is not None:
            self.post_message(self.EditWanted(*entry))

    # -- evidence ------------------------------------------------------------------------
    learner: LearnerFile | None = None
    checks: tuple[EvidenceCheck, ...] | None = None  # None while a check is running

    def show_checks(self, checks: tuple[EvidenceCheck, ...] | None) -> None:
        """The states of every artifact (from a worker), or None: being checked."""
        self.checks = checks
        self._show_evidence()

    def selected_held(self) -> int | None:
        table = self.query_one("#held", DataTable)
        if self.learner is None or not self.learner.held:
            return None
        return min(table.cursor_row, len(self.learner.held) - 1)

    @on(DataTable.RowHighlighted, "#held")
    def _held_highlighted(self) -> None:
        self._show_evidence()

    def _show_evidence(self) -> None:
        table = self.query_one("#evidence", DataTable)
        note = self.query_one("#evidence-note", Static)
        table.clear()
        index = self.selected_held()
        if index is None or self.learner is None:
            note.update("no held items")
            return
        held = self.learner.held[index]
        found = [c for c in self.checks or () if c.held_index == index]
        if self.checks is not None and len(found) != len(held.evidence):
            found = []  # the checks are of an older learner; a new check is running
        for position, evidence in enumerate(held.evidence):
            check = found[position] if found else None
            table.add_row(
                state_text(check),
                plain(evidence.title),
                plain(check.detail if check else ""),
                plain(evidence.path or "—"),
            )
        if not held.evidence:
            note.update(plain(f"{held.ref}: no evidence recorded (f: attach a file)"))
        elif found:
            note.update(plain(f"{held.ref}: {fmt.evidence_summary(found)}"))
        else:
            note.update(plain(f"{held.ref}: checking the files…"))

    def on_resize(self) -> None:
        if self._shown is not None and self._title_width() != self._shown_width:
            self.show_results(self._shown)

    def _title_width(self) -> int:
        """Room for the program title: what the number columns (with their padding)
        and the scroll bars leave."""
        numbers = sum(cells + 2 for _, cells in GOAL_NUMBER_COLUMNS)
        return max(GOAL_TITLE_WIDTH, min(70, self.size.width - numbers - 6))

    def show_results(self, report: Report) -> None:
        self._shown = report
        self._shown_width = width = self._title_width()
        goals = self.query_one("#goals", DataTable)
        if goals.row_count:
            self._goal_row = goals.cursor_row
        goals.clear(columns=True)  # columns too: the title column follows the room
        goals.add_column("Program", width=width)
        for label, cells in GOAL_NUMBER_COLUMNS:
            goals.add_column(label, width=cells)
        for result in report.results:
            audit = result.confirmed.audit
            plan = result.confirmed.plan
            goals.add_row(
                clip(result.title, width),
                f"{fmt.credits(audit.applied)}/{fmt.credits(result.credits)}",
                fmt.credits(audit.remaining),
                str(plan.term_count),
                fmt.plan_finish(plan),
                fmt.money(plan.cost, result.currency),
                key=result.program,
            )
        if goals.row_count:
            goals.move_cursor(row=min(self._goal_row, goals.row_count - 1), animate=False)
        self._show_imported(report)

    def _show_imported(self, report: Report | None) -> None:
        """Held items imported from badges, with the verification recorded at import
        (the report's `imported` section); hidden when there are none."""
        imported = report.imported if report is not None else ()
        for part in ("#imported-heading", "#imported", "#imported-note"):
            self.query_one(part).display = bool(imported)
        table = self.query_one("#imported", DataTable)
        table.clear()
        for item in imported:
            table.add_row(
                plain(item.held),
                plain(item.title),
                item.earned,
                plain(item.verification, imported_section.STYLE.get(item.verification, "")),
                plain(item.note),
            )
