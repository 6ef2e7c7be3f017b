"""Every broken catalogue is reported with its file, its exact line and a helpful message.

Each broken region is the valid base region (tests/helpers.py) with one snippet replaced;
`needle` names the line of the broken file where the problem belongs.
"""

from __future__ import annotations

import re
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from credstack.cli import main
from credstack.errors import CredstackError, Problem
from credstack.store.catalogue_loader import load_region, load_region_with_problems
from tests.helpers import (
    LEARNER_TOML,
    PROV_TOML,
    UNI_TOML,
    line_no,
    replace_once,
    write_region,
)


@dataclass(frozen=True)
class Broken:
    """A region broken in one place, and where and how the loader must say so."""

    fragments: tuple[str, ...]
    needle: str = ""
    occurrence: int = 1
    file: str = "uni.toml"
    uni: tuple[str, str] | None = None
    prov: tuple[str, str] | None = None
    extra: dict[str, str | bytes] = field(default_factory=dict)
    line: int | None = None  # when the broken file is not text (no needle to find)
    count: int = 1  # how many problems the region has in all

    def files(self) -> dict[str, str | bytes]:
        uni = replace_once(UNI_TOML, *self.uni) if self.uni else UNI_TOML
        prov = replace_once(PROV_TOML, *self.prov) if self.prov else PROV_TOML
        return {"uni.toml": uni, "prov.toml": prov, **self.extra}

    def build(self, root: Path) -> Path:
        return write_region(root, self.files())

    def expected_line(self) -> int:
        if self.line is not None:
            return self.line
        text = self.files()[self.file]
        assert isinstance(text, str)
        return line_no(text, self.needle, self.occurrence)


CS101_BLOCK = 'code = "CS101"\ntitle = "Intro to Computing"\ncredits = 3\n'
CORE_COURSES = 'courses = ["CS101", "CS102"]\n\n[[program'

