"""The evidence portfolio: each held item's artifacts checked against their SHA-256
(engine/evidence.py), for the report and for `credstack verify`."""

from __future__ import annotations

from collections.abc import Sequence

from credstack.engine.evidence import EvidenceCheck, summary, verdict
from credstack.report import format as fmt
from credstack.report.document import (
    Block,
    Column,
    Document,
    Paragraph,
    Section,
    Table,
    Tone,
    inline,
    strong,
    toned,
)

TITLE = "Evidence"
STATE_TONE: dict[str, Tone] = {
    "ok": "good",
    "changed": "bad",
    "missing": "bad",
    "refused": "bad",
    "unreadable": "bad",
    "unhashed": "warn",
    "no-file": "muted",
    "not-checked": "muted",
}
# each state in a terminal (rich styles), for the TUI's portfolio too
STATE_STYLE = {state: fmt.TONE_STYLE[tone] for state, tone in STATE_TONE.items()}
NOTE = (
    "Each artifact's SHA-256 is compared with the one recorded in the learner file; "
    "paths are relative to the learner file's folder."
)
COLUMNS = (
    Column("Held"),
    Column("Artifact"),
    Column("State"),
    Column("Path"),
    Column("Detail"),
)


def evidence_table(checks: Sequence[EvidenceCheck]) -> Table:
    """Held item, artifact, state, path and detail; a record per artifact in a terminal,
    so that paths and hashes stay whole."""
    rows = tuple(
        (
            inline(check.held),
            inline(check.title),
            inline(strong(check.state, STATE_TONE.get(check.state))),
            inline(toned(check.path, "muted")) if check.path else inline(fmt.DASH),
            inline(check.detail),
        )
        for check in checks
    )
    return Table(COLUMNS, rows, records=True)


def evidence(checks: Sequence[EvidenceCheck]) -> Section | None:
    if not checks:
        return None
    blocks = (
        evidence_table(checks),
        Paragraph(inline(f"{summary(checks)}.")),
        Paragraph(inline(NOTE), note=True),
    )
    return Section(TITLE, blocks, kind="evidence")


def verify_document(learner: str, checks: Sequence[EvidenceCheck]) -> Document:
    """What `credstack verify` prints: the artifacts, then the summary and the verdict."""
    blocks: list[Block] = [evidence_table(checks)] if checks else []
    blocks.append(
        Paragraph(inline(" \u00b7 ".join(filter(None, [summary(checks), verdict(checks)]))))
    )
    return Document(TITLE, learner, None, tuple(blocks))
