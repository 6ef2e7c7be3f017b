"""The careers advice: fit for employer roles and the next best credential to earn.

`role_rows`, `next_rows` and `role_notes` are the wording, shared with the TUI's Careers
area; `roles` and `next_best` are the report's sections. Nothing here computes a skill, a
credit or a cost: everything comes from engine/roles.py and engine/next_best.py.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from credstack.engine.career_results import Cover, NextBest, RoleFit
from credstack.report import format as fmt
from credstack.report.document import (
    Column,
    Item,
    ItemList,
    Paragraph,
    Section,
    Table,
    inline,
    strong,
)

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


ROLE_COLUMNS = (
    Column("Role"),
    Column("Evidenced"),
    Column("Gap"),
    Column("Cheapest set"),
    Column("Quickest set"),
)


def roles(fits: Sequence[RoleFit]) -> Section | None:
    if not fits:
        return None
    rows = tuple(
        (
            inline(strong(row.title), f" \u00b7 {row.ref} \u00b7 {row.status}"),
            inline(row.evidenced),
            inline(row.gap),
            inline(row.cheapest),
            inline(row.quickest),
        )
        for row in role_rows(fits)
    )
    notes = ItemList(tuple(Item(inline(note)) for note in role_notes(fits)))
    return Section(ROLES_TITLE, (Table(ROLE_COLUMNS, rows, records=True), notes), kind="roles")


def next_best(candidates: Sequence[NextBest]) -> Section | None:
    if not candidates:
        return None
    items = tuple(
        Item(
            inline(strong(row.title), f" ({row.ref}) \u00b7 {row.price}"),
            (inline(f"{row.gains} \u00b7 net cost {row.net_cost}"), inline(row.explanation)),
        )
        for row in next_rows(candidates)
    )
    blocks = (ItemList(items, ordered=True), Paragraph(inline(NEXT_NOTE), note=True))
    return Section(NEXT_TITLE, blocks, kind="next-best")
