"""CTDL JSON-LD (Credential Engine's registry) -> one credstack catalogue.

`convert_ctdl(inputs, issuer)` reads the records of every input (docs/convert-ctdl.md has
the mapping table), keeps those owned by one organisation (the one owning the most
records), and returns that organisation's catalogue with a warning for everything it
could not carry: records of other owners, classes with no place in a catalogue, condition
profiles it cannot express, references to records that are not among the inputs.

An organisation that publishes transfer values but no courses, credentials or programs is
an **intermediary** (ACE, NCCRS, a state board): its catalogue holds recommendations that
apply only at institutions honouring it (`[[institution.honours]]`).
"""

from __future__ import annotations

import re
from collections import Counter
from decimal import Decimal
from pathlib import Path
from typing import Any

from credstack.convert.conversion import Conversion
from credstack.convert.ctdl_credits import credit_values, in_system
from credstack.convert.ctdl_graph import Graph, Record, ctid_of, read_graph
from credstack.convert.ctdl_scope import Item, Scope, choose_primary, item_id_of, kind_of, slug
from credstack.convert.ctdl_transfer import plain, transfer_rules
from credstack.convert.ctdl_vocabulary import (
    COURSE_LEVELS,
    COURSES,
    CREDENTIAL_TYPES,
    CTDL_CLASSES,
    EQF_LEVELS,
    ORGANIZATIONS,
    PROGRAM_AWARDS,
    TRANSFER_VALUE,
    concepts,
    prop,
    ref_id,
    text,
    type_text,
    values,
)
from credstack.errors import CredstackError
from credstack.model.catalogue import ISSUER_ID

COUNTRIES = {"united states": "US", "usa": "US", "united states of america": "US", "canada": "CA"}
SYSTEMS = ("us-semester", "us-quarter", "ects")


def convert_ctdl(inputs: list[Path], issuer: str | None = None) -> Conversion:
    """The catalogue of one organisation of `inputs`: the one whose issuer id is `issuer`
    when there is one, else the one owning the most records (`issuer` then names the
    catalogue's issuer; default: the organisation's name as a slug, else its CTID)."""
    if issuer is not None and not re.match(ISSUER_ID, issuer):
        raise CredstackError.at(
            "--issuer", 1, f"{issuer!r} is not an issuer id ([a-z0-9][a-z0-9-]*)"
        )
    if not inputs:
        raise CredstackError.at("ctdl", 1, "no input files to convert")
    graph = read_graph(inputs)
    primary = choose_primary(graph, issuer)
    org = graph.find(primary) if primary else None
    issuer_id = issuer or (slug(org.name) if org and org.name else None)
    issuer_id = issuer_id or ctid_of(primary) or slug(inputs[0].stem) or "ctdl"
    scope = Scope(graph, issuer_id, primary, first_input=f"{inputs[0]}#")
    mine = _sort(graph, scope)
    system = _credit_system(mine, scope)
    courses = [c for r in mine["course"] if (c := _course(r, scope, system))]
    own_courses = {c["code"] for c in courses}
    _resolve_requires(courses, mine["course"], scope)
    programs = [p for r in mine["program"] if (p := _program(r, scope, system, own_courses))]
    own_programs = {p["id"] for p in programs}
    credentials = [
        c
        for r in mine["credential"]
        if (c := _credential(r, scope, system, own_courses, own_programs))
    ]
    _stack_from_programs(mine["program"], credentials, scope, own_programs)
    rules: list[dict[str, Any]] = []
    seen_rules: set[str] = set()
    for record in mine["transfer"]:
        for rule in transfer_rules(record, scope, system, own_courses):
            if rule["id"] in seen_rules:
                scope.warn(
                    record.where,
                    "duplicate-id",
                    f"articulation rule {rule['id']!r} is published twice",
                )
                continue
            seen_rules.add(rule["id"])
            rules.append(rule)
    intermediary = bool(mine["transfer"]) and not (courses or credentials or programs)
    catalogue: dict[str, Any] = {
        "format": 1,
        "issuer": _issuer(org, scope, system, intermediary, programs),
    }
    honours = _honours(org, scope) if org and not intermediary else []
    if not intermediary and (courses or programs or rules or honours):
        catalogue["institution"] = {"honours": honours} if honours else {}
    for table, rows in (("course", courses), ("credential", credentials), ("program", programs)):
        if rows:
            catalogue[table] = rows
    if rules:
        catalogue["articulation"] = rules
    return Conversion(catalogue, scope.warnings)


def _sort(graph: Graph, scope: Scope) -> dict[str, list[Record]]:
    """The records this catalogue converts, by table; a warning for every other record."""
    mine: dict[str, list[Record]] = {"course": [], "credential": [], "program": [], "transfer": []}
    seen: dict[tuple[str, str], str] = {}
    for record in graph.records:
        kind = kind_of(record) or ("transfer" if record.cls == TRANSFER_VALUE else None)
        if kind is None:
            _unconverted(record, scope)
            continue
        if not scope.owned_here(record):
            owner = scope.owner_key(record.node)
            scope.warn(
                record.where,
                "other-owner",
                f"{record.cls} {record.name!r} is owned by "
                f"{scope.organisation_name(owner) or owner}, not {scope.issuer}: convert that "
                "organisation's records separately",
            )
            continue
        if not record.name:
            scope.warn(record.where, "no-name", f"{record.cls} without a name: not converted")
            continue
        item_id = item_id_of(record) if kind != "transfer" else (record.ctid or record.name)
        key = (kind if kind != "credential" else "program", item_id or "")
        if item_id is None:
            scope.warn(
                record.where, "no-id", f"{record.cls} {record.name!r}: no code, CTID or name"
            )
            continue
        if key in seen:
            scope.warn(
                record.where, "duplicate-id", f"{item_id!r} already converted from {seen[key]}"
            )
            continue
        seen[key] = record.where
        mine[kind].append(record)
    return mine


