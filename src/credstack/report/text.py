"""`--format text`: the report for an 80-column terminal, drawn with rich.

Catalogue and learner strings are data, never markup: every one of them goes into a
rich.text.Text (no markup, no emoji codes, no highlighting). Colour only when asked.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from rich import box
from rich.console import Console, Group, RenderableType
from rich.rule import Rule
from rich.table import Table
from rich.text import Text
from rich.tree import Tree

from credstack.engine.results import Assignment, Plan, ProgramResult, Report
from credstack.report import badges as badges_section
from credstack.report import careers
from credstack.report import evidence as evidence_section
from credstack.report import format as fmt
from credstack.report import subscriptions as subscriptions_section

WIDTH = 80
STATUS_STYLE = {"met": "green", "partial": "yellow", "open": "red", "waived": "cyan"}
HEADING = "bold"


def report_console(color: bool) -> Console:
    """A console that records what is printed: WIDTH columns, no markup read."""
    return Console(
        file=io.StringIO(),
        width=WIDTH,
        force_terminal=color,
        color_system="auto" if color else None,
        markup=False,
        emoji=False,
        highlight=False,
        legacy_windows=False,
        soft_wrap=False,
    )


def _text(*parts: str | tuple[str, str]) -> Text:
    """A Text from plain strings and (string, style) pairs; never parsed as markup."""
    text = Text()
    for part in parts:
        if isinstance(part, tuple):
            text.append(part[0], style=part[1])
        else:
            text.append(part)
    return text


def _heading(title: str) -> Text:
    return _text((title, HEADING))


def _table(title: str | None = None) -> Table:
    """A plain table: one rule under the heading, long words folded (never cut)."""
    return Table(
        title=_heading(title) if title else None,
        title_justify="left",
        box=box.SIMPLE_HEAD,
        pad_edge=False,
        show_edge=False,
    )


def _column(table: Table, title: str, **options: object) -> None:
    table.add_column(_heading(title), overflow="fold", **options)  # type: ignore[arg-type]


def _header(result: ProgramResult) -> RenderableType:
    return Group(
        Rule(style="dim"),
        _text((result.title, "bold")),
        _text(fmt.header_line(result)),
        _text(result.institution),
    )


def _summary(result: ProgramResult) -> RenderableType:
    table = _table()
    _column(table, "Summary")
    _column(table, "Confirmed")
    _column(table, "Potential (with RPL)")
    for row in fmt.summary_rows(result):
        table.add_row(_text(row.label), _text(row.confirmed), _text(row.potential))
    figures = Table.grid(padding=(0, 1))
    figures.add_column(overflow="fold", max_width=20)
    figures.add_column(overflow="fold")
    for label, value in fmt.program_figures(result):
        figures.add_row(_text((label, "bold")), _text(value))
    return Group(table, Text(), figures)


def _unit_detail(assignment: Assignment) -> Text:
    unit = assignment.unit
    text = _text(
        (fmt.unit_label(unit), "bold"),
        f"  {fmt.placed_credits(assignment)}  ",
        (fmt.BASIS_LABELS[unit.basis], "italic"),
        f"\nfrom {fmt.sources(unit)} \u00b7 {fmt.via_label(unit)}",
    )
    if unit.note:
        text.append("\n\u201c")
        text.append(unit.note, style="dim")
        text.append("\u201d")
    return text


def _requirements(result: ProgramResult) -> RenderableType:
    audit = result.confirmed.audit
    tree = Tree(_heading("Requirements (confirmed)"), guide_style="dim")
    placed = fmt.by_requirement(audit)
    for req in audit.requirements:
        label = _text(
            (req.title, "bold"),
            (f" ({req.id})", "dim"),
            "  ",
            (fmt.status_word(req.status), STATUS_STYLE.get(req.status, "")),
        )
        if req.status != "waived":
            label.append(f"  {fmt.progress(req.applied, req.needed, req.status)}")
        branch = tree.add(label)
        for assignment in placed.get(req.id, []):
            branch.add(_unit_detail(assignment))
    return tree


def _potential_units(result: ProgramResult) -> RenderableType | None:
    rpl = fmt.rpl_assignments(result)
    if not rpl:
        return None
    titles = fmt.requirement_titles(result.potential.audit)
    tree = Tree(
        _heading("Prior learning, if assessed (potential: not yet counted)"), guide_style="dim"
    )
    for assignment in rpl:
        text = _unit_detail(assignment)
        text.append(f"\ninto {titles.get(assignment.requirement, assignment.requirement)}")
        if assignment.unit.fee:
            text.append(f" \u00b7 assessment fee {fmt.money(assignment.unit.fee, result.currency)}")
        tree.add(text)
    return tree


def _unplaced(result: ProgramResult) -> RenderableType | None:
    units = fmt.unplaced_units(result)
    if not units:
        return None
    tree = Tree(
        _heading("Recognised but not applied (a cap, or no room left)"), guide_style="dim"
    )
    for unit in units:
        tree.add(
            _text(
                (fmt.unit_label(unit), "bold"),
                f"  {fmt.cr(unit.credits)}  ",
                (fmt.BASIS_LABELS[unit.basis], "italic"),
                f"\nfrom {fmt.sources(unit)} \u00b7 {fmt.via_label(unit)}",
            )
        )
    return tree


def _not_recognised(result: ProgramResult) -> RenderableType | None:
    refusals = result.recognition.not_recognised
    if not refusals:
        return None
    table = _table("Not recognised, and why")
    _column(table, "Item", ratio=1)
    _column(table, "Reason", ratio=2)
    _column(table, "Rule", ratio=1)
    for refusal in refusals:
        table.add_row(_text(refusal.item), _text(refusal.reason), _text(refusal.rule or fmt.DASH))
    return table


def _petitions(result: ProgramResult) -> RenderableType | None:
    petitions = result.recognition.petitions
    if not petitions:
        return None
    table = _table("Could be petitioned (never counted)")
    _column(table, "Item", ratio=1)
    _column(table, "Course", ratio=1)
    _column(table, "Chain of rules", ratio=2)
    for petition in petitions:
        table.add_row(
            _text(petition.item), _text(petition.course), _text(" \u2192 ".join(petition.chain))
        )
    return table


def _plan(plan: Plan, title: str) -> RenderableType:
    if not plan.terms:
        message = "Nothing left to schedule." if not plan.unschedulable else "No term planned."
        return Group(_heading(title), _text(message))
    table = _table(title)
    _column(table, "Term")
    _column(table, "Courses", ratio=1)
    _column(table, "Credits", justify="right")
    for term in plan.terms:
        courses = "\n".join(fmt.course_label(c) for c in term.courses) or "(no courses)"
        table.add_row(_text(term.label), _text(courses), _text(fmt.credits(term.credits)))
    return table


def _plans(result: ProgramResult) -> list[RenderableType]:
    parts = [_plan(result.confirmed.plan, "Term plan (confirmed)")]
    if result.confirmed.plan.unschedulable:
        parts.append(
            _text(
                ("Cannot be scheduled in any attended term: ", "bold red"),
                ", ".join(result.confirmed.plan.unschedulable),
            )
        )
    if fmt.potential_plan_differs(result):
        parts.append(_plan(result.potential.plan, "Term plan if prior learning is granted"))
    return parts


def _warnings(result: ProgramResult) -> RenderableType | None:
    if not result.warnings:
        return None
    lines = [_heading("Warnings")]
    lines += [_text(("! ", "bold yellow"), warning) for warning in result.warnings]
    return Group(*lines)


def program_renderables(result: ProgramResult) -> list[RenderableType]:
    parts: list[RenderableType | None] = [
        _header(result),
        _summary(result),
        _requirements(result),
        _potential_units(result),
        _unplaced(result),
        _not_recognised(result),
        _petitions(result),
        *_plans(result),
        _warnings(result),
    ]
    return [part for part in parts if part is not None]


def _compare(results: Sequence[ProgramResult]) -> RenderableType:
    table = _table()
    _column(table, "Program", ratio=1)
    _column(table, "Applied\n(+RPL)", justify="right")
    _column(table, "Left\n(+RPL)", justify="right")
    _column(table, "Terms\nfinish")
    _column(table, "Cost\nper credit\nsavings", justify="right")
    for row in fmt.compare_rows(results):
        table.add_row(
            _text((row.title, "bold"), f"\n{row.program} \u00b7 {row.award}\n{row.institution}"),
            _text(row.applied, f"\n({row.potential_applied})"),
            _text(row.remaining, f"\n({row.potential_remaining})"),
            _text(row.terms, " ", (row.bar, "cyan"), "\n", (row.finish, "bold red" if row.stuck
                                                           else "")),
            _text(row.cost, f"\n{row.cost_per_credit}\n{row.savings}"),
        )
        table.add_section()
    notes = [Text(), _text("(+RPL): with prior learning assessed and granted (potential).")]
    notes += [_text(("Note: ", "bold"), note) for note in fmt.compare_notes(results)]
    return Group(table, *notes)


def render_text(report: Report, *, compare: bool = False, color: bool = False) -> str:
    console = report_console(color)
    title = "credstack comparison" if compare else "credstack advising report"
    console.print(_text((title, "bold"), f" \u00b7 {report.learner} \u00b7 as of "
                        f"{report.as_of.isoformat()}"))
    if not report.results:
        console.print(_text("No programs to report."))
    elif compare:
        console.print()
        console.print(_compare(report.results))
    else:
        for result in report.results:
            for part in program_renderables(result):
                console.print()
                console.print(part)
    if not compare:
        sections = (
            careers.careers_text,
            evidence_section.evidence_text,
            subscriptions_section.subscriptions_text,
            badges_section.badges_text,
        )
        for section in sections:
            for part in section(report):
                console.print()
                console.print(part)
    output = console.file.getvalue()  # type: ignore[attr-defined]
    if not color:
        output = "\n".join(line.rstrip() for line in output.split("\n"))
    return output
