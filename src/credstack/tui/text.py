"""Catalogue text is data, never markup: every string shown goes through here."""

from __future__ import annotations

from decimal import Decimal

from rich.text import Text
from textual.content import Content
from textual.fuzzy import Matcher
from textual.markup import escape

from credstack.engine.results import Plan
from credstack.report.json_numbers import number


def plain(value: object, style: str = "") -> Text:
    """A Text that shows `value` literally (no markup is interpreted)."""
    return Text(str(value), style=style)


def markup_safe(value: object) -> str:
    """`value` escaped for the places Textual only accepts as markup (palette help)."""
    return escape(str(value))


def highlight(matcher: Matcher, candidate: str) -> Content:
    """`Matcher.highlight` for literal text: `candidate` is never read as markup."""
    content = Content(candidate)
    _, offsets = matcher.fuzzy_search.match(matcher.query, candidate)
    for offset in offsets:
        if not candidate[offset].isspace():
            content = content.stylize(matcher.match_style, offset, offset + 1)
    return content


def finish(plan: Plan) -> str:
    """The plan's last term; "done" when nothing is left; "cannot finish" when some of
    it can be scheduled in no attended term or a requirement stays open."""
    if not plan.finishes:
        return "cannot finish"
    return plan.finish or "done"


def clip(value: object, width: int) -> Text:
    """`value` shown literally, cut to `width` cells with an ellipsis when longer."""
    text = str(value)
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
