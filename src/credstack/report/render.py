"""One entry point for every output format."""

from __future__ import annotations

from collections.abc import Callable

from credstack.engine.results import Report
from credstack.report.json_report import render_json

Renderer = Callable[[Report], str]


def renderers() -> dict[str, Renderer]:
    found: dict[str, Renderer] = {"json": render_json}
    return found


def render(report: Report, fmt: str, *, compare: bool = False, color: bool = False) -> str:
    table = renderers()
    if fmt not in table:
        raise LookupError(fmt)
    return table[fmt](report)
