"""Loading a catalogue directory: every problem found, each with its file and line."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from pydantic import ValidationError

from credstack.errors import CredstackError, Problem, did_you_mean
from credstack.model.catalogue import CatalogueFile
from credstack.model.prereq import PrereqSyntaxError, codes, parse
from credstack.model.refs import split_ref
from credstack.model.region import LoadedCatalogue, Region
from credstack.store.cache import CatalogueCache, FileKey, file_key, gc_paused
from credstack.store.toml_lines import LineIndex
from credstack.store.validation import read_toml, validation_problems


def catalogue_files(root: Path) -> list[Path]:
    """Every `*.toml` below `root`, in a stable order."""
    if root.is_file():
        return [root]
    return sorted(p for p in root.rglob("*.toml") if p.is_file() and not p.name.startswith("."))


def load_catalogue_file(path: Path) -> tuple[LoadedCatalogue | None, list[Problem]]:
    """Parse and validate one file (no cross-file checks)."""
    data, text, problems = read_toml(path)
    if data is None:
        return None, problems
    # Scanned when a line is first asked for (a problem, a lint warning, the cache entry):
    # a load with --no-cache and no problem never scans (0.9 s of a cold load of 7 MB).
    lines = LineIndex.deferred(lambda: LineIndex(text).lines)
    try:
        catalogue = CatalogueFile.model_validate(data)
    except ValidationError as error:
        return None, validation_problems(error, path, lines, CatalogueFile)
    return LoadedCatalogue(path=path, catalogue=catalogue, lines=lines), []


def load_region_with_problems(root: Path, cache: bool = False) -> tuple[Region, list[Problem]]:
    """Load every catalogue below `root`; return the region and every problem found.

    A file with syntax or schema errors is left out of the region; reference errors are
    reported but the file stays in, so one typo does not hide a whole issuer from lint.

    With `cache`, unchanged files are read from the catalogue cache (store/cache.py)
    instead of being parsed and validated again, and the cross-file checks are skipped
    for a set of files already found clean; files with errors are never cached.
    """
    try:
        root.stat()
    except FileNotFoundError:
        return Region([], root), [Problem(str(root), 1, "no such file or directory")]
    except (OSError, ValueError) as error:  # a name too long, a NUL, a link loop
        why = getattr(error, "strerror", None) or "not a usable path"
        return Region([], root), [Problem(str(root), 1, f"cannot read: {why}")]
    files = catalogue_files(root)
    if not files:
        return Region([], root), [Problem(str(root), 1, "no *.toml catalogue files found")]
    store = CatalogueCache() if cache else None
    keys: list[FileKey | None] = []
    fresh: list[tuple[FileKey, LoadedCatalogue]] = []
    problems: list[Problem] = []
    loaded: list[LoadedCatalogue] = []
    first_seen: dict[str, LoadedCatalogue] = {}
    with gc_paused():
        for path in files:
            catalogue: LoadedCatalogue | None = None
            key = file_key(path) if store is not None else None
            keys.append(key)
            if store is not None and key is not None:
                catalogue = store.get(path, key)
            if catalogue is None:
                catalogue, found = load_catalogue_file(path)
                problems += found
                if catalogue is None:
                    continue
                if key is not None and file_key(path) == key:  # unchanged while parsed
                    fresh.append((key, catalogue))
            issuer_id = catalogue.issuer.id
            if issuer_id in first_seen:
                other = first_seen[issuer_id]
                problems.append(
                    Problem(
                        str(path),
                        catalogue.line_of("issuer", "id"),
                        f"duplicate issuer id {issuer_id!r} (also in {other.path}:"
                        f"{other.line_of('issuer', 'id')})",
                    )
                )
                continue
            first_seen[issuer_id] = catalogue
            loaded.append(catalogue)
    region = Region(loaded, root)
    region_key = (
        CatalogueCache.region_key(k for k in keys if k is not None)
        if store is not None and not problems and all(k is not None for k in keys)
        else None
    )
    if store is None or region_key is None or not store.region_clean(region_key):
        with gc_paused():
            for catalogue in loaded:
                problems += list(check_catalogue(catalogue, region))
        if store is not None and region_key is not None and not problems:
            store.mark_region_clean(region_key)
    if store is not None:
        failed = {p.path for p in problems if p.severity == "error"}
        with gc_paused():
            for key, catalogue in fresh:
                if str(catalogue.path) not in failed:
                    store.put(key, catalogue)
    return region, sorted(problems)


def load_region(root: Path, cache: bool = False) -> Region:
    """Load a region or raise CredstackError with every problem (see `cache` above)."""
    region, problems = load_region_with_problems(root, cache=cache)
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise CredstackError(errors)
    return region


def check_catalogue(loaded: LoadedCatalogue, region: Region) -> Iterable[Problem]:
    """Duplicate ids, unresolved references, unknown terms and prerequisite cycles."""
    yield from _duplicates(loaded)
    yield from _course_checks(loaded)
    yield from _credential_checks(loaded, region)
    yield from _program_checks(loaded, region)
    yield from _rule_checks(loaded, region)
    yield from _cycles(loaded)


def _problem(loaded: LoadedCatalogue, loc: tuple[str | int, ...], message: str) -> Problem:
    return Problem(str(loaded.path), loaded.lines.line_of(loc), message)


def _duplicates(loaded: LoadedCatalogue) -> Iterable[Problem]:
    cat = loaded.catalogue
    tables: list[tuple[str, list[str], str]] = [
        ("course", [c.code for c in cat.course], "code"),
        ("credential", [c.id for c in cat.credential], "id"),
        ("program", [p.id for p in cat.program], "id"),
        ("articulation", [a.id for a in cat.articulation], "id"),
        ("rpl", [r.id for r in cat.rpl], "id"),
        ("role", [r.id for r in cat.role], "id"),
        ("plan", [p.id for p in cat.plan], "id"),
        ("skill", [s.id for s in cat.skill], "id"),
    ]
    for table, ids, key in tables:
        seen: dict[str, int] = {}
        for index, item_id in enumerate(ids):
            if item_id in seen:
                first = loaded.line_of(table, seen[item_id])
                yield _problem(
                    loaded,
                    (table, index, key),
                    f"duplicate {table} id {item_id!r} (first at line {first})",
                )
            else:
                seen[item_id] = index
    for p_index, program in enumerate(cat.program):
        seen = {}
        for r_index, requirement in enumerate(program.requirement):
            if requirement.id in seen:
                yield _problem(
                    loaded,
                    ("program", p_index, "requirement", r_index, "id"),
                    f"duplicate requirement id {requirement.id!r} in program {program.id!r}",
                )
            seen[requirement.id] = r_index


def _own_course(
    loaded: LoadedCatalogue, name: str, loc: tuple[str | int, ...], what: str
) -> Iterable[Problem]:
    issuer, code = split_ref(name, loaded.issuer.id)
    if issuer != loaded.issuer.id:
        yield _problem(loaded, loc, f"{what} {name!r}: must be a course of {loaded.issuer.id!r}")
    elif code not in loaded.courses:
        yield _problem(
            loaded,
            loc,
            f"{what} {name!r}: no such course in {loaded.issuer.id!r}"
            + did_you_mean(code, loaded.courses),
        )


def _course_checks(loaded: LoadedCatalogue) -> Iterable[Problem]:
    institution = loaded.catalogue.institution
    term_names = [t.name for t in institution.term] if institution else []
    for index, course in enumerate(loaded.catalogue.course):
        for key, text in (("requires", course.requires), ("corequires", course.corequires)):
            try:
                expr = parse(text)
            except PrereqSyntaxError as error:
                yield _problem(loaded, ("course", index, key), f"{key}: {error}")
                continue
            for code in codes(expr):
                yield from _own_course(loaded, code, ("course", index, key), key)
        for term in course.offered or []:
            if term not in term_names:
                known = ", ".join(term_names) or "none: add [[institution.term]] tables"
                yield _problem(
                    loaded,
                    ("course", index, "offered"),
                    f"{course.code}: unknown term {term!r}{did_you_mean(term, term_names)}"
                    f" (terms here: {known})",
                )


def _any_item(
    loaded: LoadedCatalogue,
    region: Region,
    name: str,
    loc: tuple[str | int, ...],
    what: str,
    kinds: tuple[str, ...] = ("course", "credential"),
) -> Iterable[Problem]:
    issuer, item = split_ref(name, loaded.issuer.id)
    other = region.get(issuer)
    if other is None:
        yield _problem(
            loaded,
            loc,
            f"{what} {name!r}: no issuer {issuer!r} is loaded"
            + did_you_mean(issuer, region.catalogues),
        )
        return
    pools: list[str] = []
    if "course" in kinds:
        pools += list(other.courses)
    if "credential" in kinds:
        pools += list(other.credentials)
    if "program" in kinds:
        pools += list(other.programs)
    if item not in pools:
        yield _problem(
            loaded,
            loc,
            f"{what} {name!r}: {issuer!r} has no {' or '.join(kinds)} {item!r}"
            + did_you_mean(item, pools),
        )


def _credential_checks(loaded: LoadedCatalogue, region: Region) -> Iterable[Problem]:
    for index, credential in enumerate(loaded.catalogue.credential):
        for course in credential.courses:
            yield from _own_course(loaded, course, ("credential", index, "courses"), "course")
        for target in credential.stacks_into:
            yield from _any_item(
                loaded,
                region,
                target,
                ("credential", index, "stacks_into"),
                "stacks_into",
                ("program",),
            )


def _program_checks(loaded: LoadedCatalogue, region: Region) -> Iterable[Problem]:
    for p_index, program in enumerate(loaded.catalogue.program):
        requirement_ids = [r.id for r in program.requirement]
        for r_index, requirement in enumerate(program.requirement):
            for course in requirement.courses or []:
                yield from _own_course(
                    loaded,
                    course,
                    ("program", p_index, "requirement", r_index, "courses"),
                    f"requirement {requirement.id!r} names course",
                )
        for term in program.published_plan or []:
            for course in term:
                yield from _own_course(
                    loaded,
                    course,
                    ("program", p_index, "published_plan"),
                    "published_plan names course",
                )
        for pair in program.double_count:
            for rid in pair:
                if rid not in requirement_ids:
                    yield _problem(
                        loaded,
                        ("program", p_index, "double_count"),
                        f"double_count names requirement {rid!r}, not in program "
                        f"{program.id!r}" + did_you_mean(rid, requirement_ids),
                    )


def _rule_checks(loaded: LoadedCatalogue, region: Region) -> Iterable[Problem]:
    cat = loaded.catalogue
    # An intermediary (ACE, NCCRS, a state board) recommends credit that institutions
    # honouring it grant: its rules need no policy, and name other institutions' courses.
    intermediary = cat.issuer.kind == "intermediary"
    has_policy = cat.institution is not None or intermediary
    for index, rule in enumerate(cat.articulation):
        if not has_policy:
            yield _problem(
                loaded, ("articulation", index), "articulation rules need an [institution] table"
            )
        for item in rule.from_:
            yield from _any_item(loaded, region, item, ("articulation", index, "from"), "from")
        for course in rule.grants:
            loc = ("articulation", index, "grants")
            if intermediary:
                yield from _any_item(loaded, region, course, loc, "grants", ("course",))
            else:
                yield from _own_course(loaded, course, loc, "grants")
    for index, route in enumerate(cat.rpl):
        for course in route.grants:
            yield from _own_course(loaded, course, ("rpl", index, "grants"), "grants")
    for index, role in enumerate(cat.role):
        for item in role.accepts:
            yield from _any_item(
                loaded, region, item, ("role", index, "accepts"), "accepts", ("credential",)
            )
    for index, plan in enumerate(cat.plan):
        for item in plan.covers:
            if item == "*":
                continue
            issuer, cid = split_ref(item, loaded.issuer.id)
            if issuer != loaded.issuer.id or cid not in loaded.credentials:
                yield _problem(
                    loaded,
                    ("plan", index, "covers"),
                    f"covers {item!r}: not a credential of {loaded.issuer.id!r}"
                    + did_you_mean(cid, loaded.credentials),
                )


def _acyclic(edges: dict[str, dict[str, None]]) -> bool:
    """Whether the graph has no cycle (Kahn's algorithm: every node can be peeled off)."""
    waiting: dict[str, int] = {}
    for source, targets in edges.items():
        waiting.setdefault(source, 0)
        for target in targets:
            waiting[target] = waiting.get(target, 0) + 1
    ready = [node for node, count in waiting.items() if count == 0]
    peeled = 0
    while ready:
        node = ready.pop()
        peeled += 1
        for target in edges.get(node, ()):
            waiting[target] -= 1
            if waiting[target] == 0:
                ready.append(target)
    return peeled == len(waiting)


def _cycles(loaded: LoadedCatalogue) -> Iterable[Problem]:
    edges: dict[str, dict[str, None]] = {}  # ordered: cycles are reported as before
    for code, expr in loaded.requires.items():
        for needed in codes(expr):
            issuer, needed_code = split_ref(needed, loaded.issuer.id)
            if issuer == loaded.issuer.id:
                edges.setdefault(code, {})[needed_code] = None
    if _acyclic(edges):
        return  # the usual case, found without importing networkx
    import networkx as nx  # only to name the cycles

    graph: nx.DiGraph[str] = nx.DiGraph()
    for code, targets in edges.items():  # in the order it was always built
        for needed_code in targets:
            graph.add_edge(code, needed_code)
    reported: set[frozenset[str]] = set()
    for cycle in nx.simple_cycles(graph):
        key = frozenset(cycle)
        if key in reported:
            continue
        reported.add(key)
        first = min(cycle)
        index = next(i for i, c in enumerate(loaded.catalogue.course) if c.code == first)
        start = cycle.index(first)
        ordered = cycle[start:] + cycle[:start] + [first]
        yield _problem(
            loaded,
            ("course", index, "requires"),
            "prerequisite cycle: " + " -> ".join(ordered),
        )
        if len(reported) >= 20:
            return
