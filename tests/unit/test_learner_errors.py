"""Every learner-file problem is reported with the learner file's line and a helpful message.

Each broken learner is the valid base learner (tests/helpers.py) with one snippet replaced,
checked against the valid base region (`uni` with terms spring and fall, and `prov`).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from credstack.cli import main
from credstack.errors import CredstackError, Problem
from credstack.model.region import Region
from credstack.store.learner_store import (
    learner_from_text,
    load_learner,
    load_learner_with_problems,
)
from tests.helpers import LEARNER_TOML, line_no, replace_once


def _broken(tmp_path: Path, old: str, new: str) -> tuple[Path, str]:
    text = replace_once(LEARNER_TOML, old, new)
    path = tmp_path / "learner.toml"
    path.write_text(text, encoding="utf-8")
    return path, text


def _ids(problems: list[Problem]) -> str:
    return "\n".join(str(p) for p in problems)


def check(
    tmp_path: Path,
    region: Region,
    old: str,
    new: str,
    needle: str,
    *fragments: str,
    occurrence: int = 1,
    count: int = 1,
) -> Problem:
    """Break the learner; exactly `count` problems, one at `needle`'s line saying `fragments`."""
    path, text = _broken(tmp_path, old, new)
    loaded, problems = load_learner_with_problems(path, region)
    assert loaded is None, "a learner file with problems must not load"
    line = line_no(text, needle, occurrence)
    found = [
        p
        for p in problems
        if p.path == str(path) and p.line == line and all(f in p.message for f in fragments)
    ]
    assert found, f"no problem at line {line} says {fragments}; got:\n{_ids(problems)}"
    assert len(problems) == count, _ids(problems)
    assert str(found[0]).startswith(f"{path}:{line}: ")
    with pytest.raises(CredstackError) as raised:
        load_learner(path, region)
    assert found[0] in raised.value.problems
    return found[0]


def test_the_base_learner_is_valid(learner_path: Path, region: Region) -> None:
    loaded, problems = load_learner_with_problems(learner_path, region)
    assert problems == []
    assert loaded is not None
    assert loaded.learner.learner.goals == ["uni:cert"]


# --- held items and goals ----------------------------------------------------------------


def test_unknown_held_ref_suggests_the_nearest_item(tmp_path: Path, region: Region) -> None:
    check(
        tmp_path,
        region,
        'ref = "prov:py-badge"',
        'ref = "prov:py-badg"',
        'ref = "prov:py-badg"',
        "held 'prov:py-badg'",
        "not a loaded course or credential",
        "did you mean 'prov:py-badge'",
    )


def test_held_ref_without_issuer_suggests_the_full_reference(
    tmp_path: Path, region: Region
) -> None:
    check(
        tmp_path,
        region,
        'ref = "prov:py-badge"',
        'ref = "py-badge"',
        'ref = "py-badge"',
        "held 'py-badge'",
        "did you mean 'prov:py-badge'",
    )


def test_held_ref_naming_a_program_is_refused(tmp_path: Path, region: Region) -> None:
    check(
        tmp_path,
        region,
        'ref = "prov:py-badge"',
        'ref = "uni:cert"',
        'ref = "uni:cert"',
        "held 'uni:cert'",
        "not a loaded course or credential",
    )


def test_unknown_goal_suggests_the_nearest_program(tmp_path: Path, region: Region) -> None:
    check(
        tmp_path,
        region,
        'goals = ["uni:cert"]',
        'goals = ["uni:cret"]',
        "goals = ",
        "goal 'uni:cret'",
        "not a loaded program",
        "did you mean 'uni:cert'",
    )


def test_goal_without_issuer_suggests_the_full_reference(tmp_path: Path, region: Region) -> None:
    check(
        tmp_path,
        region,
        'goals = ["uni:cert"]',
        'goals = ["cert"]',
        "goals = ",
        "goal 'cert'",
        "did you mean 'uni:cert'",
    )


def test_goal_naming_a_course_is_refused(tmp_path: Path, region: Region) -> None:
    check(
        tmp_path,
        region,
        'goals = ["uni:cert"]',
        'goals = ["uni:CS101"]',
        "goals = ",
        "goal 'uni:CS101'",
        "not a loaded program",
    )


# --- adviser exceptions ------------------------------------------------------------------


def test_exception_naming_a_missing_program(tmp_path: Path, region: Region) -> None:
    check(
        tmp_path,
        region,
        'program = "uni:cert"\nitem',
        'program = "uni:certificate"\nitem',
        'program = "uni:certificate"',
        "exception names program 'uni:certificate'",
        "not loaded",
        "did you mean 'uni:cert'",
    )


def test_exception_naming_an_item_the_learner_does_not_hold(tmp_path: Path, region: Region) -> None:
    check(
        tmp_path,
        region,
        'item = "uni:MATH110"',
        'item = "uni:MATH111"',
        'item = "uni:MATH111"',
        "exception item 'uni:MATH111'",
        "not held by this learner",
        "did you mean 'uni:MATH110'",
    )


