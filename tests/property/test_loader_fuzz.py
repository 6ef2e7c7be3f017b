"""Whatever is in a catalogue or learner file, loading never crashes and every problem is
located: a path and a line >= 1 inside the file.

Inputs: random bytes; random TOML documents built from the real schema's key names plus
random keys, with values of every TOML type; and mutations of valid catalogues and
learners (a key deleted, renamed or given a value of another type, a table duplicated).
"""

from __future__ import annotations

import copy
import datetime as dt
import os
import re
import tomllib
import typing
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import tomli_w
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from credstack.errors import CredstackError, Problem
from credstack.model.catalogue import CatalogueFile
from credstack.model.learner import LearnerFile
from credstack.model.region import Region
from credstack.store.catalogue_loader import catalogue_files, load_region, load_region_with_problems
from credstack.store.learner_store import load_learner_with_problems
from tests.helpers import LEARNER_TOML, PROJECT, PROV_TOML, SCENARIOS, UNI_TOML, write_region

# Shrinking a failure through the loader can take minutes; set CREDSTACK_FUZZ_SHRINK=1 to
# get the smallest failing example when investigating one.
FUZZ = settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    phases=[
        phase
        for phase in Phase
        if phase is not Phase.shrink or os.environ.get("CREDSTACK_FUZZ_SHRINK")
    ],
)


# --- the schema's key names --------------------------------------------------------------


def _inner_model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _inner_model(arg)
        if found is not None:
            return found
    return None


def _fields(model: type[BaseModel]) -> dict[str, tuple[type[BaseModel] | None, bool]]:
    """key -> (table model or None, whether it is an array of tables)."""
    out: dict[str, tuple[type[BaseModel] | None, bool]] = {}
    for name, info in model.model_fields.items():
        inner = _inner_model(info.annotation)
        is_list = typing.get_origin(info.annotation) is list or "list[" in str(info.annotation)
        out[info.alias or name] = (inner, is_list)
    return out


def _all_keys(model: type[BaseModel], seen: set[str] | None = None) -> set[str]:
    seen = set() if seen is None else seen
    for key, (inner, _) in _fields(model).items():
        seen.add(key)
        if inner is not None and inner is not model:
            _all_keys(inner, seen)
    return seen


SCHEMA_KEYS = sorted(_all_keys(CatalogueFile) | _all_keys(LearnerFile))


# --- strategies --------------------------------------------------------------------------

SCALARS = st.one_of(
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.floats(),
    st.booleans(),
    st.text(max_size=12),
    st.dates(),
    st.datetimes(),
    st.times(),
)
TOML_VALUES = st.recursive(
    SCALARS,
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=6), children, max_size=3)
    ),
    max_leaves=3,
)
PLAUSIBLE = st.sampled_from(
    [
        "uni",
        "prov",
        "other",
        "CS101",
        "CS102",
        "MATH110",
        "uni:CS101",
        "uni:cert",
        "uni:coding-mc",
        "prov:py-badge",
        "nope:x",
        "cert",
        "core",
        "maths",
        "spring",
        "fall",
        "",
        " ",
        "P",
        "B+",
        "E",
        "university",
        "provider",
        "badge",
        "certificate",
        "micro-credential",
        "US",
        "USD",
        "ects",
        "none",
        "workplace",
        "online",
        "substitute",
        "grant",
        "waive",
        "exclude",
        "2027 spring",
        "2027 winter",
        "spring 2027",
        "CS101 and (CS102 or MATH110)",
        "CS101 and",
        "(CS101",
        "CS101 & CS102",
        "*",
        0,
        1,
        2,
        3,
        7.5,
        0.1,
        -1,
        9,
        12,
        13,
        10**6,
        1.123456789,
        True,
        False,
        dt.date(2024, 1, 1),
        dt.date(1900, 1, 1),
        ["CS101", "CS102"],
        ["CS101", "CS101"],
        ["spring", "fal"],
        ["core", "maths"],
        [["core", "maths"]],
        [["core"]],
        ["uni:cert"],
        ["prov:py-badge"],
        ["workplace"],
        [],
        [1, 2],
        [{}],
    ]
)
VALUES = st.one_of(PLAUSIBLE, PLAUSIBLE, PLAUSIBLE, SCALARS, TOML_VALUES)
RANDOM_KEYS = st.one_of(st.sampled_from(SCHEMA_KEYS), st.text(min_size=1, max_size=8))


