"""The planner on 63 real published engineering curricula (tests/data/curricula).

Rule: a plan from scratch never needs more terms than the institution's published
degree plan at the same per-term load (its heaviest published term).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from credstack.engine.audit import run_audit
from credstack.engine.plan import make_plan
from credstack.errors import CredstackError
from credstack.model.learner import LearnerInfo
from credstack.model.region import LoadedCatalogue, Region
from credstack.store.catalogue_loader import check_catalogue
from credstack.store.curricular_analytics import import_curriculum
from credstack.store.toml_lines import LineIndex

CURRICULA = Path(__file__).resolve().parents[1] / "data" / "curricula"
FILES = sorted(CURRICULA.glob("*.csv"))


def test_curricula_are_present() -> None:
    assert len(FILES) == 63, f"expected the 63 shared curricula in {CURRICULA}"


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_plan_from_scratch_is_never_longer_than_the_published_plan(path: Path) -> None:
    published = import_curriculum(path)
    loaded = LoadedCatalogue(path=path, catalogue=published.catalogue, lines=LineIndex(""))
    assert list(check_catalogue(loaded, Region([loaded]))) == []
    program = loaded.programs["published"]
    learner = LearnerInfo(name="From scratch", credits_per_term=published.max_term_credits)
    audit = run_audit(program, loaded, ())
    plan = make_plan(program, loaded, audit, frozenset(), learner, dt.date(2027, 9, 1))
    assert plan.unschedulable == ()
    assert plan.lower_bound <= plan.term_count <= published.terms
    assert plan.proven  # by the bounds (bin packing included) or the exact fallback
    planned = sorted(c for term in plan.terms for c in term.courses)
    assert planned == sorted(loaded.courses)


def test_import_reads_prerequisites_corequisites_and_terms() -> None:
    path = CURRICULA / "Tier3-Lamar_University.csv"
    published = import_curriculum(path)
    courses = {c.code: c for c in published.catalogue.course}
    # Course 2 (ELEN 1100) has corequisite 1; course 7 (MATH 2414) requires course 1.
    assert courses["C2"].corequires == "C1"
    assert courses["C7"].requires == "C1"
    assert courses["C1"].title == "MATH 2413" and courses["C1"].credits == 4
    assert published.system == "semester" and published.terms == 8


def test_import_refuses_a_file_that_is_not_a_curriculum(tmp_path: Path) -> None:
    path = tmp_path / "notes.csv"
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(CredstackError) as error:
        import_curriculum(path)
    assert error.value.problems[0].line == 1
