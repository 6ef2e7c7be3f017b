"""A save found the file changed on disk, or another file in the way: reload, overwrite,
save as, or go back. Nothing was written when this shows."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label

from credstack.errors import ChangedOnDisk, SaveRefused
from credstack.tui.text import plain


class ChangedOnDiskScreen(ModalScreen[str]):
    """Dismisses with "reload", "overwrite", "save-as" or "cancel".

    "reload" is offered only when the file that changed is the one open (ChangedOnDisk),
    not when saving as another file that exists (TargetExists)."""

    BINDINGS = [Binding("escape", "cancel", "Back", id="changed.cancel")]
    DEFAULT_CSS = """
    ChangedOnDiskScreen { align: center middle; }
    ChangedOnDiskScreen > Vertical {
        width: 76; height: auto; border: thick $warning; background: $panel; padding: 1 2;
    }
    ChangedOnDiskScreen #changed-detail { color: $text-muted; margin-top: 1; }
    ChangedOnDiskScreen Horizontal { height: auto; margin-top: 1; }
    ChangedOnDiskScreen Button { margin-right: 1; }
    """

    def __init__(self, refused: SaveRefused) -> None:
        super().__init__()
        self.refused = refused
        self.can_reload = isinstance(refused, ChangedOnDisk)

    def compose(self) -> ComposeResult:
        name = self.refused.path.name
        if self.can_reload:
            question = (
                f"{name} was changed on disk since it was opened. Reload it (your "
                "unsaved changes are dropped), overwrite it with your version, or save "
                "your version as another file?"
            )
        else:
            question = f"{name} already exists. Overwrite it, or save as another file?"
        with Vertical():
            yield Label(plain(question), id="changed-question")
            yield Label(plain(self.refused.problems[0].message), id="changed-detail")
            with Horizontal():
                if self.can_reload:
                    yield Button("Reload", id="reload", variant="primary")
                yield Button("Overwrite", id="overwrite", variant="error")
                yield Button("Save as...", id="save-as")
                yield Button("Back", id="cancel")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id or "cancel")

    def action_cancel(self) -> None:
        self.dismiss("cancel")
