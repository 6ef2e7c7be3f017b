"""The human and registrar formats: text, markdown, HTML and CSV (and the registry).

Each format renders every acceptance scenario, shows only what the engine computed (the
CSV numbers equal the JSON's), and shows catalogue text literally: rich markup, HTML,
markdown pipes and spreadsheet formulas in a catalogue never become markup or code.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from rich.cells import cell_len

from credstack.engine.evaluate import build_report
from credstack.engine.results import Petition, Report
from credstack.report import format as fmt
from credstack.report.csv_report import columns, render_csv
from credstack.report.json_report import report_json
from credstack.report.markdown import md
from credstack.report.render import (
    render,
    render_html,
    render_markdown,
    render_text,
    renderers,
)
from credstack.store.catalogue_loader import load_region
from credstack.store.learner_store import load_learner

SCENARIOS = Path(__file__).resolve().parents[1] / "data" / "scenarios"
SCENARIO_DIRS = sorted(p for p in SCENARIOS.iterdir() if (p / "learner.toml").exists())
FORMATS = ["text", "markdown", "json", "html", "csv"]
ANSI = re.compile(r"\x1b\[[0-9;]*m|\x1b\]8;[^\x1b]*\x1b\\")


def load(folder: Path, catalogs: str = "catalogs") -> Report:
    region = load_region(folder / catalogs)
    learner = load_learner(folder / "learner.toml", region).learner
    return build_report(region, learner, list(learner.learner.goals))


@pytest.fixture(scope="module", params=SCENARIO_DIRS, ids=lambda p: p.name)
def scenario(request: pytest.FixtureRequest) -> Report:
    return load(request.param)


@pytest.fixture(scope="module")
def all_scenarios() -> Report:
    """Every scenario's results in one report (several programs, several institutions)."""
    reports = [load(folder) for folder in SCENARIO_DIRS]
    results = tuple(r for report in reports for r in report.results)
    return Report(reports[0].learner, reports[0].as_of, results)


# A catalogue whose every string tries to be markup somewhere, and that exercises the
# rarer parts of a report: RPL, block credit, a waiver, an unschedulable course,
# electives with a subject filter, agreement notes, refusals and a currency warning.
TITLE = "=1+1 [bold]Hack[/bold] [link=x]y | <b>z</b> *em*"
INSTITUTION = "A&B <script>alert(1)</script> :smile:"
REQ_TITLE = "Core | [red]pipes[/red] <i>"
NOTE = "[link=https://evil]click[/link] | **x** &amp;"
LEARNER = "Lee [i]L[/i] | <u>"
PRIOR = "Dev job [b]x[/b] | y"

HOSTILE_UNI = f"""\
format = 1

[issuer]
id = "uni"
name = {json.dumps(INSTITUTION)}
kind = "university"
country = "US"
credit_system = "us-semester"

[institution]
tuition_per_credit = 400.0
fees_per_term = 150.5
residency_credits = 6
max_rpl_credits = 6

[[institution.term]]
name = "spring"
starts = 1

[[institution.term]]
name = "summer"
starts = 6

[[institution.term]]
name = "fall"
starts = 9

[[course]]
code = "CS101"
title = "[bold]Hack[/bold] [link=x]"
credits = 3

[[course]]
code = "CS102"
title = "Programming"
credits = 3
requires = "CS101"

[[course]]
code = "MATH110"
title = "College Algebra"
credits = 3

[[course]]
code = "BUS301"
title = "Strategy"
credits = 3
level = 3
offered = ["summer"]

[[program]]
id = "cert"
title = {json.dumps(TITLE)}
award = "certificate"
credits = 24

[[program.requirement]]
id = "core"
title = {json.dumps(REQ_TITLE)}
courses = ["CS101", "CS102"]

[[program.requirement]]
id = "maths"
title = "Maths"
choose = 1
courses = ["MATH110"]

[[program.requirement]]
id = "biz"
title = "Business electives"
credits = 6
subjects = ["BUS", "MGT"]
min_level = 3

[[program.requirement]]
id = "strat"
title = "Strategy"
courses = ["BUS301"]

[[articulation]]
id = "prov-badge"
from = ["prov:py-badge"]
grants = ["CS101"]
min_grade = "C"
agreement = {json.dumps(NOTE)}

[[articulation]]
id = "prov-block"
from = ["prov:mgmt"]
grant_credits = 4
subject = "MGT"
level = 3

[[rpl]]
id = "work-dev"
title = "Workplace development"
kinds = ["workplace"]
min_hours = 100
grants = ["CS102"]
assessment_fee = 200
"""

HOSTILE_PROV = """\
format = 1

[issuer]
id = "prov"
name = "Provider Academy"
kind = "provider"
country = "US"
currency = "EUR"

[[credential]]
id = "py-badge"
title = "Python Badge"
type = "badge"
price = 100

[[credential]]
id = "mgmt"
title = "Management"
type = "badge"

[[credential]]
id = "old"
title = "Old"
type = "badge"
"""

