"""Where things are in a TOML text: the line of every table and key.

`tomllib` returns plain data without positions, so this scanner reads the same text once
more and records, for each table path (`("course", 3)`, `("program", 0, "requirement",
2)`) and each key under it, the line it starts on. Error reporting asks for the longest
known prefix of a pydantic error location.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

Path_ = tuple[str | int, ...]

_BARE_KEY = r"[A-Za-z0-9_-]+"
_KEY = rf'(?:{_BARE_KEY}|"[^"]*"|\'[^\']*\')'
_DOTTED = rf"{_KEY}(?:\s*\.\s*{_KEY})*"
_ARRAY_HEADER = re.compile(rf"^\s*\[\[\s*({_DOTTED})\s*\]\]")
_TABLE_HEADER = re.compile(rf"^\s*\[\s*({_DOTTED})\s*\]")
_KEY_LINE = re.compile(rf"^\s*({_DOTTED})\s*=")
_PART = re.compile(_KEY)


def _parts(dotted: str) -> list[str]:
    return [p.strip("\"'") for p in _PART.findall(dotted)]


class LineIndex:
    """Maps table and key paths of one TOML document to 1-based line numbers."""

    def __init__(self, text: str) -> None:
        self.lines: dict[Path_, int] = {}
        self._counts: dict[Path_, int] = {}
        self._scan(text)

    def _open_array(self, parts: list[str]) -> Path_:
        # [[a.b]]: b is an array inside the *latest* element of a (when a is an array).
        path: list[str | int] = []
        for part in parts[:-1]:
            path.append(part)
            count = self._counts.get(tuple(path))
            if count is not None:
                path.append(count - 1)
        path.append(parts[-1])
        key = tuple(path)
        index = self._counts.get(key, 0)
        self._counts[key] = index + 1
        return (*key, index)

    def _open_table(self, parts: list[str]) -> Path_:
        path: list[str | int] = []
        for part in parts:
            path.append(part)
            count = self._counts.get(tuple(path))
            if count is not None and part != parts[-1]:
                path.append(count - 1)
        return tuple(path)

    def _scan(self, text: str) -> None:
        table: Path_ = ()
        in_multiline: str | None = None
        depth = 0
        for number, raw in enumerate(text.splitlines(), start=1):
            line = raw
            if in_multiline:
                if in_multiline in line:
                    in_multiline = None
                continue
            if depth > 0:
                depth += _bracket_balance(line)
                continue
            if match := _ARRAY_HEADER.match(line):
                table = self._open_array(_parts(match.group(1)))
                self.lines.setdefault(table, number)
                continue
            if match := _TABLE_HEADER.match(line):
                table = self._open_table(_parts(match.group(1)))
                self.lines.setdefault(table, number)
                continue
            if match := _KEY_LINE.match(line):
                key = (*table, *_parts(match.group(1)))
                self.lines.setdefault(key, number)
                rest = line[match.end():]
                for quote in ('"""', "'''"):
                    if rest.count(quote) % 2 == 1:
                        in_multiline = quote
                if not in_multiline:
                    depth = max(0, _bracket_balance(rest))

    def line_of(self, loc: Sequence[str | int]) -> int:
        """The line of the longest known prefix of `loc` (1 when nothing is known)."""
        path = tuple(loc)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return 1


def _bracket_balance(text: str) -> int:
    balance = 0
    quote: str | None = None
    for char in text:
        if quote:
            if char == quote:
                quote = None
        elif char in "\"'":
            quote = char
        elif char == "#":
            break
        elif char in "[{":
            balance += 1
        elif char in "]}":
            balance -= 1
    return balance
