"""Catalogue text is data, never markup nor terminal commands: every string shown goes
through here (control characters are made visible by credstack.safe_text).

Numbers, money, elective slots and status colours are not worded here: the TUI takes
them from report/format.py, as the reports do.
"""

from __future__ import annotations

from rich.text import Text
from textual.content import Content
from textual.fuzzy import Matcher
from textual.markup import escape

from credstack.safe_text import safe_text


class SafeText(Text):
    """A rich Text whose strings are shown literally: control sequences from files become
    visible characters (safe_text) whether they come in at construction or by `append`.
    The TUI builds every Text through this class or `plain` (a test checks)."""

    def __init__(self, text: str = "", style: str = "") -> None:
        super().__init__(safe_text(text, multiline=True), style=style)

    def append(self, text: str | Text, style: str | None = None) -> SafeText:  # type: ignore[override]
        if isinstance(text, str):
            text = safe_text(text, multiline=True)
        super().append(text, style)
        return self


def plain(value: object, style: str = "") -> Text:
    """A Text that shows `value` literally (no markup, no control sequence)."""
    return Text(safe_text(str(value), multiline=True), style=style)


def markup_safe(value: object) -> str:
    """`value` escaped for the places Textual only accepts as markup (palette help)."""
    return escape(safe_text(str(value)))


def highlight(matcher: Matcher, candidate: str) -> Content:
    """`Matcher.highlight` for literal text: `candidate` is never read as markup."""
    candidate = safe_text(candidate)
    content = Content(candidate)
    _, offsets = matcher.fuzzy_search.match(matcher.query, candidate)
    for offset in offsets:
        if not candidate[offset].isspace():
            content = content.stylize(matcher.match_style, offset, offset + 1)
    return content


def clip(value: object, width: int) -> Text:
    """`value` shown literally, cut to `width` cells with an ellipsis when longer."""
    text = safe_text(str(value))
    if len(text) > width:
        text = text[: width - 1].rstrip() + "…"
    return Text(text)


# a requirement's status as a mark before its title (colours: report.format.STATUS_STYLE)
STATUS_MARK = {"met": "✔", "partial": "◐", "open": "○", "waived": "≈"}
