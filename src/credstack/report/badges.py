"""The "Imported badges" section of every report format (engine/badges.py).

Titles, ids and notes are data, never markup (rich Text, `md()`, html.escape, CSV cells
made formula-safe by the CSV renderer).
"""

from __future__ import annotations

from html import escape

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from credstack.engine.results import Report
from credstack.report import format as fmt
from credstack.report.markdown_escape import md

TITLE = "Imported badges"
STYLE = {"verified": "green", "unverified": "yellow", "failed": "bold red"}
NOTE = "Verification as recorded when each badge was imported (credstack import)."


def badges_text(report: Report) -> list[RenderableType]:
    if not report.imported:
        return []
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False, expand=True)
    for title, ratio in (("Held", None), ("Earned", None), ("Verification", None), ("Why", 1)):
        table.add_column(
            Text(title, style="bold"), overflow="fold", ratio=ratio, no_wrap=ratio is None
        )
    for item in report.imported:
        table.add_row(
            Text(item.held),
            Text(item.earned),
            Text(item.verification, style=STYLE.get(item.verification, "")),
            Text(item.note),
        )
    return [Group(Text(TITLE, style="bold"), Text(), table, Text(NOTE, style="dim"))]


def badges_markdown(report: Report) -> list[str]:
    if not report.imported:
        return []
    lines = [f"## {TITLE}", "", "| Held | Earned | Verification | Why |", "|---|---|---|---|"]
    for item in report.imported:
        lines.append(
            f"| {md(item.held)} | {item.earned} | **{md(item.verification)}** | {md(item.note)} |"
        )
    return [*lines, "", md(NOTE), ""]


def badges_html(report: Report) -> list[str]:
    if not report.imported:
        return []
    heads = ["Held", "Title", "Earned", "Verification", "Why"]
    lines = [
        '<section class="badges">',
        f"<h2>{escape(TITLE)}</h2>",
        "<table>",
        fmt.html_head(heads),
        "<tbody>",
    ]
    for item in report.imported:
        cells = [item.held, item.title, item.earned, item.verification, item.note]
        lines.append("<tr>" + "".join(f"<td>{escape(c, quote=True)}</td>" for c in cells) + "</tr>")
    return [*lines, "</tbody>", "</table>", f'<p class="note">{escape(NOTE)}</p>', "</section>"]


COLUMNS = ["section", "held", "title", "earned", "badge_id", "verification", "note"]


def badges_csv(report: Report) -> list[list[object]]:
    if not report.imported:
        return []
    rows: list[list[object]] = [[], COLUMNS]
    for item in report.imported:
        rows.append(
            [
                "imported",
                item.held,
                item.title,
                item.earned,
                item.badge_id or "",
                item.verification,
                item.note,
            ]
        )
    return rows
