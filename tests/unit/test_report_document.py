"""The report document and its three walkers (text, Markdown, HTML), on hand-built
documents: each block type is shown by every walker, the terminal's own layouts (columns
`under` a neighbour, wide tables as records, a tree hanging from its heading) stay in the
terminal, and each walker escapes every string for its own format."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from credstack.report.document import (
    Column,
    Document,
    Fields,
    Item,
    ItemList,
    Lines,
    Paragraph,
    Section,
    Table,
    Tone,
    Tree,
    inline,
    strong,
    toned,
)
from credstack.report.html import to_html
from credstack.report.markdown import to_markdown
from credstack.report.text import to_text

AS_OF = dt.date(2026, 11, 28)
HOSTILE = "[bold]x[/bold] <b>y</b> | *z* _w_ &amp; [link=u]v[/link]"


def document(*blocks: Section | Paragraph | Table) -> Document:
    return Document("Advising report", "Lee", AS_OF, tuple(blocks))


def hostile_document() -> Document:
    """Every block type, each holding the hostile string somewhere."""
    table = Table(
        (Column("Item"), Column("Why"), Column("Credits", numeric=True)),
        ((inline(HOSTILE), Lines((inline(HOSTILE), inline("b"))), inline("3")),),
        caption=HOSTILE,
    )
    tree = Tree((Item(inline(strong(HOSTILE)), (inline(HOSTILE),), (Item(inline(HOSTILE)),)),))
    blocks = (
        Paragraph(inline(HOSTILE)),
        Fields(((HOSTILE, inline(HOSTILE)),)),
        table,
        ItemList((Item(inline(HOSTILE), (inline(HOSTILE),)),), ordered=True),
        Section(HOSTILE, (tree,)),
    )
    return document(Section(HOSTILE, blocks, kind="program"))


def test_text_shows_every_string_as_typed() -> None:
    for color in (False, True):
        out = to_text(hostile_document(), color=color)
        plain = re.sub(r"\x1b\[[0-9;]*m", "", out)
        assert "\x1b]8;" not in out  # [link=...] never became a hyperlink
        assert plain.count(HOSTILE) >= 8, plain


def test_markdown_escapes_every_string() -> None:
    out = to_markdown(hostile_document())
    unescaped = re.compile(r"(?<!\\)[\[\]|<>]")
    for line in out.splitlines():
        if line.startswith("| "):  # a table row: only its own pipes are unescaped
            assert len(unescaped.findall(line)) == 4, line
        else:
            assert not unescaped.search(line), line
    escaped = r"\[bold\]x\[/bold\] \<b\>y\</b\> \| \*z\* \_w\_ \&amp; \[link=u\]v\[/link\]"
    assert out.count(escaped) >= 9, out


def test_html_escapes_every_string() -> None:
    out = to_html(hostile_document())
    assert "<b>y</b>" not in out and "[bold]" in out
    assert out.count("&lt;b&gt;y&lt;/b&gt;") >= 10


def test_headings_nest_one_level_per_section() -> None:
    doc = document(Section("Top", (Section("Inner", (Paragraph(inline("p")),)),), kind="k"))
    markdown = to_markdown(doc)
    assert "# Advising report for Lee\n\nAs of 2026-11-28." in markdown
    assert "## Top\n\n### Inner\n\np\n" in markdown
    html = to_html(doc)
    assert '<section class="k" aria-labelledby="k-1">\n<h2 id="k-1">Top</h2>' in html
    assert "<h3>Inner</h3>\n<p>p</p>\n</section>" in html
    text = to_text(doc)
    assert text.startswith("Advising report for Lee \u00b7 as of 2026-11-28\n")
    assert "Top\n\nInner\np\n" in text


STACKED = Table(
    (Column("Program"), Column("Institution", under=True), Column("Cost", numeric=True)),
    ((inline("Data science"), inline("Metro"), inline("USD 10.00")),),
)


def test_a_column_under_its_neighbour_only_in_the_terminal() -> None:
    text = to_text(document(STACKED))
    assert "\nProgram\nInstitution         Cost\n" in text  # one heading over the other
    assert "\nData science   USD 10.00\nMetro\n" in text  # the value under the program's
    assert "| Program | Institution | Cost |" in to_markdown(document(STACKED))
    assert '<th scope="col">Institution</th>' in to_html(document(STACKED))


def test_a_wide_table_is_a_record_per_row_in_the_terminal() -> None:
    wide = Table(
        (Column("Role"), Column("Gap"), Column("Cheapest set")),
        ((inline(strong("Analyst")), inline("sql"), inline("USD 5.00")),),
        records=True,
    )
    text = to_text(document(Section("Roles", (wide,))))
    assert "Roles\n\nAnalyst\n  Gap          sql\n  Cheapest set USD 5.00\n" in text
    assert "| **Analyst** | sql | USD 5.00 |" in to_markdown(document(wide))
    assert '<tr><th scope="row"><strong>Analyst</strong></th><td>sql</td>' in to_html(
        document(wide)
    )


def test_a_tree_hangs_from_its_heading_in_the_terminal() -> None:
    tree = Tree((Item(inline("core"), children=(Item(inline("CS101"), (inline("note"),)),)),))
    text = to_text(document(Section("Requirements", (tree,))))
    assert (
        "Requirements\n\u2514\u2500\u2500 core\n    \u2514\u2500\u2500 CS101\n        note" in text
    )
    markdown = to_markdown(document(Section("Requirements", (tree,))))
    assert "- core\n  - CS101 \u2014 note\n" in markdown
    html = to_html(document(Section("Requirements", (tree,))))
    assert '<ul class="tree">\n<li>core\n<ul>\n<li>CS101<br>note</li>' in html


def test_lines_in_a_cell_and_numbered_items() -> None:
    table = Table(
        (Column("Term"), Column("Courses")), ((inline("fall"), Lines((inline("A"), inline("B")))),)
    )
    listed = ItemList((Item(inline("one")), Item(inline("two"))), ordered=True)
    doc = document(table, listed)
    assert "fall   A\n       B" in to_text(doc)
    assert "| fall | A; B |" in to_markdown(doc) and "1. one\n2. two" in to_markdown(doc)
    assert "<td>A<br>B</td>" in to_html(doc) and "<ol>\n<li>one</li>" in to_html(doc)


@pytest.mark.parametrize("tone", ["good", "warn", "bad", "info", "muted"])
def test_tones_are_classes_in_html_and_colours_only_when_asked(tone: Tone) -> None:
    doc = document(Paragraph(inline("state: ", toned("x", tone))))
    assert f'<span class="tone-{tone}">x</span>' in to_html(doc)
    assert "\x1b[" in to_text(doc, color=True) and "\x1b[" not in to_text(doc)
    assert "state: x" in to_markdown(doc)


def test_strong_text_keeps_its_spaces_outside_the_markers() -> None:
    doc = document(Paragraph(inline(strong(" Cannot finish: "), "BUS301")))
    assert "**Cannot finish:** BUS301" in to_markdown(doc)
