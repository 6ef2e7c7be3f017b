"""unknown-intermediary: an institution honours an intermediary that is not loaded."""

from __future__ import annotations

from collections.abc import Iterator

from credstack.engine.lint.common import warn
from credstack.errors import Problem, did_you_mean
from credstack.model.region import Region

CHECK = "unknown-intermediary"


def unknown_intermediary(region: Region) -> Iterator[Problem]:
    """`[[institution.honours]]` naming no loaded issuer, or an issuer that is not an
    intermediary: its recommendations are not applied anywhere."""
    known = sorted(
        c.issuer.id for c in region.catalogues.values() if c.issuer.kind == "intermediary"
    )
    for loaded in region.catalogues.values():
        policy = loaded.catalogue.institution
        for index, honour in enumerate(policy.honours if policy else []):
            other = region.get(honour.intermediary)
            if other is not None and other.issuer.kind == "intermediary":
                continue
            why = (
                f"{honour.intermediary!r} is a {other.issuer.kind}, not an intermediary"
                if other is not None
                else f"no intermediary {honour.intermediary!r} is loaded"
                + did_you_mean(honour.intermediary, known)
            )
            yield warn(
                loaded,
                ("institution", "honours", index, "intermediary"),
                CHECK,
                f"{why}: no recommendation of it is applied here (load its catalogue, or "
                "remove the honours entry)",
            )
