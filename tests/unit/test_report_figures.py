"""The HTML report's pictures (progress bars, the term timeline) and the day's notes.

The SVG is checked as XML (xml.etree): well-formed, hostile catalogue text escaped, bar
widths in proportion to the credits applied, one box per planned term. The notes are
the same in every human format, in the JSON, and in the takeaway the TUI writes.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from decimal import Decimal
from pathlib import Path

import pytest

from credstack.cli import main
from credstack.commands.tui import prepare_session
from credstack.engine.advice import advise
from credstack.engine.evaluate import build_report
from credstack.engine.results import Report
from credstack.errors import CredstackError
from credstack.report import audit, plan
from credstack.report.build import UNSAVED, build_document
from credstack.report.document import Bar, Document, Progress, Section, Slot, Timeline
from credstack.report.html import to_html
from credstack.report.html_figures import TRACK, progress_svg, timeline_svg
from credstack.report.render import render
from credstack.session import Session
from credstack.store.catalogue_loader import load_region
from credstack.store.learner_store import load_learner
from credstack.store.shipped import shipped_catalogues, shipped_learners

SVG = "{http://www.w3.org/2000/svg}"
EXAMPLES = sorted(shipped_learners().glob("*.toml"))
HOSTILE = "</svg><script>alert(1)</script> & \"q\" 'a' <b>x</b> \x1b]0;pwned\x07 \u202eevil"


@pytest.fixture(scope="module")
def region():  # type: ignore[no-untyped-def]
    return load_region(shipped_catalogues())


def report_of(region, path: Path) -> Report:  # type: ignore[no-untyped-def]
    learner = load_learner(path, region).learner
    report = build_report(region, learner)
    return advise(region, learner, report, folder=path.parent, careers=False)


def svgs(html: str) -> list[ET.Element]:
    """Every inline SVG of a page, parsed as XML (raises if one is not well-formed)."""
    return [ET.fromstring(found) for found in re.findall(r"<svg\b.*?</svg>", html, re.S)]


def classes(element: ET.Element) -> set[str]:
    return set(element.get("class", "").split())


# --- the pictures ------------------------------------------------------------------------


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_every_example_reports_svg_is_well_formed_and_accessible(region, path: Path) -> None:  # type: ignore[no-untyped-def]
    report = report_of(region, path)
    pictures = svgs(render(report, "html"))
    # a progress picture per goal, a timeline per plan with terms
    planned = sum(
        1
        for result in report.results
        for outcome in {result.confirmed.plan, result.potential.plan}
        if outcome.terms
    )
    kinds = [classes(svg) for svg in pictures]
    assert sum("progress" in k for k in kinds) == len(report.results)
    assert 0 < sum("timeline" in k for k in kinds) <= planned
    for svg in pictures:
        assert svg.get("role") == "img"
        assert svg.get("aria-label")
        assert svg.find(f"{SVG}title") is not None and svg.find(f"{SVG}desc") is not None
        assert svg.get("viewBox", "").startswith("0 0 ")
        tags = {element.tag.removeprefix(SVG) for element in svg.iter()}
        assert tags <= {"svg", "title", "desc", "g", "rect", "line", "text"}, tags
        for element in svg.iter():  # nothing to fetch, nothing to run
            assert not {"href", "src", "style"} & {k.split("}")[-1] for k in element.attrib}
            assert not any(k.startswith("on") for k in element.attrib)


def test_hostile_text_in_a_picture_is_text_never_markup() -> None:
    bar = Bar(HOSTILE, Decimal(3), Decimal(6), "3 of 6 cr", "warn")
    slot = Slot(HOSTILE, "3 cr", (HOSTILE,))
    lines = progress_svg(Progress(HOSTILE, (bar,))) + timeline_svg(Timeline(HOSTILE, (slot,)))
    drawn = "\n".join(lines)
    assert "<script" not in drawn and "<b>" not in drawn and "\x1b" not in drawn
    for svg in svgs(drawn):
        assert not [e for e in svg.iter() if "script" in e.tag or e.tag.endswith("b")]
        texts = [e.text or "" for e in svg.iter() if e.tag in (f"{SVG}text", f"{SVG}title")]
        shown = "".join(texts)
        assert "</svg><script>alert(1)</script>" in shown  # as the catalogue wrote it
        assert "\u241b]0;pwned\u2407" in shown and "\\u202eevil" in shown  # made visible
        assert svg.get("aria-label", "").startswith("</svg><script>")


def test_bar_widths_are_in_proportion_to_the_credits_applied() -> None:
    bars = (
        Bar("none", Decimal(0), Decimal(12), "0 of 12 cr", "bad"),
        Bar("a third", Decimal(4), Decimal(12), "4 of 12 cr", "warn"),
        Bar("three quarters", Decimal("4.5"), Decimal(6), "4.5 of 6 cr", "warn"),
        Bar("all", Decimal(30), Decimal(30), "30 of 30 cr", "good"),
        Bar("more than needed", Decimal(9), Decimal(6), "9 of 6 cr", "good"),
    )
    (svg,) = svgs("\n".join(progress_svg(Progress("Progress", bars))))
    groups = [g for g in svg.iter(f"{SVG}g") if "bar" in classes(g)]
    assert len(groups) == len(bars)
    for group, bar in zip(groups, bars, strict=True):
        track = next(r for r in group.iter(f"{SVG}rect") if "track" in classes(r))
        fill = next(r for r in group.iter(f"{SVG}rect") if "fill" in classes(r))
        assert float(track.get("width", "")) == TRACK
        expected = min(bar.value / bar.total, Decimal(1)) * TRACK
        assert float(fill.get("width", "")) == pytest.approx(float(expected), abs=0.01)
        assert f"tone-{bar.tone}" in classes(group)


def test_the_bars_are_the_confirmed_audits_requirements(region) -> None:  # type: ignore[no-untyped-def]
    report = report_of(region, shipped_learners() / "career-changer.toml")
    for result in report.results:
        bars = audit.progress_bars(result).bars
        requirements = result.confirmed.audit.requirements
        assert [b.label for b in bars] == [r.title for r in requirements]
        for bar, req in zip(bars, requirements, strict=True):
            assert bar.total == req.needed
            assert bar.value == (req.needed if req.status == "waived" else req.applied)


def test_the_timeline_has_one_box_per_planned_term(region) -> None:  # type: ignore[no-untyped-def]
    report = report_of(region, shipped_learners() / "career-changer.toml")
    for result in report.results:
        terms = result.confirmed.plan.terms
        assert terms
        (svg,) = svgs("\n".join(timeline_svg(plan.timeline(result.confirmed.plan, "Plan"))))
        boxes = [g for g in svg.iter(f"{SVG}g") if "term" in classes(g)]
        assert len(boxes) == len(terms)
        for box, term in zip(boxes, terms, strict=True):
            label = next(t for t in box.iter(f"{SVG}text") if "term-label" in classes(t))
            assert label.text == term.label
            assert len(list(box.iter(f"{SVG}rect"))) == 1
        lines = list(svg.iter(f"{SVG}line"))  # terms on a row are joined, rows are not
        assert len(lines) == len(terms) - -(-len(terms) // 6)


def test_text_and_markdown_leave_the_pictures_to_the_words(region) -> None:  # type: ignore[no-untyped-def]
    report = report_of(region, shipped_learners() / "career-changer.toml")
    for fmt in ("text", "markdown"):
        out = render(report, fmt)
        assert "<svg" not in out and audit.PROGRESS not in out
        assert "as a timeline" not in out
        assert "12 of 30 cr" in out  # the tree states the figure a bar draws


# --- notes -------------------------------------------------------------------------------

NOTES = """
[[note]]
date = 2026-11-20
author = "A. Older"
text = "An earlier appointment: not in today's report."

