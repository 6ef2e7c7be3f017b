"""`--format markdown`: the report document as what an adviser emails a learner.

Readable as plain text and as rendered Markdown (CommonMark / GitHub tables). Every
catalogue or learner string is escaped, so a title holding `|`, `*`, `[..](..)` or HTML
shows literally and never breaks a table.
"""

from __future__ import annotations

import re
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

_ALWAYS = re.compile(r"([\\`*\[\]<>|~])")
_UNDERSCORE = re.compile(r"(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])")
_HASH = re.compile(r"(^|\s)#")
_ENTITY = re.compile(r"&(?=#?[A-Za-z0-9]+;)")
_LEADING = re.compile(r"^(\d+)([.)])|^([-+=])")
_SPACES = re.compile(r"\s+")
DETAIL = " \u2014 "  # between an item's label and each line of its detail
IN_CELL = "; "  # between the lines of a table cell


def _escape(text: str, *, at_start: bool) -> str:
    text = _ALWAYS.sub(r"\\\1", text)
    text = _UNDERSCORE.sub(r"\\_", text)
    text = _HASH.sub(r"\1\\#", text)
    text = _ENTITY.sub(r"\\&", text)
    if not at_start:
        return text
    return _LEADING.sub(lambda m: f"{m[1]}\\{m[2]}" if m[1] else f"\\{m[3]}", text)


def md(text: str) -> str:
    """Plain text as literal inline Markdown: one line, special characters escaped."""
    return _escape(" ".join(str(text).split()), at_start=True)


def inline(content: Inline) -> str:
    """Spans as one line of Markdown: each escaped, strong ones in `**`."""
    out: list[str] = []
    for span in content:
        words = _SPACES.sub(" ", span.text)
        core = words.strip(" ")
        escaped = _escape(core, at_start=not out)
        if span.strong and escaped:
            escaped = f"**{escaped}**"
        lead = " " if words.startswith(" ") else ""
        tail = " " if words.endswith(" ") and core else ""
        out.append(f"{lead}{escaped}{tail}")
    return "".join(out).strip(" ")


def _cell(cell: Cell) -> str:
    if isinstance(cell, Lines):
        return IN_CELL.join(inline(line) for line in cell.lines)
    return inline(cell)


def _table(table: Table) -> list[str]:
    lines = [f"**{md(table.caption)}**", ""] if table.caption else []
    heads = [md(column.title) for column in table.columns]
    marks = ["---:" if column.numeric else "---" for column in table.columns]
    lines += ["| " + " | ".join(heads) + " |", "| " + " | ".join(marks) + " |"]
    for row in table.rows:
        lines.append("| " + " | ".join(_cell(cell) or " " for cell in row) + " |")
    return lines


def _items(items: tuple[Item, ...], ordered: bool, indent: str = "") -> list[str]:
    lines: list[str] = []
    for number, item in enumerate(items, start=1):
        marker = f"{number}. " if ordered else "- "
        parts = [inline(item.label), *(inline(line) for line in item.detail)]
        lines.append(f"{indent}{marker}{DETAIL.join(parts)}")
        lines += _items(item.children, False, indent + " " * len(marker))
    return lines


def _block(block: Block, depth: int) -> list[str]:
    if isinstance(block, Section):
        lines = [f"{'#' * (depth + 2)} {md(block.title)}", ""]
        for inner in block.blocks:
            lines += _block(inner, depth + 1)
        return lines
    if isinstance(block, Progress | Timeline):
        return []  # pictures of figures the tree and the plan table state in words
    if isinstance(block, Paragraph):
        lines = [inline(block.content)]
    elif isinstance(block, Fields):
        lines = [f"- **{md(label)}:** {inline(value)}" for label, value in block.rows]
    elif isinstance(block, Table):
        lines = _table(block)
    elif isinstance(block, ItemList):
        lines = _items(block.items, block.ordered)
    elif isinstance(block, Tree):
        lines = _items(block.items, False)
    else:
        assert_never(block)
    return [*lines, ""]


def to_markdown(document: Document) -> str:
    lines = [f"# {md(document.title)} for {md(document.learner)}", ""]
    if document.as_of is not None:
        lines += [f"As of {document.as_of.isoformat()}.", ""]
    for block in document.blocks:
        lines += _block(block, 0)
    return "\n".join(lines).rstrip("\n") + "\n"
