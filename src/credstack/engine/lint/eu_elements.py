"""eu-elements: a micro-credential that lacks a mandatory element of the EU standard.

Council Recommendation of 16 June 2022 on a European approach to micro-credentials for
lifelong learning and employability (2022/C 243/02), Annex I, mandatory elements.
"""

from __future__ import annotations

from collections.abc import Iterator

from credstack.engine.lint.common import warn
from credstack.errors import Problem
from credstack.model.catalogue import Credential, Issuer
from credstack.model.region import Region

CHECK = "eu-elements"


def missing_elements(credential: Credential, issuer: Issuer) -> list[str]:
    """The mandatory EU elements `credential` does not state, as the catalogue names them."""
    missing: list[str] = []
    if not credential.title.strip():
        missing.append("title")
    if not issuer.name.strip():
        missing.append("issuer (name)")
    if not any(outcome.strip() for outcome in credential.outcomes):
        missing.append("learning outcomes (outcomes)")
    if not (credential.credits or credential.hours):
        missing.append("notional workload (credits or hours)")
    if credential.eqf_level is None:
        missing.append("level (eqf_level)")
    if not (credential.assessment or "").strip():
        missing.append("type of assessment (assessment)")
    if credential.participation is None:
        missing.append("form of participation (participation)")
    if not (credential.quality_assurance or issuer.quality_assurance or "").strip():
        missing.append("type of quality assurance (quality_assurance, here or in [issuer])")
    return missing


def eu_elements(region: Region) -> Iterator[Problem]:
    """One warning per micro-credential that misses mandatory EU elements, listing them."""
    for loaded in region.catalogues.values():
        for index, credential in enumerate(loaded.catalogue.credential):
            if credential.type != "micro-credential":
                continue
            missing = missing_elements(credential, loaded.issuer)
            if missing:
                yield warn(
                    loaded,
                    ("credential", index),
                    CHECK,
                    f"micro-credential {credential.id!r} lacks mandatory EU elements: "
                    + ", ".join(missing),
                )
