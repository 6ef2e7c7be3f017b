"""`credstack convert curricular-analytics`: every dialect, its quirks, and the command.

Real files (tests/data/curricular-analytics, tests/data/curricula; licences in their
READMEs) for each dialect; small files written here for the quirks the shared real data
does not happen to contain (underscore headers, the `Strict-Corequistes` typo, `(Text)`
and `CoPrerequisites` columns, an `Additional Courses` block, fractional credits), laid
out as CurricularAnalytics.jl documents them.
"""

from __future__ import annotations

import importlib.util
import json
import sys
import tomllib
from decimal import Decimal
from pathlib import Path
from types import ModuleType

import pytest

from credstack.cli import main
from credstack.convert.conversion import Conversion
from credstack.convert.curricular_analytics import convert_curricular_analytics
from credstack.convert.registry import CONVERTERS, converter
from credstack.errors import CredstackError
from credstack.model.catalogue import CatalogueFile
from tests.helpers import PROJECT

DATA = PROJECT / "tests" / "data" / "curricular-analytics"
CURRICULA = PROJECT / "tests" / "data" / "curricula"
SHIPPED = sorted(DATA.rglob("*.csv")) + sorted(CURRICULA.glob("*.csv"))
NOT_CURRICULA = {"UBCO_Course_Calendar.csv"}


def convert(*paths: Path, issuer: str | None = None) -> tuple[CatalogueFile, Conversion]:
    conversion = convert_curricular_analytics(list(paths), issuer)
    return CatalogueFile.model_validate(conversion.catalogue), conversion


def kinds(conversion: Conversion) -> dict[str, int]:
    return conversion.counts()


def located(conversion: Conversion, kind: str) -> list[str]:
    return [w.where for w in conversion.warnings if w.kind == kind]


