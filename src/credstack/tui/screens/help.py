"""F1 / ?: every key, grouped by area."""

from __future__ import annotations

from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

KEYS: tuple[tuple[str, str, str], ...] = (
    ("Anywhere", "1 … 6", "Learner, Pathways, Compare, Explore, Catalogue, Careers"),
    ("Anywhere", "ctrl+p", "command palette: programs, credentials, actions, themes"),
    ("Anywhere", "a", "add a held credential or course (fuzzy search)"),
    ("Anywhere", "w", "what-if: try a credential before adding it"),
    ("Anywhere", "p", "add prior learning"),
    ("Anywhere", "e", "record an adviser exception"),
    ("Anywhere", "n", "add a note of what was agreed (dated today, signed by you)"),
    ("Anywhere", "ctrl+e", "edit the learner's profile: name, start, load, budget, roles"),
    ("Anywhere", "ctrl+z / ctrl+y", "undo / redo the last edit (any kind, the last 50)"),
    ("Anywhere", "ctrl+s", "save the learner file (atomic, keeps .bak)"),
    ("Anywhere", "ctrl+o", "open a learner file"),
    ("Anywhere", "x", "write the report for the learner to take away (HTML, Markdown, text)"),
    ("Anywhere", "ctrl+n", "start a new learner (the new-learner form)"),
    ("Anywhere", "f1 or ?", "this help"),
    ("Anywhere", "ctrl+q", "quit (asks when there are unsaved changes)"),
    ("Learner", "enter", "edit the highlighted held item, prior learning, exception or note"),
    ("Learner", "delete", "remove the highlighted goal or entry (asks first)"),
    ("Learner", "shift+↑ ↓", "move the highlighted goal up or down"),
    ("Pathways", "↑ ↓", "choose the goal; tab moves into the tree and plan"),
    ("Pathways", "t", "transfer agreements into the goal: what each feeder's items count for"),
    ("Compare", "s", "sort by terms, cost or remaining credit"),
    ("Compare", "enter", "on a program: set it as a goal, or its what-if beside the first goal"),
    ("What-if program", "g / f", "make it a goal / the first goal; escape goes back"),
    ("Explore", "↑ ↓", "choose a held item to see every path from it"),
    ("Learner", "f", "attach a file (hashed) as evidence of the selected held item"),
    ("Anywhere", "v", "the evidence portfolio: every artifact checked against its hash"),
    ("Careers", "↑ ↓", "choose a next-best credential to see why it ranks there"),
    ("Anywhere", "i", "import an Open Badge / CLR: match, verify offline, confirm, add"),
    ("Dialogs", "enter / escape", "confirm / cancel"),
    ("Caseload", "escape", "from the areas: back to the list of learner files (tui FOLDER)"),
    ("Caseload", "/ s S enter", "filter; sort by the next column; reverse; open the learner"),
)


class HelpScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("escape,f1,question_mark,q", "dismiss", "Close", id="help.close"),
    ]
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll {
        width: 76; max-height: 22; border: thick $primary; background: $panel; padding: 0 1;
    }
    """

    def compose(self) -> ComposeResult:
        table = Table(title="credstack keys", expand=True, show_edge=False)
        table.add_column("Where", style="dim", no_wrap=True)
        table.add_column("Key", style="bold", no_wrap=True)
        table.add_column("What it does", ratio=1)
        for where, key, what in KEYS:
            table.add_row(where, key, what)
        with VerticalScroll():
            yield Static(table)

    def action_dismiss(self) -> None:  # type: ignore[override]
        self.dismiss(None)
