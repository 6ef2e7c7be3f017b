"""`--format text`: the report document for an 80-column terminal, drawn with rich.

Catalogue and learner strings are data, never markup: every one of them goes into a
rich.text.Text (no markup, no emoji codes, no highlighting). Colour only when asked.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import assert_never

from rich import box
from rich.console import Console, Group, RenderableType
from rich.rule import Rule
from rich.table import Table as RichTable
from rich.text import Text
from rich.tree import Tree as RichTree

from credstack.report.document import (
    Block,
    Cell,
    Column,
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
from credstack.report.format import TONE_STYLE
from credstack.safe_text import safe_text

WIDTH = 80
HEADING = "bold"
LABEL_WIDTH = 20  # the label column of labelled figures


def _console(buffer: io.StringIO, color: bool) -> Console:
    """A console that writes to `buffer`: WIDTH columns, no markup read."""
    return Console(
        file=buffer,
        width=WIDTH,
        force_terminal=color,
        color_system="auto" if color else None,
        markup=False,
        emoji=False,
        highlight=False,
        legacy_windows=False,
        soft_wrap=False,
    )


def text(content: Inline, style: str = "") -> Text:
    """Spans as a Text, each with its look; never parsed as markup."""
    out = Text(style=style)
    for span in content:
        looks = ["bold" if span.strong else "", TONE_STYLE[span.tone] if span.tone else ""]
        # text from files is data: control sequences are shown, never sent to the terminal
        out.append(
            safe_text(span.text, multiline=True), style=" ".join(look for look in looks if look)
        )
    return out


def _cell(cell: Cell) -> Text:
    if isinstance(cell, Lines):
        return Text("\n").join(text(line) for line in cell.lines)
    return text(cell)


def _heading(title: str) -> Text:
    return Text(safe_text(title, multiline=True), style=HEADING)


def _groups(columns: Sequence[Column]) -> list[list[int]]:
    """Column indexes, a column shown `under` the previous one joining its group."""
    groups: list[list[int]] = []
    for index, column in enumerate(columns):
        if column.under and groups:
            groups[-1].append(index)
        else:
            groups.append([index])
    return groups


def _grid_table(table: Table) -> RichTable:
    shown = RichTable(
        title=_heading(table.caption) if table.caption else None,
        title_justify="left",
        box=box.SIMPLE_HEAD,
        pad_edge=False,
        show_edge=False,
    )
    groups = _groups(table.columns)
    for group in groups:
        first = table.columns[group[0]]
        title = "\n".join(table.columns[i].title for i in group)
        shown.add_column(
            _heading(title), overflow="fold", justify="right" if first.numeric else "left"
        )
    for row in table.rows:
        cells = [Text("\n").join(_cell(row[i]) for i in group) for group in groups]
        shown.add_row(*cells)
        if len(groups) < len(table.columns):
            shown.add_section()  # stacked rows read better apart
    return shown


def _record_table(table: Table) -> RenderableType:
    """Each row as a record: its first cell, then one labelled line per other column."""
    parts: list[RenderableType] = [_heading(table.caption)] if table.caption else []
    for number, row in enumerate(table.rows):
        grid = RichTable.grid(padding=(0, 1))
        grid.add_column(no_wrap=True)
        grid.add_column(overflow="fold")
        for column, cell in zip(table.columns[1:], row[1:], strict=True):
            grid.add_row(Text(f"  {column.title}", style=HEADING), _cell(cell))
        parts += ([Text()] if number else []) + [_cell(row[0]), grid]
    return Group(*parts)


def _item(item: Item) -> Text:
    return Text("\n").join([text(item.label), *(text(line) for line in item.detail)])


def _list(items: ItemList) -> RenderableType:
    grid = RichTable.grid(padding=(0, 1))
    grid.add_column(justify="right", no_wrap=True)
    grid.add_column(overflow="fold")
    apart = any(item.detail for item in items.items)
    for number, item in enumerate(items.items, start=1):
        if apart and number > 1:
            grid.add_row(Text(), Text())
        marker = f"{number}." if items.ordered else "-"
        body: RenderableType = _item(item)
        if item.children:
            body = Group(body, _list(ItemList(item.children, items.ordered)))
        grid.add_row(Text(marker), body)
    return grid


def _tree(tree: Tree, root: Text | None = None) -> RichTree:
    """A rich tree; it hangs from `root` (the heading above it) when there is one."""
    shown = RichTree(root or Text(), guide_style="dim", hide_root=root is None)

    def add(parent: RichTree, items: Sequence[Item]) -> None:
        for item in items:
            add(parent.add(_item(item)), item.children)

    add(shown, tree.items)
    return shown


def _fields(fields: Fields) -> RichTable:
    grid = RichTable.grid(padding=(0, 1))
    grid.add_column(overflow="fold", max_width=LABEL_WIDTH)
    grid.add_column(overflow="fold")
    for label, value in fields.rows:
        grid.add_row(_heading(label), text(value))
    return grid


def _spaced(block: Block) -> bool:
    """Blocks that read as separate entries: a blank line above each, the first too."""
    if isinstance(block, Table):
        return block.records
    if isinstance(block, ItemList):
        return any(item.detail for item in block.items)
    return isinstance(block, Section)


def _section(section: Section, depth: int) -> RenderableType:
    """The heading (a rule above a top-level one), then the blocks, a blank line apart.

    A tree hangs from the heading; other blocks follow it on the next line, or after a
    blank line when they are made of separate entries."""
    parts: list[RenderableType] = [Rule(style="dim")] if depth == 1 else []
    # pictures (progress bars, the timeline) repeat figures the tree and the plan table
    # state in words: a terminal shows the words only
    blocks = [b for b in section.blocks if not isinstance(b, Progress | Timeline)]
    first = blocks[0] if blocks else None
    if isinstance(first, Tree):
        parts.append(_tree(first, root=_heading(section.title)))
        blocks.pop(0)
    else:
        parts.append(_heading(section.title))
        if blocks and not _spaced(blocks[0]):
            parts.append(_block(blocks.pop(0), depth))
    for block in blocks:
        parts += [Text(), _block(block, depth)]
    return Group(*parts)


def _block(block: Block, depth: int) -> RenderableType:
    if isinstance(block, Section):
        return _section(block, depth + 1)
    if isinstance(block, Paragraph):
        return text(block.content, "dim" if block.note else "")
    if isinstance(block, Fields):
        return _fields(block)
    if isinstance(block, Table):
        return _record_table(block) if block.records else _grid_table(block)
    if isinstance(block, ItemList):
        return _list(block)
    if isinstance(block, Tree):
        return _tree(block)
    if isinstance(block, Progress | Timeline):
        return Group()  # left out by _section: the words beside it say the same
    assert_never(block)


def _title(document: Document) -> Text:
    title = Text(safe_text(f"{document.title} for {document.learner}"), style=HEADING)
    if document.as_of is not None:
        title.append(f" \u00b7 as of {document.as_of.isoformat()}")
    return title


def to_text(document: Document, *, color: bool = False) -> str:
    """The document as terminal text, at most WIDTH columns (ANSI colour only with `color`)."""
    buffer = io.StringIO()
    console = _console(buffer, color)
    console.print(_title(document))
    for block in document.blocks:
        console.print()
        console.print(_block(block, 0))
    output = buffer.getvalue()
    if not color:
        output = "\n".join(line.rstrip() for line in output.split("\n"))
    return output
