"""The `imported` key of the JSON report (docs/badges.md): held items from badges."""

from __future__ import annotations

from typing import Any

from credstack.engine.badges import ImportedBadge


def badge_json(item: ImportedBadge) -> dict[str, Any]:
    return {
        "held": item.held,
        "title": item.title,
        "earned": item.earned,
        "badge_id": item.badge_id,
        "verification": item.verification,
        "note": item.note,
    }