def load_realdata_check() -> ModuleType:
    name = "credstack_benchmarks_convert_realdata"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(
        name, PROJECT / "benchmarks" / "convert_realdata.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


# --------------------------------------------------------------------------- real dialects


def test_curriculum_without_terms_with_a_byte_order_mark_and_a_misspelt_system() -> None:
    path = DATA / "nuanalytics" / "Kennesaw_State_University_CS.csv"
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    catalogue, conversion = convert(path)
    assert catalogue.issuer.id == "kennesaw-state-university"
    assert catalogue.issuer.name == "Kennesaw State University"
    assert catalogue.issuer.credit_system == "us-semester"
    assert [t.name for t in catalogue.institution.term] == ["spring", "fall"]  # type: ignore[union-attr]
    (program,) = catalogue.program
    assert program.title == "BS Computer Science" and program.award == "bachelor"
    assert program.published_plan is None
    assert len(catalogue.course) == 43
    assert program.credits == sum(c.credits for c in catalogue.course)
    courses = {c.code: c for c in catalogue.course}
    # row 1: Technical Writing (TCOM 2010) requires id 7, Composition II (ENGL 1102)
    assert courses["TCOM2010"].requires == "ENGL1102"
    assert courses["TCOM2010"].title == "TCOM 2010 Technical Writing"
    assert courses["TCOM2010"].level == 2 and courses["TCOM2010"].subject == "TCOM"
    assert located(conversion, "system-type") == [f"{path}:4"]
    assert kinds(conversion)["strict-corequisite"] == 4
    assert courses["CSE1321"].corequires == "CSE1321L"  # strict corequisite, same term


def test_quarter_system_maps_to_a_quarter_calendar() -> None:
    catalogue, conversion = convert(DATA / "nuanalytics" / "Michigan_Ann_Arbor_CS.csv")
    assert catalogue.issuer.credit_system == "us-quarter"
    institution = catalogue.institution
    assert institution is not None
    assert [(t.name, t.starts) for t in institution.ordered_terms()] == [
        ("winter", 1),
        ("spring", 3),
        ("fall", 9),
    ]
    assert "system-type" not in kinds(conversion)


def test_metric_columns_are_counted_not_read() -> None:
    path = DATA / "nuanalytics" / "BSCS_Hawaii_Manoa_w_metrics.csv"
    _, conversion = convert(path)
    assert located(conversion, "ignored-column") == [f"{path}:7"] * 4
    messages = sorted(w.message for w in conversion.warnings if w.kind == "ignored-column")
    assert messages[0] == "column 'Blocking' is not read"


def test_ucsd_ids_out_of_order_and_an_id_listed_twice() -> None:
    path = DATA / "ucsd" / "SY-CurriculumPlan-CE252015.csv"
    catalogue, _ = convert(path)
    courses = {c.code: c for c in catalogue.course}
    # id 20 (CENG 101A) requires ids 7, 15, 18, which come later or earlier in the file
    assert courses["CENG101A"].requires == "PHYS2A and MATH20D and MATH20E"
    # two rows are CENG 15: each code keeps its id
    assert courses["CENG15-2"].title == "CENG 15 1"
    assert courses["CENG15-32"].title == "CENG 15 2"
    be25 = DATA / "ucsd" / "SY-CurriculumPlan-BE25.csv"
    catalogue, conversion = convert(be25)
    assert catalogue.issuer.credit_system == "us-quarter"  # "Quarter"
    assert located(conversion, "repeated-requisite") == [f"{be25}:12"]  # PHYS 2A: 2;2
    assert {c.code: c for c in catalogue.course}["PHYS2A"].requires == "MATH20A"


def test_minimal_id_label_term_requisites_dialect() -> None:
    path = DATA / "ubco" / "Example-Curriculum.csv"
    catalogue, conversion = convert(path)
    courses = {c.code: c for c in catalogue.course}
    assert list(courses) == ["MATH100", "DATA101", "MATH101", "MATH221", "STAT230"]
    assert all(c.credits == 3 for c in catalogue.course)
    assert courses["STAT230"].requires == "MATH101 and DATA101"
    (program,) = catalogue.program
    assert program.published_plan == [["MATH100", "DATA101"], ["MATH101", "MATH221"], ["STAT230"]]
    assert located(conversion, "assumed-credits") == [f"{path}:1"]
    assert located(conversion, "assumed-system") == [f"{path}:1"]
    # MATH 221 (term 2) requires MATH 101, also in term 2: reported, kept as published
    assert located(conversion, "plan-order") == [f"{path}:5"]
    assert courses["MATH221"].requires == "MATH101"


def test_a_published_plan_breaking_its_order_is_reported_line_by_line() -> None:
    path = DATA / "ubco" / "DS-Minor-Min.csv"
    _, conversion = convert(path)
    assert located(conversion, "plan-order") == [
        f"{path}:{line}" for line in (3, 3, 5, 5, 9, 12, 13)
    ]


def test_a_course_calendar_is_refused_with_its_reason() -> None:
    path = DATA / "ubco" / "UBCO_Course_Calendar.csv"
    with pytest.raises(CredstackError) as error:
        convert(path)
    problem = error.value.problems[0]
    assert (problem.path, problem.line) == (str(path), 1)
    assert "course calendar" in problem.message


def test_degree_plan_keeps_the_published_plan() -> None:
    path = CURRICULA / "Tier1-Stanford_University.csv"
    catalogue, _ = convert(path)
    (program,) = catalogue.program
    assert program.published_plan is not None and len(program.published_plan) == 12
    planned = sorted(code for term in program.published_plan for code in term)
    assert planned == sorted(c.code for c in catalogue.course)


# --------------------------------------------------------------------------- quirks

QUIRKS = """\ufeffCurriculum,Underwater Basket Weaving,,,,,,,,,,,
Degree Plan,4-term plan,,,,,,,,,,,
Institution,ACME State University,,,,,,,,,,,
Degree Type,BS,,,,,,,,,,,
System Type,Quater,,,,,,,,,,,
CIP,445786,,,,,,,,,,,
Courses,,,,,,,,,,,,
Course_ID,Course_Name,Prefix,Number,Prerequisites,Corequisites,Strict-Corequistes,\
CoPrerequisites,Prerequisites (Text),Credit_Hours,Institution,Canonical Name,Term
1,Introduction to Baskets,BW,101,,,,,,3,,,1
2,Swimming,PE,115,,,,,,1.5,,,1
3,Basic Basket Forms,BW,111,"1,2",,4,,,3,,,2
4,Basic Basket Forms Lab,BW,111L,,,,,,0.75,,,2
5,Advanced Basketry,BW,300,3,,,1,BW 111 with a C or better,3,,,3
Additional Courses,,,,,,,,,,,,
Course_ID,Course_Name,Prefix,Number,Prerequisites,Corequisites,Strict-Corequistes,\
CoPrerequisites,Prerequisites (Text),Credit_Hours,Institution,Canonical Name,Term
6,Remedial Weaving,BW,50,,,,,,2,,,4
"""


def write(tmp_path: Path, text: str, name: str = "plan.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_underscore_headers_typo_text_coprerequisites_fractions_additional(
    tmp_path: Path,
) -> None:
    path = write(tmp_path, QUIRKS)
    catalogue, conversion = convert(path)
    courses = {c.code: c for c in catalogue.course}
    assert list(courses) == ["BW101", "PE115", "BW111", "BW111L", "BW300", "BW50"]
    assert courses["PE115"].credits == Decimal("1.5")
    assert courses["BW111L"].credits == Decimal("0.75")
    assert courses["BW111"].requires == "BW101 and PE115"  # quoted, comma separated
    assert courses["BW111"].corequires == "BW111L"  # Strict-Corequistes
    assert courses["BW300"].corequires == "BW101"  # CoPrerequisites
    assert catalogue.issuer.credit_system == "us-quarter"  # "Quater"
    assert located(conversion, "system-type") == [f"{path}:5"]
    assert located(conversion, "free-text-requisite") == [f"{path}:13"]
    assert located(conversion, "strict-corequisite") == [f"{path}:11"]
    (program,) = catalogue.program
    # the additional course is planned but not required by the curriculum
    assert program.requirement[0].courses == ["BW101", "PE115", "BW111", "BW111L", "BW300"]
    assert program.credits == Decimal("11.25")
    assert program.published_plan == [["BW101", "PE115"], ["BW111", "BW111L"], ["BW300"], ["BW50"]]
    assert program.title == "BS Underwater Basket Weaving"


PROBLEMS = """Curriculum,Problems,,,,,,,,,
Institution,Somewhere,,,,,,,,,
Degree Type,AS,,,,,,,,,
System Type,semester,,,,,,,,,
Courses,,,,,,,,,,
Course ID,Course Name,Prefix,Number,Prerequisites,Corequisites,Strict-Corequisites,\
Credit Hours,Institution,Canonical Name,Term
1,Alpha,AA,101,3,,,3,,,1
2,Beta,AA,102,1;9,,,3,,,2
3,Gamma,AA,201,2,,,3,,,3
2,Beta again,AA,103,,,,3,,,3
4,Delta,AA,202,4,,,3,,,3
"""


def test_problems_in_the_published_data_are_located_warnings(tmp_path: Path) -> None:
    path = write(tmp_path, PROBLEMS)
    catalogue, conversion = convert(path)
    assert catalogue.program[0].award == "associate"
    courses = {c.code: c for c in catalogue.course}
    assert list(courses) == ["AA101", "AA102", "AA201", "AA202"]
    assert located(conversion, "unknown-course") == [f"{path}:8"]  # id 9
    assert located(conversion, "duplicate-id") == [f"{path}:10"]
    assert located(conversion, "self-requisite") == [f"{path}:11"]
    # 1 -> 3 -> 2 -> 1: the prerequisite the published plan breaks (Alpha, term 1, needs
    # Gamma, term 3) is the one left out, and said so at Alpha's line
    assert located(conversion, "prerequisite-cycle") == [f"{path}:7"]
    (cycle,) = [w for w in conversion.warnings if w.kind == "prerequisite-cycle"]
    assert "AA101 -> AA201 -> AA102 -> AA101" in cycle.message
    assert courses["AA101"].requires == ""
    assert courses["AA102"].requires == "AA101" and courses["AA201"].requires == "AA102"


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("Course ID,Course Name,Credit Hours\n1,A,three\n", 2, "Credit Hours 'three'"),
        ("Course ID,Course Name,Credit Hours\n1,A,\n", 2, "no Credit Hours"),
        ("Course ID,Course Name,Credit Hours,Term\n1,A,3,x\n", 2, "Term 'x'"),
        ("Course ID,Course Name,Credit Hours\n1,A,-3\n", 2, "out of range"),
        ("Curriculum,X\nnot,a,header\n", 1, "no 'Course ID' header row"),
        ("Course Name,Credit Hours\n", 1, "no 'Course ID' header row"),
        (
            "Course ID,Course Name,Credit Hours\n1,A,3\nAdditional Courses\n2,B,3\n",
            4,
            "'Additional Courses' needs its own header row",
        ),
        ("", 1, "the file is empty"),
    ],
)
def test_malformed_input_is_one_located_error(
    tmp_path: Path, text: str, line: int, message: str
) -> None:
    path = write(tmp_path, text)
    with pytest.raises(CredstackError) as error:
        convert(path)
    problem = error.value.problems[0]
    assert (problem.path, problem.line) == (str(path), line)
    assert message in problem.message