HOSTILE_LEARNER = f"""\
format = 1

[learner]
name = {json.dumps(LEARNER)}
as_of = 2026-11-28
start = "2027 spring"
attend = ["spring", "fall"]
goals = ["uni:cert"]

[[held]]
ref = "prov:py-badge"
earned = 2024-01-01
grade = "B"

[[held]]
ref = "prov:mgmt"
earned = 2024-01-01

[[held]]
ref = "prov:old"
earned = 2024-01-01

[[held]]
ref = "uni:MATH110"
earned = 2023-05-01
grade = "A"

[[prior]]
title = {json.dumps(PRIOR)}
kind = "workplace"
hours = 500

[[exception]]
kind = "waive"
program = "uni:cert"
requirement = "maths"
reason = "Reviewed"
"""


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Report:
    root = tmp_path_factory.mktemp("hostile")
    (root / "catalogs").mkdir()
    (root / "catalogs" / "uni.toml").write_text(HOSTILE_UNI, encoding="utf-8")
    (root / "catalogs" / "prov.toml").write_text(HOSTILE_PROV, encoding="utf-8")
    (root / "learner.toml").write_text(HOSTILE_LEARNER, encoding="utf-8")
    report = load(root)
    result = report.results[0]
    petition = Petition(item="other:[b]P[/b] | <p>", course="CS102", chain=("x:r1", "y:r2"))
    recognition = dataclasses.replace(result.recognition, petitions=(petition,))
    return dataclasses.replace(
        report, results=(dataclasses.replace(result, recognition=recognition),)
    )


# --- the registry -----------------------------------------------------------------------


def test_every_format_is_registered() -> None:
    assert set(renderers()) == set(FORMATS)


def test_unknown_format_is_a_lookup_error(scenario: Report) -> None:
    with pytest.raises(LookupError):
        render(scenario, "pdf")


@pytest.mark.parametrize("name", FORMATS)
@pytest.mark.parametrize("compare", [False, True])
def test_each_format_renders_each_scenario(scenario: Report, name: str, compare: bool) -> None:
    out = render(scenario, name, compare=compare)
    assert out.endswith("\n")
    for result in scenario.results:
        assert result.program in out


def test_json_is_unchanged_by_compare(all_scenarios: Report) -> None:
    assert render(all_scenarios, "json", compare=True) == render(all_scenarios, "json")
    assert json.loads(render(all_scenarios, "json"))["format"] == 1


def test_an_empty_report_renders(all_scenarios: Report) -> None:
    empty = Report(all_scenarios.learner, all_scenarios.as_of, ())
    for name in FORMATS:
        for compare in (False, True):
            assert render(empty, name, compare=compare)


# --- shared wording -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "label"),
    [
        ("ELECTIVE:BUS/MGT:3:3", "Elective (BUS/MGT, level 3+), 3 cr"),
        ("ELECTIVE:*:*:3", "Elective (any subject), 3 cr"),
        ("ELECTIVE:*:2:1.5", "Elective (any subject, level 2+), 1.5 cr"),
        ("ELECTIVE:CS:*:3", "Elective (CS), 3 cr"),
        ("BUS101", "BUS101"),
    ],
)
def test_elective_slots_read_as_words(code: str, label: str) -> None:
    assert fmt.course_label(code) == label


def test_money_and_credits_are_rounded_for_display() -> None:
    from decimal import Decimal

    assert fmt.money(Decimal("47400"), "USD") == "USD 47,400.00"
    assert fmt.money(Decimal("95.005"), "EUR") == "EUR 95.01"
    assert fmt.credits(Decimal("7.5")) == "7.5"
    assert fmt.credits(Decimal("3.000")) == "3"


# --- text ---------------------------------------------------------------------------------


def _check_width(out: str) -> None:
    for line in out.splitlines():
        assert cell_len(line) <= 80, line


def test_text_fits_80_columns_without_colour(scenario: Report, all_scenarios: Report) -> None:
    for report in (scenario, all_scenarios):
        for compare in (False, True):
            out = render_text(report, compare=compare)
            _check_width(out)
            assert "\x1b" not in out


def test_text_colour_only_when_asked(scenario: Report) -> None:
    coloured = render_text(scenario, color=True)
    assert "\x1b[" in coloured
    assert ANSI.sub("", coloured).split() == render_text(scenario).split()


