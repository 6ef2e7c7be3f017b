"""Courses, credentials and programs of a CTDL graph, as catalogue tables
(docs/convert-ctdl.md, "Mapping, field by field")."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from credstack.convert.ctdl_credits import credit_values, in_system
from credstack.convert.ctdl_graph import Record
from credstack.convert.ctdl_scope import Item, Scope, item_id_of
from credstack.convert.ctdl_transfer import plain
from credstack.convert.ctdl_vocabulary import (
    COURSE_LEVELS,
    COURSES,
    CREDENTIAL_TYPES,
    EQF_LEVELS,
    PROGRAM_AWARDS,
    concepts,
    prop,
    ref_id,
    text,
    values,
)


def credits_of(
    record: Record, scope: Scope, system: str, also_conditions: bool = False
) -> Decimal | None:
    profiles = credit_values(record.node)
    if also_conditions and not profiles:
        for condition in values(prop(record.node, "requires")):
            if isinstance(condition, dict):
                profiles += credit_values(condition)
    for index, credit in enumerate(profiles):
        amount = credit.value if credit.value is not None else credit.low
        if amount is None:
            continue
        converted = in_system(amount, credit.unit, system)
        if converted is None and credit.unit is None and system == "none":
            converted = amount
        if converted is None:
            scope.warn(
                f"{record.where}/ceterms:creditValue/{index}",
                "credit-unit",
                f"{amount} {credit.unit_text}: not convertible into {system} credits",
            )
            continue
        return converted
    return None


def course_table(record: Record, scope: Scope, system: str) -> dict[str, Any] | None:
    code = item_id_of(record) or ""
    credits = credits_of(record, scope, system)
    if credits is None:
        scope.warn(
            record.where, "no-credit-value", f"{record.name}: no credit value; written as 0 credits"
        )
        credits = Decimal(0)
    course: dict[str, Any] = {"code": code, "title": record.name, "credits": plain(credits)}
    levels = [
        COURSE_LEVELS[c]
        for c in concepts(prop(record.node, "audienceLevelType"))
        if c in COURSE_LEVELS
    ]
    if levels:
        course["level"] = levels[0]
    return course


def _targets(
    condition: dict[str, Any], scope: Scope, kinds: tuple[str, ...], credits_ok: bool
) -> list[Item] | None:
    """The items a condition profile's targets name, or None when it says more than that
    (a credit value alone is expressed when `credits_ok`: the award's credits)."""
    found: list[Item] = []
    known = ("targetLearningOpportunity", "targetCredential")
    for name in known:
        for reference in values(prop(condition, name)):
            item = scope.item(reference)
            if item is None or item.kind not in kinds or item.issuer != scope.issuer:
                return None
            found.append(item)
    other = [
        k
        for k in ("targetAssessment", "targetCompetency", "condition", "experience")
        if prop(condition, k)
    ]
    if other:
        return None
    if not found and not (credits_ok and credit_values(condition)):
        return None
    return found


def _conditions(
    record: Record, scope: Scope, kinds: tuple[str, ...], names: tuple[str, ...]
) -> list[Item]:
    """Items every `requires`-like condition of `record` names; a warning for each
    condition that cannot be expressed as a list of them."""
    items: list[Item] = []
    for name in names:
        for index, condition in enumerate(values(prop(record.node, name))):
            where = f"{record.where}/ceterms:{name}/{index}"
            if not isinstance(condition, dict):
                scope.warn(where, "condition-profile", f"{name}: not a ConditionProfile")
                continue
            targets = _targets(condition, scope, kinds, credits_ok=record.cls not in COURSES)
            if targets is None:
                said = text(prop(condition, "name")) or text(prop(condition, "description")) or name
                scope.warn(
                    where,
                    "condition-profile",
                    f"{said[:100]}: not expressible as required items here",
                )
                continue
            items += [t for t in targets if t not in items]
    return items


def resolve_requires(courses: list[dict[str, Any]], records: list[Record], scope: Scope) -> None:
    for course, record in zip(courses, records, strict=True):
        required = _conditions(record, scope, ("course",), ("requires", "prerequisite"))
        if required:
            course["requires"] = " and ".join(i.id for i in required)
        co = _conditions(record, scope, ("course",), ("corequisite", "coPrerequisite"))
        if co:
            course["corequires"] = " and ".join(i.id for i in co)


def _parts(
    record: Record, scope: Scope, kinds: tuple[str, ...], quiet: tuple[str, ...] = ()
) -> list[Item]:
    """The `hasPart` items of `kinds` that are this issuer's; a warning for every other
    part, except parts of the `quiet` kinds (another step maps those)."""
    parts: list[Item] = []
    for index, reference in enumerate(values(prop(record.node, "hasPart"))):
        item = scope.item(reference)
        where = f"{record.where}/ceterms:hasPart/{index}"
        if item is None:
            shown = (
                ref_id(reference) or text(prop(reference, "name"))
                if isinstance(reference, dict)
                else reference
            )
            scope.warn(where, "unresolved-reference", f"hasPart {shown}: not among the inputs")
        elif item.issuer != scope.issuer:
            scope.warn(
                where,
                "foreign-part",
                f"hasPart {item.issuer}:{item.id}: another issuer's {item.kind}",
            )
        elif item.kind in kinds:
            parts.append(item)
        elif item.kind not in quiet:
            scope.warn(
                where,
                "unmapped-part",
                f"hasPart {item.id}: a {item.kind} cannot be part of a {record.cls}",
            )
    return parts


def _eqf(record: Record) -> int | None:
    levels = [
        EQF_LEVELS[c] for c in concepts(prop(record.node, "audienceLevelType")) if c in EQF_LEVELS
    ]
    return levels[0] if levels else None


def program_table(
    record: Record, scope: Scope, system: str, own_courses: set[str]
) -> dict[str, Any] | None:
    parts = [
        p.id for p in _parts(record, scope, ("course",), ("credential",)) if p.id in own_courses
    ]
    parts += [
        i.id for i in _conditions(record, scope, ("course",), ("requires",)) if i.id not in parts
    ]
    credits = credits_of(record, scope, system, also_conditions=True)
    if credits is None or credits <= 0:
        scope.warn(
            record.where,
            "no-credit-value",
            f"{record.cls} {record.name!r}: no credit value; not converted",
        )
        return None
    program: dict[str, Any] = {
        "id": item_id_of(record),
        "title": record.name,
        "award": PROGRAM_AWARDS[record.cls or ""],
        "credits": plain(min(credits, Decimal(1000))),
    }
    if eqf := _eqf(record):
        program["eqf_level"] = eqf
    if parts:
        program["requirement"] = [{"id": "required", "title": "Required courses", "courses": parts}]
    return program


def credential_table(
    record: Record, scope: Scope, system: str, own_courses: set[str], own_programs: set[str]
) -> dict[str, Any]:
    courses = [p.id for p in _parts(record, scope, ("course",)) if p.id in own_courses]
    courses += [
        i.id for i in _conditions(record, scope, ("course",), ("requires",)) if i.id not in courses
    ]
    credential: dict[str, Any] = {
        "id": item_id_of(record),
        "title": record.name,
        "type": CREDENTIAL_TYPES[record.cls or ""],
    }
    if courses:
        credential["courses"] = courses
    credits = credits_of(record, scope, system, also_conditions=True)
    if credits is not None:
        credential["credits"] = plain(credits)
    if eqf := _eqf(record):
        credential["eqf_level"] = eqf
    stacks: list[str] = []
    for index, reference in enumerate(values(prop(record.node, "isPartOf"))):
        item = scope.item(reference)
        if (
            item is not None
            and item.kind == "program"
            and item.id in own_programs
            and item.issuer == scope.issuer
        ):
            stacks.append(item.id)
        else:
            scope.warn(
                f"{record.where}/ceterms:isPartOf/{index}",
                "stackability",
                "isPartOf names no program of this catalogue among the inputs: stacks_into not set",
            )
    if stacks:
        credential["stacks_into"] = stacks
    return credential


def stack_from_programs(
    programs: list[Record], credentials: list[dict[str, Any]], scope: Scope, own_programs: set[str]
) -> None:
    """A program's `hasPart` credential stacks into it (the inverse of `isPartOf`)."""
    by_id = {c["id"]: c for c in credentials}
    for record in programs:
        program_id = item_id_of(record)
        if program_id not in own_programs:
            continue
        for reference in values(prop(record.node, "hasPart")):  # _program warned the rest
            part = scope.item(reference)
            if part is None or part.kind != "credential" or part.issuer != scope.issuer:
                continue
            credential = by_id.get(part.id)
            if credential is not None and program_id not in credential.get("stacks_into", []):
                credential.setdefault("stacks_into", []).append(program_id)
