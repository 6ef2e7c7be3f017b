"""Load, write with to_toml, reload: the models are equal (nothing lost, nothing changed).

Covers every catalogue shipped in catalogs/, every scenario catalogue, every example
learner and every scenario learner, whatever exists when the tests are collected.
"""

from __future__ import annotations

import functools
import tomllib
from decimal import Decimal
from pathlib import Path

import pytest

from credstack.model.region import Region
from credstack.store.catalogue_loader import (
    catalogue_files,
    load_catalogue_file,
    load_region,
    load_region_with_problems,
)
from credstack.store.learner_store import (
    learner_from_text,
    load_learner,
    load_learner_with_problems,
    save_learner,
)
from credstack.store.toml_writer import to_toml
from tests.helpers import (
    LEARNER_TOML,
    PROJECT,
    PROV_TOML,
    SCENARIOS,
    UNI_TOML,
    line_no,
    replace_once,
    write_region,
)

SHIPPED = PROJECT / "catalogs"
CATALOGUE_DIRS = [SHIPPED, *sorted(SCENARIOS.glob("*/catalogs"))]
CATALOGUE_FILES = [p for d in CATALOGUE_DIRS if d.is_dir() for p in catalogue_files(d)]
LEARNERS: list[tuple[Path, Path]] = [
    *((p, SHIPPED) for p in sorted((PROJECT / "examples" / "learners").glob("*.toml"))),
    *(
        (p, scenario / "catalogs")
        for scenario in sorted(SCENARIOS.iterdir())
        if (scenario / "catalogs").is_dir()
        for p in sorted(scenario.glob("*.toml"))
    ),
]


def _short(path: Path) -> str:
    for base in (PROJECT, SCENARIOS):
        if path.is_relative_to(base):
            return str(path.relative_to(base))
    return str(path)


@functools.cache
def _region(root: Path) -> Region:
    return load_region(root)


# --- catalogues --------------------------------------------------------------------------


@pytest.mark.parametrize("path", CATALOGUE_FILES, ids=_short)
def test_catalogue_file_survives_write_and_reload(path: Path, tmp_path: Path) -> None:
    loaded, problems = load_catalogue_file(path)
    assert problems == [] and loaded is not None
    text = to_toml(loaded.catalogue)
    copy = tmp_path / path.name
    copy.write_text(text, encoding="utf-8")
    again, problems = load_catalogue_file(copy)
    assert problems == [] and again is not None
    assert again.catalogue == loaded.catalogue
    assert to_toml(again.catalogue) == text  # writing is stable


@pytest.mark.parametrize(
    "root", [d for d in CATALOGUE_DIRS if d.is_dir() and catalogue_files(d)], ids=_short
)
def test_rewritten_region_loads_without_problems_and_equal(root: Path, tmp_path: Path) -> None:
    original = load_region(root)
    files = {
        str(path.relative_to(root)): to_toml(original.catalogues[issuer].catalogue)
        for issuer, loaded in original.catalogues.items()
        for path in [loaded.path]
    }
    rewritten, problems = load_region_with_problems(write_region(tmp_path / "copy", files))
    assert problems == []
    assert sorted(rewritten.catalogues) == sorted(original.catalogues)
    for issuer, loaded in original.catalogues.items():
        assert rewritten.catalogues[issuer].catalogue == loaded.catalogue


def test_base_region_survives_write_and_reload(tmp_path: Path) -> None:
    original = load_region(write_region(tmp_path / "a"))
    files = {f"{i}.toml": to_toml(c.catalogue) for i, c in original.catalogues.items()}
    again = load_region(write_region(tmp_path / "b", files))
    for issuer, loaded in original.catalogues.items():
        assert again.catalogues[issuer].catalogue == loaded.catalogue


def test_written_catalogue_keeps_the_from_key_name(tmp_path: Path) -> None:
    original = load_region(write_region(tmp_path / "a"))
    text = to_toml(original.catalogues["uni"].catalogue)
    data = tomllib.loads(text)
    assert data["articulation"][0]["from"] == ["prov:py-badge"]
    assert "from_" not in data["articulation"][0]
    assert text.startswith("format = 1\n")


ECTS_TOML = """\
format = 1

[issuer]
id = "eu-uni"
name = "Europa University"
kind = "university"
country = "NL"
credit_system = "ects"
hours_per_credit = 27.5
currency = "EUR"

[institution]
tuition_per_credit = 0.1
max_external_share = 0.33
elective_chunk = 7.5

[[course]]
code = "DS1"
title = "Data Science 1"
credits = 7.5

[[course]]
code = "DS2"
title = "Data Science 2"
credits = 2.25

[[program]]
id = "ms"
title = "Micro-master"
award = "certificate"
credits = 9.75

[[program.requirement]]
id = "core"
title = "Core"
courses = ["DS1", "DS2"]
"""


def test_ects_7_5_stays_decimal_7_5_through_a_round_trip(tmp_path: Path) -> None:
    root = write_region(tmp_path / "a", {"eu.toml": ECTS_TOML})
    cat = load_region(root).catalogues["eu-uni"].catalogue
    credits = cat.course[0].credits
    assert isinstance(credits, Decimal) and credits == Decimal("7.5")
    assert str(credits) == "7.5"
    text = to_toml(cat)
    assert "credits = 7.5" in text and "credits = 7.50" not in text
    assert tomllib.loads(text)["course"][0]["credits"] == 7.5
    again = load_region(write_region(tmp_path / "b", {"eu.toml": text}))
    back = again.catalogues["eu-uni"].catalogue
    assert back.course[0].credits == Decimal("7.5")
    assert str(back.course[0].credits) == "7.5"
    assert back == cat


