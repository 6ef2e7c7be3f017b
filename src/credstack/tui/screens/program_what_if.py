"""What-if a program: its audit and plan beside the learner's first goal, without making
it a goal (Session.what_if_program); `g` makes it one."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Footer, Label

from credstack.engine.results import ProgramResult
from credstack.tui.text import plain
from credstack.tui.widgets.program_column import ProgramColumn


class ProgramWhatIfScreen(Screen[str]):
    """Dismisses with "goal" (add it to the goals), "first" (make it the first goal) or
    "back"."""

    BINDINGS = [
        Binding("escape", "back", "Back", id="program_what_if.back"),
        Binding(
            "g",
            "decide('goal')",
            "Set as goal",
            id="program_what_if.goal",
            tooltip="Add this program to the learner's goals",
        ),
        Binding(
            "f",
            "decide('first')",
            "Set as first goal",
            id="program_what_if.first",
            tooltip="Add this program as the learner's first goal",
        ),
    ]
    DEFAULT_CSS = """
    ProgramWhatIfScreen #what-if-title { padding: 0 1; text-style: bold; }
    ProgramWhatIfScreen Horizontal { height: 1fr; }
    ProgramWhatIfScreen #current { border-left: vkey $panel-lighten-2; }
    """

    def __init__(
        self, ref: str, what_if: ProgramResult, current: ProgramResult | None, is_goal: bool
    ) -> None:
        super().__init__()
        self.ref = ref
        self.what_if = what_if
        self.current = current
        self.is_goal = is_goal

    def compose(self) -> ComposeResult:
        verdict = "already a goal" if self.is_goal else "not a goal: nothing is changed"
        yield Label(plain(f"What if: {self.what_if.title} ({verdict})"), id="what-if-title")
        with Horizontal():
            yield ProgramColumn("What if", id="what-if")
            yield ProgramColumn("Current first goal", id="current")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#what-if", ProgramColumn).show(self.what_if)
        self.query_one("#current", ProgramColumn).show(
            self.current, "The learner has no goal yet: this would be the first."
        )

    def action_decide(self, choice: str) -> None:
        self.dismiss(choice)

    def action_back(self) -> None:
        self.dismiss("back")
