"""Enter on a Compare row: set the program as a goal, or see its what-if first."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from credstack.tui.text import plain


class ProgramChoiceScreen(ModalScreen[str]):
    """Dismisses with "goal", "what-if", "show" (already a goal) or "cancel"."""

    BINDINGS = [Binding("escape", "cancel", "Back", id="choice.cancel")]
    DEFAULT_CSS = """
    ProgramChoiceScreen { align: center middle; }
    ProgramChoiceScreen > Vertical {
        width: 72; height: auto; border: thick $accent; background: $panel; padding: 0 1;
    }
    ProgramChoiceScreen OptionList { height: auto; margin-top: 1; }
    """

    def __init__(self, ref: str, title: str, is_goal: bool, first_goal: str | None) -> None:
        super().__init__()
        self.ref = ref
        self.program_title = title
        self.is_goal = is_goal
        self.first_goal = first_goal

    def compose(self) -> ComposeResult:
        beside = f"beside {self.first_goal}" if self.first_goal else "no goal to set it beside"
        options = [
            Option("Show it in Pathways (already a goal)", id="show")
            if self.is_goal
            else Option("Set as a goal", id="goal"),
            Option(plain(f"What-if this program ({beside})"), id="what-if"),
            Option("Cancel", id="cancel"),
        ]
        with Vertical():
            yield Label(plain(f"{self.program_title} ({self.ref})"))
            yield OptionList(*options, id="program-choice")

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id or "cancel")

    def action_cancel(self) -> None:
        self.dismiss("cancel")
