"""Lint: registrar-facing warnings, one test per check, each located at its line.

The clean region below (a university, a provider and a skills framework) gives no
warning at all; each test changes one snippet and checks what lint says and where.
"""

from __future__ import annotations

import datetime as dt
import random
from fractions import Fraction
from pathlib import Path

import pytest

from credstack.cli import main
from credstack.engine.lint import CHECKS, lint_region
from credstack.engine.lint.common import requirement_takes
from credstack.engine.lint.sprawl import jaccard, outcome_words, similar_pairs
from credstack.errors import Problem
from credstack.model.region import Region
from credstack.store.catalogue_loader import load_region
from tests.helpers import line_no, replace_once, write_region

TODAY = dt.date(2026, 11, 28)

NORTH = """\
format = 1

[issuer]
id = "north"
name = "Northbridge University"
kind = "university"
country = "US"
credit_system = "us-semester"
quality_assurance = "Regional accreditation, 2024 review"

[institution]
tuition_per_credit = 400.0

[[institution.term]]
name = "spring"
starts = 1

[[institution.term]]
name = "fall"
starts = 9

[[course]]
code = "DATA101"
title = "Data Foundations"
credits = 3
skills = ["data-analysis"]

[[course]]
code = "DATA201"
title = "Applied Analytics"
credits = 3
requires = "DATA101"
skills = ["sql"]

[[course]]
code = "ART100"
title = "Drawing"
credits = 3
offered = ["spring"]

[[course]]
code = "BUS300"
title = "Strategy"
credits = 3
level = 3

[[course]]
code = "HIST100"
title = "World History"
credits = 3

[[credential]]
id = "data-mc"
title = "Data Analytics Micro-credential"
type = "micro-credential"
courses = ["DATA101", "DATA201"]
credits = 6
eqf_level = 5
outcomes = ["Clean and join tabular data", "Present findings to a business audience"]
skills = ["data-analysis", "sql"]
assessment = "Graded capstone project"
participation = "online"
stacks_into = ["cert"]

[[program]]
id = "cert"
title = "Certificate in Data"
award = "certificate"
credits = 12

[[program.requirement]]
id = "core"
title = "Core"
courses = ["DATA101", "DATA201"]

[[program.requirement]]
id = "elective"
title = "Elective"
choose = 1
courses = ["ART100", "BUS300"]

[[program.requirement]]
id = "upper"
title = "Upper-division business"
credits = 3
subjects = ["BUS"]
min_level = 3

[[articulation]]
id = "prov-sql"
from = ["prov:sql-badge"]
grants = ["DATA201"]
valid_until = 2030-12-31
"""

PROV = """\
format = 1

[issuer]
id = "prov"
name = "Provider Academy"
kind = "provider"
country = "US"

[[credential]]
id = "sql-badge"
title = "SQL Badge"
type = "badge"
hours = 20
skills = ["sql", "databases"]
outcomes = ["Write queries against relational databases"]
stacks_into = ["north:cert"]
"""

SKILLS = """\
format = 1

[issuer]
id = "esco"
name = "ESCO skills"
kind = "framework"
country = "BE"

[[skill]]
id = "data-analysis"
label = "Analyse data"

[[skill]]
id = "sql"
label = "SQL"

[[skill]]
id = "databases"
label = "Databases"

[[skill]]
id = "visualisation"
label = "Visualise data"
"""

NORTH_PATH = "north.toml"
PROV_PATH = "prov.toml"

EXTRA_CREDENTIAL = """
[[credential]]
id = "{id}"
title = "{title}"
type = "{type}"
hours = 20
skills = {skills}
outcomes = {outcomes}
"""


def build(
    tmp_path: Path,
    north: str = NORTH,
    prov: str = PROV,
    skills: str | None = SKILLS,
) -> Region:
    files = {NORTH_PATH: north, PROV_PATH: prov}
    if skills is not None:
        files["skills.toml"] = skills
    return load_region(write_region(tmp_path / "region", files))


def warnings_of(region: Region, check: str) -> list[Problem]:
    found = lint_region(region, today=TODAY)
    assert all(p.severity == "warning" for p in found)
    return [p for p in found if p.message.startswith(f"{check}: ")]


def at(problem: Problem, name: str, text: str, needle: str, occurrence: int = 1) -> bool:
    return problem.path.endswith(name) and problem.line == line_no(text, needle, occurrence)


