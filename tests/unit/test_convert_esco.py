"""`credstack convert esco` (convert/esco.py): ESCO collections into a skills framework."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from credstack.convert.esco import convert_esco
from credstack.engine.lint import lint_region
from credstack.errors import CredstackError
from credstack.store.catalogue_loader import load_region_with_problems
from credstack.store.toml_writer import document_text

ESCO = Path(__file__).resolve().parents[1] / "data" / "esco"
DIGCOMP = ESCO / "digCompSkillsCollection_en.csv"
TRANSVERSAL = ESCO / "transversalSkillsCollection_en.csv"


def _written(tmp_path: Path, *inputs: Path) -> tuple[str, Path]:
    conversion = convert_esco(list(inputs), None)
    text = document_text(conversion.catalogue)
    folder = tmp_path / "catalogs"
    folder.mkdir()
    (folder / "esco.toml").write_text(text, encoding="utf-8")
    return text, folder


def test_every_released_concept_becomes_a_skill_with_its_uri(tmp_path: Path) -> None:
    with DIGCOMP.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    conversion = convert_esco([DIGCOMP], None)
    skills = conversion.catalogue["skill"]
    assert len(skills) == len(rows) == 25
    assert {s["uri"] for s in skills} == {r["conceptUri"] for r in rows}
    assert all(s["label"] == r["preferredLabel"] for s, r in zip(skills, rows, strict=True))


def test_the_converted_framework_lints_clean(tmp_path: Path) -> None:
    _, folder = _written(tmp_path, DIGCOMP, TRANSVERSAL)
    region, problems = load_region_with_problems(folder)
    assert problems == []
    assert [p for p in lint_region(region) if p.severity == "error"] == []


def test_conversion_is_deterministic(tmp_path: Path) -> None:
    first = document_text(convert_esco([DIGCOMP, TRANSVERSAL], None).catalogue)
    second = document_text(convert_esco([DIGCOMP, TRANSVERSAL], None).catalogue)
    assert first == second


def test_what_is_not_carried_is_counted_never_dropped_silently() -> None:
    conversion = convert_esco([TRANSVERSAL], None)
    kinds = conversion.counts()
    assert kinds.get("not-carried", 0) >= 1
    said = " ".join(str(w) for w in conversion.warnings)
    assert "description" in said


def test_a_concept_not_released_is_left_out_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    path.write_text(
        "conceptType,conceptUri,preferredLabel,status\n"
        "KnowledgeSkillCompetence,http://data.europa.eu/esco/skill/a,use spreadsheets,released\n"
        "KnowledgeSkillCompetence,http://data.europa.eu/esco/skill/b,old skill,obsolete\n"
        "KnowledgeSkillCompetence,http://data.europa.eu/esco/skill/c,use spreadsheets,released\n",
        encoding="utf-8",
    )
    conversion = convert_esco([path], "mine")
    assert [s["id"] for s in conversion.catalogue["skill"]] == [
        "use-spreadsheets",
        "use-spreadsheets-2",
    ]
    assert conversion.catalogue["issuer"]["id"] == "mine"
    where = {w.kind: w.where for w in conversion.warnings}
    assert where["not-released"] == f"{path}:3"
    assert where["duplicate-label"] == f"{path}:4"


def test_the_hierarchy_export_is_not_a_collection(tmp_path: Path) -> None:
    path = tmp_path / "skillsHierarchy_en.csv"
    path.write_text("Level 0 URI,Level 0 preferred term\nhttp://x,skills\n", encoding="utf-8")
    with pytest.raises(CredstackError, match=r"skillsHierarchy_en.csv:1: not an ESCO skill"):
        convert_esco([path], None)
