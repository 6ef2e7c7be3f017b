"""Ask for a file path (open, save as)."""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label

from credstack.tui.text import plain


class PathPrompt(ModalScreen[Path | None]):
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="path.cancel")]
    DEFAULT_CSS = """
    PathPrompt { align: center middle; }
    PathPrompt > Vertical {
        width: 70; height: auto; border: thick $primary; background: $panel; padding: 1 2;
    }
    PathPrompt #path-error { color: $error; }
    """

    def __init__(self, prompt: str, value: str = "", must_exist: bool = False) -> None:
        super().__init__()
        self.prompt = prompt
        self.value = value
        self.must_exist = must_exist

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(self.prompt)
            yield Input(value=self.value, placeholder="path/to/learner.toml", id="path")
            yield Label("", id="path-error")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        text = event.value.strip()
        if not text:
            return
        path = Path(text).expanduser()
        if self.must_exist and not path.is_file():
            self.query_one("#path-error", Label).update(plain(f"No such file: {path}"))
            return
        if not self.must_exist and not path.parent.exists():
            self.query_one("#path-error", Label).update(plain(f"No such folder: {path.parent}"))
            return
        self.dismiss(path)

    def action_cancel(self) -> None:
        self.dismiss(None)
