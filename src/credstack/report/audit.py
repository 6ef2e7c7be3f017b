"""The confirmed audit's requirements and the units placed in them, the prior learning
that may count once assessed, and recognised units no requirement could use."""

from __future__ import annotations

from credstack.engine.results import Assignment, ProgramResult, Unit
from credstack.report import format as fmt
from credstack.report.document import (
    Bar,
    Inline,
    Item,
    ItemList,
    Paragraph,
    Progress,
    Section,
    Span,
    Tree,
    inline,
    strong,
    toned,
)

REQUIREMENTS = "Requirements (confirmed)"
PROGRESS = "Progress toward each requirement (confirmed)"
PRIOR_LEARNING = "Prior learning that may count, once assessed"
PRIOR_LEARNING_NOTE = "Not counted yet: these credits are in the potential view only."
UNPLACED = "Recognised but not applied (a cap, or no room left)"


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


def progress_bars(result: ProgramResult) -> Progress:
    """Each requirement of the confirmed audit as a bar: applied of needed credits."""
    # A waived requirement is complete: its bar is full, its figure says "waived".
    bars = tuple(
        Bar(
            req.title,
            req.needed if req.status == "waived" else req.applied,
            req.needed,
            fmt.progress(req.applied, req.needed, req.status) or fmt.status_word(req.status),
            fmt.STATUS_TONE.get(req.status),
        )
        for req in result.confirmed.audit.requirements
    )
    return Progress(PROGRESS, bars)


def requirements(result: ProgramResult) -> Section:
    """The requirements as bars (a picture) and as a tree with the units placed in each."""
    audit = result.confirmed.audit
    placed = fmt.by_requirement(audit)
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
    return Section(REQUIREMENTS, (progress_bars(result), Tree(items)))


def _rpl_item(assignment: Assignment, titles: dict[str, str], currency: str) -> Item:
    unit = assignment.unit
    extra = [f"assessment fee {fmt.money(unit.fee, currency)}"] if unit.fee else []
    extra.append(f"toward {titles.get(assignment.requirement, assignment.requirement)}")
    return unit_item(unit, fmt.placed_credits(assignment), *extra)


def prior_learning(result: ProgramResult) -> Section | None:
    rpl = fmt.rpl_assignments(result)
    if not rpl:
        return None
    titles = fmt.requirement_titles(result.potential.audit)
    items = tuple(_rpl_item(a, titles, result.currency) for a in rpl)
    return Section(PRIOR_LEARNING, (Paragraph(inline(PRIOR_LEARNING_NOTE)), ItemList(items)))


def unplaced(result: ProgramResult) -> Section | None:
    units = fmt.unplaced_units(result)
    if not units:
        return None
    return Section(UNPLACED, (ItemList(tuple(unit_item(u, fmt.cr(u.credits)) for u in units)),))
