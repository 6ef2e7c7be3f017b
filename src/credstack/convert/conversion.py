"""What every converter returns: a catalogue as plain data, and what it could not map.

A converter never guesses silently: anything in the source it cannot express in the
catalogue format is an `Unmapped` with where it is (`file:line` or `file#/json/pointer`),
a short kind (counted per kind in the command's summary) and a one-line message. Malformed
input is not a warning: the converter raises `CredstackError` (exit 2).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, order=True)
class Unmapped:
    """Something in the source that the catalogue does not carry, and why."""

    where: str  # "file:line" or "file#/json/pointer"
    kind: str  # e.g. "unknown-class", "prerequisite-cycle", "unknown-course"
    message: str

    def __str__(self) -> str:
        return f"{self.where}: warning: {self.message} [{self.kind}]"


@dataclass
class Conversion:
    """One converted catalogue: the TOML document as plain data, and the warnings."""

    catalogue: dict[str, Any]
    warnings: list[Unmapped] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        """Warnings per kind, most frequent first (ties by kind)."""
        counted = Counter(w.kind for w in self.warnings)
        return dict(sorted(counted.items(), key=lambda item: (-item[1], item[0])))
