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
from pathlib import Path
from typing import Any

from credstack.convert.conversion import Conversion
from credstack.convert.ctdl_credits import credit_values
from credstack.convert.ctdl_graph import Graph, Record, ctid_of, read_graph
from credstack.convert.ctdl_issuer import honours_of, issuer_table
from credstack.convert.ctdl_items import (
    course_table,
    credential_table,
    program_table,
    resolve_requires,
    stack_from_programs,
)
from credstack.convert.ctdl_scope import Scope, choose_primary, item_id_of, kind_of, slug
from credstack.convert.ctdl_transfer import transfer_rules
from credstack.convert.ctdl_vocabulary import (
    CTDL_CLASSES,
    ORGANIZATIONS,
    TRANSFER_VALUE,
    prop,
    type_text,
    values,
)
from credstack.errors import CredstackError
from credstack.model.catalogue import ISSUER_ID

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
    courses = [c for r in mine["course"] if (c := course_table(r, scope, system))]
    own_courses = {c["code"] for c in courses}
    resolve_requires(courses, mine["course"], scope)
    programs = [p for r in mine["program"] if (p := program_table(r, scope, system, own_courses))]
    own_programs = {p["id"] for p in programs}
    credentials = [
        c
        for r in mine["credential"]
        if (c := credential_table(r, scope, system, own_courses, own_programs))
    ]
    stack_from_programs(mine["program"], credentials, scope, own_programs)
    rules = _rules(mine["transfer"], scope, system, own_courses)
    intermediary = bool(mine["transfer"]) and not (courses or credentials or programs)
    catalogue: dict[str, Any] = {
        "format": 1,
        "issuer": issuer_table(org, scope, system, intermediary, programs),
    }
    honours = honours_of(org, scope) if org and not intermediary else []
    if not intermediary and (courses or programs or rules or honours):
        catalogue["institution"] = {"honours": honours} if honours else {}
    for table, rows in (("course", courses), ("credential", credentials), ("program", programs)):
        if rows:
            catalogue[table] = rows
    if rules:
        catalogue["articulation"] = rules
    return Conversion(catalogue, scope.warnings)


def _rules(
    records: list[Record], scope: Scope, system: str, own_courses: set[str]
) -> list[dict[str, Any]]:
    """The articulation rules of every transfer value profile, each id once."""
    rules: list[dict[str, Any]] = []
    seen: set[str] = set()
    for record in records:
        for rule in transfer_rules(record, scope, system, own_courses):
            if rule["id"] in seen:
                scope.warn(record.where, "duplicate-id", f"rule {rule['id']!r} is published twice")
                continue
            seen.add(rule["id"])
            rules.append(rule)
    return rules


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
