"""Add a held item: fuzzy search every loaded course and credential, then date and grade.

The same dialog corrects a held item (prefilled with its ref, date and grade). With
`apply` (the Session's edit), a refused choice is shown in the dialog, which stays open.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.fuzzy import Matcher
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, OptionList, Select
from textual.widgets.option_list import Option

from credstack.model.catalogue import EARLIEST, Grade
from credstack.model.learner import Held
from credstack.report import format as fmt
from credstack.session import Holdable
from credstack.tui.text import SafeText, plain

GRADES: tuple[str, ...] = Grade.__args__  # type: ignore[attr-defined]
SHOWN = 40


@dataclass(frozen=True)
class HeldChoice:
    ref: str
    earned: dt.date
    grade: str


def search(holdables: list[Holdable], query: str, limit: int = SHOWN) -> list[Holdable]:
    """The best fuzzy matches for `query` (all items in order when it is empty)."""
    if not query.strip():
        return holdables[:limit]
    matcher = Matcher(query)
    scored = [(matcher.match(h.search_text), h) for h in holdables]
    scored = [(score, h) for score, h in scored if score > 0]
    scored.sort(key=lambda pair: (-pair[0], pair[1].ref))
    return [h for _, h in scored[:limit]]


class AddHeldScreen(ModalScreen[HeldChoice | None]):
    """Dismisses with the chosen item, its date and grade, or None."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="held.cancel"),
        Binding("ctrl+s", "confirm", "Add", id="held.add"),
    ]
    DEFAULT_CSS = """
    AddHeldScreen { align: center middle; }
    AddHeldScreen > Vertical {
        width: 78; height: 22; border: thick $primary; background: $panel; padding: 0 1;
    }
    AddHeldScreen OptionList { height: 1fr; }
    AddHeldScreen Horizontal { height: auto; }
    AddHeldScreen #earned { width: 18; }
    AddHeldScreen #grade { width: 14; }
    AddHeldScreen #held-error { color: $error; height: auto; }
    """

    def __init__(
        self,
        holdables: list[Holdable],
        today: dt.date,
        title: str = "Add a held item",
        query: str = "",
        *,
        held: Held | None = None,
        apply: Callable[[HeldChoice], str | None] | None = None,
    ) -> None:
        super().__init__()
        self.holdables = holdables
        self.today = today
        self.heading = title
        self.held = held  # the item being corrected: its ref, date and grade prefilled
        self.query_text = held.ref if held is not None else query
        self.apply = apply
        self.shown: list[Holdable] = []

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(self.heading, classes="heading")
            yield Input(
                value=self.query_text, placeholder="search courses and credentials", id="query"
            )
            yield OptionList(id="matches")
            earned = self.held.earned if self.held is not None else self.today
            grade = self.held.grade if self.held is not None else "P"
            with Horizontal():
                yield Input(value=earned.isoformat(), placeholder="YYYY-MM-DD", id="earned")
                yield Select([(g, g) for g in GRADES], value=grade, allow_blank=False, id="grade")
                yield Button("Save" if self.held else "Add", id="add", variant="primary")
            yield Label("", id="held-error")

    def on_mount(self) -> None:
        self._refresh(self.query_text)
        self.query_one("#query", Input).focus()

    @on(Input.Changed, "#query")
    def _changed(self, event: Input.Changed) -> None:
        self._refresh(event.value)

    def _refresh(self, query: str) -> None:
        self.shown = search(self.holdables, query)
        options = self.query_one("#matches", OptionList)
        options.clear_options()
        for item in self.shown:
            label = SafeText(item.title, style="bold")
            amount = f", {fmt.cr(item.credits)}" if item.credits is not None else ""
            label.append(f"  {item.ref} · {item.kind}{amount} · {item.issuer}", style="dim")
            options.add_option(Option(label, id=item.ref))
        if self.shown:
            refs = [item.ref for item in self.shown]
            current = self.held.ref if self.held is not None else None
            options.highlighted = refs.index(current) if current in refs else 0

    @on(Input.Submitted, "#query")
    def _to_list(self) -> None:
        self.query_one("#matches", OptionList).focus()

    @on(OptionList.OptionSelected, "#matches")
    def _selected(self) -> None:
        self.query_one("#earned", Input).focus()

    @on(Input.Submitted, "#earned")
    @on(Button.Pressed, "#add")
    def action_confirm(self) -> None:
        options = self.query_one("#matches", OptionList)
        error = self.query_one("#held-error", Label)
        if options.highlighted is None or not self.shown:
            error.update("Choose an item from the list first.")
            return
        ref = self.shown[options.highlighted].ref
        try:
            earned = dt.date.fromisoformat(self.query_one("#earned", Input).value.strip())
        except ValueError:
            error.update("Earned date must be YYYY-MM-DD.")
            return
        if earned > self.today:
            error.update("Earned date is in the future.")
            return
        if earned < EARLIEST:
            error.update(f"Earned date must be on or after {EARLIEST}.")
            return
        choice = HeldChoice(ref, earned, str(self.query_one("#grade", Select).value))
        problem = self.apply(choice) if self.apply is not None else None
        if problem is not None:
            error.update(plain(problem))
            return
        self.dismiss(choice)

    def action_cancel(self) -> None:
        self.dismiss(None)