def credential(**fields: object) -> str:
    values = {"type": "badge", "skills": "[]", "outcomes": "[]", **fields}
    return EXTRA_CREDENTIAL.format(**values)


# --- the clean region -------------------------------------------------------------------


def test_clean_region_has_no_warnings(tmp_path: Path) -> None:
    assert lint_region(build(tmp_path), today=TODAY) == []


def test_lint_is_deterministic_and_sorted(tmp_path: Path) -> None:
    north = replace_once(NORTH, 'outcomes = ["Clean', '# outcomes = ["Clean')
    north = replace_once(north, "valid_until = 2030-12-31", "valid_until = 2020-12-31")
    region = build(tmp_path, north=north)
    first = lint_region(region, today=TODAY)
    assert first == lint_region(region, today=TODAY) == sorted(first)
    assert {p.message.split(":")[0] for p in first} == {"eu-elements", "expired-agreement"}
    assert set(CHECKS) >= {p.message.split(":")[0] for p in first}


def test_cli_lint_prints_warnings_and_exits_zero(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    north = replace_once(NORTH, "eqf_level = 5\n", "")
    root = write_region(tmp_path / "region", {NORTH_PATH: north, PROV_PATH: PROV})
    assert main(["lint", str(root)]) == 0
    out = capsys.readouterr().out
    line = line_no(north, "[[credential]]")
    assert f"north.toml:{line}: warning: eu-elements: micro-credential 'data-mc'" in out
    assert "0 errors, 1 warning in 2 issuers" in out


# --- eu-elements ------------------------------------------------------------------------


def test_eu_elements_missing_outcomes_warns(tmp_path: Path) -> None:
    north = replace_once(NORTH, 'outcomes = ["Clean', 'outcomes = []\n# was ["Clean')
    (problem,) = warnings_of(build(tmp_path, north=north), "eu-elements")
    assert at(problem, NORTH_PATH, north, "[[credential]]")
    assert "'data-mc'" in problem.message
    assert "learning outcomes (outcomes)" in problem.message
    assert "level" not in problem.message


def test_eu_elements_lists_every_missing_element(tmp_path: Path) -> None:
    north = NORTH + credential(id="bare-mc", title="Bare", type="micro-credential").replace(
        "hours = 20\n", ""
    )
    north = replace_once(north, 'quality_assurance = "Regional accreditation, 2024 review"\n', "")
    data_mc, bare = warnings_of(build(tmp_path, north=north), "eu-elements")
    assert at(data_mc, NORTH_PATH, north, "[[credential]]", 1)
    assert data_mc.message.endswith(
        "lacks mandatory EU elements: type of quality assurance "
        "(quality_assurance, here or in [issuer])"
    )
    assert at(bare, NORTH_PATH, north, "[[credential]]", 2)
    assert "'bare-mc'" in bare.message
    for element in (
        "learning outcomes",
        "notional workload (credits or hours)",
        "level (eqf_level)",
        "type of assessment (assessment)",
        "form of participation (participation)",
        "type of quality assurance",
    ):
        assert element in bare.message


def test_eu_elements_issuer_quality_assurance_counts(tmp_path: Path) -> None:
    assert warnings_of(build(tmp_path), "eu-elements") == []
    north = replace_once(NORTH, 'quality_assurance = "Regional accreditation, 2024 review"\n', "")
    north = replace_once(
        north, 'participation = "online"\n', 'participation = "online"\nquality_assurance = "QA"\n'
    )
    assert warnings_of(build(tmp_path / "own", north=north), "eu-elements") == []


def test_eu_elements_only_for_micro_credentials(tmp_path: Path) -> None:
    north = replace_once(NORTH, 'type = "micro-credential"', 'type = "certificate"')
    north = replace_once(north, "eqf_level = 5\n", "")
    assert warnings_of(build(tmp_path, north=north), "eu-elements") == []


# --- sprawl -----------------------------------------------------------------------------


def test_sprawl_same_skills_across_issuers(tmp_path: Path) -> None:
    prov = PROV + credential(
        id="analytics-badge", title="Analytics", skills='["sql", "data-analysis"]'
    )
    (problem,) = warnings_of(build(tmp_path, prov=prov), "sprawl")
    # north.toml loads before prov.toml: reported at the later one, naming the earlier
    assert at(problem, PROV_PATH, prov, "[[credential]]", 2)
    assert "'analytics-badge'" in problem.message
    assert "north:data-mc" in problem.message
    assert "skills 100% alike (data-analysis, sql)" in problem.message


def test_sprawl_same_outcomes_within_issuer(tmp_path: Path) -> None:
    outcomes = '["Clean, join tabular data.", "Present the findings to business audiences"]'
    north = NORTH + credential(id="data-cert", title="Data", type="certificate", outcomes=outcomes)
    (problem,) = warnings_of(build(tmp_path, north=north), "sprawl")
    assert at(problem, NORTH_PATH, north, "[[credential]]", 2)
    assert "certificate 'data-cert'" in problem.message
    assert "north:data-mc" in problem.message and "outcomes" in problem.message


def test_sprawl_distinct_credentials_are_clean(tmp_path: Path) -> None:
    prov = PROV + credential(
        id="viz-badge", title="Viz", skills='["visualisation", "sql", "databases", "x", "y"]'
    )
    # {sql, databases} vs five skills: 2/5 alike; outcomes absent
    assert warnings_of(build(tmp_path, prov=prov), "sprawl") == []


def test_sprawl_one_skill_is_not_enough(tmp_path: Path) -> None:
    prov = PROV + credential(id="a", title="A", skills='["sql"]')
    prov += credential(id="b", title="B", skills='["sql"]')
    assert warnings_of(build(tmp_path, prov=prov), "sprawl") == []


def test_sprawl_ignores_other_credential_types(tmp_path: Path) -> None:
    prov = PROV + credential(
        id="boot", title="Boot", type="bootcamp", skills='["sql", "databases"]'
    )
    assert warnings_of(build(tmp_path, prov=prov), "sprawl") == []


def test_sprawl_prefix_filter_matches_brute_force() -> None:
    rng = random.Random(7)
    tokens = [f"t{i}" for i in range(12)]
    sets = [frozenset(rng.sample(tokens, rng.randint(0, 6))) for _ in range(300)]
    expected = {
        (i, j)
        for j in range(len(sets))
        for i in range(j)
        if min(len(sets[i]), len(sets[j])) >= 2 and jaccard(sets[i], sets[j]) >= Fraction(4, 5)
    }
    assert similar_pairs(sets, min_size=2) == expected
    assert expected  # the sample does hold near-duplicates


def test_sprawl_outcome_words_are_normalised() -> None:
    assert outcome_words(["Analyse the datasets", "Present to an audience"]) == {
        "analyse",
        "dataset",
        "present",
        "audience",
    }


# --- stackability -----------------------------------------------------------------------


def stacking(courses: str, into: str = '["cert"]') -> str:
    return NORTH + (
        '\n[[credential]]\nid = "extra"\ntitle = "Extra"\ntype = "certificate"\n'
        f"courses = {courses}\nstacks_into = {into}\n"
    )


def test_stackability_course_not_accepted(tmp_path: Path) -> None:
    north = stacking('["DATA101", "HIST100"]')
    (problem,) = warnings_of(build(tmp_path, north=north), "stackability")
    assert at(problem, NORTH_PATH, north, "stacks_into", 2)
    assert "credential 'extra' stacks_into north:cert" in problem.message
    assert "HIST100" in problem.message and "DATA101" not in problem.message
    assert "no general credit" in problem.message


def test_stackability_choose_and_filters_accept(tmp_path: Path) -> None:
    # ART100 is listed by a choose requirement, BUS300 matches the BUS level-3 filter
    north = stacking('["ART100", "BUS300"]')
    assert warnings_of(build(tmp_path, north=north), "stackability") == []


def test_stackability_general_credit_accepts(tmp_path: Path) -> None:
    north = replace_once(stacking('["HIST100"]'), "credits = 12", "credits = 15")
    assert warnings_of(build(tmp_path, north=north), "stackability") == []


def test_stackability_credits_pool_accepts_listed_course(tmp_path: Path) -> None:
    north = replace_once(
        stacking('["HIST100"]'), 'subjects = ["BUS"]\nmin_level = 3', 'courses = ["HIST100"]'
    )
    assert warnings_of(build(tmp_path, north=north), "stackability") == []


def test_stackability_cross_issuer_without_articulation_warns(tmp_path: Path) -> None:
    north = replace_once(NORTH, 'from = ["prov:sql-badge"]', 'from = ["north:HIST100"]')
    (problem,) = warnings_of(build(tmp_path, north=north), "stackability")
    assert at(problem, PROV_PATH, PROV, "stacks_into")
    assert "'sql-badge' stacks_into north:cert" in problem.message
    assert "no articulation rule at north recognises it" in problem.message


def test_stackability_cross_issuer_grant_not_counted_warns(tmp_path: Path) -> None:
    north = replace_once(NORTH, 'grants = ["DATA201"]', 'grants = ["HIST100"]')
    (problem,) = warnings_of(build(tmp_path, north=north), "stackability")
    assert at(problem, PROV_PATH, PROV, "stacks_into")
    assert "prov-sql" in problem.message and "counts toward no requirement" in problem.message


def test_stackability_cross_issuer_block_credit_matching_filter_is_clean(tmp_path: Path) -> None:
    north = replace_once(
        NORTH, 'grants = ["DATA201"]', 'grant_credits = 3\nsubject = "BUS"\nlevel = 3'
    )
    assert warnings_of(build(tmp_path, north=north), "stackability") == []


def test_stackability_own_credential_without_courses_needs_a_rule(tmp_path: Path) -> None:
    north = stacking("[]")
    (problem,) = warnings_of(build(tmp_path, north=north), "stackability")
    assert at(problem, NORTH_PATH, north, "stacks_into", 2)
    assert "no articulation rule here recognises it" in problem.message
    north += '\n[[articulation]]\nid = "own"\nfrom = ["extra"]\ngrants = ["HIST100", "ART100"]\n'
    assert warnings_of(build(tmp_path / "b", north=north), "stackability") == []


# --- requirement-credits ----------------------------------------------------------------


def test_requirement_credits_exceed_program_warns(tmp_path: Path) -> None:
    north = replace_once(NORTH, "credits = 12", "credits = 9")
    (problem,) = warnings_of(build(tmp_path, north=north), "requirement-credits")
    assert at(problem, NORTH_PATH, north, "credits = 9")
    assert "'cert' awards 9 credits" in problem.message
    assert "add up to 12 (core 6, elective 3, upper 3)" in problem.message


def test_requirement_credits_double_count_reconciles(tmp_path: Path) -> None:
    north = replace_once(NORTH, "credits = 12", 'credits = 9\ndouble_count = [["core", "upper"]]')
    assert warnings_of(build(tmp_path, north=north), "requirement-credits") == []
    north = replace_once(NORTH, "credits = 12", 'credits = 5\ndouble_count = [["core", "upper"]]')
    (problem,) = warnings_of(build(tmp_path / "b", north=north), "requirement-credits")
    assert "double_count pairs share at most 3" in problem.message


def test_requirement_credits_within_program_is_clean(tmp_path: Path) -> None:
    assert warnings_of(build(tmp_path), "requirement-credits") == []


def test_requirement_takes_agrees_with_the_audit(tmp_path: Path) -> None:
    """Lint's reading of which units a requirement takes is the audit's (nominal credits
    and the `credits` filters are one function each in model/requirements.py)."""
    from credstack.engine.audit import requirement_rules
    from credstack.engine.results import Unit

    region = build(tmp_path)
    loaded = region.catalogues["north"]
    program = loaded.programs["cert"]
    rules, _ = requirement_rules(program, loaded, set())
    by_id = {rule.id: rule for rule in rules}
    for requirement in program.requirement:
        rule = by_id[requirement.id]
        for course in loaded.courses.values():
            unit = Unit(
                key=course.code,
                credits=course.credits,
                subject=course.subject_code(),
                level=course.level,
                basis="internal",
                sources=(),
                course=course.code,
            )
            ours = requirement_takes(
                requirement, loaded, course.code, course.subject_code(), course.level
            )
            assert ours == rule.takes(unit), (requirement.id, course.code)


# --- unknown-skill ----------------------------------------------------------------------


def test_unknown_skill_warns_with_did_you_mean(tmp_path: Path) -> None:
    north = replace_once(NORTH, 'skills = ["sql"]', 'skills = ["sqll"]')
    (problem,) = warnings_of(build(tmp_path, north=north), "unknown-skill")
    assert at(problem, NORTH_PATH, north, 'skills = ["sqll"]')
    assert "course 'DATA201': skill 'sqll'" in problem.message
    assert "did you mean 'sql'" in problem.message


def test_unknown_skill_in_role_and_rpl(tmp_path: Path) -> None:
    north = NORTH + (
        '\n[[rpl]]\nid = "work"\ntitle = "Work"\nkinds = ["workplace"]\n'
        'skills = ["data-analysys"]\ngrants = ["DATA101"]\n'
        '\n[[role]]\nid = "analyst"\ntitle = "Analyst"\nskills = ["visualization"]\n'
    )
    found = warnings_of(build(tmp_path, north=north), "unknown-skill")
    assert [p.line for p in found] == [
        line_no(north, 'skills = ["data-analysys"]'),
        line_no(north, 'skills = ["visualization"]'),
    ]
    assert "RPL route 'work'" in found[0].message
    assert "did you mean 'visualisation'" in found[1].message


def test_unknown_skill_silent_without_taxonomy(tmp_path: Path) -> None:
    north = replace_once(NORTH, 'skills = ["sql"]', 'skills = ["sqll"]')
    assert warnings_of(build(tmp_path, north=north, skills=None), "unknown-skill") == []


# --- expired-agreement, never-offered, unfinishable-program --------------------------------


def test_expired_agreement_warns(tmp_path: Path) -> None:
    north = replace_once(NORTH, "valid_until = 2030-12-31", "valid_until = 2026-11-27")
    (problem,) = warnings_of(build(tmp_path, north=north), "expired-agreement")
    assert at(problem, NORTH_PATH, north, "valid_until")
    assert "'prov-sql' expired on 2026-11-27" in problem.message


def test_expired_agreement_valid_today_is_clean(tmp_path: Path) -> None:
    north = replace_once(NORTH, "valid_until = 2030-12-31", "valid_until = 2026-11-28")
    assert warnings_of(build(tmp_path, north=north), "expired-agreement") == []


def test_never_offered_course_warns(tmp_path: Path) -> None:
    north = replace_once(
        NORTH, 'credits = 3\nskills = ["data-analysis"]', "credits = 3\noffered = []"
    )
    found = warnings_of(build(tmp_path, north=north), "never-offered")
    assert [p.line for p in found] == [
        line_no(north, "offered = []"),
        line_no(north, 'requires = "DATA101"'),
    ]
    assert "course 'DATA101' is offered in no term" in found[0].message
    assert "course 'DATA201' can never be taken: its requires" in found[1].message


def test_never_offered_clean_when_every_course_runs(tmp_path: Path) -> None:
    assert warnings_of(build(tmp_path), "never-offered") == []


def test_unfinishable_program_required_course_never_offered(tmp_path: Path) -> None:
    north = replace_once(
        NORTH, 'credits = 3\nskills = ["data-analysis"]', "credits = 3\noffered = []"
    )
    (problem,) = warnings_of(build(tmp_path, north=north), "unfinishable-program")
    assert at(problem, NORTH_PATH, north, 'courses = ["DATA101", "DATA201"]', 2)
    assert "'cert' cannot be finished here: requirement 'core'" in problem.message
    assert "DATA101, DATA201" in problem.message


def test_unfinishable_program_choose_with_enough_left_is_clean(tmp_path: Path) -> None:
    north = replace_once(NORTH, 'offered = ["spring"]', "offered = []")
    assert warnings_of(build(tmp_path, north=north), "unfinishable-program") == []
    north = replace_once(
        north, "credits = 3\nlevel = 3\n", "credits = 3\nlevel = 3\noffered = []\n"
    )
    (problem,) = warnings_of(build(tmp_path / "b", north=north), "unfinishable-program")
    assert at(problem, NORTH_PATH, north, 'courses = ["ART100", "BUS300"]')
    assert "requirement 'elective': it needs 1 of its courses but only 0" in problem.message


def test_unfinishable_program_credits_pool_short(tmp_path: Path) -> None:
    north = replace_once(
        NORTH, 'subjects = ["BUS"]\nmin_level = 3', 'courses = ["HIST100", "BUS300"]'
    )
    north = replace_once(
        north,
        'title = "World History"\ncredits = 3',
        'title = "World History"\ncredits = 3\noffered = []',
    )
    north = replace_once(
        north, "credits = 3\nlevel = 3\n", "credits = 3\nlevel = 3\noffered = []\n"
    )
    found = warnings_of(build(tmp_path, north=north), "unfinishable-program")
    # the elective still has ART100; the upper pool has nothing left
    assert [p.line for p in found] == [line_no(north, 'courses = ["HIST100", "BUS300"]')]
    assert "it needs 3 credits from its courses but only 0 can be taken" in found[0].message
