"""The evidence section of every report format, and `credstack verify`'s output.

Everything shown comes from engine/evidence.py; titles and paths are the learner's text,
never markup (rich Text, `md()`, html.escape, formula-safe CSV cells).
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from credstack.engine.evidence import EvidenceCheck, summary
from credstack.engine.results import Report
from credstack.report import format as fmt
from credstack.report.markdown_escape import md

TITLE = "Evidence"
STATE_STYLE = {
    "ok": "green",
    "changed": "bold red",
    "missing": "bold red",
    "refused": "bold red",
    "unreadable": "bold red",
    "unhashed": "yellow",
    "no-file": "dim",
    "not-checked": "dim",
}
NOTE = (
    "Each artifact's SHA-256 is compared with the one recorded in the learner file; "
    "paths are relative to the learner file's folder."
)


# -- text (rich) ---------------------------------------------------------------------------
def evidence_table(checks: Sequence[EvidenceCheck]) -> Table:
    """Held item, artifact, state, then path and detail; folds within 80 columns."""
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False, expand=True)
    for title, ratio in (("Held", None), ("Artifact", 2), ("State", None), ("Path / detail", 3)):
        table.add_column(
            Text(title, style="bold"), overflow="fold", ratio=ratio, no_wrap=title == "State"
        )
    for check in checks:
        where = Text(check.path + "\n", style="dim") if check.path else Text()
        where.append(check.detail)
        table.add_row(
            Text(check.held),
            Text(check.title),
            Text(check.state, style=STATE_STYLE[check.state]),
            where,
        )
    return table


def evidence_text(report: Report) -> list[RenderableType]:
    if not report.evidence:
        return []
    return [
        Group(
            Text(TITLE, style="bold"),
            Text(),
            evidence_table(report.evidence),
            Text(summary(report.evidence)),
        )
    ]


# -- markdown ------------------------------------------------------------------------------
def evidence_markdown(report: Report) -> list[str]:
    if not report.evidence:
        return []
    lines = [
        f"## {TITLE}",
        "",
        "| Held | Artifact | Path | State | Detail |",
        "|---|---|---|---|---|",
    ]
    for check in report.evidence:
        path = md(check.path) if check.path else "\u2014"
        lines.append(
            f"| {md(check.held)} | {md(check.title)} | {path} | **{check.state}** "
            f"| {md(check.detail)} |"
        )
    lines += ["", md(summary(report.evidence)) + ". " + md(NOTE), ""]
    return lines


# -- html ----------------------------------------------------------------------------------
def _e(text: object) -> str:
    return escape(str(text), quote=True)


def evidence_html(report: Report) -> list[str]:
    if not report.evidence:
        return []
    heads = ["Held", "Artifact", "Path", "State", "Detail"]
    lines = [
        '<section class="evidence">',
        f"<h2>{_e(TITLE)}</h2>",
        "<table>",
        fmt.html_head(heads),
        "<tbody>",
    ]
    for check in report.evidence:
        cells = [check.held, check.title, check.path or "\u2014"]
        lines.append(
            "<tr>"
            + "".join(f"<td>{_e(c)}</td>" for c in cells)
            + f'<td class="state-{_e(check.state)}"><strong>{_e(check.state)}</strong></td>'
            + f"<td>{_e(check.detail)}</td></tr>"
        )
    lines += [
        "</tbody>",
        "</table>",
        f'<p class="note">{_e(summary(report.evidence))}. {_e(NOTE)}</p>',
        "</section>",
    ]
    return lines


# -- csv -----------------------------------------------------------------------------------
COLUMNS = ["section", "held", "title", "path", "state", "detail", "sha256", "actual_sha256"]


def evidence_csv(report: Report) -> list[list[object]]:
    """A blank row, the section's header row, then one row per artifact (or nothing)."""
    if not report.evidence:
        return []
    rows: list[list[object]] = [[], COLUMNS]
    for check in report.evidence:
        rows.append(
            [
                "evidence",
                check.held,
                check.title,
                check.path,
                check.state,
                check.detail,
                check.sha256,
                check.actual,
            ]
        )
    return rows
