"""A region: every catalogue loaded from one directory, indexed for the engine."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Literal, Protocol

from credstack.model.catalogue import (
    Articulation,
    CatalogueFile,
    Course,
    Credential,
    Issuer,
    Program,
    Role,
)
from credstack.model.prereq import Expr, parse
from credstack.model.refs import make_ref, split_ref

ItemKind = Literal["course", "credential", "program"]


class Lines(Protocol):
    """Where things are in a file: the line of a table or key path (store/toml_lines.py's
    `LineIndex` reads them from the TOML text; the model only asks)."""

    def line_of(self, loc: Sequence[str | int]) -> int: ...


@dataclass
class LoadedCatalogue:
    """One catalogue file as loaded: its model, where it came from, and its line index."""

    path: Path
    catalogue: CatalogueFile
    lines: Lines
    courses: dict[str, Course] = field(default_factory=dict)
    credentials: dict[str, Credential] = field(default_factory=dict)
    programs: dict[str, Program] = field(default_factory=dict)
    requires: dict[str, Expr] = field(default_factory=dict)
    corequires: dict[str, Expr] = field(default_factory=dict)
    # full reference of a held item -> positions of the articulation rules naming it
    rules_from: dict[str, tuple[int, ...]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        cat = self.catalogue
        self.courses = {c.code: c for c in cat.course}
        self.credentials = {c.id: c for c in cat.credential}
        self.programs = {p.id: p for p in cat.program}
        for course in cat.course:
            self.requires[course.code] = _parse_or_none(course.requires)
            self.corequires[course.code] = _parse_or_none(course.corequires)
        home = cat.issuer.id
        naming: dict[str, list[int]] = {}
        for position, rule in enumerate(cat.articulation):
            for item in dict.fromkeys(rule.from_):
                issuer, name = split_ref(item, home)
                naming.setdefault(make_ref(issuer, name), []).append(position)
        self.rules_from = {ref: tuple(found) for ref, found in naming.items()}

    def rules_naming(self, refs: Iterable[str]) -> list[Articulation]:
        """The articulation rules that name any of `refs` (full references), in file
        order: the only rules a learner holding `refs` can meet or be refused by."""
        positions = sorted({p for ref in refs for p in self.rules_from.get(ref, ())})
        rules = self.catalogue.articulation
        return [rules[p] for p in positions]

    @property
    def issuer(self) -> Issuer:
        return self.catalogue.issuer

    def line_of(self, *loc: str | int) -> int:
        return self.lines.line_of(loc)

    def where(self, *loc: str | int) -> tuple[str, int]:
        return str(self.path), self.lines.line_of(loc)


@lru_cache(maxsize=1 << 16)
def _parse_or_none(text: str) -> Expr:
    """The parsed expression (immutable, so one per text is shared: catalogues repeat
    prerequisite texts, and most courses have none)."""
    try:
        return parse(text)
    except ValueError:
        return None  # reported by the loader; the engine treats it as no prerequisite


class Region:
    """Every loaded catalogue, by issuer id, with lookups by reference."""

    def __init__(self, catalogues: list[LoadedCatalogue], root: Path | None = None) -> None:
        self.root = root
        self.catalogues: dict[str, LoadedCatalogue] = {}
        for loaded in catalogues:
            self.catalogues.setdefault(loaded.issuer.id, loaded)
        self._skill_names: dict[str, str] | None = None

    def skill_names(self) -> dict[str, str]:
        """Every name of a skill -> its id: the ids of all `[[skill]]` tables, their
        `uri` and their `aliases` (the first framework, by issuer id, wins a name two
        claim; lint says so)."""
        if self._skill_names is None:
            names: dict[str, str] = {}
            for issuer in sorted(self.catalogues):
                for skill in self.catalogues[issuer].catalogue.skill:
                    names.setdefault(skill.id, skill.id)
            for issuer in sorted(self.catalogues):
                for skill in self.catalogues[issuer].catalogue.skill:
                    for name in ([skill.uri] if skill.uri else []) + skill.aliases:
                        names.setdefault(name, skill.id)
            self._skill_names = names
        return self._skill_names

    def skill_id(self, name: str) -> str:
        """The skill `name` stands for: a framework's id, found by the id itself, its
        ESCO URI or any alias; `name` itself when no loaded framework knows it."""
        return self.skill_names().get(name, name)

    def skill_ids(self, names: Iterable[str]) -> list[str]:
        """`skill_id` of each name, in order, each skill once."""
        return list(dict.fromkeys(self.skill_id(name) for name in names))

    def __contains__(self, issuer_id: str) -> bool:
        return issuer_id in self.catalogues

    def get(self, issuer_id: str) -> LoadedCatalogue | None:
        return self.catalogues.get(issuer_id)

    def issuers(self) -> list[Issuer]:
        return [c.issuer for c in self.catalogues.values()]

    def institutions(self) -> list[LoadedCatalogue]:
        """Issuers that award credit (they publish an `[institution]` policy)."""
        return [c for c in self.catalogues.values() if c.catalogue.institution is not None]

    def course(self, ref: str) -> Course | None:
        issuer, code = split_ref(ref)
        loaded = self.catalogues.get(issuer)
        return loaded.courses.get(code) if loaded else None

    def credential(self, ref: str) -> Credential | None:
        issuer, item = split_ref(ref)
        loaded = self.catalogues.get(issuer)
        return loaded.credentials.get(item) if loaded else None

    def program(self, ref: str) -> Program | None:
        issuer, item = split_ref(ref)
        loaded = self.catalogues.get(issuer)
        return loaded.programs.get(item) if loaded else None

    def kind_of(self, ref: str) -> ItemKind | None:
        if ":" not in ref:
            return None
        if self.course(ref) is not None:
            return "course"
        if self.credential(ref) is not None:
            return "credential"
        if self.program(ref) is not None:
            return "program"
        return None

    def holdable_refs(self) -> list[str]:
        """Every course and credential reference: what a learner can hold."""
        refs: list[str] = []
        for issuer, loaded in self.catalogues.items():
            refs += [make_ref(issuer, code) for code in loaded.courses]
            refs += [make_ref(issuer, cid) for cid in loaded.credentials]
        return refs

    def program_refs(self) -> list[str]:
        return [
            make_ref(issuer, pid)
            for issuer, loaded in self.catalogues.items()
            for pid in loaded.programs
        ]

    def role(self, ref: str) -> Role | None:
        """An employer role by its "employer:role-id" reference."""
        issuer, item = split_ref(ref)
        loaded = self.catalogues.get(issuer)
        if loaded is None:
            return None
        return next((r for r in loaded.catalogue.role if r.id == item), None)

    def role_refs(self) -> list[str]:
        return [
            make_ref(issuer, role.id)
            for issuer, loaded in self.catalogues.items()
            for role in loaded.catalogue.role
        ]

    def title_of(self, ref: str) -> str:
        for lookup in (self.course, self.credential, self.program):
            item = lookup(ref)
            if item is not None:
                return item.title
        return ref

    def resolve(self, ref: str, home: str) -> str:
        """The full reference for a bare or full name written in `home`'s file."""
        issuer, item = split_ref(ref, home)
        return make_ref(issuer, item)
