"""Who owns what in a CTDL graph, and the credstack ids the converter gives it.

Ids are a function of the record alone, so two conversions (a provider's records, and
an institution's transfer values naming them) agree: an organisation's issuer id is its
name as a slug (else its CTID); a course's code is its `codedNotation` (else its CTID);
a credential's or program's id is its CTID (else its name as a slug).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Literal

from credstack.convert.conversion import Unmapped
from credstack.convert.ctdl_graph import Graph, Record, ctid_of
from credstack.convert.ctdl_vocabulary import (
    COURSES,
    CREDENTIAL_TYPES,
    ORGANIZATIONS,
    PROGRAM_AWARDS,
    TRANSFER_VALUE,
    prop,
    ref_id,
    text,
    values,
)

ItemKind = Literal["course", "credential", "program"]


def slug(name: str, limit: int = 40) -> str:
    """'Indiana University East' -> 'indiana-university-east' (an issuer id)."""
    words = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    return words[:limit].rstrip("-")


def item_text(value: str) -> str:
    """A published code as a catalogue item id: 'WELD 101' -> 'WELD101'."""
    return re.sub(r"[^A-Za-z0-9._-]", "", value).lstrip("._-")


def kind_of(record: Record) -> ItemKind | None:
    if record.cls in COURSES:
        return "course"
    if record.cls in CREDENTIAL_TYPES:
        return "credential"
    if record.cls in PROGRAM_AWARDS:
        return "program"
    return None


@dataclass(frozen=True)
class Item:
    """A record as a catalogue item: its issuer id, item id and table."""

    issuer: str
    id: str
    kind: ItemKind
    record: Record


@dataclass
class Scope:
    graph: Graph
    issuer: str  # the catalogue's issuer id
    primary: str | None  # the key of the owning organisation (its @id), if any
    warnings: list[Unmapped] = field(default_factory=list)
    first_input: str = "inputs"  # where a warning about the inputs as a whole points

    def warn(self, where: str, kind: str, message: str) -> None:
        self.warnings.append(Unmapped(where, kind, message))

    # --------------------------------------------------------------- owners
    def owner_key(self, node: dict[str, Any]) -> str | None:
        """The organisation that owns a record (`ownedBy`, else `offeredBy`)."""
        for name in ("ownedBy", "offeredBy"):
            for reference in values(prop(node, name)):
                found = self.graph.find(reference)
                key = (found.key if found else None) or ref_id(reference)
                if key:
                    return key
        return None

    def owned_here(self, record: Record) -> bool:
        owner = self.owner_key(record.node)
        return owner is None or owner == self.primary

    def issuer_id(self, owner: str | None) -> str | None:
        """The issuer id of an organisation (by its key), or None when unknown."""
        if owner is None or owner == self.primary:
            return self.issuer
        org = self.graph.find(owner)
        if org is not None and org.cls in ORGANIZATIONS and org.name and slug(org.name):
            return slug(org.name)
        return ctid_of(owner)

    def organisation_name(self, owner: str | None) -> str | None:
        org = self.graph.find(owner) if owner else None
        return org.name if org else None

    # ---------------------------------------------------------------- items
    def item(self, reference: Any) -> Item | None:
        """The catalogue item a reference names, when its record is in the inputs."""
        record = self.graph.find(reference)
        if record is None:
            return None
        kind = kind_of(record)
        issuer = self.issuer_id(self.owner_key(record.node))
        item_id = item_id_of(record)
        if kind is None or issuer is None or item_id is None:
            return None
        return Item(issuer, item_id, kind, record)

    def reference(self, item: Item) -> str:
        """How this catalogue names an item: bare when it is its own, else issuer:item."""
        return item.id if item.issuer == self.issuer else f"{item.issuer}:{item.id}"


def item_id_of(record: Record) -> str | None:
    if record.cls in COURSES:
        code = text(prop(record.node, "codedNotation"))
        if code and item_text(code):
            return item_text(code)
    if record.ctid:
        return record.ctid
    return slug(record.name, 60) if record.name and slug(record.name, 60) else None


def choose_primary(graph: Graph, wanted: str | None = None) -> str | None:
    """The organisation whose issuer id is `wanted`; else the one owning the most
    convertible records of the first input (ties: the first seen; later inputs are there
    to resolve references); else the first input's only organisation record; else None."""
    probe = Scope(graph, "", None)
    if wanted is not None:
        keys = [probe.owner_key(r.node) for r in graph.records] + [r.key for r in graph.records]
        for key in keys:
            if key and probe.issuer_id(key) == wanted:
                return key
    owners: Counter[str] = Counter()
    order: dict[str, int] = {}
    for record in graph.records:
        if not record.first or (kind_of(record) is None and record.cls != TRANSFER_VALUE):
            continue
        owner = probe.owner_key(record.node)
        if owner:
            owners[owner] += 1
            order.setdefault(owner, len(order))
    if owners:
        return min(owners, key=lambda o: (-owners[o], order[o]))
    organisations = [r for r in graph.records if r.first and r.cls in ORGANIZATIONS and r.key]
    return organisations[0].key if len(organisations) == 1 else None