def test_exception_naming_a_missing_course(tmp_path: Path, region: Region) -> None:
    check(
        tmp_path,
        region,
        'course = "CS102"',
        'course = "CS103"',
        'course = "CS103"',
        "exception course 'CS103'",
        "not a course of 'uni'",
        "did you mean",
    )


def test_exception_course_must_belong_to_the_program_issuer(tmp_path: Path, region: Region) -> None:
    check(
        tmp_path,
        region,
        'course = "CS102"',
        'course = "prov:py-badge"',
        'course = "prov:py-badge"',
        "exception course 'prov:py-badge'",
        "not a course of 'uni'",
    )


def test_exception_naming_a_missing_requirement(tmp_path: Path, region: Region) -> None:
    check(
        tmp_path,
        region,
        'requirement = "maths"',
        'requirement = "math"',
        'requirement = "math"',
        "exception requirement 'math'",
        "'uni:cert'",
        "did you mean 'maths'",
    )


def test_exception_of_unknown_kind(tmp_path: Path, region: Region) -> None:
    check(
        tmp_path,
        region,
        'kind = "waive"',
        'kind = "waiver"',
        'kind = "waiver"',
        "exception[2].kind",
        "'waive'",
        "(got 'waiver')",
    )


def test_exception_missing_the_field_its_kind_needs(tmp_path: Path, region: Region) -> None:
    check(
        tmp_path,
        region,
        'requirement = "maths"\n',
        "",
        "[[exception]]",
        "exception[2]",
        "'waive' exception needs 'requirement'",
        occurrence=2,
    )


# --- values ------------------------------------------------------------------------------


def test_bad_grade_lists_the_grades(tmp_path: Path, region: Region) -> None:
    check(
        tmp_path,
        region,
        'grade = "B"',
        'grade = "E"',
        'grade = "E"',
        "held[1].grade",
        "'A+'",
        "'P'",
        "(got 'E')",
    )


def test_bad_date_string_names_the_key(tmp_path: Path, region: Region) -> None:
    check(
        tmp_path,
        region,
        "earned = 2024-01-01",
        'earned = "2024-13-01"',
        "earned = ",
        "held[1].earned",
        "valid date",
        "(got '2024-13-01')",
    )


def test_bad_date_word_names_the_key(tmp_path: Path, region: Region) -> None:
    check(
        tmp_path,
        region,
        "earned = 2024-01-01",
        'earned = "yesterday"',
        "earned = ",
        "held[1].earned",
        "valid date",
        "(got 'yesterday')",
    )


def test_impossible_toml_date_is_a_syntax_error_at_its_line(tmp_path: Path, region: Region) -> None:
    check(
        tmp_path,
        region,
        "as_of = 2026-11-28",
        "as_of = 2026-02-30",
        "as_of = ",
        "TOML syntax",
        "date",
    )


def test_unknown_key_in_held_suggests_the_right_key(tmp_path: Path, region: Region) -> None:
    check(
        tmp_path,
        region,
        'grade = "B"',
        'grdae = "B"',
        "grdae",
        "unknown key 'grdae' in held[1]",
        "did you mean 'grade'",
    )


def test_unknown_key_in_learner_suggests_the_right_key(tmp_path: Path, region: Region) -> None:
    check(
        tmp_path,
        region,
        'goals = ["uni:cert"]',
        'gaols = ["uni:cert"]',
        "gaols",
        "unknown key 'gaols' in learner",
        "did you mean 'goals'",
    )


def test_misspelt_exception_table_is_reported_at_its_header(tmp_path: Path, region: Region) -> None:
    check(
        tmp_path,
        region,
        '[[exception]]\nkind = "waive"',
        '[[exeption]]\nkind = "waive"',
        "[[exeption]]",
        "unknown key 'exeption'",
        "did you mean 'exception'",
    )


def test_missing_learner_name_is_reported_at_the_learner_table(
    tmp_path: Path, region: Region
) -> None:
    check(
        tmp_path,
        region,
        'name = "Test Learner"\n',
        "",
        "[learner]",
        "missing required key 'learner.name'",
    )


# --- terms -------------------------------------------------------------------------------


def test_bad_start_label_shape_names_the_key_and_value(tmp_path: Path, region: Region) -> None:
    check(
        tmp_path,
        region,
        'start = "2027 spring"',
        'start = "spring 2027"',
        "start = ",
        "learner.start",
        "(got 'spring 2027')",
    )


def test_start_term_not_in_the_goal_calendar(tmp_path: Path, region: Region) -> None:
    check(
        tmp_path,
        region,
        'start = "2027 spring"',
        'start = "2027 sprng"',
        "start = ",
        "start term 'sprng'",
        "did you mean 'spring'",
    )