def test_decimals_are_exact_not_binary_floats(tmp_path: Path) -> None:
    cat = load_region(write_region(tmp_path / "a", {"eu.toml": ECTS_TOML})).catalogues
    eu = cat["eu-uni"].catalogue
    assert eu.institution is not None
    assert eu.institution.tuition_per_credit == Decimal("0.1")
    assert eu.institution.max_external_share == Decimal("0.33")
    assert eu.issuer.hours_per_credit == Decimal("27.5")
    assert sum(c.credits for c in eu.course) == eu.program[0].credits == Decimal("9.75")


# --- learners ----------------------------------------------------------------------------


@pytest.mark.parametrize(("path", "catalogs"), LEARNERS, ids=[_short(p) for p, _ in LEARNERS])
def test_learner_file_survives_write_and_reload(path: Path, catalogs: Path, tmp_path: Path) -> None:
    region = _region(catalogs)
    loaded = load_learner(path, region)
    text = to_toml(loaded.learner)
    assert learner_from_text(text, region).learner == loaded.learner
    copy = save_learner(loaded, tmp_path / path.name)
    again = load_learner(copy, region)
    assert again.learner == loaded.learner
    assert to_toml(again.learner) == text


RICH_LEARNER = replace_once(
    LEARNER_TOML,
    'goals = ["uni:cert"]\n',
    'goals = ["uni:cert"]\ncredits_per_term = 7.5\nbudget = 12345.67\n',
)
RICH_LEARNER = replace_once(
    RICH_LEARNER,
    'grade = "B"\n',
    'grade = "B"\n\n[[held.evidence]]\ntitle = "Badge"\npath = "evidence/badge.pdf"\n'
    'sha256 = "' + "ab" * 32 + '"\n\n[[held.evidence]]\ntitle = "Transcript"\n',
)
RICH_LEARNER += """
[[prior]]
title = "Analyst at Acme"
kind = "workplace"
hours = 1600.5
skills = ["sql"]
ended = 2025-06-30
evidence = ["portfolio"]

[[exception]]
kind = "grant"
program = "uni:cert"
item = "Analyst at Acme"
course = "uni:MATH110"
reason = "Portfolio reviewed"
by = "Advising office"
date = 2026-11-20

[[exception]]
kind = "exclude"
program = "uni:cert"
item = "prov:py-badge"
reason = "Expired"
"""


def test_rich_learner_survives_write_and_reload(region: Region, tmp_path: Path) -> None:
    loaded = learner_from_text(RICH_LEARNER, region)
    assert len(loaded.learner.held[0].evidence) == 2
    assert loaded.learner.learner.credits_per_term == Decimal("7.5")
    assert loaded.learner.learner.budget == Decimal("12345.67")
    text = to_toml(loaded.learner)
    again = learner_from_text(text, region)
    assert again.learner == loaded.learner
    assert again.learner.prior[0].hours == Decimal("1600.5")


def test_base_texts_round_trip(region: Region) -> None:
    loaded = learner_from_text(LEARNER_TOML, region)
    assert learner_from_text(to_toml(loaded.learner), region).learner == loaded.learner
    assert UNI_TOML and PROV_TOML  # the base catalogues are covered by the region test


# --- written files stay locatable --------------------------------------------------------


def test_saved_learner_problems_point_at_the_held_entry_line(
    region: Region, tmp_path: Path
) -> None:
    """After a save, a held item that stops resolving is still reported at its own line."""
    path = save_learner(learner_from_text(LEARNER_TOML, region), tmp_path / "learner.toml")
    text = path.read_text(encoding="utf-8")
    assert text.count('"uni:MATH110"') == 2  # the held ref and the exception's item
    broken = text.replace('"uni:MATH110"', '"uni:MATH111"')
    path.write_text(broken, encoding="utf-8")
    _, problems = load_learner_with_problems(path, region)
    held = [p for p in problems if p.message.startswith("held 'uni:MATH111'")]
    assert [p.line for p in held] == [line_no(broken, '"uni:MATH111"')], broken


def test_written_catalogue_problems_point_at_the_term_entry_line(tmp_path: Path) -> None:
    """After a rewrite, a bad term is still reported at its own line, not its array's."""
    original = load_region(write_region(tmp_path / "a"))
    text = to_toml(original.catalogues["uni"].catalogue)
    assert text.count('"fall"') >= 2  # the term's name and CS101's offered
    broken = text.replace('name = "fall"', 'name = "Fall"')
    assert broken != text
    root = write_region(tmp_path / "b", {"uni.toml": broken, "prov.toml": PROV_TOML})
    _, problems = load_region_with_problems(root)
    names = [p for p in problems if "term[2].name" in p.message]
    assert [p.line for p in names] == [line_no(broken, 'name = "Fall"')], broken


def test_saved_learner_with_a_quote_in_evidence_keeps_later_lines(
    region: Region, tmp_path: Path
) -> None:
    """An evidence title holding one double quote must not blur every later line."""
    text = replace_once(
        LEARNER_TOML, 'grade = "B"\n', 'grade = "B"\n\n[[held.evidence]]\ntitle = "3.5\\" disk"\n'
    )
    path = save_learner(learner_from_text(text, region), tmp_path / "learner.toml")
    saved = path.read_text(encoding="utf-8")
    broken = saved.replace('requirement = "maths"', 'requirement = "math"')
    assert broken != saved
    path.write_text(broken, encoding="utf-8")
    _, problems = load_learner_with_problems(path, region)
    assert [p.line for p in problems] == [line_no(broken, 'requirement = "math"')], broken
