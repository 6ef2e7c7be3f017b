"""The learner's own fields ([learner]): the profile dialog and the new-learner form.

Name, the audit's date, the first term (a year and a term from the loaded calendars),
the study load, the terms attended, the budget and target roles. Goals are chosen in
Compare and the palette, not here. What the form builds is checked by the pydantic
model here, then by `apply` (the Session's edit, with the file loader's checks); a
problem is shown in the dialog, which stays open.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal, InvalidOperation

from pydantic import ValidationError
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Label, Select

from credstack.model.learner import LearnerInfo
from credstack.report import format as fmt
from credstack.tui.text import SafeText, plain

Apply = Callable[[LearnerInfo], str | None]  # the edit; returns its problem, or None


class ProfileScreen(ModalScreen[LearnerInfo | None]):
    """Dismisses with the LearnerInfo that `apply` accepted, or None (cancelled)."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="profile.cancel"),
        Binding("ctrl+s", "confirm", "Save", id="profile.save"),
    ]
    DEFAULT_CSS = """
    ProfileScreen { align: center middle; }
    ProfileScreen > Vertical {
        width: 76; height: auto; max-height: 100%; border: thick $primary;
        background: $panel; padding: 0 1;
    }
    ProfileScreen #fields {
        grid-size: 2; grid-columns: 14 1fr; grid-rows: 1; grid-gutter: 1 0;
        height: auto;
    }
    ProfileScreen Horizontal { height: 1; }
    ProfileScreen #start-year { width: 8; }
    ProfileScreen #start-term { width: 1fr; }
    ProfileScreen Checkbox { margin-right: 2; }
    ProfileScreen #profile-error { color: $error; height: auto; }
    """

    def __init__(
        self,
        info: LearnerInfo,
        terms: list[str],
        apply: Apply,
        title: str = "Learner profile",
    ) -> None:
        super().__init__()
        self.info = info
        self.terms = terms
        self.apply = apply
        self.heading = title

    def compose(self) -> ComposeResult:
        info = self.info
        year, _, term = (info.start or "").partition(" ")
        terms = list(self.terms) + ([term] if term and term not in self.terms else [])
        attend = info.attend or []
        # Compact fields, one a line, so the dialog fits an 80x24 terminal.
        with Vertical():
            heading = SafeText(self.heading, style="bold")
            heading.append("   (no term ticked in Attends: every term)", style="dim")
            yield Label(heading, classes="heading")
            with Grid(id="fields"):
                yield Label("Name")
                yield Input(info.name, placeholder="the learner's name", compact=True, id="name")
                yield Label("As of")
                yield Input(
                    str(info.as_of or ""),
                    placeholder="YYYY-MM-DD: the audit's date (blank: today)",
                    compact=True,
                    id="as-of",
                )
                yield Label("Starts")
                with Horizontal():
                    yield Input(year, placeholder="year", compact=True, id="start-year")
                    yield Select(
                        [(plain(t), t) for t in terms],
                        value=term if term else Select.NULL,
                        prompt="the next term",
                        compact=True,
                        id="start-term",
                    )
                yield Label("Credits/term")
                yield Input(fmt.credits(info.credits_per_term), compact=True, id="credits-per-term")
                yield Label("Attends")
                with Horizontal(id="attend"):
                    for name in terms:
                        yield Checkbox(
                            plain(name), name in attend, compact=True, id=f"attend-{name}"
                        )
                yield Label("Budget")
                yield Input(
                    str(info.budget) if info.budget is not None else "",
                    placeholder="in the goal's currency (blank: none)",
                    compact=True,
                    id="budget",
                )
                yield Label("Target roles")
                yield Input(
                    ", ".join(info.roles),
                    placeholder="employer:role-id, comma separated",
                    compact=True,
                    id="roles",
                )
            yield Label("", id="profile-error")
            yield Button("Save (ctrl+s)", id="save", variant="primary", compact=True)

    def on_mount(self) -> None:
        self.query_one("#name", Input).focus()

    def _value(self, name: str) -> str:
        return self.query_one(f"#{name}", Input).value.strip()

    def _info(self) -> LearnerInfo | str:
        """The LearnerInfo the fields say, or what is wrong with them."""
        try:
            as_of = dt.date.fromisoformat(self._value("as-of")) if self._value("as-of") else None
        except ValueError:
            return f"as of: {self._value('as-of')!r} is not a date (YYYY-MM-DD)"
        numbers: dict[str, Decimal | None] = {}
        for name in ("credits-per-term", "budget"):
            text = self._value(name).replace(",", "")
            try:
                numbers[name] = Decimal(text) if text else None
            except InvalidOperation:
                return f"{name.replace('-', ' ')}: {self._value(name)!r} is not a number"
        term = self.query_one("#start-term", Select).value
        year = self._value("start-year")
        if (term is Select.NULL) != (not year):
            return "starts: give both the year and the term, or neither (the next term)"
        start = f"{year} {term}" if year else None
        attend = [t for t in self.terms if self.query_one(f"#attend-{t}", Checkbox).value]
        fields = {
            "name": self._value("name"),
            "as_of": as_of,
            "start": start,
            "credits_per_term": numbers["credits-per-term"] or Decimal(0),
            "attend": attend or None,
            "budget": numbers["budget"],
            "roles": [r.strip() for r in self._value("roles").split(",") if r.strip()],
            "goals": self.info.goals,
            "identifiers": self.info.identifiers,
        }
        try:
            return LearnerInfo.model_validate(fields)
        except ValidationError as problem:
            first = problem.errors()[0]
            where = ".".join(str(p) for p in first["loc"]).replace("_", " ") or "learner"
            return f"{where}: {first['msg'].removeprefix('Value error, ')}"

    @on(Button.Pressed, "#save")
    @on(Input.Submitted)
    def action_confirm(self) -> None:
        error = self.query_one("#profile-error", Label)
        info = self._info()
        problem = info if isinstance(info, str) else self.apply(info)
        if problem is not None:
            error.update(plain(problem))
            return
        self.dismiss(info)  # type: ignore[arg-type]

    def action_cancel(self) -> None:
        self.dismiss(None)
