"""One entry point for every output format.

Text, Markdown and HTML walk the one report document (build.py); JSON and CSV serialise
the results to their own contracts.
"""

from __future__ import annotations

from typing import Protocol

from credstack.engine.results import Report

# Each format's modules are imported when that format is asked for (start-up: a JSON
# report never imports rich).


class Renderer(Protocol):
    def __call__(self, report: Report, *, compare: bool = False, color: bool = False) -> str: ...


def render_text(report: Report, *, compare: bool = False, color: bool = False) -> str:
    from credstack.report.build import build_document
    from credstack.report.text import to_text

    return to_text(build_document(report, compare=compare), color=color)


def render_markdown(report: Report, *, compare: bool = False, color: bool = False) -> str:
    from credstack.report.build import build_document
    from credstack.report.markdown import to_markdown

    return to_markdown(build_document(report, compare=compare))


def render_html(report: Report, *, compare: bool = False, color: bool = False) -> str:
    from credstack.report.build import build_document
    from credstack.report.html import to_html

    return to_html(build_document(report, compare=compare))


def _json(report: Report, *, compare: bool = False, color: bool = False) -> str:
    """The report JSON; a comparison is the same document, results in the order given."""
    from credstack.report.json_report import render_json

    return render_json(report)


def _csv(report: Report, *, compare: bool = False, color: bool = False) -> str:
    from credstack.report.csv_report import render_csv

    return render_csv(report, compare=compare, color=color)


def renderers() -> dict[str, Renderer]:
    return {
        "text": render_text,
        "markdown": render_markdown,
        "json": _json,
        "html": render_html,
        "csv": _csv,
    }


def render(report: Report, fmt: str, *, compare: bool = False, color: bool = False) -> str:
    table = renderers()
    if fmt not in table:
        raise LookupError(fmt)
    return table[fmt](report, compare=compare, color=color)