def test_text_shows_the_whole_story(hostile: Report) -> None:
    out = render_text(hostile)
    _check_width(out)
    words = " ".join(out.replace("\u2502", " ").split())  # lines folded at 80 columns
    for needle in [
        "Confirmed",
        "Potential (with prior learning)",
        "(lower bound 1)",
        "Cost per credit",
        "Savings vs starting",
        "External credit",
        "RPL credit",
        "BLOCK:prov-block",
        "articulation rule prov-block",
        "from prov:mgmt",
        "waived",
        "RPL route work-dev",
        "assessment fee USD 200.00",
        "prov:old",
        "Elective (BUS/MGT, level 3+), 2 cr",
        "Cannot be scheduled",
        "BUS301",
        "x:r1 \u2192 y:r2",
        "left out of cost per credit",
    ]:
        assert needle in words, needle


def test_recency_scenario_text() -> None:
    out = render_text(load(SCENARIOS / "recency-and-grades"))
    assert "grade D is below the minimum C" in out
    assert "older than 10 years (recency_years)" in out
    assert "USD 95.00" in out  # cost per credit, as the engine computed it
    assert "2027 spring" in out
    assert "1 (proven minimum)" in out


@pytest.mark.parametrize("color", [False, True])
def test_text_never_reads_catalogue_text_as_markup(hostile: Report, color: bool) -> None:
    out = render_text(hostile, color=color)
    assert "\x1b]8;" not in out  # no hyperlink escape: [link=...] stayed text
    plain = ANSI.sub("", out)
    for literal in [TITLE, INSTITUTION, REQ_TITLE, NOTE, LEARNER, PRIOR, "other:[b]P[/b] | <p>"]:
        assert literal in plain, literal


def test_text_compare_keeps_the_given_order(all_scenarios: Report) -> None:
    reordered = Report(
        all_scenarios.learner, all_scenarios.as_of, tuple(reversed(all_scenarios.results))
    )
    for report in (all_scenarios, reordered):
        out = render_text(report, compare=True)
        _check_width(out)
        positions = [out.index(r.program) for r in report.results]
        assert positions == sorted(positions)
        assert fmt.BAR in out


# --- markdown -------------------------------------------------------------------------------


UNESCAPED_PIPE = re.compile(r"(?<!\\)\|")


def _check_tables(out: str) -> None:
    """Every row of a table has as many cells as its header."""
    width = None
    for line in out.splitlines():
        if not line.startswith("|"):
            width = None
            continue
        cells = len(UNESCAPED_PIPE.findall(line))
        if width is None:
            width = cells
        assert cells == width, line


def test_markdown_sections(hostile: Report, scenario: Report) -> None:
    out = render_markdown(hostile)
    _check_tables(out)
    for needle in [
        "# Advising report for",
        "### Summary",
        "### Requirements (confirmed)",
        "### What was not recognised, and why",
        "### Term plan (confirmed)",
        "| Term | Courses |",
        "### Worth a petition",
        "### Warnings",
        "Elective (BUS/MGT, level 3+), 2 cr",
        "### Prior learning that may count",
    ]:
        assert needle in out, needle
    _check_tables(render_markdown(scenario))


def test_markdown_escapes_catalogue_text(hostile: Report) -> None:
    out = render_markdown(hostile) + render_markdown(hostile, compare=True)
    _check_tables(out)
    assert "<script>" not in out and "<b>" not in out and "<i>" not in out
    assert not re.search(r"(?<!\\)[\[\]]", out)  # every bracket is escaped
    assert md(TITLE) in out and md(REQ_TITLE) in out and md(NOTE) in out
    assert "\\[bold\\]Hack\\[/bold\\]" in out
    assert "\\<script\\>" in out
    assert "\\*\\*x\\*\\*" in out
    assert "\\&amp;" in out  # an entity in data shows as typed


@pytest.mark.parametrize(
    ("raw", "escaped"),
    [
        ("a | b", "a \\| b"),
        ("valid_years", "valid_years"),
        ("_x_", "\\_x\\_"),
        ("1. first", "1\\. first"),
        ("- item", "\\- item"),
        ("C# and #tag", "C# and \\#tag"),
        ("two\nlines", "two lines"),
        ("back\\slash", "back\\\\slash"),
    ],
)
def test_markdown_escape(raw: str, escaped: str) -> None:
    assert md(raw) == escaped


def test_markdown_compare(all_scenarios: Report) -> None:
    out = render_markdown(all_scenarios, compare=True)
    _check_tables(out)
    rows = [line for line in out.splitlines() if line.startswith("| **")]
    assert len(rows) == len(all_scenarios.results)
    for row, result in zip(rows, all_scenarios.results, strict=True):
        assert result.program in row


# --- HTML -----------------------------------------------------------------------------------


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.styles: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        (self.styles if self._in_style else self.text).append(data)


ALLOWED_TAGS = {
    "html",
    "head",
    "meta",
    "title",
    "style",
    "body",
    "header",
    "main",
    "footer",
    "section",
    "h1",
    "h2",
    "h3",
    "h4",
    "p",
    "time",
    "table",
    "caption",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "ol",
    "ul",
    "li",
    "dl",
    "dt",
    "dd",
    "strong",
    "small",
    "span",
    "br",
    # the pictures (report/html_figures.py): inline SVG, drawn shapes and text only
    "svg",
    "desc",
    "g",
    "rect",
    "line",
    "text",
}


