"""A note of what was agreed in the appointment: several lines of text, its author, a date.

The author is the adviser: $CREDSTACK_ADVISER, else the login name, else "adviser". A
new note is dated today; an edited one keeps its date. `apply` (the Session's edit, with
the file loader's checks) decides; a problem is shown in the dialog, which stays open.
"""

from __future__ import annotations

import datetime as dt
import getpass
import os
from collections.abc import Callable

from pydantic import ValidationError
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, TextArea

from credstack.model.learner import Note
from credstack.tui.text import plain

Apply = Callable[[Note], str | None]  # the edit; returns its problem, or None


def adviser() -> str:
    """Who is writing: $CREDSTACK_ADVISER, else the login name, else "adviser"."""
    named = os.environ.get("CREDSTACK_ADVISER", "").strip()
    if named:
        return named
    try:
        return getpass.getuser().strip() or "adviser"
    except (OSError, KeyError, ImportError):  # no login name (a container, no passwd entry)
        return "adviser"


class NoteScreen(ModalScreen[Note | None]):
    """Dismisses with the Note that `apply` accepted, or None (cancelled)."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="note.cancel"),
        Binding("ctrl+s", "confirm", "Save", id="note.save"),
    ]
    DEFAULT_CSS = """
    NoteScreen { align: center middle; }
    NoteScreen > Vertical {
        width: 76; height: auto; max-height: 100%; border: thick $primary;
        background: $panel; padding: 0 1;
    }
    NoteScreen TextArea { height: 8; margin: 1 0; }
    NoteScreen Horizontal { height: 1; }
    NoteScreen #author { width: 1fr; }
    NoteScreen #note-error { color: $error; height: auto; }
    """

    def __init__(self, note: Note | None, today: dt.date, apply: Apply) -> None:
        super().__init__()
        self.note = note
        self.date = note.date if note is not None else today
        self.apply = apply

    def compose(self) -> ComposeResult:
        editing = self.note is not None
        with Vertical():
            yield Label("Edit the note" if editing else "Add a note", classes="heading")
            yield TextArea(
                self.note.text if self.note else "",
                soft_wrap=True,
                tab_behavior="focus",
                id="text",
            )
            with Horizontal():
                yield Label(f"{self.date}  by  ")
                yield Input(
                    self.note.author if self.note else adviser(),
                    placeholder="author",
                    compact=True,
                    id="author",
                )
            yield Label("", id="note-error")
            yield Button("Save (ctrl+s)", id="save", variant="primary", compact=True)

    def on_mount(self) -> None:
        self.query_one("#text", TextArea).focus()

    @on(Button.Pressed, "#save")
    @on(Input.Submitted, "#author")
    def action_confirm(self) -> None:
        error = self.query_one("#note-error", Label)
        text = self.query_one("#text", TextArea).text.strip()
        author = self.query_one("#author", Input).value.strip()
        try:
            note = Note(date=self.date, author=author, text=text)
        except ValidationError as problem:
            first = problem.errors()[0]
            where = ".".join(str(p) for p in first["loc"]) or "note"
            message = first["msg"].removeprefix("Value error, ")
            if first["type"] == "string_too_short":
                message = "write something" if where == "text" else "who wrote it?"
            error.update(plain(f"{where}: {message}"))
            return
        problem_text = self.apply(note)
        if problem_text is not None:
            error.update(plain(problem_text))
            return
        self.dismiss(note)

    def action_cancel(self) -> None:
        self.dismiss(None)
