"""`--format html`: the report document as one self-contained page (inline CSS, no
scripts, no external assets).

Semantic tables, readable on screen and printed; progress bars and the term timeline
drawn as inline SVG (html_figures.py). Every string shown is escaped with
html.escape, so catalogue text can never become markup.
"""

from __future__ import annotations

from html import escape
from typing import assert_never

from credstack.report.document import (
    Block,
    Cell,
    Document,
    Fields,
    Inline,
    Item,
    ItemList,
    Lines,
    Paragraph,
    Progress,
    Section,
    Table,
    Timeline,
    Tree,
)
from credstack.report.html_figures import progress_svg, timeline_svg
from credstack.report.html_style import CSS

FOOTER = (
    "Produced by credstack. Potential figures count prior learning (RPL) that is still to "
    "be assessed."
)


def e(text: object) -> str:
    return escape(str(text), quote=True)


def inline(content: Inline) -> str:
    """Spans as HTML: each escaped; strong and tone as a tag and a class."""
    out: list[str] = []
    for span in content:
        words = e(span.text)
        klass = f' class="tone-{span.tone}"' if span.tone else ""
        klass += ' aria-hidden="true"' if span.decorative else ""
        if span.strong:
            words = f"<strong{klass}>{words}</strong>"
        elif klass:
            words = f"<span{klass}>{words}</span>"
        out.append(words)
    return "".join(out)


def _cell(cell: Cell) -> str:
    if isinstance(cell, Lines):
        return "<br>".join(inline(line) for line in cell.lines)
    return inline(cell)


def _num(numeric: bool) -> str:
    return ' class="num"' if numeric else ""


def _table(table: Table) -> list[str]:
    """A table whose first cell in each row is that row's header."""
    lines = ["<table>"]
    if table.caption:
        lines.append(f"<caption>{e(table.caption)}</caption>")
    head = "".join(f'<th scope="col"{_num(c.numeric)}>{e(c.title)}</th>' for c in table.columns)
    lines += [f"<thead><tr>{head}</tr></thead>", "<tbody>"]
    for row in table.rows:
        cells = [
            f'<th scope="row"{_num(column.numeric)}>{_cell(cell)}</th>'
            if index == 0
            else f"<td{_num(column.numeric)}>{_cell(cell)}</td>"
            for index, (column, cell) in enumerate(zip(table.columns, row, strict=True))
        ]
        lines.append("<tr>" + "".join(cells) + "</tr>")
    return [*lines, "</tbody>", "</table>"]


def _items(items: tuple[Item, ...], tag: str, klass: str = "") -> list[str]:
    lines = [f'<{tag} class="{klass}">' if klass else f"<{tag}>"]
    for item in items:
        body = "<br>".join([inline(item.label), *(inline(line) for line in item.detail)])
        if not item.children:
            lines.append(f"<li>{body}</li>")
            continue
        lines += [f"<li>{body}", *_items(item.children, "ul"), "</li>"]
    return [*lines, f"</{tag}>"]


def _fields(fields: Fields) -> list[str]:
    rows = [f"<dt>{e(label)}</dt><dd>{inline(value)}</dd>" for label, value in fields.rows]
    return ['<dl class="figures">', *rows, "</dl>"]


def _section(section: Section, depth: int, anchor: str) -> list[str]:
    """A top-level section is a <section> labelled by its heading; deeper ones a heading."""
    level = depth + 1
    if depth > 1:
        lines = [f"<h{level}>{e(section.title)}</h{level}>"]
    else:
        klass = f' class="{e(section.kind)}"' if section.kind else ""
        lines = [
            f'<section{klass} aria-labelledby="{anchor}">',
            f'<h{level} id="{anchor}">{e(section.title)}</h{level}>',
        ]
    for block in section.blocks:
        lines += _block(block, depth)
    return lines + ([] if depth > 1 else ["</section>"])


def _block(block: Block, depth: int) -> list[str]:
    if isinstance(block, Section):
        return _section(block, depth + 1, "")
    if isinstance(block, Paragraph):
        return [
            f'<p class="note">{inline(block.content)}</p>'
            if block.note
            else f"<p>{inline(block.content)}</p>"
        ]
    if isinstance(block, Fields):
        return _fields(block)
    if isinstance(block, Table):
        return _table(block)
    if isinstance(block, ItemList):
        return _items(block.items, "ol" if block.ordered else "ul")
    if isinstance(block, Tree):
        return _items(block.items, "ul", "tree")
    if isinstance(block, Progress):
        return progress_svg(block)
    if isinstance(block, Timeline):
        return timeline_svg(block)
    assert_never(block)


def _main(document: Document) -> list[str]:
    lines: list[str] = []
    seen: dict[str, int] = {}
    for block in document.blocks:
        if isinstance(block, Section):
            kind = block.kind or "section"
            seen[kind] = seen.get(kind, 0) + 1
            lines += _section(block, 1, f"{kind}-{seen[kind]}")
        else:
            lines += _block(block, 0)
    return lines


def to_html(document: Document) -> str:
    title = f"{document.title} for {document.learner}"
    lines = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{e(title)}</title>",
        f"<style>\n{CSS}\n</style>",
        "</head>",
        "<body>",
        "<header>",
        f"<h1>{e(title)}</h1>",
    ]
    if document.as_of is not None:
        as_of = e(document.as_of.isoformat())
        lines.append(f'<p class="meta">As of <time datetime="{as_of}">{as_of}</time></p>')
    lines += ["</header>", "<main>", *_main(document), "</main>"]
    lines += [f"<footer>{e(FOOTER)}</footer>", "</body>", "</html>"]
    return "\n".join(lines) + "\n"