def _parse(out: str) -> _Collector:
    parser = _Collector()
    parser.feed(out)
    parser.close()
    return parser


def test_html_is_self_contained(scenario: Report, all_scenarios: Report, hostile: Report) -> None:
    for report in (scenario, all_scenarios, hostile):
        for compare in (False, True):
            out = render_html(report, compare=compare)
            assert out.startswith("<!DOCTYPE html>")
            parsed = _parse(out)
            for tag, attrs in parsed.tags:
                assert tag in ALLOWED_TAGS, tag
                assert not {"href", "src", "srcset", "action", "data"} & set(attrs), tag
                assert not any(a.startswith("on") for a in attrs), attrs
            css = "".join(parsed.styles)
            assert "@media print" in css
            assert "url(" not in css and "@import" not in css
            assert "http" not in css


def test_html_escapes_catalogue_text(hostile: Report) -> None:
    out = render_html(hostile) + render_html(hostile, compare=True)
    assert "<script>" not in out and "<b>z</b>" not in out
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in out
    text = "".join(_parse(render_html(hostile)).text)
    for literal in [TITLE, INSTITUTION, REQ_TITLE, NOTE, LEARNER, PRIOR]:
        assert literal in text, literal


def test_html_semantics(hostile: Report) -> None:
    parsed = _parse(render_html(hostile))
    tags = [t for t, _ in parsed.tags]
    assert {"table", "thead", "tbody", "section", "h2"} <= set(tags)
    assert "<caption>" in render_html(hostile, compare=True)
    scopes = {attrs.get("scope") for t, attrs in parsed.tags if t == "th"}
    assert {"col", "row"} <= scopes
    text = "".join(parsed.text)
    for needle in [
        "Term plan (confirmed)",
        "What was not recognised",
        "Worth a petition",
        "Elective (BUS/MGT, level 3+), 2 cr",
        "Warnings",
    ]:
        assert needle in text, needle


def test_html_compare_order(all_scenarios: Report) -> None:
    out = render_html(all_scenarios, compare=True)
    positions = [out.index(f"</strong> ({r.program})") for r in all_scenarios.results]
    assert positions == sorted(positions)
    assert f'<span class="tone-info" aria-hidden="true">{fmt.BAR}' in out


# --- CSV ------------------------------------------------------------------------------------


def _rows(out: str) -> list[dict[str, str]]:
    reader = csv.DictReader(io.StringIO(out, newline=""))
    assert reader.fieldnames == columns()
    return list(reader)


def _same(cell: str, value: object) -> bool:
    if value is None:
        return cell == ""
    if isinstance(value, bool):
        return cell == ("true" if value else "false")
    if isinstance(value, int | float):
        return float(cell) == float(value)
    return cell == value


def test_csv_numbers_match_the_json(all_scenarios: Report, hostile: Report) -> None:
    for report in (all_scenarios, hostile):
        data = report_json(report)
        rows = _rows(render_csv(report))
        assert len(rows) == len(data["results"])
        for row, result in zip(rows, data["results"], strict=True):
            for key in (
                "program",
                "award",
                "credits",
                "currency",
                "cost_per_credit",
                "savings",
                "paid_for_held",
            ):
                assert _same(row[key], result[key]), key
            assert _same(row["from_scratch_terms"], result["from_scratch"]["terms"])
            assert _same(row["from_scratch_cost"], result["from_scratch"]["cost"])
            for view in ("confirmed", "potential"):
                for key, value in result[view].items():
                    assert _same(row[f"{view}_{key}"], value), (view, key)
            assert row["learner"] == data["learner"] and row["as_of"] == data["as_of"]


def test_csv_compare_keeps_order_and_layout(all_scenarios: Report) -> None:
    rows = _rows(render_csv(all_scenarios, compare=True))
    assert [r["program"] for r in rows] == [r.program for r in all_scenarios.results]


def test_csv_keeps_text_literal_but_defuses_formulas(hostile: Report) -> None:
    row = _rows(render_csv(hostile))[0]
    assert row["title"] == "'" + TITLE  # a spreadsheet would run "=1+1 ..."
    assert row["institution"] == INSTITUTION
    assert row["learner"] == LEARNER
    assert "maths=waived" in row["requirements"]
    assert row["unschedulable"] == "BUS301"
    assert row["not_recognised"] == "prov:old"


def test_csv_documented() -> None:
    doc = (Path(__file__).resolve().parents[2] / "docs" / "report-formats.md").read_text(
        encoding="utf-8"
    )
    for name in columns():
        assert f"`{name}`" in doc, name
