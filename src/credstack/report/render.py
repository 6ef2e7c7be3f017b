"""One entry point for every output format.

Text, Markdown and HTML walk the one report document (build.py); JSON and CSV serialise
the results to their own contracts. `credstack report` and the TUI's takeaway
(Session.takeaway) both print through `render`, so they never differ.
"""

from __future__ import annotations

from typing import Protocol

from credstack.engine.results import Report
from credstack.report.document import Document

# Each format's modules are imported when that format is asked for (start-up: a JSON
# report never imports rich).

# The formats a learner takes away (the TUI's `x`), with their file name endings.
TAKEAWAY_FORMATS = {"html": ".html", "markdown": ".md", "text": ".txt"}


class Renderer(Protocol):
    def __call__(
        self, report: Report, *, compare: bool = False, color: bool = False, unsaved: bool = False
    ) -> str: ...


def walk(document: Document, fmt: str, *, color: bool = False) -> str:
    """A report document in one of the human formats, by that format's walker (imported
    only when asked for). Every document credstack prints goes through here: a learner's
    report, an agreement, routes."""
    if fmt == "text":
        from credstack.report.text import to_text

        return to_text(document, color=color)
    if fmt == "markdown":
        from credstack.report.markdown import to_markdown

        return to_markdown(document)
    if fmt == "html":
        from credstack.report.html import to_html

        return to_html(document)
    raise LookupError(fmt)


def _walked(fmt: str) -> Renderer:
    def render_as(
        report: Report, *, compare: bool = False, color: bool = False, unsaved: bool = False
    ) -> str:
        from credstack.report.build import build_document

        return walk(build_document(report, compare=compare, unsaved=unsaved), fmt, color=color)

    return render_as


render_text = _walked("text")
render_markdown = _walked("markdown")
render_html = _walked("html")


def _json(
    report: Report, *, compare: bool = False, color: bool = False, unsaved: bool = False
) -> str:
    """The report JSON; a comparison is the same document, results in the order given."""
    from credstack.report.json_report import render_json

    return render_json(report)


def _csv(
    report: Report, *, compare: bool = False, color: bool = False, unsaved: bool = False
) -> str:
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
