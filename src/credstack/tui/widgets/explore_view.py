"""The Explore area: every articulation path from a held item, and stack ladders.

A view: it asks for paths and ladders with messages (PathsWanted, LadderWanted); the app
computes them through the Session in its workers and hands them back (show_paths,
show_ladder).
"""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import DataTable, Label, OptionList, Select
from textual.widgets.option_list import Option

from credstack.engine.articulation_graph import ArticulationPath
from credstack.engine.ladder import Ladder
from credstack.report import format as fmt
from credstack.tui.text import SafeText, plain

KIND_STYLE = {"internal": "green", "articulation": "bold", "inferred": "yellow"}


class ExploreView(Horizontal):
    """Held items on the left; paths from the highlighted one and a stack ladder."""

    DEFAULT_CSS = """
    ExploreView #explore-items { width: 26; height: 100%; }
    ExploreView #explore-main { width: 1fr; }
    ExploreView DataTable { height: auto; max-height: 14; margin-bottom: 1; }
    ExploreView #ladder-bar { height: 3; }
    ExploreView #ladder-institution { width: 40; }
    """

    @dataclass
    class PathsWanted(Message):
        """The paths from this held item are to be shown."""

        ref: str

    @dataclass
    class LadderWanted(Message):
        """This institution's stack ladder (with the learner's progress) is to be shown."""

        issuer_id: str

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.institution: str | None = None
        self._institutions: list[tuple[str, str]] = []
        self._first_goal_issuer: str | None = None

    def compose(self) -> ComposeResult:
        yield OptionList(id="explore-items")
        with VerticalScroll(id="explore-main"):
            yield Label("Paths from the held item (w: what-if a new one)", classes="heading")
            yield DataTable(id="paths", cursor_type="row", zebra_stripes=True)
            with Vertical(id="ladder-section"):
                with Horizontal(id="ladder-bar"):
                    yield Label("Stack ladder of ", classes="heading")
                    yield Select([], prompt="institution", id="ladder-institution")
                yield DataTable(id="ladder", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        self.query_one("#paths", DataTable).add_columns("Kind", "Receives", "Counts toward", "Via")
        self.query_one("#ladder", DataTable).add_columns(
            "Rung", "Type", "Credits", "Progress", "Nests into"
        )

    def show_learner(
        self,
        held: list[tuple[str, str]],
        institutions: list[tuple[str, str]],
        goals: list[str],
    ) -> None:
        """The held items as (ref, title), keeping the highlighted one; the ladder's
        institutions as (name, issuer id); the learner's goals (the first picks the
        ladder shown)."""
        items = self.query_one("#explore-items", OptionList)
        previous = items.highlighted_option.id if items.highlighted_option else None
        items.clear_options()
        refs = list(dict.fromkeys(ref for ref, _ in held))  # a retake: once
        titles = dict(held)
        for ref in refs:
            label = SafeText(titles[ref], style="bold")
            label.append(f"\n{ref}", style="dim")
            items.add_option(Option(label, id=ref))
        if refs:
            items.highlighted = refs.index(previous) if previous in refs else 0
        select = self.query_one("#ladder-institution", Select)
        if institutions != self._institutions:  # only when the region changes
            self._institutions = institutions
            select.set_options((plain(name), issuer_id) for name, issuer_id in institutions)
        goal_issuers = [g.split(":", 1)[0] for g in goals]
        first = goal_issuers[0] if goal_issuers else (institutions[0][1] if institutions else None)
        if first is not None and first != self._first_goal_issuer:
            # A new learner (or first goal): show their ladder. An edit that keeps the
            # first goal leaves the adviser's own choice alone. The ladder itself is
            # asked for again when the results arrive (show_results), once per edit.
            self._first_goal_issuer = first
            select.value = first

    def show_results(self) -> None:
        """The learner's results changed: the ladder's progress is asked for again."""
        if self.institution:
            self.post_message(self.LadderWanted(self.institution))

    def highlighted_item(self) -> str | None:
        items = self.query_one("#explore-items", OptionList)
        option = items.highlighted_option
        return option.id if option is not None else None

    @on(OptionList.OptionHighlighted, "#explore-items")
    def _item(self, event: OptionList.OptionHighlighted) -> None:
        if event.option.id:
            self.post_message(self.PathsWanted(event.option.id))

    def show_paths(self, ref: str, found: list[ArticulationPath]) -> None:
        """The paths from `ref`, unless another item has been highlighted meanwhile."""
        if ref != self.highlighted_item():
            return
        table = self.query_one("#paths", DataTable)
        table.clear()
        for path in found:
            kind = "needs petition" if path.needs_petition else path.kind
            via = " → ".join(step.ref for step in path.steps) or "held here"
            counts = ", ".join(path.requirements[:3])
            if len(path.requirements) > 3:
                counts += f" +{len(path.requirements) - 3}"
            table.add_row(
                plain(kind, KIND_STYLE.get(path.kind, "")),
                plain(path.course),
                plain(counts),
                plain(via),
            )
        if not found:
            table.add_row(plain("none"), plain("no rule anywhere recognises this item"), "", "")

    @on(Select.Changed, "#ladder-institution")
    def _institution(self, event: Select.Changed) -> None:
        if event.value is not Select.NULL:
            self.institution = str(event.value)
            self.post_message(self.LadderWanted(self.institution))

    def show_ladder(self, issuer_id: str, ladder: Ladder) -> None:
        """The ladder of `issuer_id`, unless another institution was chosen meanwhile."""
        if issuer_id != self.institution:
            return
        table = self.query_one("#ladder", DataTable)
        table.clear()
        for rung in ladder.rungs:
            progress = ""
            if rung.progress is not None:
                unit = "cr" if rung.progress.measure == "credits" else "courses"
                mark = "✔ " if rung.progress.complete else ""
                done, of = fmt.credits(rung.progress.done), fmt.credits(rung.progress.of)
                progress = f"{mark}{done}/{of} {unit}"
            table.add_row(
                plain(rung.title),
                plain(rung.award),
                fmt.maybe_credits(rung.credits),
                progress,
                plain(", ".join(r.split(":", 1)[1] for r in rung.nests_into)),
            )
