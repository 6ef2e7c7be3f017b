"""`x`: where the takeaway report goes, and in which format (HTML by default)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, RadioButton, RadioSet

from credstack.tui.text import plain

# (format, what the adviser reads, the file name ending); report.render.TAKEAWAY_FORMATS
FORMATS: tuple[tuple[str, str, str], ...] = (
    ("html", "HTML (a page to open or print)", ".html"),
    ("markdown", "Markdown (to paste in an email)", ".md"),
    ("text", "Text", ".txt"),
)
UNSAVED = "The learner has unsaved changes: the report shows them and says so."


@dataclass(frozen=True)
class TakeawayChoice:
    path: Path
    fmt: str


def with_ending(path: str, ending: str) -> str:
    """`path` with a takeaway ending swapped for `ending`; any other name is kept."""
    for _, _, known in FORMATS:
        if path.endswith(known):
            return path[: -len(known)] + ending
    return path


class TakeawayScreen(ModalScreen[TakeawayChoice | None]):
    """Choose a format and a path (prefilled beside the learner file); Enter writes."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="takeaway.cancel")]
    DEFAULT_CSS = """
    TakeawayScreen { align: center middle; }
    TakeawayScreen > Vertical {
        width: 76; height: auto; border: thick $primary; background: $panel; padding: 1 2;
    }
    TakeawayScreen RadioSet { margin: 1 0; }
    TakeawayScreen #takeaway-unsaved { color: $warning; }
    TakeawayScreen #takeaway-error { color: $error; }
    TakeawayScreen Horizontal { height: auto; margin-top: 1; }
    TakeawayScreen Button { margin-right: 2; }
    """

    def __init__(self, learner: str, path: Path, unsaved: bool) -> None:
        super().__init__()
        self.learner = learner
        self.path = path
        self.unsaved = unsaved
        self.fmt = "html"

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(plain(f"Write the report for {self.learner} to take away"))
            with RadioSet(id="takeaway-format"):
                for index, (_, label, _) in enumerate(FORMATS):
                    yield RadioButton(label, value=index == 0)
            yield Input(value=str(self.path), placeholder="path/to/report.html", id="path")
            yield Label(UNSAVED if self.unsaved else "", id="takeaway-unsaved")
            yield Label("", id="takeaway-error")
            with Horizontal():
                yield Button("Write (enter)", id="write", variant="primary")
                yield Button("Cancel (esc)", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#path", Input).focus()

    @on(RadioSet.Changed, "#takeaway-format")
    def _format_chosen(self, event: RadioSet.Changed) -> None:
        self.fmt, _, ending = FORMATS[event.index]
        field = self.query_one("#path", Input)
        field.value = with_ending(field.value, ending)

    @on(Input.Submitted, "#path")
    @on(Button.Pressed, "#write")
    def _write(self) -> None:
        text = self.query_one("#path", Input).value.strip()
        if not text:
            return
        path = Path(text).expanduser()
        if path.is_dir():
            self._error(f"{path} is a folder: add a file name")
        elif not path.parent.is_dir():
            self._error(f"No such folder: {path.parent}")
        else:
            self.dismiss(TakeawayChoice(path, self.fmt))

    def _error(self, message: str) -> None:
        self.query_one("#takeaway-error", Label).update(plain(message))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
