"""Problems are values with a location: `file:line: message`.

Loading collects every problem it finds instead of stopping at the first; the CLI prints
them and exits 2 (lint exits 1), the TUI shows them in a panel.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from credstack.safe_text import safe_text

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Problem:
    """One located finding in a catalogue or learner file."""

    path: str
    line: int
    message: str
    severity: Severity = "error"

    def __post_init__(self) -> None:
        # A message quotes input (names, titles, keys): it is shown, never obeyed.
        object.__setattr__(self, "message", safe_text(self.message))

    def __str__(self) -> str:
        prefix = "" if self.severity == "error" else "warning: "
        return f"{safe_text(self.path)}:{self.line}: {prefix}{self.message}"


class CredstackError(Exception):
    """Raised with one or more located problems; the CLI prints them and exits 2."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: list[Problem] = sorted(problems)
        if not self.problems:
            raise ValueError("CredstackError needs at least one problem")
        super().__init__(str(self.problems[0]))

    @classmethod
    def at(cls, path: str | Path, line: int, message: str) -> CredstackError:
        return cls([Problem(str(path), line, message)])


def did_you_mean(name: str, candidates: Iterable[str]) -> str:
    """' (did you mean X?)' for the closest candidates, or ''."""
    pool = sorted(set(candidates))
    close = difflib.get_close_matches(name, pool, n=3, cutoff=0.6)
    if not close:
        lowered = {c.lower(): c for c in pool}
        close = [lowered[c] for c in difflib.get_close_matches(name.lower(), list(lowered), 3)]
    if not close:
        return ""
    return " (did you mean " + " or ".join(repr(c) for c in close) + "?)"


class SaveRefused(CredstackError):
    """A save that would lose or silently replace a file; nothing was written.

    The CLI prints it as one line and exits 2; the TUI offers what to do instead."""

    def __init__(self, path: str | Path, message: str) -> None:
        self.path = Path(path)
        super().__init__([Problem(str(path), 1, message)])


class ChangedOnDisk(SaveRefused):
    """The file was changed on disk (by an editor, another credstack) since it was loaded."""


class TargetExists(SaveRefused):
    """Saving as a file that exists and is not the one that was loaded."""


class ReadOnlyFile(SaveRefused):
    """The file, or its folder, may not be written."""
