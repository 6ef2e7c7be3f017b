"""Record an adviser exception: substitute, grant, waive or exclude, with a reason.

The same dialog corrects one (prefilled; its date stays). With `apply` (the Session's
edit), a refused exception is shown in the dialog, which stays open.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from pydantic import ValidationError
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select

from credstack.model.learner import AdviserException
from credstack.tui.text import plain


class AddExceptionScreen(ModalScreen[AdviserException | None]):
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="exception.cancel"),
        Binding("ctrl+s", "confirm", "Record", id="exception.add"),
    ]
    DEFAULT_CSS = """
    AddExceptionScreen { align: center middle; }
    AddExceptionScreen > Vertical {
        width: 74; height: auto; max-height: 100%; border: thick $primary;
        background: $panel; padding: 0 1;
    }
    AddExceptionScreen #fields {
        grid-size: 2; grid-columns: 12 1fr; grid-rows: 1; grid-gutter: 1 0;
        height: auto; margin: 1 0;
    }
    AddExceptionScreen #exception-error { color: $error; height: auto; }
    """

    def __init__(
        self,
        programs: list[str],
        items: list[str],
        today: dt.date,
        adviser: str = "",
        *,
        exception: AdviserException | None = None,
        apply: Callable[[AdviserException], str | None] | None = None,
    ) -> None:
        super().__init__()
        old = exception
        # the exception being corrected may name a program or item no longer offered
        self.programs = (
            programs + [old.program] if old and old.program not in programs else programs
        )
        self.items = items + [old.item] if old and old.item and old.item not in items else items
        self.today = today
        self.adviser = (old.by or "") if old is not None else adviser
        self.exception = old
        self.apply = apply

    def compose(self) -> ComposeResult:
        old = self.exception
        # Compact fields, one a line, so the dialog fits an 80x24 terminal.
        with Vertical():
            yield Label(
                "Edit the adviser exception" if old else "Record an adviser exception",
                classes="heading",
            )
            with Grid(id="fields"):
                yield Label("Kind")
                yield Select(
                    [(k, k) for k in ("substitute", "grant", "waive", "exclude")],
                    value=old.kind if old else "substitute",
                    allow_blank=False,
                    compact=True,
                    id="kind",
                )
                yield Label("Program")
                yield Select(
                    [(plain(p), p) for p in self.programs],
                    value=old.program if old else Select.NULL,
                    prompt="program",
                    compact=True,
                    id="program",
                )
                yield Label("Item")
                yield Select(
                    [(plain(i), i) for i in self.items],
                    value=old.item if old and old.item else Select.NULL,
                    prompt="held item or prior learning",
                    compact=True,
                    id="item",
                )
                yield Label("Course")
                yield Input(
                    (old.course or "") if old else "",
                    placeholder="course it stands for (substitute, grant)",
                    compact=True,
                    id="course",
                )
                yield Label("Requirement")
                yield Input(
                    (old.requirement or "") if old else "",
                    placeholder="requirement id (waive)",
                    compact=True,
                    id="requirement",
                )
                yield Label("Reason")
                yield Input(
                    old.reason if old else "",
                    placeholder="why (required)",
                    compact=True,
                    id="reason",
                )
                yield Label("Adviser")
                yield Input(value=self.adviser, placeholder="who decided", compact=True, id="by")
            yield Label("", id="exception-error")
            verb = "Save" if old else "Record"
            yield Button(f"{verb} (ctrl+s)", id="add", variant="primary", compact=True)

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
                date=self.exception.date if self.exception else self.today,
            )
        except ValidationError as problem:
            first = problem.errors()[0]
            where = ".".join(str(p) for p in first["loc"]) or kind
            error.update(plain(f"{where}: {first['msg'].removeprefix('Value error, ')}"))
            return
        problem_text = self.apply(exception) if self.apply is not None else None
        if problem_text is not None:
            error.update(plain(problem_text))
            return
        self.dismiss(exception)

    def action_cancel(self) -> None:
        self.dismiss(None)