@st.composite
def table(draw: st.DrawFn, model: type[BaseModel], depth: int = 0) -> dict[str, Any]:
    """A TOML table shaped like `model`, with some keys missing, wrong or extra."""
    spec = _fields(model)
    keys = draw(st.lists(st.sampled_from(sorted(spec)), unique=True, max_size=min(len(spec), 6)))
    out: dict[str, Any] = {}
    for key in keys:
        inner, is_list = spec[key]
        if key == "format":
            out[key] = draw(st.sampled_from([1, 1, 1, 2, "1"]))
        elif inner is not None and depth < 2 and draw(st.integers(0, 4)) > 0:
            child = table(inner, depth + 1)
            out[key] = draw(st.lists(child, max_size=2) if is_list else child)
        else:
            out[key] = draw(VALUES)
    for key, value in draw(st.dictionaries(RANDOM_KEYS, VALUES, max_size=2)).items():
        out.setdefault(key, value)
    return out


def _checked(problems: list[Problem], files: dict[str, bytes], root: Path) -> None:
    """Every problem names a file it could be in (or the root) and a line inside it."""
    for problem in problems:
        assert isinstance(problem, Problem)
        assert isinstance(problem.path, str) and problem.path
        assert isinstance(problem.line, int) and problem.line >= 1, problem
        assert isinstance(problem.message, str) and problem.message.strip(), problem
        assert problem.severity in ("error", "warning")
        if problem.path in files:
            assert problem.line <= files[problem.path].count(b"\n") + 1, problem
        else:
            assert problem.path == str(root), problem
        assert str(problem).startswith(f"{problem.path}:{problem.line}: ")


# --- a scratch region per worker ---------------------------------------------------------


class Scratch:
    """A catalogue directory whose files are rewritten per example, then restored."""

    def __init__(self, root: Path, originals: dict[str, str], region: Region) -> None:
        self.root = root
        self.originals = originals
        self.region = region

    def __repr__(self) -> str:  # keeps hypothesis' falsifying examples short
        return f"Scratch({self.root.name})"

    def run(self, name: str, content: bytes, *, raising: bool = False) -> list[Problem]:
        path = self.root / name
        path.write_bytes(content)
        try:
            files = {str(p): p.read_bytes() for p in catalogue_files(self.root)}
            try:
                if raising:  # load_region: it raises CredstackError and nothing else
                    load_region(self.root)
                    problems = []
                else:
                    _, problems = load_region_with_problems(self.root)
            except CredstackError as error:
                problems = error.problems
            _checked(problems, files, self.root)
            return problems
        finally:
            if name in self.originals:
                path.write_text(self.originals[name], encoding="utf-8")
            else:
                path.unlink()


def _scratch(root: Path, files: dict[str, str]) -> Scratch:
    write_region(root, dict(files))
    region, _ = load_region_with_problems(root)
    return Scratch(root, dict(files), region)


def _files(source: Path) -> dict[str, str]:
    return {
        str(p.relative_to(source)): p.read_text(encoding="utf-8") for p in catalogue_files(source)
    }


SHIPPED = PROJECT / "catalogs"
SCENARIO_DIRS = sorted(d for d in SCENARIOS.iterdir() if (d / "catalogs").is_dir())


@pytest.fixture(scope="module")
def scratches(tmp_path_factory: pytest.TempPathFactory) -> list[Scratch]:
    """The base region, each scenario region, and each shipped file on its own.

    A shipped file stands alone (its references to other issuers then fail) because
    loading the whole shipped region for every example would be too slow.
    """
    base = tmp_path_factory.mktemp("fuzz")
    out = [_scratch(base / "base", {"uni.toml": UNI_TOML, "prov.toml": PROV_TOML})]
    out += [_scratch(base / d.name, _files(d / "catalogs")) for d in SCENARIO_DIRS]
    if SHIPPED.is_dir():
        for name, text in _files(SHIPPED).items():
            out.append(_scratch(base / ("shipped-" + Path(name).stem), {"one.toml": text}))
    return out


