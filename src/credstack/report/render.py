"""One entry point for every output format.

Text, Markdown and HTML walk the one report document (build.py); JSON and CSV serialise
the results to their own contracts. `credstack report` and the TUI's takeaway
(Session.takeaway) both print through `render`, so they never differ.
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

# The formats a learner takes away (the TUI's `x`), with their file name endings.
TAKEAWAY_FORMATS = {"html": ".html", "markdown": ".md", "text": ".txt"}


class Renderer(Protocol):
    def __call__(
        self, report: Report, *, compare: bool = False, color: bool = False, unsaved: bool = False
    ) -> str: ...


def render_text(
    report: Report, *, compare: bool = False, color: bool = False, unsaved: bool = False
) -> str:
    return to_text(build_document(report, compare=compare, unsaved=unsaved), color=color)


def render_markdown(
    report: Report, *, compare: bool = False, color: bool = False, unsaved: bool = False
) -> str:
    return to_markdown(build_document(report, compare=compare, unsaved=unsaved))


def render_html(
    report: Report, *, compare: bool = False, color: bool = False, unsaved: bool = False
) -> str:
    return to_html(build_document(report, compare=compare, unsaved=unsaved))


def _json(
    report: Report, *, compare: bool = False, color: bool = False, unsaved: bool = False
) -> str:
    """The report JSON; a comparison is the same document, results in the order given."""
    return render_json(report)


def _csv(
    report: Report, *, compare: bool = False, color: bool = False, unsaved: bool = False
) -> str:
    return render_csv(report, compare=compare, color=color)


def renderers() -> dict[str, Renderer]:
    return {
        "text": render_text,
        "markdown": render_markdown,
        "json": _json,
        "html": render_html,
        "csv": _csv,
    }


def render(
    report: Report,
    fmt: str,
    *,
    compare: bool = False,
    color: bool = False,
    unsaved: bool = False,
) -> str:
    """`report` in format `fmt` (LookupError for an unknown one). `unsaved` marks a human
    format's report as showing edits not yet saved to the learner file."""
    table = renderers()
    if fmt not in table:
        raise LookupError(fmt)
    return table[fmt](report, compare=compare, color=color, unsaved=unsaved)