BROKEN: dict[str, Broken] = {
    "toml_syntax_unterminated_string": Broken(
        uni=('title = "Programming"', 'title = "Programming'),
        needle='title = "Programming',
        fragments=("TOML syntax",),
    ),
    "toml_syntax_two_values": Broken(
        uni=("credits = 9", "credits = 9 9"),
        needle="credits = 9 9",
        fragments=("TOML syntax", "Expected newline"),
    ),
    "toml_syntax_bad_array_header": Broken(
        uni=("[[role]]", "[[role]"),
        needle="[[role]",
        fragments=("TOML syntax", "]]"),
    ),
    "articulation_from_unknown_issuer": Broken(
        uni=('from = ["prov:py-badge"]', 'from = ["provv:py-badge"]'),
        needle="from = ",
        fragments=("'provv:py-badge'", "no issuer 'provv'", "did you mean 'prov'"),
    ),
    "articulation_from_unknown_item": Broken(
        uni=('from = ["prov:py-badge"]', 'from = ["prov:py-badg"]'),
        needle="from = ",
        fragments=("'prov:py-badg'", "has no course or credential", "did you mean 'py-badge'"),
    ),
    "articulation_grants_missing_course": Broken(
        uni=('grants = ["CS101"]', 'grants = ["CS109"]'),
        needle="grants = ",
        fragments=("'CS109'", "no such course in 'uni'", "did you mean"),
    ),
    "requirement_names_missing_course": Broken(
        uni=(CORE_COURSES, 'courses = ["CS101", "CS103"]\n\n[[program'),
        needle='courses = ["CS101", "CS103"]',
        fragments=("requirement 'core'", "'CS103'", "no such course", "did you mean"),
    ),
    "stacks_into_unknown_program": Broken(
        uni=('stacks_into = ["cert"]', 'stacks_into = ["certt"]'),
        needle="stacks_into",
        fragments=("stacks_into 'certt'", "no program 'certt'", "did you mean 'cert'"),
    ),
    "role_accepts_unknown_credential": Broken(
        uni=('accepts = ["uni:coding-mc", "prov:py-badge"]', 'accepts = ["prov:py-badges"]'),
        needle="accepts = ",
        fragments=("accepts 'prov:py-badges'", "no credential", "did you mean 'py-badge'"),
    ),
    "role_accepts_a_course_not_a_credential": Broken(
        uni=('accepts = ["uni:coding-mc", "prov:py-badge"]', 'accepts = ["uni:CS101"]'),
        needle="accepts = ",
        fragments=("accepts 'uni:CS101'", "no credential 'CS101'"),
    ),
    "double_count_unknown_requirement": Broken(
        uni=("credits = 9", 'credits = 9\ndouble_count = [["core", "mathz"]]'),
        needle="double_count",
        fragments=("double_count", "'mathz'", "did you mean 'maths'"),
    ),
    "prerequisite_cycle": Broken(
        uni=(CS101_BLOCK, CS101_BLOCK + 'requires = "CS102"\n'),
        needle='requires = "CS102"',
        fragments=("prerequisite cycle", "CS101 -> CS102 -> CS101"),
    ),
    "prerequisite_self_cycle": Broken(
        uni=('requires = "CS101"', 'requires = "CS102"'),
        needle='requires = "CS102"',
        fragments=("prerequisite cycle", "CS102 -> CS102"),
    ),
    "wrong_type_credits_string": Broken(
        uni=("credits = 9", 'credits = "three"'),
        needle='credits = "three"',
        fragments=("program[1].credits", "valid decimal", "'three'"),
    ),
    "wrong_type_list_for_string": Broken(
        prov=('title = "Python Badge"', 'title = ["Python Badge"]'),
        file="prov.toml",
        needle="title = [",
        fragments=("credential[1].title", "valid string"),
        count=3,  # prov is left out, so uni's two references to it fail as well
    ),
    "duplicate_course_code": Broken(
        uni=('code = "MATH110"', 'code = "CS101"'),
        needle='code = "CS101"',
        occurrence=2,
        fragments=("duplicate course id 'CS101'", "first at line"),
        count=2,  # the requirement naming MATH110 now names a missing course too
    ),
    "duplicate_issuer_id_across_files": Broken(
        extra={"sub/prov-copy.toml": replace_once(PROV_TOML, "py-badge", "other")},
        file="sub/prov-copy.toml",
        needle='id = "prov"',
        fragments=("duplicate issuer id 'prov'", "prov.toml:4"),
    ),
    "duplicate_requirement_id": Broken(
        uni=('id = "maths"', 'id = "core"'),
        needle='id = "core"',
        occurrence=2,
        fragments=("duplicate requirement id 'core'", "program 'cert'"),
    ),
    "duplicate_term_name": Broken(
        uni=('name = "fall"', 'name = "spring"'),
        needle="[institution]",
        fragments=("term 'spring' is listed twice",),
    ),
    "unknown_term_in_offered": Broken(
        uni=('offered = ["spring", "fall"]', 'offered = ["spring", "fal"]'),
        needle="offered = ",
        fragments=("unknown term 'fal'", "did you mean 'fall'", "spring, fall"),
    ),
    "unknown_key_typo": Broken(
        uni=('title = "Programming"', 'titel = "Programming"'),
        needle="titel = ",
        fragments=("unknown key 'titel'", "course[2]", "did you mean 'title'"),
        count=2,  # and 'title' is now missing
    ),
    "unknown_top_level_key": Broken(
        uni=("format = 1\n", "format = 1\nformt = 2\n"),
        needle="formt",
        fragments=("unknown key 'formt'", "top level", "did you mean 'format'"),
    ),
    "missing_required_key": Broken(
        uni=('country = "US"\ncredit', "credit"),
        needle="[issuer]",
        fragments=("missing required key 'issuer.country'",),
    ),
    "missing_format_key": Broken(
        prov=("format = 1\n", ""),
        file="prov.toml",
        line=1,
        fragments=("missing required key 'format'",),
        count=3,  # prov is left out, so uni's two references to it fail as well
    ),
    "bad_prerequisite_syntax_dangling_and": Broken(
        uni=('requires = "CS101"', 'requires = "CS101 and"'),
        needle="requires = ",
        fragments=("requires:", "'CS101 and'", "ends too early"),
    ),
    "bad_prerequisite_syntax_bad_character": Broken(
        uni=('requires = "CS101"', 'requires = "CS101 & MATH110"'),
        needle="requires = ",
        fragments=("requires:", "cannot read '& MATH110'"),
    ),
    "bad_prerequisite_syntax_unbalanced_parenthesis": Broken(
        uni=('requires = "CS101"', 'requires = "(CS101 or MATH110"'),
        needle="requires = ",
        fragments=("requires:", "(CS101 or MATH110"),
    ),
    "not_utf8_file": Broken(
        extra={"latin1.toml": b'format = 1\n\n[issuer]\nid = "l"\nname = "Caf\xe9"\n'},
        file="latin1.toml",
        line=5,
        fragments=("not UTF-8",),
    ),
}


