"""The confirmed audit's requirements and the units placed in them, the prior learning
that may count once assessed, and recognised units no requirement could use."""

from __future__ import annotations

from collections.abc import Sequence

from credstack.engine.results import Assignment, Audit, ProgramResult, Unit
from credstack.report import format as fmt
from credstack.report.document import (
    Inline,
    Item,
    ItemList,
    Paragraph,
    Section,
    Span,
    Tree,
    inline,
    strong,
    toned,
)

REQUIREMENTS = "Requirements (confirmed)"
PRIOR_LEARNING = "Prior learning that may count, once assessed"
PRIOR_LEARNING_NOTE = "Not counted yet: these credits are in the potential view only."
UNPLACED = "Recognised but not applied (a cap, or no room left)"


def by_requirement(audit: Audit) -> dict[str, list[Assignment]]:
    """The audit's assignments grouped by requirement id (catalogue order kept)."""
    grouped: dict[str, list[Assignment]] = {}
    for assignment in audit.assignments:
        grouped.setdefault(assignment.requirement, []).append(assignment)
    return grouped


def rpl_assignments(result: ProgramResult) -> list[Assignment]:
    """Potential-view assignments of RPL units (counted only once assessed)."""
    return [a for a in result.potential.audit.assignments if a.unit.basis == "rpl"]


def unplaced_units(result: ProgramResult) -> list[Unit]:
    """Recognised units the confirmed audit could not apply (caps, or no room)."""
    units = {u.key: u for u in result.recognition.units}
    return [units[key] for key in result.confirmed.audit.unplaced if key in units]


def unit_item(unit: Unit, placed: str, *extra: str) -> Item:
    """'IT101: 3 cr, articulation, from beacon:it-support, articulation rule ...' and,
    under it, the agreement note as published."""
    facts = [placed, fmt.BASIS_LABELS[unit.basis], f"from {fmt.sources(unit)}"]
    facts += [fmt.via_label(unit), *extra]
    detail = (inline(toned(f"\u201c{unit.note}\u201d", "muted")),) if unit.note else ()
    return Item(inline(strong(fmt.unit_label(unit)), ": " + ", ".join(facts)), detail)


def _requirement_label(title: str, rid: str, status: str, progress: str) -> Inline:
    parts: list[str | Span] = [strong(title), f" ({rid}): "]
    parts.append(toned(fmt.status_word(status), fmt.STATUS_TONE.get(status)))
    if progress:
        parts.append(f", {progress}")
    return inline(*parts)


def requirements(result: ProgramResult) -> Section:
    audit = result.confirmed.audit
    placed = by_requirement(audit)
    items = tuple(
        Item(
            _requirement_label(
                req.title, req.id, req.status, fmt.progress(req.applied, req.needed, req.status)
            ),
            children=tuple(
                unit_item(a.unit, fmt.placed_credits(a)) for a in placed.get(req.id, [])
            ),
        )
        for req in audit.requirements
    )
    return Section(REQUIREMENTS, (Tree(items),))


def _rpl_item(assignment: Assignment, titles: dict[str, str], currency: str) -> Item:
    unit = assignment.unit
    extra = [f"assessment fee {fmt.money(unit.fee, currency)}"] if unit.fee else []
    extra.append(f"toward {titles.get(assignment.requirement, assignment.requirement)}")
    return unit_item(unit, fmt.placed_credits(assignment), *extra)


def prior_learning(result: ProgramResult) -> Section | None:
    rpl = rpl_assignments(result)
    if not rpl:
        return None
    titles = {r.id: r.title for r in result.potential.audit.requirements}
    items = tuple(_rpl_item(a, titles, result.currency) for a in rpl)
    return Section(PRIOR_LEARNING, (Paragraph(inline(PRIOR_LEARNING_NOTE)), ItemList(items)))


def unplaced(result: ProgramResult) -> Section | None:
    units: Sequence[Unit] = unplaced_units(result)
    if not units:
        return None
    return Section(UNPLACED, (ItemList(tuple(unit_item(u, fmt.cr(u.credits)) for u in units)),))
