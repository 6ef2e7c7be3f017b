"""Held items imported from Open Badges / CLRs, with the verification recorded at import.

Pure: reads the learner file's provenance fields (docs/badges.md); nothing is verified
again here (that needs the badge file, which the learner file does not keep).
"""

from __future__ import annotations

from dataclasses import dataclass

from credstack.model.learner import LearnerFile
from credstack.model.region import Region


@dataclass(frozen=True)
class ImportedBadge:
    held: str  # the held item's reference
    title: str
    earned: str  # ISO date
    badge_id: str | None
    verification: str  # verified | unverified | failed
    note: str


def imported_badges(region: Region, learner: LearnerFile) -> tuple[ImportedBadge, ...]:
    return tuple(
        ImportedBadge(
            held=held.ref,
            title=region.title_of(held.ref),
            earned=held.earned.isoformat(),
            badge_id=held.badge_id,
            verification=held.verification or "unverified",
            note=held.verification_note or "",
        )
        for held in learner.held
        if held.source in ("badge", "edc")
    )