def _ids(problems: list[Problem]) -> str:
    return "\n".join(str(p) for p in problems)


def _assert_located(root: Path, case: Broken) -> Problem:
    """The region has `case.count` problems and one is at the case's file and line."""
    _, problems = load_region_with_problems(root)
    path = str(root / case.file)
    line = case.expected_line()
    matching = [p for p in problems if p.path == path and p.line == line]
    assert matching, f"nothing at {path}:{line}; got:\n{_ids(problems)}"
    found = [p for p in matching if all(f in p.message for f in case.fragments)]
    assert found, f"no problem at {path}:{line} says {case.fragments}; got:\n{_ids(problems)}"
    assert len(problems) == case.count, _ids(problems)
    assert found[0].severity == "error"
    assert str(found[0]).startswith(f"{path}:{line}: ")
    return found[0]


def check(tmp_path: Path, name: str) -> Problem:
    case = BROKEN[name]
    return _assert_located(case.build(tmp_path / "region"), case)


def test_the_base_region_is_valid(tmp_path: Path) -> None:
    region, problems = load_region_with_problems(write_region(tmp_path / "region"))
    assert problems == []
    assert sorted(region.catalogues) == ["prov", "uni"]


# --- TOML syntax -------------------------------------------------------------------------


def test_toml_syntax_error_unterminated_string_reported_at_its_line(tmp_path: Path) -> None:
    check(tmp_path, "toml_syntax_unterminated_string")


def test_toml_syntax_error_two_values_reported_at_its_line(tmp_path: Path) -> None:
    problem = check(tmp_path, "toml_syntax_two_values")
    assert "(at line" not in problem.message  # the position is in the prefix, not repeated


def test_toml_syntax_error_bad_array_header_reported_at_its_line(tmp_path: Path) -> None:
    check(tmp_path, "toml_syntax_bad_array_header")


def test_toml_syntax_error_leaves_the_file_out_but_loads_the_others(tmp_path: Path) -> None:
    root = BROKEN["toml_syntax_two_values"].build(tmp_path / "region")
    region, _ = load_region_with_problems(root)
    assert list(region.catalogues) == ["prov"]


# --- unknown references ------------------------------------------------------------------


def test_articulation_from_unknown_issuer_suggests_the_nearest_issuer(tmp_path: Path) -> None:
    check(tmp_path, "articulation_from_unknown_issuer")


def test_articulation_from_unknown_item_suggests_the_nearest_item(tmp_path: Path) -> None:
    check(tmp_path, "articulation_from_unknown_item")


def test_articulation_grants_must_name_an_own_course(tmp_path: Path) -> None:
    check(tmp_path, "articulation_grants_missing_course")


def test_requirement_naming_a_missing_course_is_an_error(tmp_path: Path) -> None:
    check(tmp_path, "requirement_names_missing_course")


def test_stacks_into_unknown_program_is_an_error(tmp_path: Path) -> None:
    check(tmp_path, "stacks_into_unknown_program")


