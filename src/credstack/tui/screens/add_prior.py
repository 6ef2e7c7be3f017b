"""Add prior learning that no catalogue lists (workplace, volunteer, military...).

The same dialog corrects an entry (prefilled). With `apply` (the Session's edit), a
refused entry is shown in the dialog, which stays open.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal, InvalidOperation

from pydantic import ValidationError
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select

from credstack.model.catalogue import PriorKind
from credstack.model.learner import Prior
from credstack.report import format as fmt
from credstack.tui.text import plain

KINDS: tuple[str, ...] = PriorKind.__args__  # type: ignore[attr-defined]


class AddPriorScreen(ModalScreen[Prior | None]):
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="prior.cancel"),
        Binding("ctrl+s", "confirm", "Add", id="prior.add"),
    ]
    DEFAULT_CSS = """
    AddPriorScreen { align: center middle; }
    AddPriorScreen > Vertical {
        width: 74; height: auto; max-height: 100%; border: thick $primary;
        background: $panel; padding: 0 1;
    }
    AddPriorScreen #fields {
        grid-size: 2; grid-columns: 10 1fr; grid-rows: 1; grid-gutter: 1 0;
        height: auto; margin: 1 0;
    }
    AddPriorScreen #prior-error { color: $error; height: auto; }
    """

    def __init__(
        self, prior: Prior | None = None, apply: Callable[[Prior], str | None] | None = None
    ) -> None:
        super().__init__()
        self.prior = prior  # the entry being corrected, prefilled
        self.apply = apply

    def compose(self) -> ComposeResult:
        old = self.prior
        verb = "Save" if old is not None else "Add"
        # Compact fields, one a line, so the dialog fits an 80x24 terminal.
        with Vertical():
            yield Label(
                "Edit prior learning" if old is not None else "Add prior learning",
                classes="heading",
            )
            with Grid(id="fields"):
                yield Label("Title")
                yield Input(
                    old.title if old else "",
                    placeholder="e.g. Data analyst, Acme Logistics",
                    compact=True,
                    id="title",
                )
                yield Label("Kind")
                yield Select(
                    [(k, k) for k in KINDS],
                    value=old.kind if old else "workplace",
                    allow_blank=False,
                    compact=True,
                    id="kind",
                )
                yield Label("Hours")
                yield Input(
                    fmt.credits(old.hours) if old else "",
                    placeholder="e.g. 1600",
                    compact=True,
                    id="hours",
                )
                yield Label("Skills")
                yield Input(
                    ", ".join(old.skills) if old else "",
                    placeholder="skill ids, comma separated",
                    compact=True,
                    id="skills",
                )
                yield Label("Evidence")
                yield Input(
                    ", ".join(old.evidence) if old else "",
                    placeholder="comma separated, e.g. portfolio",
                    compact=True,
                    id="evidence",
                )
                yield Label("Ended")
                yield Input(
                    str(old.ended) if old and old.ended else "",
                    placeholder="YYYY-MM-DD (optional)",
                    compact=True,
                    id="ended",
                )
            yield Label("", id="prior-error")
            yield Button(f"{verb} (ctrl+s)", id="add", variant="primary", compact=True)

    @on(Button.Pressed, "#add")
    def action_confirm(self) -> None:
        def value(name: str) -> str:
            return self.query_one(f"#{name}", Input).value.strip()

        error = self.query_one("#prior-error", Label)
        try:
            hours = Decimal(value("hours") or "0")
        except InvalidOperation:
            error.update(plain(f"hours: {value('hours')!r} is not a number"))
            return
        try:
            ended = dt.date.fromisoformat(value("ended")) if value("ended") else None
        except ValueError:
            error.update(plain(f"ended: {value('ended')!r} is not a date (YYYY-MM-DD)"))
            return
        try:
            prior = Prior(
                title=value("title"),
                kind=str(self.query_one("#kind", Select).value),  # type: ignore[arg-type]
                hours=hours,
                skills=[s.strip() for s in value("skills").split(",") if s.strip()],
                evidence=[s.strip() for s in value("evidence").split(",") if s.strip()],
                ended=ended,
            )
        except ValidationError as problem:
            first = problem.errors()[0]
            where = ".".join(str(p) for p in first["loc"]) or "prior"
            error.update(plain(f"{where}: {first['msg'].removeprefix('Value error, ')}"))
            return
        problem_text = self.apply(prior) if self.apply is not None else None
        if problem_text is not None:
            error.update(plain(problem_text))
            return
        self.dismiss(prior)

    def action_cancel(self) -> None:
        self.dismiss(None)
