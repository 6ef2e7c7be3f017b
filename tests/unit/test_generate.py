"""benchmarks/generate.py: generated regions lint clean, learners load, same seed same bytes."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

from credstack.cli import main
from credstack.engine.lint import lint_region
from credstack.model.prereq import codes
from credstack.store.catalogue_loader import load_region_with_problems
from credstack.store.learner_store import load_learner_with_problems
from tests.helpers import PROJECT

SMALL = {"institutions": 4, "courses": 90, "programs": 6, "rules": 40, "learners": 8}


def load_generator() -> ModuleType:
    name = "credstack_benchmarks_generate"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, PROJECT / "benchmarks" / "generate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    out = tmp_path_factory.mktemp("generated")
    return load_generator().write(out, seed=3, **SMALL)


def test_a_small_generated_region_loads_and_lints_with_no_errors(
    generated: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    catalogs, _ = generated
    region, problems = load_region_with_problems(catalogs)
    assert problems == []
    assert len(region.catalogues) == SMALL["institutions"]
    assert lint_region(region) == []  # not even a warning
    assert main(["lint", str(catalogs), "--no-cache"]) == 0
    assert "0 errors, 0 warnings in 4 issuers" in capsys.readouterr().out


def test_generated_learners_load_against_the_region(generated: tuple[Path, Path]) -> None:
    catalogs, learners = generated
    region, _ = load_region_with_problems(catalogs)
    files = sorted(learners.glob("*.toml"))
    assert len(files) == SMALL["learners"]
    for path in files:
        loaded, problems = load_learner_with_problems(path, region)
        assert problems == [], problems
        assert loaded is not None
        learner = loaded.learner
        assert len(learner.learner.goals) == 3
        assert 4 <= len(learner.held) <= 32
        assert 1 <= len({ref.split(":")[0] for ref in (h.ref for h in learner.held)}) <= 3
    sizes = {len(load_learner_with_problems(path, region)[0].learner.held) for path in files}  # type: ignore[union-attr]
    assert len(sizes) > 1  # learners differ in how much they hold


def test_the_region_has_every_shape_the_engine_reads(generated: tuple[Path, Path]) -> None:
    catalogs, _ = generated
    region, _ = load_region_with_problems(catalogs)
    cats = [c.catalogue for c in region.catalogues.values()]
    rules = [r for c in cats for r in c.articulation]
    assert any(len(r.from_) == 2 for r in rules), "an 'and' rule"
    assert any(r.grant_credits is not None and r.subject and r.level for r in rules)
    assert any(r.min_grade for r in rules) and any(r.valid_until for r in rules)
    assert all(r.from_[0].split(":")[0] != c.issuer.id for c in cats for r in c.articulation), (
        "rules recognise other institutions' courses"
    )
    requirements = [q for c in cats for p in c.program for q in p.requirement]
    shapes = {q.shape for q in requirements}
    assert shapes == {"courses", "choose", "credits"}
    assert any(q.subjects and q.min_level for q in requirements)
    awards = {p.award for c in cats for p in c.program}
    assert {"certificate", "associate", "bachelor", "master"} <= awards
    assert all(c.institution and c.institution.term for c in cats)
    assert any(c.issuer.credit_system == "ects" for c in cats) or len(cats) < 5


def test_prerequisites_only_name_earlier_courses(generated: tuple[Path, Path]) -> None:
    catalogs, _ = generated
    region, _ = load_region_with_problems(catalogs)
    for loaded in region.catalogues.values():
        order = {c.code: i for i, c in enumerate(loaded.catalogue.course)}
        for code, expr in loaded.requires.items():
            for needed in codes(expr):
                assert order[needed] < order[code], (code, needed)
        for code, expr in loaded.corequires.items():
            for needed in codes(expr):
                assert order[needed] < order[code], (code, needed)


def _tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*.toml"))}


def test_the_same_seed_gives_the_same_bytes(tmp_path: Path) -> None:
    generator = load_generator()
    sizes = {**SMALL, "learners": 3}
    generator.write(tmp_path / "a", seed=11, **sizes)
    generator.write(tmp_path / "b", seed=11, **sizes)
    generator.write(tmp_path / "c", seed=12, **sizes)
    first, second = _tree(tmp_path / "a"), _tree(tmp_path / "b")
    assert first == second and len(first) == SMALL["institutions"] + 3
    assert _tree(tmp_path / "c") != first


def test_the_command_line(tmp_path: Path) -> None:
    generator = load_generator()
    code = generator.main(
        [
            "--seed",
            "5",
            "--institutions",
            "2",
            "--courses",
            "40",
            "--programs",
            "3",
            "--rules",
            "10",
            "--learners",
            "2",
            "--out",
            str(tmp_path),
        ]
    )
    assert code == 0
    assert len(list((tmp_path / "catalogs").glob("*.toml"))) == 2
    assert len(list((tmp_path / "learners").glob("*.toml"))) == 2
    _, problems = load_region_with_problems(tmp_path / "catalogs")
    assert problems == []