def _unconverted(record: Record, scope: Scope) -> None:
    if record.cls in ORGANIZATIONS:
        if record.key != scope.primary:
            scope.warn(
                record.where,
                "other-organization",
                f"organisation {record.name!r} is not this catalogue's issuer ({scope.issuer})",
            )
        return
    if record.cls in CTDL_CLASSES:
        scope.warn(
            record.where,
            "unmapped-class",
            f"{record.cls} {record.name!r}: no credstack table holds it",
        )
        return
    scope.warn(
        record.where,
        "unknown-class",
        f"@type {type_text(record.node)}: not a CTDL class credstack converts",
    )


def _credit_system(mine: dict[str, list[Record]], scope: Scope) -> str:
    """The credit system most of the catalogue's own credit values are published in."""
    units: Counter[str] = Counter()
    for record in mine["course"] + mine["program"]:
        profiles = credit_values(record.node)
        for condition in values(prop(record.node, "requires")) if not profiles else []:
            profiles += credit_values(condition) if isinstance(condition, dict) else []
        units.update(c.unit for c in profiles if c.unit in SYSTEMS)
    for record in mine["transfer"]:
        units.update(
            c.unit for c in credit_values(record.node, "transferValue") if c.unit in SYSTEMS
        )
    if not units:
        return "none"
    order = list(units)
    return min(units, key=lambda unit: (-units[unit], order.index(unit)))


def _credits(
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


def _course(record: Record, scope: Scope, system: str) -> dict[str, Any] | None:
    code = item_id_of(record) or ""
    credits = _credits(record, scope, system)
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


def _resolve_requires(courses: list[dict[str, Any]], records: list[Record], scope: Scope) -> None:
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


def _program(
    record: Record, scope: Scope, system: str, own_courses: set[str]
) -> dict[str, Any] | None:
    parts = [
        p.id for p in _parts(record, scope, ("course",), ("credential",)) if p.id in own_courses
    ]
    parts += [
        i.id for i in _conditions(record, scope, ("course",), ("requires",)) if i.id not in parts
    ]
    credits = _credits(record, scope, system, also_conditions=True)
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


def _credential(
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
    credits = _credits(record, scope, system, also_conditions=True)
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


def _stack_from_programs(
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


def _issuer(
    org: Record | None,
    scope: Scope,
    system: str,
    intermediary: bool,
    programs: list[dict[str, Any]],
) -> dict[str, Any]:
    where = org.where if org else scope.first_input
    name = (org.name if org else None) or scope.issuer
    if org is None:
        scope.warn(
            where,
            "no-organization",
            f"no owning organisation among the inputs; issuer named {name!r}",
        )
    awards = {p["award"] for p in programs}
    kind = (
        "intermediary"
        if intermediary
        else (
            "university"
            if awards & {"bachelor", "master", "doctorate"}
            else "college"
            if awards
            else "provider"
        )
    )
    issuer: dict[str, Any] = {
        "id": scope.issuer,
        "name": name,
        "kind": kind,
        "country": _country(org, scope),
    }
    if system != "none":
        issuer["credit_system"] = system
    page = prop(org.node, "subjectWebpage") if org else None
    url = ref_id(page) if isinstance(page, dict) else text(page)
    if url:
        issuer["url"] = url
    return issuer


def _country(org: Record | None, scope: Scope) -> str:
    for address in values(prop(org.node, "address") if org else None):
        if isinstance(address, dict):
            raw = (text(prop(address, "addressCountry")) or "").strip()
            if len(raw) == 2 and raw.isalpha():
                return raw.upper()
            if raw.lower() in COUNTRIES:
                return COUNTRIES[raw.lower()]
    scope.warn(
        org.where if org else scope.first_input,
        "no-country",
        "no usable addressCountry: country written as US (the registry's jurisdiction)",
    )
    return "US"


def _publishers(graph: Graph, scope: Scope) -> dict[str, bool]:
    """Organisations (by key) publishing transfer values among the inputs, and whether
    they are intermediaries (they publish no course, credential or program there)."""
    found: dict[str, bool] = {}
    offers: set[str] = set()
    for record in graph.records:
        owner = scope.owner_key(record.node)
        if owner is None:
            continue
        if record.cls == TRANSFER_VALUE:
            found.setdefault(owner, True)
        elif kind_of(record) is not None:
            offers.add(owner)
    return {owner: owner not in offers for owner in found}


def _honours(org: Record, scope: Scope) -> list[dict[str, Any]]:
    """`[[institution.honours]]` from the organisation's `recognizes`: each intermediary
    it recognises (or whose transfer value profiles it recognises)."""
    publishers = _publishers(scope.graph, scope)
    honours: list[dict[str, Any]] = []
    for index, reference in enumerate(values(prop(org.node, "recognizes"))):
        found = scope.graph.find(reference)
        key = None
        if found is not None and found.cls in ORGANIZATIONS:
            key = found.key
        elif found is not None and found.cls == TRANSFER_VALUE:
            key = scope.owner_key(found.node)
        if key is None or key == scope.primary or not publishers.get(key):
            scope.warn(
                f"{org.where}/ceterms:recognizes/{index}",
                "recognizes",
                "recognizes something other than an intermediary's transfer values among "
                "the inputs: no honours entry",
            )
            continue
        intermediary = scope.issuer_id(key)
        if intermediary and all(h["intermediary"] != intermediary for h in honours):
            honours.append({"intermediary": intermediary})
    return honours
