"""Record an adviser exception: substitute, grant, waive or exclude, with a reason."""

from __future__ import annotations

import datetime as dt

from pydantic import ValidationError
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select

from credstack.model.learner import AdviserException


class AddExceptionScreen(ModalScreen[AdviserException | None]):
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="exception.cancel"),
        Binding("ctrl+s", "confirm", "Record", id="exception.add"),
    ]
    DEFAULT_CSS = """
    AddExceptionScreen { align: center middle; }
    AddExceptionScreen > Vertical {
        width: 74; height: auto; border: thick $primary; background: $panel; padding: 0 1;
    }
    AddExceptionScreen #exception-error { color: $error; }
    """

    def __init__(
        self, programs: list[str], items: list[str], today: dt.date, adviser: str = ""
    ) -> None:
        super().__init__()
        self.programs = programs
        self.items = items
        self.today = today
        self.adviser = adviser

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label("Record an adviser exception", classes="heading")
            yield Select(
                [(k, k) for k in ("substitute", "grant", "waive", "exclude")],
                value="substitute", allow_blank=False, id="kind",
            )
            yield Select([(p, p) for p in self.programs], prompt="program", id="program")
            yield Select([(i, i) for i in self.items], prompt="held item or prior learning",
                         id="item")
            yield Input(placeholder="course it stands for (substitute, grant)", id="course")
            yield Input(placeholder="requirement id (waive)", id="requirement")
            yield Input(placeholder="reason", id="reason")
            yield Input(value=self.adviser, placeholder="adviser", id="by")
            yield Button("Record", id="add", variant="primary")
            yield Label("", id="exception-error")

    @on(Button.Pressed, "#add")
    def action_confirm(self) -> None:
        def text(name: str) -> str | None:
            return self.query_one(f"#{name}", Input).value.strip() or None

        def choice(name: str) -> str | None:
            value = self.query_one(f"#{name}", Select).value
            return None if value is Select.NULL else str(value)

        error = self.query_one("#exception-error", Label)
        kind = choice("kind") or "substitute"
        try:
            exception = AdviserException(
                kind=kind,  # type: ignore[arg-type]
                program=choice("program") or "",
                item=choice("item") if kind != "waive" else None,
                course=text("course") if kind in ("substitute", "grant") else None,
                requirement=text("requirement") if kind == "waive" else None,
                reason=text("reason") or "",
                by=text("by"),
                date=self.today,
            )
        except ValidationError as problem:
            first = problem.errors()[0]
            where = ".".join(str(p) for p in first["loc"]) or kind
            error.update(f"{where}: {first['msg'].removeprefix('Value error, ')}")
            return
        self.dismiss(exception)

    def action_cancel(self) -> None:
        self.dismiss(None)
