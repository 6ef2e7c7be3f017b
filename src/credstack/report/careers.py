"""The careers sections of the human formats: employer roles and the next best credential.

The wording is built once here as plain strings (`role_rows`, `next_rows`, notes) and
each format escapes it its own way: rich Text for the terminal, `md()` for Markdown,
html.escape for HTML, formula-safe cells for CSV. Nothing here computes a skill, a credit
or a cost; everything comes from engine/roles.py and engine/next_best.py.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from credstack.engine.career_results import Cover, NextBest, RoleFit
from credstack.engine.results import Report
from credstack.report import format as fmt
from credstack.report.markdown_escape import md

ROLES_TITLE = "Employer roles (skills-first)"
NEXT_TITLE = "Next best credential"


@dataclass(frozen=True)
class RoleRow:
    title: str
    ref: str
    status: str
    evidenced: str
    gap: str
    cheapest: str
    quickest: str


@dataclass(frozen=True)
class NextRow:
    rank: str
    title: str
    ref: str
    price: str
    gains: str
    net_cost: str
    explanation: str


def _cover(cover: Cover | None, fit: RoleFit) -> str:
    if fit.satisfied:
        return fmt.DASH
    if cover is None:
        return "no set closes the gap"
    names = ", ".join(
        item.credential + (" (accepted)" if item.accepted else "") for item in cover.items
    )
    if cover.objective == "cheapest":
        return f"{names}: {fmt.money(cover.total, cover.unit)}"
    return f"{names}: {fmt.credits(cover.total)} h, about {cover.weeks} weeks"


def _status(fit: RoleFit) -> str:
    if fit.accepted_held:
        return "met: accepts " + ", ".join(fit.accepted_held)
    if not fit.gap:
        return "met: every skill evidenced"
    return f"gap {len(fit.gap)} of {len(fit.skills)} skills"


def _evidence(fit: RoleFit) -> str:
    """'data-analysis, sql (beacon:data-analytics); teamwork (Volunteer IT coordinator)'."""
    groups: dict[tuple[str, ...], list[str]] = {}
    for evidence in fit.evidenced:
        groups.setdefault(evidence.sources, []).append(evidence.skill)
    return "; ".join(f"{', '.join(skills)} ({', '.join(src)})" for src, skills in groups.items())


def role_rows(roles: Sequence[RoleFit]) -> list[RoleRow]:
    return [
        RoleRow(
            title=fit.title + (" (target)" if fit.target else ""),
            ref=fit.role,
            status=_status(fit),
            evidenced=_evidence(fit) or fmt.DASH,
            gap=", ".join(fit.gap) or fmt.DASH,
            cheapest=_cover(fit.cheapest, fit),
            quickest=_cover(fit.quickest, fit),
        )
        for fit in roles
    ]


def role_notes(roles: Sequence[RoleFit]) -> list[str]:
    notes: list[str] = []
    if roles and not any(fit.target for fit in roles):
        notes.append(
            "No target roles in the learner file: the best-fitting loaded roles are shown "
            '(add roles = ["employer:role"] to [learner]).'
        )
    for fit in roles:
        if fit.untaught:
            notes.append(f"{fit.title}: nobody in the region teaches {', '.join(fit.untaught)}.")
        if fit.expired:
            notes.append(
                f"{fit.title}: {', '.join(fit.expired)} expired (valid_years) and is not counted."
            )
    if roles:
        notes.append(
            "Cheapest: catalogue prices in one currency, never converted; quickest: notional "
            "hours, weeks at 10 hours a week."
        )
    return notes


def next_rows(candidates: Sequence[NextBest]) -> list[NextRow]:
    rows: list[NextRow] = []
    for candidate in candidates:
        gains = [f"+{fmt.cr(candidate.credits_gained)}"]
        if candidate.terms_saved:
            plural = "s" if candidate.terms_saved != 1 else ""
            gains.append(f"{candidate.terms_saved} term{plural} sooner")
        if candidate.gap_closed:
            plural = "s" if candidate.gap_closed != 1 else ""
            gains.append(f"teaches {candidate.gap_closed} role skill{plural}")
        rows.append(
            NextRow(
                rank=str(candidate.rank),
                title=candidate.title,
                ref=candidate.credential,
                price=_price(candidate),
                gains=", ".join(gains),
                net_cost=fmt.money(candidate.net_cost, candidate.currency),
                explanation=candidate.explanation,
            )
        )
    return rows


def _price(candidate: NextBest) -> str:
    if candidate.price is None:
        return "price not published"
    return fmt.money(candidate.price, candidate.currency)


NEXT_NOTE = (
    "Ranked by credits gained across the goals, then terms saved, then net cost (price "
    "plus the change in the goals' plan costs in the same currency), then target-role "
    "skills taught."
)


# -- text (rich) ---------------------------------------------------------------------------
def _rich_table() -> Table:
    return Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False, title_justify="left")


def _column(table: Table, title: str, **options: object) -> None:
    table.add_column(Text(title, style="bold"), overflow="fold", **options)  # type: ignore[arg-type]


def _grid() -> Table:
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column(overflow="fold")
    return grid


def careers_text(report: Report) -> list[RenderableType]:
    """The careers sections for the terminal report; empty when there is nothing to say."""
    parts: list[RenderableType] = []
    if report.roles:
        blocks: list[RenderableType] = [Text(ROLES_TITLE, style="bold")]
        for row in role_rows(report.roles):
            grid = _grid()
            for label, value in (
                ("  evidenced", row.evidenced),
                ("  gap", row.gap),
                ("  cheapest", row.cheapest),
                ("  quickest", row.quickest),
            ):
                grid.add_row(Text(label, style="bold"), Text(value))
            blocks += [
                Text(),
                Text.assemble((row.title, "bold"), f" \u00b7 {row.ref} \u00b7 {row.status}"),
                grid,
            ]
        blocks.append(Text())
        blocks += [Text(note) for note in role_notes(report.roles)]
        parts.append(Group(*blocks))
    if report.next_best:
        blocks = [Text(NEXT_TITLE, style="bold")]
        for row in next_rows(report.next_best):
            grid = _grid()
            grid.add_column(overflow="fold")
            grid.columns[0].justify = "right"
            grid.add_row(
                Text(f"{row.rank}."),
                Text.assemble((row.title, "bold"), f" ({row.ref}) \u00b7 {row.price}"),
            )
            grid.add_row(Text(), Text(f"{row.gains} \u00b7 net cost {row.net_cost}"))
            grid.add_row(Text(), Text(row.explanation))
            blocks += [Text(), grid]
        blocks += [Text(), Text(NEXT_NOTE)]
        parts.append(Group(*blocks))
    return parts


# -- markdown ------------------------------------------------------------------------------
def careers_markdown(report: Report) -> list[str]:
    lines: list[str] = []
    if report.roles:
        lines += [f"## {ROLES_TITLE}", ""]
        lines += [
            "| Role | Evidenced | Gap | Cheapest set | Quickest set |",
            "|---|---|---|---|---|",
        ]
        for row in role_rows(report.roles):
            lines.append(
                f"| **{md(row.title)}** ({md(row.ref)}): {md(row.status)} | {md(row.evidenced)} "
                f"| {md(row.gap)} | {md(row.cheapest)} | {md(row.quickest)} |"
            )
        lines.append("")
        lines += [f"- {md(note)}" for note in role_notes(report.roles)]
        lines.append("")
    if report.next_best:
        lines += [f"## {NEXT_TITLE}", ""]
        for row in next_rows(report.next_best):
            lines.append(
                f"{row.rank}. **{md(row.title)}** ({md(row.ref)}), {md(row.price)}: "
                f"{md(row.gains)}, net {md(row.net_cost)}. {md(row.explanation)}"
            )
        lines += ["", md(NEXT_NOTE), ""]
    return lines


# -- html ----------------------------------------------------------------------------------
def _e(text: object) -> str:
    return escape(str(text), quote=True)


def careers_html(report: Report) -> list[str]:
    lines: list[str] = []
    if report.roles:
        lines += ['<section class="careers roles">', f"<h2>{_e(ROLES_TITLE)}</h2>", "<table>"]
        heads = ["Role", "Evidenced", "Gap", "Cheapest set", "Quickest set"]
        lines.append(
            fmt.html_head(heads)
        )
        lines.append("<tbody>")
        for row in role_rows(report.roles):
            cells = [row.evidenced, row.gap, row.cheapest, row.quickest]
            lines.append(
                f'<tr><th scope="row">{_e(row.title)}<br><small>{_e(row.ref)}</small><br>'
                f"{_e(row.status)}</th>" + "".join(f"<td>{_e(c)}</td>" for c in cells) + "</tr>"
            )
        lines += ["</tbody>", "</table>"]
        lines += [f'<p class="note">{_e(note)}</p>' for note in role_notes(report.roles)]
        lines.append("</section>")
    if report.next_best:
        lines += ['<section class="careers next-best">', f"<h2>{_e(NEXT_TITLE)}</h2>", "<ol>"]
        for row in next_rows(report.next_best):
            lines.append(
                f"<li><strong>{_e(row.title)}</strong> ({_e(row.ref)}), {_e(row.price)}: "
                f"{_e(row.gains)}, net {_e(row.net_cost)}.<br>{_e(row.explanation)}</li>"
            )
        lines += ["</ol>", f'<p class="note">{_e(NEXT_NOTE)}</p>', "</section>"]
    return lines


# -- csv -----------------------------------------------------------------------------------
ROLE_COLUMNS = [
    "section",
    "role",
    "title",
    "target",
    "satisfied",
    "accepted_held",
    "evidenced",
    "gap",
    "cheapest",
    "cheapest_total",
    "cheapest_currency",
    "quickest",
    "quickest_hours",
    "quickest_weeks",
    "untaught",
    "expired",
]
NEXT_COLUMNS = [
    "section",
    "rank",
    "credential",
    "title",
    "price",
    "currency",
    "credits_gained",
    "terms_saved",
    "net_cost",
    "gap_closed",
    "explanation",
]


def careers_csv(report: Report) -> list[list[object]]:
    """Extra CSV blocks after the program rows: a blank row, then each section's own header
    row and rows (first column `section`); nothing when there is nothing to show."""
    rows: list[list[object]] = []
    if report.roles:
        rows += [[], ROLE_COLUMNS]
        for fit in report.roles:
            cheap, quick = fit.cheapest, fit.quickest
            rows.append(
                [
                    "role",
                    fit.role,
                    fit.title,
                    fit.target,
                    fit.satisfied,
                    "; ".join(fit.accepted_held),
                    "; ".join(f"{e.skill}={'/'.join(e.sources)}" for e in fit.evidenced),
                    "; ".join(fit.gap),
                    "; ".join(cheap.credentials) if cheap else None,
                    cheap.total if cheap else None,
                    cheap.unit if cheap else None,
                    "; ".join(quick.credentials) if quick else None,
                    quick.total if quick else None,
                    quick.weeks if quick else None,
                    "; ".join(fit.untaught),
                    "; ".join(fit.expired),
                ]
            )
    if report.next_best:
        rows += [[], NEXT_COLUMNS]
        for c in report.next_best:
            rows.append(
                [
                    "next_best",
                    c.rank,
                    c.credential,
                    c.title,
                    c.price,
                    c.currency,
                    c.credits_gained,
                    c.terms_saved,
                    c.net_cost,
                    c.gap_closed,
                    c.explanation,
                ]
            )
    return rows
