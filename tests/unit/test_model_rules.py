"""The model's one rule per idea (model/requirements.py, LearnerFile.exceptions_for).

The audit, lint, Explore's paths, recognition and petitions all call these, so each rule
is tested once here on plain models, and through the engine in the semantics tests.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

from credstack.model.catalogue import Requirement
from credstack.model.learner import AdviserException, LearnerFile, LearnerInfo
from credstack.model.requirements import filter_takes, nominal_credits
from credstack.store.catalogue_loader import load_region

CATALOGUE = """\
format = 1

[issuer]
id = "r"
name = "R"
kind = "university"
country = "US"

[[course]]
code = "A1"
title = "A one"
credits = 4

[[course]]
code = "A2"
title = "A two"
credits = 3

[[course]]
code = "A3"
title = "A three"
credits = 2

[[program]]
id = "p"
title = "P"
award = "certificate"
credits = 20

[[program.requirement]]
id = "all"
title = "All of"
courses = ["A1", "A2", "r:A3"]

[[program.requirement]]
id = "two"
title = "Any two"
choose = 2
courses = ["A1", "A2", "A3"]

[[program.requirement]]
id = "credits"
title = "Credits"
credits = 7.5
"""


def credits_requirement(**filters: object) -> Requirement:
    return Requirement(id="e", title="Electives", credits=Decimal(6), **filters)  # type: ignore[arg-type]


def test_filter_takes_no_subjects_or_an_empty_list_filters_no_subject() -> None:
    for requirement in (credits_requirement(), credits_requirement(subjects=[])):
        assert filter_takes(requirement, "HIST", 1)
        assert filter_takes(requirement, "", 1)  # a block of credit without a subject


def test_filter_takes_listed_subjects_and_inclusive_levels() -> None:
    requirement = credits_requirement(subjects=["BUS", "MGT"], min_level=2, max_level=3)
    assert filter_takes(requirement, "MGT", 2)
    assert filter_takes(requirement, "BUS", 3)
    assert not filter_takes(requirement, "HIST", 2)
    assert not filter_takes(requirement, "BUS", 1)
    assert not filter_takes(requirement, "BUS", 4)


def test_nominal_credits_all_listed_the_n_smallest_or_its_credits(tmp_path: Path) -> None:
    root = tmp_path / "catalogs"
    root.mkdir()
    (root / "r.toml").write_text(CATALOGUE, encoding="utf-8")
    loaded = load_region(root).catalogues["r"]
    by_id = {r.id: r for r in loaded.programs["p"].requirement}
    assert nominal_credits(by_id["all"], loaded) == Decimal(9)
    assert nominal_credits(by_id["two"], loaded) == Decimal(5)  # A3 (2) + A2 (3)
    assert nominal_credits(by_id["credits"], loaded) == Decimal("7.5")


def test_exceptions_for_one_program_and_the_kinds_asked() -> None:
    def exception(kind: str, program: str, **fields: str) -> AdviserException:
        return AdviserException(kind=kind, program=program, reason="adviser", **fields)  # type: ignore[arg-type]

    grant = exception("grant", "r:p", item="x:X1", course="A1")
    exclude = exception("exclude", "r:p", item="x:X2")
    waive = exception("waive", "r:p", requirement="all")
    elsewhere = exception("exclude", "r:q", item="x:X3")
    learner = LearnerFile(
        format=1,
        learner=LearnerInfo(name="L", as_of=dt.date(2026, 1, 1)),
        exception=[grant, exclude, waive, elsewhere],
    )
    assert learner.exceptions_for("r:p", "exclude") == [exclude]
    assert learner.exceptions_for("r:p", "substitute", "grant") == [grant]
    assert learner.exceptions_for("r:p", "waive", "grant") == [grant, waive]
    assert learner.exceptions_for("r:q", "exclude") == [elsewhere]
    assert learner.exceptions_for("r:z", "exclude") == []
