"""Catalogue text is data, never markup nor terminal commands: every string shown goes
through here (control characters are made visible by credstack.safe_text)."""

from __future__ import annotations

from decimal import Decimal

from rich.text import Text
from textual.content import Content
from textual.fuzzy import Matcher
from textual.markup import escape

from credstack.report.json_numbers import number
from credstack.safe_text import safe_text


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


def credits(value: Decimal | None) -> str:
    if value is None:
        return "-"
    shown = number(value)
    return f"{shown:g}" if isinstance(shown, float) else str(shown)


def money(value: Decimal, currency: str) -> str:
    return f"{currency} {value:,.0f}"


def elective(key: str) -> str:
    """ELECTIVE:BUS/MGT:3:3 -> 'Elective BUS/MGT L3+ (3 cr)'."""
    if not key.startswith("ELECTIVE:"):
        return key
    _, subject, level, amount = key.split(":", 3)
    parts = ["Elective"]
    parts.append("any subject" if subject == "*" else subject)
    if level != "*":
        parts.append(f"L{level}+")
    return " ".join(parts) + f" ({amount} cr)"


STATUS_STYLE = {
    "met": "bold green",
    "partial": "yellow",
    "open": "red",
    "waived": "cyan",
}

STATUS_MARK = {"met": "✔", "partial": "◐", "open": "○", "waived": "≈"}