@pytest.mark.parametrize(
    ("system", "calendar", "warned"),
    [
        ("semester", "us-semester", False),
        ("Quarter", "us-quarter", False),
        ("semster", "us-semester", True),
        ("quater", "us-quarter", True),
        ("", "us-semester", True),
        ("trimester", "us-semester", True),
    ],
)
def test_system_type_spellings(tmp_path: Path, system: str, calendar: str, warned: bool) -> None:
    path = write(tmp_path, f"System Type,{system}\nCourse ID,Course Name,Credit Hours\n1,A 101,3\n")
    catalogue, conversion = convert(path)
    assert catalogue.issuer.credit_system == calendar
    assert bool(located(conversion, "system-type")) == warned


# --------------------------------------------------------------------------- the command


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_convert_writes_a_catalogue_lint_accepts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = DATA / "nuanalytics" / "Kennesaw_State_University_CS.csv"
    target = tmp_path / "catalogs" / "kennesaw.toml"
    target.parent.mkdir()
    code, out, err = run(
        ["convert", "curricular-analytics", str(source), "-o", str(target)], capsys
    )
    assert code == 0 and out == ""
    lines = err.splitlines()
    assert f"{source}:4: warning: System Type 'semster' read as semester [system-type]" in lines
    assert "warnings: 4 strict-corequisite, 1 assumed-country, 1 system-type" in lines
    assert lines[-1] == f"{target}: 43 courses, 1 program, 6 warnings"
    assert run(["lint", str(target.parent)], capsys)[0] == 0


