"""Registrar-facing warnings about a loaded region (see docs/lint.md)."""

from __future__ import annotations

from credstack.errors import Problem
from credstack.model.region import Region


def lint_region(region: Region) -> list[Problem]:
    return []