@pytest.fixture(scope="module")
def learner_sources(scratches: list[Scratch]) -> list[tuple[str, Region]]:
    """(valid learner text, its region): the base, scenario and example learners."""
    out = [(LEARNER_TOML, scratches[0].region)]
    by_root = {s.root.name: s.region for s in scratches}
    for scenario in SCENARIO_DIRS:
        region = by_root[scenario.name]
        out += [(p.read_text("utf-8"), region) for p in sorted(scenario.glob("*.toml"))]
    examples = sorted((PROJECT / "examples" / "learners").glob("*.toml"))
    if examples and SHIPPED.is_dir():
        region, problems = load_region_with_problems(SHIPPED)
        if not problems:
            out += [(p.read_text("utf-8"), region) for p in examples]
    return out


def _learner(tmp: Path, content: bytes, region: Region) -> list[Problem]:
    path = tmp / "learner.toml"
    path.write_bytes(content)
    try:
        loaded, problems = load_learner_with_problems(path, region)
    except CredstackError as error:
        loaded, problems = None, error.problems
    _checked(problems, {str(path): content}, path)
    assert (loaded is None) == bool(problems)
    return problems


@pytest.fixture(scope="module")
def learner_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("learner-fuzz")


# --- random input ------------------------------------------------------------------------


@FUZZ
@given(content=st.binary(max_size=600))
def test_random_bytes_as_a_catalogue_never_crash(scratches: list[Scratch], content: bytes) -> None:
    scratches[0].run("fuzz.toml", content)


@FUZZ
@given(content=st.binary(max_size=600))
def test_random_bytes_as_a_learner_never_crash(
    scratches: list[Scratch], learner_dir: Path, content: bytes
) -> None:
    _learner(learner_dir, content, scratches[0].region)


@FUZZ
@given(doc=table(CatalogueFile))
def test_random_catalogue_documents_never_crash(
    scratches: list[Scratch], doc: dict[str, Any]
) -> None:
    scratches[0].run("fuzz.toml", tomli_w.dumps(doc).encode())


@FUZZ
@given(doc=table(LearnerFile))
def test_random_learner_documents_never_crash(
    scratches: list[Scratch], learner_dir: Path, doc: dict[str, Any]
) -> None:
    _learner(learner_dir, tomli_w.dumps(doc).encode(), scratches[0].region)


# --- mutations of valid files ------------------------------------------------------------


