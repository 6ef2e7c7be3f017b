"""The command palette's providers (ctrl+p): programs, credentials and actions.

Not the CLI's commands (those are credstack.commands): these are what the palette finds.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Protocol

from textual.command import DiscoveryHit, Hit, Hits, Provider

from credstack.tui.text import highlight, markup_safe

if TYPE_CHECKING:
    from credstack.session import Session


class PaletteApp(Protocol):
    """What the palette asks of the app (tui/app.py's CredstackApp, which imports this)."""

    session: Session | None

    def show_program(self, ref: str) -> None: ...

    def what_if(self, ref: str) -> None: ...

    def what_if_program(self, ref: str) -> None: ...

    async def run_action(self, action: str) -> bool: ...


class ProgramsProvider(Provider):
    """Every loaded program: show it in Pathways (adding it as a goal), or its what-if
    beside the first goal (without adding it)."""

    async def search(self, query: str) -> Hits:
        app: PaletteApp = self.app  # type: ignore[assignment]
        if app.session is None:
            return
        matcher = self.matcher(query)
        for ref in app.session.region.program_refs():
            program = app.session.region.program(ref)
            assert program is not None
            text = f"Program: {program.title} ({ref})"
            score = matcher.match(text)
            if score > 0:
                yield Hit(
                    score,
                    highlight(matcher, text),
                    partial(app.show_program, ref),
                    help=f"{program.award}, {program.credits} credits",
                )
            text = f"What if the goal were: {program.title} ({ref})"
            score = matcher.match(text)
            if score > 0:
                yield Hit(
                    score,
                    highlight(matcher, text),
                    partial(app.what_if_program, ref),
                    help="its audit and plan beside the first goal; nothing is changed",
                )


class CredentialsProvider(Provider):
    """Every loaded credential: try it as a what-if."""

    async def search(self, query: str) -> Hits:
        app: PaletteApp = self.app  # type: ignore[assignment]
        if app.session is None:
            return
        matcher = self.matcher(query)
        for item in app.session.holdables():
            if item.kind == "course":
                continue
            text = f"What if: {item.title} ({item.ref})"
            score = matcher.match(text)
            if score > 0:
                yield Hit(
                    score,
                    highlight(matcher, text),
                    partial(app.what_if, item.ref),
                    help=markup_safe(f"{item.kind} from {item.issuer}"),
                )


ACTIONS: tuple[tuple[str, str, str], ...] = (
    ("Add a held credential or course", "add_held", "fuzzy search every loaded item"),
    ("Add prior learning", "add_prior", "workplace, volunteer, military, self-study"),
    ("Record an adviser exception", "add_exception", "substitute, grant, waive, exclude"),
    ("Add a note", "add_note", "what was agreed in the appointment"),
    ("Edit the learner profile", "profile", "name, as of, start, load, attendance, budget, roles"),
    ("Edit the highlighted entry", "edit_entry", "held item, prior learning, exception, note"),
    ("Remove the highlighted goal or entry", "remove_entry", "asks first; ctrl+z undoes it"),
    ("Move the highlighted goal up", "move_goal(-1)", "the first goal is the main one"),
    ("Move the highlighted goal down", "move_goal(1)", ""),
    ("Undo the last edit", "undo", "any kind of edit, the last 50"),
    ("Redo the edit undone", "redo", ""),
    ("New learner...", "new_learner", "start from nothing: the new-learner form"),
    ("What if...", "what_if_search", "try a credential before adding it"),
    ("Save the learner file", "save", "atomic save, keeps NAME.toml.bak"),
    ("Save the learner file as...", "save_as", "choose a new path"),
    ("Open a learner file", "open", "load another learner"),
    ("Write the takeaway report", "takeaway", "HTML, Markdown or text, for the learner"),
    ("Show the Learner area", "area('learner')", ""),
    ("Show the Pathways area", "area('pathways')", ""),
    ("Show the Compare area", "area('compare')", ""),
    ("Show the Explore area", "area('explore')", ""),
    ("Show the Catalogue area", "area('catalogue')", ""),
    ("Show the Careers area", "area('careers')", "role fit and the next best credential"),
    ("Transfer agreements into the chosen goal", "agreement", "feeder by feeder, as ASSIST"),
    ("Show the evidence portfolio", "evidence", "every artifact checked against its hash"),
    ("Attach evidence to the selected held item", "attach_evidence", "hashes the file"),
    ("Help: keys", "help", ""),
)


class ActionsProvider(Provider):
    async def discover(self) -> Hits:
        app: PaletteApp = self.app  # type: ignore[assignment]
        for title, action, help_text in ACTIONS:
            yield DiscoveryHit(title, partial(app.run_action, action), help=help_text or None)

    async def search(self, query: str) -> Hits:
        app: PaletteApp = self.app  # type: ignore[assignment]
        matcher = self.matcher(query)
        for title, action, help_text in ACTIONS:
            score = matcher.match(title)
            if score > 0:
                yield Hit(
                    score,
                    matcher.highlight(title),
                    partial(app.run_action, action),
                    help=help_text or None,
                )
