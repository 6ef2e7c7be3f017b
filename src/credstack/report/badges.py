"""Held items imported from Open Badges and CLRs, with the verification recorded when
each was imported (engine/badges.py)."""

from __future__ import annotations

from collections.abc import Sequence

from credstack.engine.badges import ImportedBadge
from credstack.report.document import Column, Paragraph, Section, Table, Tone, inline, strong
from credstack.report.format import TONE_STYLE

TITLE = "Imported badges"
VERIFICATION_TONE: dict[str, Tone] = {"verified": "good", "unverified": "warn", "failed": "bad"}
# each verification in a terminal (rich styles), for the TUI's Learner area too
STYLE = {state: TONE_STYLE[tone] for state, tone in VERIFICATION_TONE.items()}
NOTE = "Verification as recorded when each badge was imported (credstack import)."
COLUMNS = (
    Column("Held"),
    Column("Title"),
    Column("Earned"),
    Column("Verification"),
    Column("Why"),
)


def badges(imported: Sequence[ImportedBadge]) -> Section | None:
    if not imported:
        return None
    rows = tuple(
        (
            inline(item.held),
            inline(item.title),
            inline(item.earned),
            inline(strong(item.verification, VERIFICATION_TONE.get(item.verification))),
            inline(item.note),
        )
        for item in imported
    )
    blocks = (Table(COLUMNS, rows), Paragraph(inline(NOTE), note=True))
    return Section(TITLE, blocks, kind="badges")