def test_role_accepting_unknown_credential_is_an_error(tmp_path: Path) -> None:
    check(tmp_path, "role_accepts_unknown_credential")


def test_role_accepts_only_credentials_not_courses(tmp_path: Path) -> None:
    check(tmp_path, "role_accepts_a_course_not_a_credential")


def test_double_count_naming_unknown_requirement_is_an_error(tmp_path: Path) -> None:
    check(tmp_path, "double_count_unknown_requirement")


def test_unknown_reference_keeps_the_file_in_the_region(tmp_path: Path) -> None:
    root = BROKEN["articulation_from_unknown_item"].build(tmp_path / "region")
    region, _ = load_region_with_problems(root)
    assert sorted(region.catalogues) == ["prov", "uni"]


# --- prerequisite cycles -----------------------------------------------------------------


def test_prerequisite_cycle_is_reported_with_the_whole_cycle(tmp_path: Path) -> None:
    check(tmp_path, "prerequisite_cycle")


def test_prerequisite_on_itself_is_a_cycle(tmp_path: Path) -> None:
    check(tmp_path, "prerequisite_self_cycle")


# --- wrong types -------------------------------------------------------------------------


def test_wrong_type_credits_string_names_the_key_and_value(tmp_path: Path) -> None:
    check(tmp_path, "wrong_type_credits_string")


def test_wrong_type_list_for_a_string_is_reported_at_its_line(tmp_path: Path) -> None:
    check(tmp_path, "wrong_type_list_for_string")


# --- duplicate ids -----------------------------------------------------------------------


def test_duplicate_course_code_is_reported_at_the_second_and_names_the_first(
    tmp_path: Path,
) -> None:
    problem = check(tmp_path, "duplicate_course_code")
    first = re.search(r"first at line (\d+)", problem.message)
    assert first is not None
    # the first CS101: its [[course]] header or its code line
    text = BROKEN["duplicate_course_code"].files()["uni.toml"]
    assert isinstance(text, str)
    code_line = line_no(text, 'code = "CS101"')
    assert int(first.group(1)) in (code_line - 1, code_line)


def test_duplicate_issuer_id_across_two_files_names_both(tmp_path: Path) -> None:
    problem = check(tmp_path, "duplicate_issuer_id_across_files")
    assert str(tmp_path / "region" / "prov.toml") in problem.message


def test_duplicate_issuer_id_keeps_the_first_file(tmp_path: Path) -> None:
    root = BROKEN["duplicate_issuer_id_across_files"].build(tmp_path / "region")
    region, _ = load_region_with_problems(root)
    prov = region.get("prov")
    assert prov is not None and prov.path == root / "prov.toml"


def test_duplicate_requirement_id_in_a_program_is_an_error(tmp_path: Path) -> None:
    check(tmp_path, "duplicate_requirement_id")


def test_duplicate_term_name_is_an_error(tmp_path: Path) -> None:
    check(tmp_path, "duplicate_term_name")


# --- terms -------------------------------------------------------------------------------


def test_unknown_term_in_offered_lists_the_known_terms(tmp_path: Path) -> None:
    check(tmp_path, "unknown_term_in_offered")


def test_offered_without_any_calendar_says_to_add_terms(tmp_path: Path) -> None:
    text = replace_once(UNI_TOML, '[[institution.term]]\nname = "spring"\nstarts = 1\n\n', "")
    text = replace_once(text, '[[institution.term]]\nname = "fall"\nstarts = 9\n\n', "")
    root = write_region(tmp_path / "region", {"uni.toml": text, "prov.toml": PROV_TOML})
    _, problems = load_region_with_problems(root)
    assert len(problems) == 2, _ids(problems)  # 'spring' and 'fall' are both unknown now
    for problem in problems:
        assert problem.line == line_no(text, "offered = ")
        assert "add [[institution.term]]" in problem.message


# --- unknown and missing keys ------------------------------------------------------------


def test_unknown_key_typo_suggests_the_right_key(tmp_path: Path) -> None:
    check(tmp_path, "unknown_key_typo")