def test_convert_is_deterministic_and_stdout_has_the_same_bytes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = str(CURRICULA / "Tier1-Stanford_University.csv")
    first, second = tmp_path / "a.toml", tmp_path / "b.toml"
    assert run(["convert", "curricular-analytics", source, "-o", str(first)], capsys)[0] == 0
    assert run(["convert", "curricular-analytics", source, "-o", str(second)], capsys)[0] == 0
    assert first.read_bytes() == second.read_bytes()
    code, out, _ = run(["convert", "curricular-analytics", source, "-o", "-"], capsys)
    assert code == 0 and out.encode("utf-8") == first.read_bytes()


def test_malformed_input_exits_2_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = write(tmp_path, "Course ID,Course Name,Credit Hours\n1,A,three\n")
    target = tmp_path / "out.toml"
    code, out, err = run(
        ["convert", "curricular-analytics", str(source), "-o", str(target)], capsys
    )
    assert code == 2 and out == "" and not target.exists()
    assert err == f"{source}:2: Credit Hours 'three' is not a number\n"


def test_convert_refuses_to_write_over_its_input(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = write(tmp_path, "Course ID,Course Name,Credit Hours\n1,A,3\n")
    before = source.read_bytes()
    code, _, err = run(["convert", "curricular-analytics", str(source), "-o", str(source)], capsys)
    assert code == 2 and "refusing to write over an input file" in err
    assert source.read_bytes() == before


def test_unknown_format_and_bad_issuer_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = write(tmp_path, "Course ID,Course Name,Credit Hours\n1,A,3\n")
    code, _, err = run(["convert", "nope", str(source), "-o", "-"], capsys)
    assert code == 2 and "invalid choice: 'nope'" in err
    code, _, err = run(
        ["convert", "curricular-analytics", str(source), "-o", "-", "--issuer", "Bad Id"], capsys
    )
    assert code == 2 and err.startswith("--issuer:1: 'Bad Id' is not an issuer id")


def test_issuer_option_names_the_issuer(tmp_path: Path) -> None:
    catalogue, _ = convert(DATA / "ubco" / "Example-Curriculum.csv", issuer="ubco")
    assert catalogue.issuer.id == "ubco"


def test_several_files_are_one_institution_with_a_program_each() -> None:
    catalogue, conversion = convert(
        DATA / "ucsd" / "SY-CurriculumPlan-BE25.csv",
        DATA / "ucsd" / "SY-CurriculumPlan-CE252015.csv",
    )
    assert [p.id for p in catalogue.program] == [
        "sy-curriculumplan-be25",
        "sy-curriculumplan-ce252015",
    ]
    codes = [c.code for c in catalogue.course]
    assert len(codes) == len(set(codes))
    assert "MATH20A" in catalogue.program[1].requirement[0].courses  # shared, read once
    assert "conflicting-course" in kinds(conversion)  # e.g. CHEM 6B's prerequisites differ


def test_every_format_in_the_registry_resolves() -> None:
    for name in CONVERTERS:
        assert callable(converter(name))


@pytest.mark.parametrize(
    "path", [p for p in SHIPPED if p.name not in NOT_CURRICULA], ids=lambda p: p.stem
)
def test_every_shipped_file_converts_and_plans_within_its_published_terms(
    path: Path, tmp_path: Path
) -> None:
    outcome = load_realdata_check().check_file(path, tmp_path)
    assert outcome.converted and outcome.planned, outcome.reason
    if outcome.published is not None and not outcome.plan_order_broken:
        assert outcome.terms <= outcome.published


def test_shipped_example_is_the_conversion_of_its_published_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """examples/catalogs/lamar.toml is what the README's command writes, and lints clean."""
    example = PROJECT / "examples" / "catalogs" / "lamar.toml"
    fresh = tmp_path / "lamar.toml"
    source = CURRICULA / "Tier3-Lamar_University.csv"
    argv = ["convert", "curricular-analytics", str(source), "-o", str(fresh), "--issuer", "lamar"]
    assert run(argv, capsys)[0] == 0
    assert fresh.read_bytes() == example.read_bytes()
    code, out, _ = run(["lint", str(example.parent)], capsys)
    assert code == 0 and "0 errors, 0 warnings" in out


def test_shipped_example_learner_is_planned_on_the_converted_catalogue(
    capsys: pytest.CaptureFixture[str],
) -> None:
    learner = PROJECT / "examples" / "real-data" / "lamar-first-year.toml"
    catalogs = PROJECT / "examples" / "catalogs"
    argv = ["report", str(learner), "--catalogs", str(catalogs), "--format", "json", "--no-cache"]
    code, out, _ = run(argv, capsys)
    assert code == 0
    (result,) = json.loads(out)["results"]
    assert result["program"] == "lamar:tier3-lamar-university"
    assert result["confirmed"]["applied"] == 15
    # one published term is held: the other 7 take 7 terms at the published load
    assert result["confirmed"]["terms"] == 7 and result["unschedulable"] == []


def test_ids_differing_in_case_get_distinct_codes_and_missing_credits_are_warned(
    tmp_path: Path,
) -> None:
    path = write(tmp_path, "Course ID,Course Name\na1,Free Elective\nA1,Free Elective\n")
    catalogue, conversion = convert(path)
    assert [c.code for c in catalogue.course] == ["CA1", "CA1-2"]
    assert all(c.credits == 3 for c in catalogue.course)
    assert located(conversion, "assumed-credits") == [f"{path}:1"]


def test_published_plan_naming_an_unknown_course_is_a_load_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    catalogs = tmp_path / "catalogs"
    catalogs.mkdir()
    example = (PROJECT / "examples" / "catalogs" / "lamar.toml").read_text(encoding="utf-8")
    broken = example.replace(
        '        "MATH2413",\n        "ELEN1100",\n', '        "MATH2431",\n', 1
    )
    assert broken != example
    (catalogs / "lamar.toml").write_text(broken, encoding="utf-8")
    code, out, _ = run(["lint", str(catalogs)], capsys)
    line = broken.splitlines().index("published_plan = [") + 1
    assert code == 1
    assert (
        f"{catalogs / 'lamar.toml'}:{line}: published_plan names course 'MATH2431': no such "
        "course in 'lamar' (did you mean"
    ) in out
    assert "'MATH2413'" in out


def test_hostile_text_in_a_curriculum_is_shown_not_obeyed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = write(
        tmp_path,
        'Course ID,Course Name,Prerequisites,Credit Hours\n1,"Evil\x1b]0;pwned\x07",9,3\n',
    )
    target = tmp_path / "out.toml"
    code, _, err = run(["convert", "curricular-analytics", str(source), "-o", str(target)], capsys)
    assert code == 0
    assert "\x1b" not in err and "\x07" not in err and "Evil␛]0;pwned␇" in err
    catalogue = CatalogueFile.model_validate(tomllib.loads(target.read_text(encoding="utf-8")))
    assert catalogue.course[0].title == "Evil\x1b]0;pwned\x07"  # data kept, escaped in TOML


def test_a_device_or_a_folder_is_not_read(tmp_path: Path) -> None:
    for path in (Path("/dev/zero"), tmp_path):
        with pytest.raises(CredstackError) as error:
            convert(path)
        assert error.value.problems[0].line == 1