def _paths(value: Any, here: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """The path of every value inside a parsed TOML document."""
    if isinstance(value, dict):
        for key, child in value.items():
            yield (*here, key)
            yield from _paths(child, (*here, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield (*here, index)
            yield from _paths(child, (*here, index))


def _parent(doc: Any, path: tuple[Any, ...]) -> Any:
    for part in path[:-1]:
        doc = doc[part]
    return doc


@st.composite
def mutation(draw: st.DrawFn, text: str) -> bytes:
    """`text` (a valid TOML document) with one thing broken."""
    doc = tomllib.loads(text)
    kind = draw(st.sampled_from(["delete", "retype", "rename", "duplicate", "text-duplicate"]))
    paths = list(_paths(doc))
    if kind == "text-duplicate":
        return _duplicate_block(draw, text).encode()
    if kind == "duplicate":
        tables = [p for p in paths if _is_table_array(_parent(doc, (*p, 0)), p)]
        if tables:
            path = draw(st.sampled_from(tables))
            array = _parent(doc, (*path, 0))
            element = copy.deepcopy(draw(st.sampled_from(array)))
            array.insert(draw(st.integers(0, len(array))), element)
            return tomli_w.dumps(doc).encode()
        kind = "retype"
    path = draw(st.sampled_from(paths))
    parent = _parent(doc, path)
    if kind == "delete":
        del parent[path[-1]]
    elif kind == "retype":
        parent[path[-1]] = draw(VALUES)
    elif isinstance(parent, dict):
        new = draw(RANDOM_KEYS)
        parent[new] = parent.pop(path[-1])
    else:
        parent[path[-1]] = draw(VALUES)
    return tomli_w.dumps(doc).encode()


def _is_table_array(value: Any, path: tuple[Any, ...]) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, dict) for v in value)


_HEADER = re.compile(r"^\s*\[")


def _duplicate_block(draw: st.DrawFn, text: str) -> str:
    """A copy of one `[table]` / `[[array]]` block (header and keys) inserted elsewhere."""
    lines = text.split("\n")
    starts = [i for i, line in enumerate(lines) if _HEADER.match(line)] + [len(lines)]
    blocks = [lines[a:b] for a, b in zip(starts, starts[1:], strict=False)]
    head = lines[: starts[0]]
    if not blocks:
        return text + "\n" + text
    block = draw(st.sampled_from(blocks))
    at = draw(st.integers(0, len(blocks)))
    blocks.insert(at, list(block))
    return "\n".join(head + [line for b in blocks for line in b])


@FUZZ
@given(data=st.data())
def test_mutated_catalogues_never_crash(scratches: list[Scratch], data: st.DataObject) -> None:
    scratch = data.draw(st.sampled_from(scratches))
    name = data.draw(st.sampled_from(sorted(scratch.originals)))
    scratch.run(name, data.draw(mutation(scratch.originals[name])), raising=True)


@FUZZ
@given(data=st.data())
def test_mutated_learners_never_crash(
    learner_sources: list[tuple[str, Region]], learner_dir: Path, data: st.DataObject
) -> None:
    text, region = data.draw(st.sampled_from(learner_sources))
    _learner(learner_dir, data.draw(mutation(text)), region)


# --- exact lines, whatever the strings around them hold ----------------------------------

TRICKY_TEXT = st.lists(
    st.sampled_from(
        [
            '"',
            "'",
            '"""',
            "'''",
            "[",
            "]",
            "[[",
            "{",
            "}",
            "#",
            "=",
            "\\",
            "\t",
            " ",
            "a",
            "x = 1",
            "\u2028",
            "\x85",
            "\u00e9",
            "\n",
            "\r\n",
        ]
    ),
    max_size=6,
).map("".join)


@st.composite
def renamed_key(draw: st.DrawFn, text: str) -> str:
    """`text` with tricky strings in some values and one key renamed to `zzkey`."""
    doc = tomllib.loads(text)
    strings = [p for p in _paths(doc) if isinstance(_parent(doc, p)[p[-1]], str)]
    for path in draw(st.lists(st.sampled_from(strings), max_size=4)):
        _parent(doc, path)[path[-1]] = draw(TRICKY_TEXT)
    keys = [p for p in _paths(doc) if isinstance(_parent(doc, p), dict) and p != ("format",)]
    path = draw(st.sampled_from(keys))
    parent = _parent(doc, path)
    parent["zzkey"] = parent.pop(path[-1])
    return tomli_w.dumps(doc)


def _zzkey_line(text: str) -> tuple[int, bool]:
    """The line holding `zzkey`, and whether it is a key line or a table header of its own."""
    for number, line in enumerate(text.split("\n"), start=1):
        if re.search(r"(^|[{,]\s*)zzkey =", line):
            return number, line.startswith("zzkey =")
        if re.match(r"\[\[?([^]]*\.)?zzkey[].]", line):
            return number, True
    raise AssertionError("zzkey not written")


def _assert_zzkey_located(problems: list[Problem], text: str) -> None:
    line, plain = _zzkey_line(text)
    unknown = [p for p in problems if "unknown key 'zzkey'" in p.message]
    assert len(unknown) == 1, problems
    if plain:
        assert unknown[0].line == line, text
    else:  # inside an inline table: at worst the line its table or array starts on
        assert 1 <= unknown[0].line <= line, text


@FUZZ
@given(data=st.data())
def test_unknown_key_is_reported_at_its_own_line_in_a_catalogue(
    scratches: list[Scratch], data: st.DataObject
) -> None:
    text = data.draw(renamed_key(UNI_TOML))
    _assert_zzkey_located(scratches[0].run("uni.toml", text.encode()), text)


@FUZZ
@given(data=st.data())
def test_unknown_key_is_reported_at_its_own_line_in_a_learner(
    scratches: list[Scratch], learner_dir: Path, data: st.DataObject
) -> None:
    text = data.draw(renamed_key(LEARNER_TOML))
    _assert_zzkey_located(_learner(learner_dir, text.encode(), scratches[0].region), text)


def test_the_fuzz_sources_are_valid(
    scratches: list[Scratch], learner_sources: list[tuple[str, Region]]
) -> None:
    assert len(scratches) > len(SCENARIO_DIRS)
    for scratch in scratches:
        if not scratch.root.name.startswith("shipped-"):
            assert load_region_with_problems(scratch.root)[1] == [], scratch
    assert len(learner_sources) > len(SCENARIO_DIRS)
