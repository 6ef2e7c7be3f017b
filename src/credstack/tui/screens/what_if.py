"""What-if: every number with a provisional credential, before committing it."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, DataTable, Label

from credstack.engine.results import Report
from credstack.report import format as fmt
from credstack.tui.text import plain


class WhatIfScreen(ModalScreen[bool]):
    """Dismisses True to add the item for real, False to discard it."""

    BINDINGS = [
        Binding("escape", "discard", "Discard", id="whatif.discard"),
        Binding("ctrl+s", "commit", "Add it", id="whatif.commit"),
    ]
    DEFAULT_CSS = """
    WhatIfScreen { align: center middle; }
    WhatIfScreen > Vertical {
        width: 78; height: auto; max-height: 22; border: thick $accent; background: $panel;
        padding: 0 1;
    }
    WhatIfScreen DataTable { height: auto; max-height: 14; }
    WhatIfScreen Horizontal { height: auto; margin-top: 1; }
    WhatIfScreen Button { margin-right: 2; }
    """

    def __init__(self, ref: str, title: str, before: Report, after: Report) -> None:
        super().__init__()
        self.ref = ref
        self.item_title = title
        self.before = before
        self.after = after

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(plain(f"What if the learner adds {self.item_title} ({self.ref})?"))
            yield DataTable(id="deltas", cursor_type="none")
            with Horizontal():
                yield Button("Add it (ctrl+s)", id="commit", variant="primary")
                yield Button("Discard (esc)", id="discard")

    def on_mount(self) -> None:
        table = self.query_one("#deltas", DataTable)
        table.add_columns("Program", "Applied", "Remaining", "Terms", "Finish", "Cost")
        after = {r.program: r for r in self.after.results}
        for old in self.before.results:
            new = after[old.program]
            oc, nc = old.confirmed, new.confirmed
            table.add_row(
                plain(old.title[:24]),
                _delta(fmt.credits(oc.audit.applied), fmt.credits(nc.audit.applied)),
                _delta(fmt.credits(oc.audit.remaining), fmt.credits(nc.audit.remaining)),
                _delta(str(oc.plan.term_count), str(nc.plan.term_count)),
                _delta(fmt.plan_finish(oc.plan), fmt.plan_finish(nc.plan)),
                _delta(
                    fmt.money(oc.plan.cost, old.currency), fmt.money(nc.plan.cost, new.currency)
                ),
            )

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "commit")

    def action_commit(self) -> None:
        self.dismiss(True)

    def action_discard(self) -> None:
        self.dismiss(False)


def _delta(before: str, after: str) -> str:
    return before if before == after else f"{before} → {after}"
