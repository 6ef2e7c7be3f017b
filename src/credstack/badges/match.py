"""Matching a badge's achievement to a catalogue credential.

An achievement id listed in a credential's `badge_achievement_ids` is an exact match. Else
the achievement's `humanCode` or `name` equal (ignoring case) to a credential's id or
title is only a candidate, which an adviser must confirm before it is added.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from credstack.model.refs import make_ref
from credstack.model.region import Region

MatchKind = Literal["exact", "candidate", "none"]


@dataclass(frozen=True)
class Match:
    kind: MatchKind
    ref: str | None
    why: str


def match_achievement(achievement: dict[str, Any], region: Region) -> Match:
    achievement_id = achievement.get("id")
    if isinstance(achievement_id, str) and achievement_id:
        exact = [
            make_ref(issuer, credential.id)
            for issuer, loaded in region.catalogues.items()
            for credential in loaded.catalogue.credential
            if achievement_id in credential.badge_achievement_ids
        ]
        if exact:
            return Match("exact", exact[0], f"achievement id {achievement_id} is listed")
    names = {
        str(achievement[key]).strip().casefold(): key
        for key in ("humanCode", "name")
        if isinstance(achievement.get(key), str) and str(achievement[key]).strip()
    }
    candidates: list[tuple[str, str]] = []
    for issuer, loaded in region.catalogues.items():
        for credential in loaded.catalogue.credential:
            for label in (credential.id, credential.title):
                key = names.get(label.casefold())
                if key is not None:
                    candidates.append((make_ref(issuer, credential.id), key))
                    break
    refs = list(dict.fromkeys(ref for ref, _ in candidates))
    if len(refs) == 1:
        key = candidates[0][1]
        return Match("candidate", refs[0], f"achievement {key} {achievement[key]!r} (confirm)")
    if len(refs) > 1:
        return Match("none", None, "several catalogue credentials fit: " + ", ".join(refs))
    return Match("none", None, "no catalogue credential lists or names this achievement")
