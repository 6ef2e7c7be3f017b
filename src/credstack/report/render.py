"""One entry point for every output format.

Text, Markdown and HTML walk the one report document (build.py); JSON and CSV serialise
the results to their own contracts.
"""

from __future__ import annotations

from typing import Protocol

from credstack.engine.results import Report
from credstack.report.build import build_document
from credstack.report.csv_report import render_csv
from credstack.report.html import to_html
from credstack.report.json_report import render_json
from credstack.report.markdown import to_markdown
from credstack.report.text import to_text


class Renderer(Protocol):
    def __call__(self, report: Report, *, compare: bool = False, color: bool = False) -> str: ...


def render_text(report: Report, *, compare: bool = False, color: bool = False) -> str:
    return to_text(build_document(report, compare=compare), color=color)


def render_markdown(report: Report, *, compare: bool = False, color: bool = False) -> str:
    return to_markdown(build_document(report, compare=compare))


def render_html(report: Report, *, compare: bool = False, color: bool = False) -> str:
    return to_html(build_document(report, compare=compare))


def _json(report: Report, *, compare: bool = False, color: bool = False) -> str:
    """The report JSON; a comparison is the same document, results in the order given."""
    return render_json(report)


def renderers() -> dict[str, Renderer]:
    return {
        "text": render_text,
        "markdown": render_markdown,
        "json": _json,
        "html": render_html,
        "csv": render_csv,
    }


def render(report: Report, fmt: str, *, compare: bool = False, color: bool = False) -> str:
    table = renderers()
    if fmt not in table:
        raise LookupError(fmt)
    return table[fmt](report, compare=compare, color=color)
