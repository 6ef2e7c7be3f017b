"""expired-agreement: an articulation rule whose validity window closed before today."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from credstack.engine.lint.common import warn
from credstack.errors import Problem
from credstack.model.region import Region

CHECK = "expired-agreement"


def expired_agreement(region: Region, today: dt.date) -> Iterator[Problem]:
    """Rules with `valid_until` before `today`: renew the agreement or retire the rule."""
    for loaded in region.catalogues.values():
        for index, rule in enumerate(loaded.catalogue.articulation):
            if rule.valid_until is None or rule.valid_until >= today:
                continue
            yield warn(
                loaded,
                ("articulation", index, "valid_until"),
                CHECK,
                f"articulation rule {rule.id!r} expired on {rule.valid_until.isoformat()}: "
                "learning earned since then is not recognised under it (renew the "
                "agreement or retire the rule)",
            )
