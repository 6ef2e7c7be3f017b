"""The report as a document: what every human format shows, built once from a Report.

The section builders (summary.py, audit.py, ..., badges.py) turn the engine's results
into these frozen values; the walkers (text.py, markdown.py, html.py) turn them into one
format each and own its escaping. Every string here is plain text, never markup: a
catalogue title that looks like rich markup, HTML or Markdown is shown as typed.

Structure: a Document holds blocks and Sections; a Section has a title and blocks, among
them nested Sections (a heading one level down). Text inside a block is Inline: a tuple
of Spans, each plain or strong and optionally toned (good, warn, bad, info, muted),
which each walker maps to its own colours or classes. A Figure (Progress, Timeline) is a
picture of figures other blocks already state: HTML draws it, text and Markdown omit it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal, TypeAlias

Tone = Literal["good", "warn", "bad", "info", "muted"]


@dataclass(frozen=True)
class Span:
    """A run of text with one look; a decorative one (a bar of terms) repeats what the
    text beside it says, so HTML hides it from screen readers."""

    text: str
    strong: bool = False
    tone: Tone | None = None
    decorative: bool = False


Inline: TypeAlias = tuple[Span, ...]


def inline(*parts: str | Span) -> Inline:
    """An Inline from plain strings and Spans; empty ones are dropped."""
    spans = (part if isinstance(part, Span) else Span(part) for part in parts)
    return tuple(span for span in spans if span.text)


def strong(text: str, tone: Tone | None = None) -> Span:
    return Span(text, strong=True, tone=tone)


def toned(text: str, tone: Tone | None) -> Span:
    return Span(text, tone=tone)


@dataclass(frozen=True)
class Paragraph:
    """A paragraph; a note is a side remark (dim in a terminal, class "note" in HTML)."""

    content: Inline
    note: bool = False


@dataclass(frozen=True)
class Fields:
    """Labelled figures, one per row: 'Cost per credit (whole award)' -> its value."""

    rows: tuple[tuple[str, Inline], ...]


@dataclass(frozen=True)
class Lines:
    """A table cell holding several lines (the courses of a term, say)."""

    lines: tuple[Inline, ...]


Cell: TypeAlias = Inline | Lines


@dataclass(frozen=True)
class Column:
    """A table column. `numeric` right-aligns it; `under` asks a narrow medium (the
    80-column terminal) to show it under the previous column instead of beside it."""

    title: str
    numeric: bool = False
    under: bool = False


@dataclass(frozen=True)
class Table:
    """Rows of cells under column titles; the first cell of a row names the row.

    `records` asks a narrow medium to show each row as a record (its first cell as a
    line, then one labelled line per other column) because the table is too wide."""

    columns: tuple[Column, ...]
    rows: tuple[tuple[Cell, ...], ...]
    caption: str = ""
    records: bool = False


@dataclass(frozen=True)
class Item:
    """An entry of a list or a tree: a label, lines of detail under it, and children."""

    label: Inline
    detail: tuple[Inline, ...] = ()
    children: tuple[Item, ...] = ()


@dataclass(frozen=True)
class ItemList:
    """Items, bulleted or numbered from 1."""

    items: tuple[Item, ...]
    ordered: bool = False


@dataclass(frozen=True)
class Tree:
    """A hierarchy (requirements and the units placed in them): items with children."""

    items: tuple[Item, ...]


@dataclass(frozen=True)
class Bar:
    """One requirement's progress: `value` of `total` credits, worded as `figure`."""

    label: str
    value: Decimal
    total: Decimal
    figure: str
    tone: Tone | None = None


@dataclass(frozen=True)
class Progress:
    """A progress bar per requirement: a picture of figures the blocks beside it state
    in words. HTML draws it (inline SVG); the text formats leave it out."""

    title: str
    bars: tuple[Bar, ...]


@dataclass(frozen=True)
class Slot:
    """One planned term on a timeline: its label, credits and courses."""

    label: str
    figure: str
    courses: tuple[str, ...]


@dataclass(frozen=True)
class Timeline:
    """The term plan as a timeline, one slot per planned term: a picture of the plan's
    table (HTML draws it as inline SVG; the text formats leave it out)."""

    title: str
    slots: tuple[Slot, ...]


Figure: TypeAlias = Progress | Timeline


@dataclass(frozen=True)
class Section:
    """A heading and what is under it. `kind` names the section for HTML (class, anchor)."""

    title: str
    blocks: tuple[Block, ...]
    kind: str = ""


Block: TypeAlias = Paragraph | Fields | Table | ItemList | Tree | Figure | Section


@dataclass(frozen=True)
class Document:
    """A whole report: '<title> for <learner>', the date it speaks for, and its blocks."""

    title: str
    learner: str
    as_of: dt.date | None
    blocks: tuple[Block, ...]
