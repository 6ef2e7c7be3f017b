"""Reading CTDL JSON-LD files into one graph of records, each with where it came from.

Accepted shapes: the registry's `@graph` envelope (`{"@context", "@graph": [...]}`), a
single resource document (the flatter publishing shape: one object with `@type`), and a
JSON array of either. Objects embedded in a record that carry `@id` and `@type` (an
`ownedBy` organisation written out in full) are indexed for references too. Malformed
JSON is a `CredstackError` at `file:line` (exit 2).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from credstack.convert.ctdl_vocabulary import ORGANIZATIONS, ctdl_class, prop, ref_id, text
from credstack.errors import CredstackError
from credstack.files import read_regular

MAX_BYTES = 256 * 1024 * 1024


@dataclass(frozen=True)
class Record:
    """One CTDL resource: its JSON object, its class and its JSON pointer."""

    node: dict[str, Any]
    cls: str | None
    where: str  # "file#/@graph/3" (a JSON pointer; "file#" for the whole document)
    first: bool = False  # from the first input (the one whose owner is converted)

    @property
    def id(self) -> str | None:
        return ref_id(self.node)

    @property
    def ctid(self) -> str | None:
        return ctid_of(self.node)

    @property
    def name(self) -> str | None:
        return text(prop(self.node, "name"))

    @property
    def key(self) -> str | None:
        """How the graph knows it: its @id, else its CTID, else (an organisation written
        out inside a record, as the registry's import shape does) its name."""
        return self.id or self.ctid or (f"name:{self.name}" if self.name else None)


_CTID = re.compile(r"ce-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.I)


def ctid_of(node: dict[str, Any] | str | None) -> str | None:
    """The CTID ('ce-' + UUID, lower case) of a record or a reference, when it has one."""
    if isinstance(node, dict):
        found = text(prop(node, "ctid"))
        if found and found.lower().startswith("urn:ctid:"):
            found = "ce-" + found[len("urn:ctid:") :]
        if found and _CTID.fullmatch(found):
            return found.lower()
        node = ref_id(node)
    if isinstance(node, str):
        match = _CTID.search(node)
        if match:
            return match.group(0).lower()
        if "urn:ctid:" in node:
            uuid = node.rsplit("urn:ctid:", 1)[1]
            if _CTID.fullmatch("ce-" + uuid):
                return ("ce-" + uuid).lower()
    return None


class Graph:
    """Every top-level record of the inputs in input order, and an index by @id and CTID."""

    def __init__(self) -> None:
        self.records: list[Record] = []
        self._by_key: dict[str, Record] = {}

    def add(self, record: Record, top: bool) -> None:
        if top:
            self.records.append(record)
        for key in (record.id, record.ctid, record.key):
            if key:
                self._by_key.setdefault(key, record)

    def find(self, reference: Any) -> Record | None:
        """The record a reference names: an IRI, a CTID, or an object (its @id, CTID,
        or, for an organisation written out in full, its name)."""
        if isinstance(reference, dict):
            if "@type" in reference:
                return self._by_key.get(Record(reference, None, "").key or "\0")
            reference = ref_id(reference)
        if not isinstance(reference, str):
            return None
        return self._by_key.get(reference) or self._by_key.get(ctid_of(reference) or "\0")


def read_graph(inputs: list[Path]) -> Graph:
    graph = Graph()
    for index, path in enumerate(inputs):
        for record, top in _records(path, _load(path)):
            graph.add(replace(record, first=index == 0), top)
    return graph


def _load(path: Path) -> Any:
    try:
        raw, _ = read_regular(path, MAX_BYTES)
    except (OSError, ValueError) as error:
        why = getattr(error, "strerror", None) or "not a regular file"
        raise CredstackError.at(path, 1, f"cannot read: {why}") from None
    if len(raw) > MAX_BYTES:
        raise CredstackError.at(path, 1, f"larger than {MAX_BYTES // (1024 * 1024)} MB")
    try:
        body = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise CredstackError.at(path, line, "not UTF-8 text") from None
    try:
        return json.loads(body)
    except json.JSONDecodeError as error:
        raise CredstackError.at(path, error.lineno, f"malformed JSON: {error.msg}") from None
    except RecursionError:
        raise CredstackError.at(path, 1, "malformed JSON: nested too deeply") from None


def _records(path: Path, data: Any) -> Iterator[tuple[Record, bool]]:
    """(record, is top-level) for every resource in one file's JSON."""
    if isinstance(data, dict) and "@graph" in data:
        items = data["@graph"]
        if not isinstance(items, list):
            raise CredstackError.at(path, 1, "'@graph' is not a list of records")
        tops = [(f"/@graph/{i}", item) for i, item in enumerate(items)]
    elif isinstance(data, list):
        tops = [(f"/{i}", item) for i, item in enumerate(data)]
    elif isinstance(data, dict):
        tops = [("", data)]
    else:
        raise CredstackError.at(path, 1, "not a CTDL document: expected a JSON object or array")
    for pointer, item in tops:
        if isinstance(item, dict) and "@graph" in item and "@type" not in item:
            yield from _records_at(path, item["@graph"], f"{pointer}/@graph")
            continue
        if not isinstance(item, dict):
            raise CredstackError.at(path, 1, f"#{pointer}: a record is not an object")
        yield Record(item, ctdl_class(item), f"{path}#{pointer}"), True
        yield from _embedded(path, item, pointer)


def _records_at(path: Path, items: Any, pointer: str) -> Iterator[tuple[Record, bool]]:
    if not isinstance(items, list):
        raise CredstackError.at(path, 1, f"#{pointer}: '@graph' is not a list")
    for index, item in enumerate(items):
        if not isinstance(item, dict):
            raise CredstackError.at(path, 1, f"#{pointer}/{index}: not an object")
        yield Record(item, ctdl_class(item), f"{path}#{pointer}/{index}"), True
        yield from _embedded(path, item, f"{pointer}/{index}")


def _embedded(path: Path, node: Any, pointer: str) -> Iterator[tuple[Record, bool]]:
    """Objects inside a record that are resources themselves (an @id and an @type)."""
    children: list[tuple[str, Any]] = []
    if isinstance(node, dict):
        children = [(_escape(k), v) for k, v in node.items()]
    elif isinstance(node, list):
        children = [(str(i), v) for i, v in enumerate(node)]
    for key, child in children:
        at = f"{pointer}/{key}"
        if isinstance(child, dict) and "@type" in child and _named(child):
            yield Record(child, ctdl_class(child), f"{path}#{at}"), False
        if isinstance(child, (dict, list)):
            yield from _embedded(path, child, at)


def _escape(key: str) -> str:
    """A JSON-pointer reference token (RFC 6901)."""
    return key.replace("~", "~0").replace("/", "~1")


def _named(node: dict[str, Any]) -> bool:
    """Whether an embedded object is a resource others may name (an @id, a CTID, or an
    organisation's name)."""
    if ref_id(node) or ctid_of(node):
        return True
    return ctdl_class(node) in ORGANIZATIONS and bool(text(prop(node, "name")))
