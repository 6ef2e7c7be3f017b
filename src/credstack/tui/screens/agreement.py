"""The agreement view: a feeder's items against a program's requirements (ASSIST's view).

The feeder is picked from the institutions with rules into the program's institution;
each requirement is a branch, coloured by coverage, with the rules that reach it and
their conditions (the report's own wording: credstack.report.agreement).
"""

from __future__ import annotations

from collections.abc import Callable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, Select, Tree
from textual.widgets.tree import TreeNode

from credstack.engine.agreement import Agreement, AgreementRule
from credstack.report import format as fmt
from credstack.report.agreement import COVERAGE_WORD, conditions, grants_label, takes_label
from credstack.tui.text import SafeText, plain

COVERAGE_STYLE = {"covered": "green", "partial": "yellow", "none": "red"}


class AgreementScreen(ModalScreen[None]):
    """Shows `view`; picking another feeder asks `load` for its agreement."""

    BINDINGS = [
        Binding("escape", "close", "Close", id="agreement.close"),
        Binding("f", "focus_feeder", "Feeder", id="agreement.feeder"),
    ]
    DEFAULT_CSS = """
    AgreementScreen { align: center middle; }
    AgreementScreen > Vertical {
        width: 96; height: 90%; border: thick $accent; background: $panel; padding: 0 1;
    }
    AgreementScreen #agreement-title { width: 100%; }
    AgreementScreen Select { margin-bottom: 1; }
    AgreementScreen Tree { height: 1fr; }
    """

    def __init__(
        self,
        feeders: list[tuple[str, str]],
        view: Agreement,
        load: Callable[[str], Agreement],
    ) -> None:
        super().__init__()
        self.feeders = feeders
        self.view = view
        self.load = load

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(id="agreement-title")
            yield Select(
                [(plain(f"{name} ({ident})"), ident) for name, ident in self.feeders],
                value=self.view.feeder,
                allow_blank=False,
                id="feeder",
            )
            yield Tree(SafeText("Requirements"), id="agreement-tree")

    def on_mount(self) -> None:
        self._show(self.view)
        self.query_one(Tree).focus()

    def on_select_changed(self, event: Select.Changed) -> None:
        if isinstance(event.value, str) and event.value != self.view.feeder:
            self._show(self.load(event.value))

    def _show(self, view: Agreement) -> None:
        self.view = view
        title = self.query_one("#agreement-title", Label)
        title.update(
            plain(
                f"{view.feeder_name} into {view.program_title} ({view.program}) · transfer cap "
                f"{fmt.credits(view.max_external_credits)}, residency "
                f"{fmt.credits(view.residency_credits)} · as of {view.as_of}"
            )
        )
        tree: Tree[None] = self.query_one(Tree)
        tree.clear()
        tree.root.expand()
        for requirement in view.requirements:
            label = SafeText(f"{requirement.title} ({requirement.id}, {requirement.shape}, ")
            label.append(f"{fmt.credits(requirement.credits)} cr): ")
            label.append(
                COVERAGE_WORD[requirement.coverage], style=COVERAGE_STYLE[requirement.coverage]
            )
            node = tree.root.add(label, expand=requirement.coverage != "none")
            for rule in requirement.rules:
                _add_rule(node, rule)
            if requirement.uncovered:
                node.add_leaf(
                    SafeText("no feeder item reaches " + ", ".join(requirement.uncovered), "dim")
                )
        if view.general:
            node = tree.root.add(SafeText("General credit only (the program's total)"), expand=True)
            for rule in view.general:
                _add_rule(node, rule)
        if not any(r.rules for r in view.requirements) and not view.general:
            tree.root.add_leaf(
                SafeText(f"{view.institution_name} publishes no rule for these items")
            )

    def action_focus_feeder(self) -> None:
        self.query_one(Select).focus()

    def action_close(self) -> None:
        self.dismiss(None)


def _add_rule(node: TreeNode[None], rule: AgreementRule) -> None:
    label = SafeText(takes_label(rule.takes), style="bold")
    label.append(f"  (rule {rule.rule})", style="dim")
    child = node.add(label, expand=True)
    child.add_leaf(SafeText("gives " + grants_label(rule.grants)))
    via = [ref for item in rule.takes for ref in item.via]
    if via:
        child.add_leaf(SafeText("also met by holding " + ", ".join(dict.fromkeys(via))))
    said = conditions(rule)
    if said:
        child.add_leaf(SafeText("; ".join(said), style="red" if rule.closed else "dim"))
    if rule.agreement:
        child.add_leaf(SafeText(rule.agreement, style="dim"))
