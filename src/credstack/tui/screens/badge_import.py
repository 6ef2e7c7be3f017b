"""Import badge: each achievement with its match and verification; the adviser confirms.

Exact matches that did not fail are ticked; a candidate match (by humanCode or name) is
added only when the adviser ticks it (space); a failed item can never be ticked.
Dismisses with the held items to add, or None.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.coordinate import Coordinate
from textual.screen import ModalScreen
from textual.widgets import Button, DataTable, Label

from credstack.badges.importer import ImportItem
from credstack.badges.verify import Verification
from credstack.model.learner import Held
from credstack.tui.text import plain

_STATE = {"verified": "✓ verified", "unverified": "? unverified", "failed": "✗ failed"}


def selectable(item: ImportItem) -> bool:
    return item.ok and item.held is not None and item.match.kind in ("exact", "candidate")


class BadgeImportScreen(ModalScreen[list[Held] | None]):
    BINDINGS = [
        Binding("space", "toggle_item", "Confirm / unconfirm", id="badge.toggle"),
        Binding("escape", "cancel", "Cancel", id="badge.cancel"),
    ]
    DEFAULT_CSS = """
    BadgeImportScreen { align: center middle; }
    BadgeImportScreen > Vertical {
        width: 96; height: auto; max-height: 90%; border: thick $primary;
        background: $panel; padding: 1 2;
    }
    BadgeImportScreen DataTable { height: auto; max-height: 14; }
    BadgeImportScreen #badge-why { color: $text-muted; height: auto; }
    BadgeImportScreen Horizontal { height: auto; margin-top: 1; }
    BadgeImportScreen Button { margin-right: 2; }
    """

    def __init__(self, path: str, clr: Verification | None, items: list[ImportItem]) -> None:
        super().__init__()
        self.path = path
        self.clr = clr
        self.items = items
        self.chosen = [selectable(i) and i.match.kind == "exact" for i in items]

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(plain(f"Import badge: {self.path}"))
            if self.clr is not None:
                yield Label(plain(f"CLR: {_STATE[self.clr.status]}: {self.clr.note}"))
            yield DataTable(id="badge-items", cursor_type="row")
            yield Label("", id="badge-why")
            yield Label(
                "space: confirm or unconfirm the selected row (failed items cannot be added)"
            )
            with Horizontal():
                yield Button("Add ticked", id="add", variant="primary")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("Add", "State", "Match", "Reference", "Achievement")
        for index in range(len(self.items)):
            table.add_row(*self._cells(index), key=str(index))
        table.focus()
        self._explain(0)

    def _cells(self, index: int) -> tuple[str, ...]:
        item = self.items[index]
        tick = "[x]" if self.chosen[index] else ("[ ]" if selectable(item) else " - ")
        kind = "already held" if item.already_held else item.match.kind
        return (tick, _STATE[item.verification.status], kind, item.match.ref or "-", item.title)

    def _explain(self, index: int) -> None:
        if not self.items:
            return
        item = self.items[index]
        text = f"{item.match.why}. {item.verification.note}"
        self.query_one("#badge-why", Label).update(plain(text))

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._explain(event.cursor_row)

    def action_toggle_item(self) -> None:
        table = self.query_one(DataTable)
        index = table.cursor_row
        if index is None or index >= len(self.items) or not selectable(self.items[index]):
            self.notify("This item cannot be added", timeout=3)
            return
        self.chosen[index] = not self.chosen[index]
        for column, value in enumerate(self._cells(index)):
            table.update_cell_at(Coordinate(index, column), value)

    def selected(self) -> list[Held]:
        return [
            item.held
            for item, chosen in zip(self.items, self.chosen, strict=True)
            if chosen and item.held is not None and selectable(item)
        ]

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(self.selected() if event.button.id == "add" else None)

    def action_cancel(self) -> None:
        self.dismiss(None)
