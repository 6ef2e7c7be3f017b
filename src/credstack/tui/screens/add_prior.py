"""Add prior learning that no catalogue lists (workplace, volunteer, military...)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from pydantic import ValidationError
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select

from credstack.model.catalogue import PriorKind
from credstack.model.learner import Prior

KINDS: tuple[str, ...] = PriorKind.__args__  # type: ignore[attr-defined]


class AddPriorScreen(ModalScreen[Prior | None]):
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="prior.cancel"),
        Binding("ctrl+s", "confirm", "Add", id="prior.add"),
    ]
    DEFAULT_CSS = """
    AddPriorScreen { align: center middle; }
    AddPriorScreen > Vertical {
        width: 70; height: auto; border: thick $primary; background: $panel; padding: 0 1;
    }
    AddPriorScreen #prior-error { color: $error; }
    """

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label("Add prior learning", classes="heading")
            yield Input(placeholder="title, e.g. Data analyst, Acme Logistics", id="title")
            yield Select([(k, k) for k in KINDS], value="workplace", allow_blank=False, id="kind")
            yield Input(placeholder="hours, e.g. 1600", id="hours")
            yield Input(placeholder="skills, comma separated (skill ids)", id="skills")
            yield Input(placeholder="evidence, comma separated", id="evidence")
            yield Input(placeholder="ended YYYY-MM-DD (optional)", id="ended")
            yield Button("Add", id="add", variant="primary")
            yield Label("", id="prior-error")

    @on(Button.Pressed, "#add")
    def action_confirm(self) -> None:
        def value(name: str) -> str:
            return self.query_one(f"#{name}", Input).value.strip()

        error = self.query_one("#prior-error", Label)
        try:
            hours = Decimal(value("hours") or "0")
            ended = dt.date.fromisoformat(value("ended")) if value("ended") else None
            prior = Prior(
                title=value("title"),
                kind=str(self.query_one("#kind", Select).value),  # type: ignore[arg-type]
                hours=hours,
                skills=[s.strip() for s in value("skills").split(",") if s.strip()],
                evidence=[s.strip() for s in value("evidence").split(",") if s.strip()],
                ended=ended,
            )
        except (InvalidOperation, ValueError, ValidationError) as problem:
            message = str(problem).splitlines()[0]
            if isinstance(problem, ValidationError):
                first = problem.errors()[0]
                message = f"{first['loc'][0]}: {first['msg']}"
            error.update(message)
            return
        self.dismiss(prior)

    def action_cancel(self) -> None:
        self.dismiss(None)
