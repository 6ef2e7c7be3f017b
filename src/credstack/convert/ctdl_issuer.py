"""The catalogue's `[issuer]` and `[[institution.honours]]` from CTDL organisations
(docs/convert-ctdl.md)."""

from __future__ import annotations

from typing import Any

from credstack.convert.ctdl_graph import Graph, Record
from credstack.convert.ctdl_scope import Scope, kind_of
from credstack.convert.ctdl_vocabulary import (
    ORGANIZATIONS,
    TRANSFER_VALUE,
    prop,
    ref_id,
    text,
    values,
)

COUNTRIES = {"united states": "US", "usa": "US", "united states of america": "US", "canada": "CA"}


def issuer_table(
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


def honours_of(org: Record, scope: Scope) -> list[dict[str, Any]]:
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