def test_unknown_key_typo_also_reports_the_missing_key_at_its_table(tmp_path: Path) -> None:
    root = BROKEN["unknown_key_typo"].build(tmp_path / "region")
    _, problems = load_region_with_problems(root)
    text = BROKEN["unknown_key_typo"].files()["uni.toml"]
    assert isinstance(text, str)
    missing = [p for p in problems if "missing required key 'course[2].title'" in p.message]
    assert [p.line for p in missing] == [line_no(text, "[[course]]", 2)]


def test_unknown_top_level_key_suggests_the_right_key(tmp_path: Path) -> None:
    check(tmp_path, "unknown_top_level_key")


def test_missing_required_key_is_reported_at_its_table(tmp_path: Path) -> None:
    check(tmp_path, "missing_required_key")


def test_missing_format_key_is_reported_at_line_one(tmp_path: Path) -> None:
    check(tmp_path, "missing_format_key")


# --- prerequisite syntax -----------------------------------------------------------------


def test_bad_prerequisite_syntax_dangling_and(tmp_path: Path) -> None:
    check(tmp_path, "bad_prerequisite_syntax_dangling_and")


def test_bad_prerequisite_syntax_bad_character(tmp_path: Path) -> None:
    check(tmp_path, "bad_prerequisite_syntax_bad_character")


def test_bad_prerequisite_syntax_unbalanced_parenthesis(tmp_path: Path) -> None:
    check(tmp_path, "bad_prerequisite_syntax_unbalanced_parenthesis")


# --- files and directories ---------------------------------------------------------------


def test_not_utf8_file_is_reported_at_the_line_of_the_bad_byte(tmp_path: Path) -> None:
    check(tmp_path, "not_utf8_file")


def test_missing_directory_is_one_problem(tmp_path: Path) -> None:
    root = tmp_path / "no-such-dir"
    region, problems = load_region_with_problems(root)
    assert problems == [Problem(str(root), 1, "no such file or directory")]
    assert region.catalogues == {}


def test_empty_directory_is_one_problem(tmp_path: Path) -> None:
    root = tmp_path / "empty"
    root.mkdir()
    (root / "README.md").write_text("not a catalogue\n")
    region, problems = load_region_with_problems(root)
    assert len(problems) == 1
    assert problems[0].path == str(root) and problems[0].line == 1
    assert "no *.toml catalogue files" in problems[0].message
    assert region.catalogues == {}


def test_line_numbers_count_newlines_only(tmp_path: Path) -> None:
    """A U+2028 or U+0085 in a comment or string is not a line break for TOML or editors."""
    uni = replace_once(
        UNI_TOML, 'name = "Example University"', 'name = "Example\u2028University"  # caf\u00e9\x85'
    )
    uni = replace_once(uni, 'stacks_into = ["cert"]', 'stacks_into = ["certt"]')
    root = write_region(tmp_path / "region", {"uni.toml": uni, "prov.toml": PROV_TOML})
    _, problems = load_region_with_problems(root)
    expected = uni.count("\n", 0, uni.index("stacks_into")) + 1
    assert [p.line for p in problems] == [expected]


PROV_INLINE = """\
format = 1
credential = [
    { id = "py-badge", title = "Python 3.5\\" Badge", type = "badge", hours = 40 },
]

[issuer]
id = "prov"
name = "Provider Academy"
kind = "provider"
country = "US"

[[role]]
id = "tester"
title = "Tester"
accepts = ["prov:py-badgee"]
"""


