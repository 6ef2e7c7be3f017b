"""Where things are in a TOML text: the line of every table and key.

`tomllib` returns plain data without positions, so this scanner reads the same text once
more and records, for each table path (`("course", 3)`, `("program", 0, "requirement",
2)`) and each key under it, the line it starts on. Error reporting asks for the longest
known prefix of a pydantic error location.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence

Path_ = tuple[str | int, ...]
LinePath = Path_

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
        self._table: dict[Path_, int] = {}
        self._load: Callable[[], dict[Path_, int]] | None = None
        self._counts: dict[Path_, int] = {}
        self._line = 1
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
        self._table.setdefault(key, self._line)
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
        state: str | None = None  # inside a multi-line string: its delimiter
        depth = 0  # open brackets of a multi-line array or inline table
        for number, raw in enumerate(text.split("\n"), start=1):
            line = raw.removesuffix("\r")
            self._line = number
            if state is not None or depth > 0:
                state, depth = _scan_value(line, state, depth)
                continue
            if match := _ARRAY_HEADER.match(line):
                table = self._open_array(_parts(match.group(1)))
                self._table.setdefault(table, number)
                continue
            if match := _TABLE_HEADER.match(line):
                table = self._open_table(_parts(match.group(1)))
                self._table.setdefault(table, number)
                continue
            if match := _KEY_LINE.match(line):
                key = (*table, *_parts(match.group(1)))
                self._table.setdefault(key, number)
                state, depth = _scan_value(line[match.end() :], None, 0)

    @classmethod
    def deferred(cls, load: Callable[[], dict[Path_, int]]) -> LineIndex:
        """An index whose lines are built by `load` when first asked for (the catalogue
        cache: most loads never need a line)."""
        index = cls("")
        index._load = load
        return index

    @property
    def lines(self) -> dict[Path_, int]:
        """Line of every table and key path seen (built on first use when deferred)."""
        if self._load is not None:
            self._table, self._load = self._load(), None
        return self._table

    def line_of(self, loc: Sequence[str | int]) -> int:
        """The line of the longest known prefix of `loc` (1 when nothing is known)."""
        path = tuple(loc)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return 1


def encode_lines(lines: dict[Path_, int]) -> bytes:
    """The index as JSON data: `[[["course", 3, "code"], 42], ...]`."""
    return json.dumps(
        [[list(path), line] for path, line in lines.items()], separators=(",", ":")
    ).encode()


def decode_lines(blob: bytes) -> dict[Path_, int]:
    """The inverse of `encode_lines`; ValueError for anything else."""
    found: dict[Path_, int] = {}
    items = json.loads(blob)
    if not isinstance(items, list):
        raise ValueError("a line index is a list")
    for item in items:
        if not (isinstance(item, list) and len(item) == 2 and isinstance(item[0], list)):
            raise ValueError("a line index entry is [path, line]")
        path, line = item
        if type(line) is not int or line < 1:
            raise ValueError("a line is a positive integer")
        if not all(type(part) in (str, int) for part in path):
            raise ValueError("a path holds names and positions")
        found[tuple(path)] = line
    return found


def _scan_value(text: str, state: str | None, depth: int) -> tuple[str | None, int]:
    """Follow strings, comments and brackets through one line of a TOML value.

    Returns the multi-line string still open at the end of the line (its delimiter, or
    None) and the bracket depth still open.
    """
    i = 0
    n = len(text)
    while i < n:
        if state is not None:
            close = _find_close(text, i, state)
            if close < 0:
                return state, depth
            i = close + 3
            while i < n and text[i] == state[0]:  # up to two quotes may end the content
                i += 1
            state = None
            continue
        char = text[i]
        if char == "#":
            break
        if char in "\"'":
            if text.startswith(char * 3, i):
                state = char * 3
                i += 3
                continue
            i = _end_of_string(text, i + 1, char)
            continue
        if char in "[{":
            depth += 1
        elif char in "]}":
            depth = max(0, depth - 1)
        i += 1
    return state, depth


def _find_close(text: str, start: int, delimiter: str) -> int:
    i = start
    while True:
        found = text.find(delimiter, i)
        if found < 0 or delimiter == "'''" or not _escaped(text, found):
            return found
        i = found + 1


def _escaped(text: str, position: int) -> bool:
    backslashes = 0
    while position - backslashes - 1 >= 0 and text[position - backslashes - 1] == "\\":
        backslashes += 1
    return backslashes % 2 == 1


def _end_of_string(text: str, start: int, quote: str) -> int:
    i = start
    while i < len(text):
        if text[i] == quote and (quote == "'" or not _escaped(text, i)):
            return i + 1
        i += 1
    return len(text)
