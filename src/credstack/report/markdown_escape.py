"""Plain text as literal inline Markdown: what every Markdown renderer escapes with.

Its own module so the Markdown report (report/markdown.py) and the sections it includes
(careers, evidence, subscriptions, badges) share it without importing each other.
"""

from __future__ import annotations

import re

_ALWAYS = re.compile(r"([\\`*\[\]<>|~])")
_UNDERSCORE = re.compile(r"(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])")
_HASH = re.compile(r"(^|\s)#")
_ENTITY = re.compile(r"&(?=#?[A-Za-z0-9]+;)")
_LEADING = re.compile(r"^(\d+)([.)])|^([-+=])")


def md(text: str) -> str:
    """Plain text as literal inline Markdown: one line, special characters escaped."""
    text = " ".join(str(text).split())
    text = _ALWAYS.sub(r"\\\1", text)
    text = _UNDERSCORE.sub(r"\\_", text)
    text = _HASH.sub(r"\1\\#", text)
    text = _ENTITY.sub(r"\\&", text)
    return _LEADING.sub(lambda m: f"{m[1]}\\{m[2]}" if m[1] else f"\\{m[3]}", text)