[[note]]
date = 2026-11-28
author = "R. Okafor <adviser>"
text = '''Agreed: finish CIS210 at Metro first.
Then apply to the BBA for fall | *soon*.'''
"""


@pytest.fixture
def noted(tmp_path: Path) -> Path:
    path = tmp_path / "jordan.toml"
    text = (shipped_learners() / "career-changer.toml").read_text(encoding="utf-8")
    path.write_text(text + NOTES, encoding="utf-8")
    return path


def test_the_report_carries_the_notes_of_its_day_in_every_format(region, noted: Path) -> None:  # type: ignore[no-untyped-def]
    report = report_of(region, noted)
    assert report.as_of == dt.date(2026, 11, 28)
    assert [n.author for n in report.notes] == ["R. Okafor <adviser>"]
    document = build_document(report)
    first = document.blocks[0]
    assert isinstance(first, Section) and first.title == "Notes"  # what was agreed first
    text, markdown, html = (render(report, f) for f in ("text", "markdown", "html"))
    assert "Agreed: finish CIS210 at Metro first." in text
    assert "fall | *soon*." in text and "earlier appointment" not in text
    assert "## Notes" in markdown and r"fall \| \*soon\*." in markdown
    assert "R. Okafor &lt;adviser&gt;" in html and "earlier appointment" not in html
    assert '<section class="notes"' in html
    data = json.loads(render(report, "json"))
    assert data["notes"] == [
        {
            "date": "2026-11-28",
            "author": "R. Okafor <adviser>",
            "text": "Agreed: finish CIS210 at Metro first.\n"
            "Then apply to the BBA for fall | *soon*.",
        }
    ]
    assert "earlier appointment" not in render(report, "csv")


def test_a_report_without_notes_of_its_day_has_no_notes_section(region) -> None:  # type: ignore[no-untyped-def]
    report = report_of(region, shipped_learners() / "career-changer.toml")
    assert report.notes == ()
    assert "Notes" not in [b.title for b in build_document(report).blocks if hasattr(b, "title")]
    assert json.loads(render(report, "json"))["notes"] == []


def test_an_unsaved_report_says_so_first_in_every_human_format(region) -> None:  # type: ignore[no-untyped-def]
    report = report_of(region, shipped_learners() / "career-changer.toml")
    document: Document = build_document(report, unsaved=True)
    assert UNSAVED in str(document.blocks[0])
    for fmt in ("text", "markdown", "html"):
        assert UNSAVED.split(":")[0] in render(report, fmt, unsaved=True)
        assert UNSAVED.split(":")[0] not in render(report, fmt)
    assert to_html(build_document(report)) == render(report, "html")


# --- the takeaway through the Session ------------------------------------------------------


@pytest.fixture
def session(noted: Path) -> Session:
    return prepare_session(None, noted)


@pytest.mark.parametrize("fmt", ["html", "markdown", "text"])
def test_the_takeaway_is_the_report_the_cli_writes(session: Session, noted: Path, fmt: str) -> None:
    out = noted.with_name(f"cli.{fmt}")
    assert main(["report", str(noted), "--format", fmt, "--output", str(out)]) == 0
    written = session.takeaway(session.takeaway_path(fmt), fmt)
    assert (
        written.name == "jordan-report" + {"html": ".html", "markdown": ".md", "text": ".txt"}[fmt]
    )
    assert written.parent == noted.parent.resolve()
    assert written.read_text(encoding="utf-8") == out.read_text(encoding="utf-8")
    assert "Agreed: finish CIS210" in written.read_text(encoding="utf-8")


def test_the_takeaway_of_an_edited_learner_shows_the_edit_and_says_so(session: Session) -> None:
    before = session.takeaway(session.takeaway_path(), "html").read_text(encoding="utf-8")
    session.add_held("metro-cc:mc-network-defense", dt.date(2026, 11, 1))
    after = session.takeaway(session.takeaway_path(), "html").read_text(encoding="utf-8")
    assert UNSAVED.split(":")[0] not in before
    assert UNSAVED.split(":")[0] in after
    placed = "from metro-cc:mc-network-defense"  # a unit of the audit, not advice
    assert placed in after and placed not in before


def test_the_takeaway_never_writes_over_an_input(session: Session, noted: Path) -> None:
    original = noted.read_bytes()
    link = noted.with_name("link.html")
    link.symlink_to(noted)
    catalogue = next(shipped_catalogues().rglob("*.toml"))
    noted.with_name("jordan.toml.bak").write_bytes(original)
    for target in (noted, link, noted.with_name("jordan.toml.bak"), catalogue):
        with pytest.raises(CredstackError, match="refusing to write over"):
            session.takeaway(target, "html")
    with pytest.raises(CredstackError, match="is a folder"):
        session.takeaway(noted.parent, "html")
    with pytest.raises(CredstackError, match="does not exist"):
        session.takeaway(noted.parent / "missing" / "r.html", "html")
    with pytest.raises(CredstackError, match="no takeaway format 'csv'"):
        session.takeaway(noted.with_name("r.csv"), "csv")
    assert noted.read_bytes() == original
    assert not list(noted.parent.glob("*report*"))


def test_an_unsaved_learner_takes_its_name_for_the_takeaway(session: Session) -> None:
    session.new_learner("Ana María O'Neil / ../x")
    assert session.takeaway_path() == Path("ana-maría-o-neil-x-report.html")
    assert session.takeaway_path("markdown") == Path("ana-maría-o-neil-x-report.md")


def test_the_readmes_picture_of_the_html_report_is_current() -> None:
    script = Path(__file__).resolve().parents[2] / "screenshots" / "make_report_figure.py"
    done = subprocess.run(
        [sys.executable, str(script), "--check"], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
