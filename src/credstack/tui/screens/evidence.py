"""The evidence portfolio: every held item's artifacts and their states, as `verify` shows."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Label, Static

from credstack.engine.evidence import EvidenceCheck
from credstack.report import format as fmt
from credstack.report.evidence import STATE_STYLE
from credstack.tui.text import SafeText, plain

MARK = {"ok": "✓", "changed": "✗", "missing": "✗", "refused": "✗", "unreadable": "✗"}


def state_text(check: EvidenceCheck | None) -> Text:
    """The state as shown in tables, in the reports' colours (failures bold red)."""
    if check is None:
        return SafeText("checking…", style="dim")
    mark = MARK.get(check.state, "·")
    return SafeText(f"{mark} {check.state}", style=STATE_STYLE.get(check.state, ""))


class EvidenceScreen(ModalScreen[None]):
    """Read-only: the states come from the app's last check (a worker read the files)."""

    BINDINGS = [Binding("escape,v", "close", "Close", id="evidence.close")]
    DEFAULT_CSS = """
    EvidenceScreen { align: center middle; }
    EvidenceScreen > Vertical {
        width: 96; max-width: 100%; height: auto; max-height: 90%;
        border: thick $accent; background: $panel; padding: 0 1;
    }
    EvidenceScreen DataTable { height: auto; max-height: 20; }
    EvidenceScreen #portfolio-summary { margin-top: 1; }
    """

    def __init__(self, learner: str, checks: Sequence[EvidenceCheck]) -> None:
        super().__init__()
        self.learner = learner
        self.checks = tuple(checks)

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(plain(f"Evidence portfolio of {self.learner}"), classes="heading")
            yield DataTable(id="portfolio", cursor_type="row", zebra_stripes=True)
            yield Static(id="portfolio-summary")
            yield Label("f on a held item in the Learner area attaches a file · esc closes")

    def on_mount(self) -> None:
        table = self.query_one("#portfolio", DataTable)
        table.add_columns("State", "Held", "Artifact", "Detail", "Path")
        for check in self.checks:
            table.add_row(
                state_text(check),
                plain(check.held),
                plain(check.title),
                plain(check.detail),
                plain(check.path or "—"),
            )
        line = " · ".join(
            filter(None, [fmt.evidence_summary(self.checks), fmt.evidence_verdict(self.checks)])
        )
        self.query_one("#portfolio-summary", Static).update(plain(line))

    def action_close(self) -> None:
        self.dismiss(None)
