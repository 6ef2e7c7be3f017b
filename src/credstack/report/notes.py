"""The adviser's notes of the report's day: what was agreed in the appointment."""

from __future__ import annotations

from collections.abc import Sequence

from credstack.engine.results import AppointmentNote
from credstack.report.document import Item, ItemList, Section, inline, strong, toned

TITLE = "Notes"


def _item(note: AppointmentNote) -> Item:
    """The author and the date, then the note's lines as written."""
    lines = tuple(inline(line) for line in note.text.splitlines() if line.strip())
    return Item(
        inline(strong(note.author), toned(f" \u00b7 {note.date.isoformat()}", "muted")), lines
    )


def notes(entries: Sequence[AppointmentNote]) -> Section | None:
    if not entries:
        return None
    return Section(TITLE, (ItemList(tuple(_item(note) for note in entries)),), kind="notes")
