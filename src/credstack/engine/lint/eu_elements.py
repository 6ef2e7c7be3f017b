"""eu-elements: a micro-credential that lacks a mandatory element of the EU standard.

Council Recommendation of 16 June 2022 on a European approach to micro-credentials for
lifelong learning and employability (2022/C 243/02), Annex I, mandatory elements. The
rule is model/eu_elements.py's, shared with the import of European Digital Credentials.
"""

from __future__ import annotations

from collections.abc import Iterator

from credstack.engine.lint.common import warn
from credstack.errors import Problem
from credstack.model.catalogue import Credential, Issuer
from credstack.model.eu_elements import (
    ASSESSMENT,
    ISSUER,
    LEVEL,
    OUTCOMES,
    PARTICIPATION,
    QUALITY_ASSURANCE,
    TITLE,
    WORKLOAD,
    EuElements,
    missing_eu_elements,
)
from credstack.model.region import Region

CHECK = "eu-elements"


# where a catalogue states each element (docs/catalog-format.md)
FIELDS = {
    TITLE: "title",
    ISSUER: "issuer (name)",
    OUTCOMES: "learning outcomes (outcomes)",
    WORKLOAD: "notional workload (credits or hours)",
    LEVEL: "level (eqf_level)",
    ASSESSMENT: "type of assessment (assessment)",
    PARTICIPATION: "form of participation (participation)",
    QUALITY_ASSURANCE: "type of quality assurance (quality_assurance, here or in [issuer])",
}


def catalogue_elements(credential: Credential, issuer: Issuer) -> EuElements:
    """The elements a catalogue credential states (its issuer's QA counts for it)."""
    return EuElements(
        title=credential.title,
        issuer=issuer.name,
        outcomes=tuple(credential.outcomes),
        workload=bool(credential.credits or credential.hours),
        level=credential.eqf_level,
        assessment=credential.assessment or "",
        participation=credential.participation or "",
        quality_assurance=credential.quality_assurance or issuer.quality_assurance or "",
    )


def missing_elements(credential: Credential, issuer: Issuer) -> list[str]:
    """The mandatory EU elements `credential` does not state, as the catalogue names them."""
    return [FIELDS[name] for name in missing_eu_elements(catalogue_elements(credential, issuer))]


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