@pytest.mark.parametrize(
    "name_line",
    [
        "name = \"Example ''' University\"",
        'name = \'"""Example University\'',
        'name = "Example University"  # not a """ string',
        "name = 'Example University'  # nor a ''' one",
    ],
    ids=[
        "apostrophes-in-basic-string",
        "quotes-in-literal-string",
        "quotes-in-comment",
        "apostrophes-in-comment",
    ],
)
def test_triple_quotes_inside_a_one_line_value_do_not_hide_later_lines(
    tmp_path: Path, name_line: str
) -> None:
    """Three quotes inside a string or comment do not open a multi-line string."""
    uni = replace_once(UNI_TOML, 'name = "Example University"', name_line)
    uni = replace_once(uni, 'stacks_into = ["cert"]', 'stacks_into = ["certt"]')
    root = write_region(tmp_path / "region", {"uni.toml": uni, "prov.toml": PROV_TOML})
    _, problems = load_region_with_problems(root)
    assert [p.line for p in problems] == [line_no(uni, "stacks_into")], _ids(problems)


def test_escaped_quote_in_an_inline_table_does_not_hide_later_lines(tmp_path: Path) -> None:
    root = write_region(tmp_path / "region", {"uni.toml": UNI_TOML, "prov.toml": PROV_INLINE})
    _, problems = load_region_with_problems(root)
    assert [(Path(p.path).name, p.line) for p in problems] == [
        ("prov.toml", line_no(PROV_INLINE, "accepts = "))
    ], _ids(problems)


def test_multi_line_strings_keep_later_lines_exact(tmp_path: Path) -> None:
    uni = replace_once(
        UNI_TOML,
        'title = "Coding Micro-credential"',
        'title = "Coding Micro-credential"\nassessment = """\nA "project" [graded]\n"""',
    )
    uni = replace_once(uni, 'stacks_into = ["cert"]', 'stacks_into = ["certt"]')
    root = write_region(tmp_path / "region", {"uni.toml": uni, "prov.toml": PROV_TOML})
    _, problems = load_region_with_problems(root)
    assert [p.line for p in problems] == [line_no(uni, "stacks_into")], _ids(problems)


@pytest.mark.parametrize(
    ("old", "new", "suggestion"),
    [
        ("[[program]]", "[[programme]]", "program"),
        (
            '[[program.requirement]]\nid = "maths"',
            '[[program.requirment]]\nid = "maths"',
            "requirement",
        ),
    ],
    ids=["top-level", "nested"],
)
def test_misspelt_array_of_tables_is_reported_at_its_header(
    tmp_path: Path, old: str, new: str, suggestion: str
) -> None:
    uni = replace_once(UNI_TOML, old, new)
    header = new.split("\n")[0]
    root = write_region(tmp_path / "region", {"uni.toml": uni, "prov.toml": PROV_TOML})
    _, problems = load_region_with_problems(root)
    typo = header.strip("[]").split(".")[-1]
    unknown = [p for p in problems if f"unknown key {typo!r}" in p.message]
    assert len(unknown) == 1, _ids(problems)
    assert f"did you mean {suggestion!r}" in unknown[0].message
    assert unknown[0].line == line_no(uni, header), _ids(problems)


def test_crlf_line_endings_keep_line_numbers(tmp_path: Path) -> None:
    uni = replace_once(UNI_TOML, 'stacks_into = ["cert"]', 'stacks_into = ["certt"]')
    crlf = uni.replace("\n", "\r\n").encode()
    root = write_region(tmp_path / "region", {"uni.toml": crlf, "prov.toml": PROV_TOML})
    _, problems = load_region_with_problems(root)
    assert [p.line for p in problems] == [line_no(uni, "stacks_into")]


def test_catalogue_files_are_found_recursively(tmp_path: Path) -> None:
    root = write_region(tmp_path / "region", {"a/b/uni.toml": UNI_TOML, "c/prov.toml": PROV_TOML})
    region, problems = load_region_with_problems(root)
    assert problems == []
    assert sorted(region.catalogues) == ["prov", "uni"]


