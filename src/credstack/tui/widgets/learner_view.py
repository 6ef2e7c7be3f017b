"""The Learner area: who they are, what they hold, and how far each goal is."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Label, Static

from credstack.engine.results import Report
from credstack.model.learner import LearnerFile
from credstack.tui.text import credits, money, plain


class LearnerView(VerticalScroll):
    """Learner facts, goals with their applied credit, held items, prior learning."""

    DEFAULT_CSS = """
    LearnerView DataTable { height: auto; max-height: 12; margin-bottom: 1; }
    LearnerView .heading { text-style: bold; color: $accent; }
    """

    def compose(self) -> ComposeResult:
        yield Static(id="learner-facts")
        yield Label("Goals", classes="heading")
        yield DataTable(id="goals", cursor_type="row", zebra_stripes=True)
        yield Label("Held credentials and courses  (a: add, delete: remove)", classes="heading")
        yield DataTable(id="held", cursor_type="row", zebra_stripes=True)
        yield Label("Prior learning (p: add) and adviser exceptions (e: add)", classes="heading")
        yield DataTable(id="prior", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        self.query_one("#goals", DataTable).add_columns(
            "Program", "Applied", "Remaining", "Terms", "Finish", "Cost"
        )
        self.query_one("#held", DataTable).add_columns("Held", "Title", "Earned", "Grade")
        self.query_one("#prior", DataTable).add_columns("Kind", "Entry", "Detail")

    def show_learner(self, learner: LearnerFile, titles: dict[str, str]) -> None:
        info = learner.learner
        facts = Text()
        facts.append(info.name, style="bold")
        facts.append(f"  ·  as of {info.as_of or 'today'}")
        facts.append(f"  ·  starts {info.start or 'next term'}")
        facts.append(f"  ·  {credits(info.credits_per_term)} cr/term")
        if info.attend:
            facts.append(f"  ·  attends {', '.join(info.attend)}")
        self.query_one("#learner-facts", Static).update(facts)
        held = self.query_one("#held", DataTable)
        held.clear()
        for index, item in enumerate(learner.held):
            held.add_row(
                plain(item.ref),
                plain(titles.get(item.ref, "")),
                str(item.earned),
                item.grade,
                key=str(index),
            )
        prior = self.query_one("#prior", DataTable)
        prior.clear()
        for item in learner.prior:
            detail = f"{credits(item.hours)} h; {', '.join(item.skills)}"
            prior.add_row(plain(f"prior: {item.kind}"), plain(item.title), plain(detail))
        for exception in learner.exception:
            target = exception.item or exception.requirement or ""
            if exception.course:
                target += f" → {exception.course}"
            prior.add_row(
                plain(f"exception: {exception.kind}"),
                plain(f"{exception.program}: {target}"),
                plain(f"{exception.reason} ({exception.by or 'adviser'})"),
            )

    def show_results(self, report: Report) -> None:
        goals = self.query_one("#goals", DataTable)
        goals.clear()
        for result in report.results:
            audit = result.confirmed.audit
            plan = result.confirmed.plan
            goals.add_row(
                plain(result.title),
                f"{credits(audit.applied)}/{credits(result.credits)}",
                credits(audit.remaining),
                str(plan.term_count),
                plan.finish or "done",
                money(plan.cost, result.currency),
                key=result.program,
            )
