"""The planner on 63 real published engineering curricula (tests/data/curricula), as
`credstack convert curricular-analytics` converts them.

Rule: a plan from scratch never needs more terms than the institution's published
degree plan at the same per-term load (its heaviest published term).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from credstack.convert.curricular_analytics import convert_curricular_analytics
from credstack.engine.audit import run_audit
from credstack.engine.plan import make_plan
from credstack.errors import CredstackError
from credstack.model.catalogue import CatalogueFile
from credstack.model.learner import LearnerInfo
from credstack.model.region import LoadedCatalogue, Region
from credstack.store.catalogue_loader import check_catalogue
from credstack.store.toml_lines import LineIndex

CURRICULA = Path(__file__).resolve().parents[1] / "data" / "curricula"
FILES = sorted(CURRICULA.glob("*.csv"))


def test_curricula_are_present() -> None:
    assert len(FILES) == 63, f"expected the 63 shared curricula in {CURRICULA}"


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_plan_from_scratch_is_never_longer_than_the_published_plan(path: Path) -> None:
    catalogue = CatalogueFile.model_validate(convert_curricular_analytics([path], None).catalogue)
    loaded = LoadedCatalogue(path=path, catalogue=catalogue, lines=LineIndex(""))
    assert list(check_catalogue(loaded, Region([loaded]))) == []
    (program,) = catalogue.program
    published = program.published_plan
    assert published is not None
    heaviest = max(sum((loaded.courses[c].credits for c in term), Decimal(0)) for term in published)
    learner = LearnerInfo(name="From scratch", credits_per_term=heaviest)
    audit = run_audit(program, loaded, ())
    plan = make_plan(program, loaded, audit, frozenset(), learner, dt.date(2027, 9, 1))
    assert plan.unschedulable == ()
    assert plan.lower_bound <= plan.term_count <= len(published)
    assert plan.proven  # by the bounds (bin packing included) or the exact fallback
    planned = sorted(c for term in plan.terms for c in term.courses)
    assert planned == sorted(loaded.courses)


def test_import_reads_prerequisites_corequisites_and_terms() -> None:
    path = CURRICULA / "Tier3-Lamar_University.csv"
    conversion = convert_curricular_analytics([path], None)
    catalogue = CatalogueFile.model_validate(conversion.catalogue)
    courses = {c.code: c for c in catalogue.course}
    # Course 2 (ELEN 1100) has corequisite 1 (MATH 2413); course 7 (MATH 2414) requires 1.
    assert courses["ELEN1100"].corequires == "MATH2413"
    assert courses["MATH2414"].requires == "MATH2413"
    assert courses["MATH2413"].title == "MATH 2413" and courses["MATH2413"].credits == 4
    assert catalogue.issuer.credit_system == "us-semester"
    (program,) = catalogue.program
    assert program.published_plan is not None and len(program.published_plan) == 8
    assert program.published_plan[0][:2] == ["MATH2413", "ELEN1100"]


def test_import_refuses_a_file_that_is_not_a_curriculum(tmp_path: Path) -> None:
    path = tmp_path / "notes.csv"
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(CredstackError) as error:
        convert_curricular_analytics([path], None)
    assert error.value.problems[0].line == 1