def test_load_region_raises_with_every_problem_sorted(tmp_path: Path) -> None:
    uni = replace_once(UNI_TOML, 'stacks_into = ["cert"]', 'stacks_into = ["certt"]')
    other = replace_once(PROV_TOML, 'id = "prov"', 'id = "other"')
    other = replace_once(other, 'type = "badge"', 'type = "badg"')
    root = write_region(
        tmp_path / "region", {"uni.toml": uni, "prov.toml": PROV_TOML, "a-other.toml": other}
    )
    with pytest.raises(CredstackError) as raised:
        load_region(root)
    problems = raised.value.problems
    assert [(Path(p.path).name, p.line) for p in problems] == [
        ("a-other.toml", line_no(other, "type = ")),
        ("uni.toml", line_no(uni, "stacks_into")),
    ]
    assert "'badge'" in problems[0].message and "(got 'badg')" in problems[0].message
    assert problems == sorted(problems)


def test_load_region_returns_the_region_when_valid(tmp_path: Path) -> None:
    region = load_region(write_region(tmp_path / "region"))
    assert region.course("uni:CS101") is not None
    assert region.credential("prov:py-badge") is not None
    assert region.program("uni:cert") is not None


# --- the command line --------------------------------------------------------------------

UNREADABLE = {"missing_directory": "no-such-dir", "empty_directory": "empty"}


def _broken_root(tmp_path: Path, name: str) -> tuple[Path, str, int]:
    """(catalogue root, problem path, problem line) for a broken region by name."""
    if name in UNREADABLE:
        root = tmp_path / UNREADABLE[name]
        if name == "empty_directory":
            root.mkdir()
        return root, str(root), 1
    case = BROKEN[name]
    root = case.build(tmp_path / "region")
    return root, str(root / case.file), case.expected_line()


ALL_BROKEN = [*BROKEN, *UNREADABLE]


@pytest.mark.parametrize("name", ALL_BROKEN)
def test_lint_exits_1_and_prints_file_and_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    root, path, line = _broken_root(tmp_path, name)
    assert main(["lint", str(root)]) == 1
    out, err = capsys.readouterr()
    assert f"{path}:{line}: " in out
    assert "Traceback" not in out + err


def test_lint_exits_0_on_a_valid_region(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lint", str(write_region(tmp_path / "region"))]) == 0
    out, _ = capsys.readouterr()
    assert "0 errors" in out


@pytest.mark.parametrize("name", ALL_BROKEN)
def test_report_on_a_broken_catalogue_exits_2_with_the_located_problem(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    root, path, line = _broken_root(tmp_path, name)
    learner = tmp_path / "learner.toml"
    learner.write_text(LEARNER_TOML, encoding="utf-8")
    output = tmp_path / "out" / "report.txt"
    output.parent.mkdir()
    code = main(["report", str(learner), "--catalogs", str(root), "--output", str(output)])
    out, err = capsys.readouterr()
    assert code == 2, err
    assert re.search(rf"^{re.escape(path)}:{line}: \S", err, re.MULTILINE), err
    assert "Traceback" not in out + err
    assert not output.exists()
    assert list(output.parent.iterdir()) == []


def test_report_in_a_real_process_exits_2_without_a_traceback(tmp_path: Path) -> None:
    case = BROKEN["prerequisite_cycle"]
    root = case.build(tmp_path / "region")
    learner = tmp_path / "learner.toml"
    learner.write_text(LEARNER_TOML, encoding="utf-8")
    output = tmp_path / "report.json"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "credstack",
            "report",
            str(learner),
            "--catalogs",
            str(root),
            "--format",
            "json",
            "--output",
            str(output),
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2, done.stderr
    expected = f"{root / 'uni.toml'}:{case.expected_line()}: prerequisite cycle"
    assert expected in done.stderr
    assert "Traceback" not in done.stdout + done.stderr
    assert not output.exists()


def test_lint_in_a_real_process_exits_1(tmp_path: Path) -> None:
    case = BROKEN["unknown_key_typo"]
    root = case.build(tmp_path / "region")
    done = subprocess.run(
        [sys.executable, "-m", "credstack", "lint", str(root)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 1, done.stderr
    assert f"{root / 'uni.toml'}:{case.expected_line()}: unknown key 'titel'" in done.stdout
    assert "Traceback" not in done.stdout + done.stderr