def test_attend_naming_a_term_no_goal_has(tmp_path: Path, region: Region) -> None:
    check(
        tmp_path,
        region,
        'attend = ["spring", "fall"]',
        'attend = ["spring", "autumn"]',
        "attend = ",
        "attend names term 'autumn'",
        "no goal's calendar",
    )


def test_attend_typo_suggests_the_term(tmp_path: Path, region: Region) -> None:
    check(
        tmp_path,
        region,
        'attend = ["spring", "fall"]',
        'attend = ["spring", "fal"]',
        "attend = ",
        "attend names term 'fal'",
        "did you mean 'fall'",
    )


# --- files and in-memory text ------------------------------------------------------------


def test_learner_toml_syntax_error_at_its_line(tmp_path: Path, region: Region) -> None:
    check(
        tmp_path,
        region,
        'reason = "Reviewed"\n\n',
        'reason = "Reviewed\n\n',
        'reason = "Reviewed',
        "TOML syntax",
    )


def test_missing_learner_file_is_one_problem(tmp_path: Path, region: Region) -> None:
    path = tmp_path / "nobody.toml"
    loaded, problems = load_learner_with_problems(path, region)
    assert loaded is None
    assert len(problems) == 1
    assert problems[0].path == str(path) and problems[0].line == 1
    assert "cannot read" in problems[0].message


def test_not_utf8_learner_is_reported_at_the_bad_line(tmp_path: Path, region: Region) -> None:
    path = tmp_path / "learner.toml"
    path.write_bytes(LEARNER_TOML.replace("Test Learner", "Jos\xe9").encode("latin-1"))
    _, problems = load_learner_with_problems(path, region)
    assert [(p.line, p.message) for p in problems] == [
        (line_no(LEARNER_TOML, "Test Learner"), "not UTF-8 text")
    ]


def test_every_reference_problem_is_collected(tmp_path: Path, region: Region) -> None:
    text = replace_once(LEARNER_TOML, 'goals = ["uni:cert"]', 'goals = ["uni:cret"]')
    text = replace_once(text, 'ref = "prov:py-badge"', 'ref = "prov:nope"')
    path = tmp_path / "learner.toml"
    path.write_text(text, encoding="utf-8")
    _, problems = load_learner_with_problems(path, region)
    assert [p.line for p in problems] == [line_no(text, "goals = "), line_no(text, "prov:nope")]


def test_learner_from_text_reports_lines_under_the_given_name(region: Region) -> None:
    text = replace_once(LEARNER_TOML, 'grade = "B"', 'grade = "E"')
    with pytest.raises(CredstackError) as raised:
        learner_from_text(text, region, name="what-if")
    assert [(p.path, p.line) for p in raised.value.problems] == [
        ("what-if", line_no(text, 'grade = "E"'))
    ]


def test_learner_from_text_reference_problem_uses_the_name(region: Region) -> None:
    text = replace_once(LEARNER_TOML, 'goals = ["uni:cert"]', 'goals = ["uni:cret"]')
    with pytest.raises(CredstackError) as raised:
        learner_from_text(text, region, name="what-if")
    assert [(p.path, p.line) for p in raised.value.problems] == [
        ("what-if", line_no(text, "goals = "))
    ]


def test_learner_from_text_syntax_error_is_located(region: Region) -> None:
    text = replace_once(LEARNER_TOML, 'grade = "B"', 'grade = "B')
    with pytest.raises(CredstackError) as raised:
        learner_from_text(text, region, name="what-if")
    problem = raised.value.problems[0]
    assert problem.path == "what-if"
    assert problem.line == line_no(text, 'grade = "B')
    assert "TOML syntax" in problem.message
    assert "(at line" not in problem.message  # the line is in the prefix, as for files


def test_learner_from_text_accepts_a_valid_learner(region: Region) -> None:
    loaded = learner_from_text(LEARNER_TOML, region)
    assert loaded.path is None
    assert [h.ref for h in loaded.learner.held] == ["prov:py-badge", "uni:MATH110"]


# --- the command line --------------------------------------------------------------------


def test_report_on_a_broken_learner_exits_2_with_its_line(
    tmp_path: Path, region_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path, text = _broken(tmp_path, 'ref = "prov:py-badge"', 'ref = "prov:py-badg"')
    output = tmp_path / "report.txt"
    code = main(["report", str(path), "--catalogs", str(region_dir), "--output", str(output)])
    out, err = capsys.readouterr()
    assert code == 2, err
    assert f"{path}:{line_no(text, 'prov:py-badg')}: held 'prov:py-badg'" in err
    assert "Traceback" not in out + err
    assert not output.exists()


def test_report_on_a_missing_learner_exits_2(
    tmp_path: Path, region_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "nobody.toml"
    assert main(["report", str(path), "--catalogs", str(region_dir)]) == 2
    out, err = capsys.readouterr()
    assert err.startswith(f"{path}:1: ")
    assert "Traceback" not in out + err
