"""The mandatory elements of an EU micro-credential, one rule for every place that reads one.

Council Recommendation of 16 June 2022 on a European approach to micro-credentials for
lifelong learning and employability (2022/C 243/02), Annex I. A catalogue credential
(engine/lint/eu_elements.py) and an imported European Digital Credential
(badges/edc.py) both state their elements as `EuElements`; `missing_eu_elements` says
which are missing, in the Annex's order.
"""

from __future__ import annotations

from dataclasses import dataclass

TITLE = "title"
ISSUER = "issuer"
OUTCOMES = "learning outcomes"
WORKLOAD = "notional workload"
LEVEL = "level"
ASSESSMENT = "type of assessment"
PARTICIPATION = "form of participation"
QUALITY_ASSURANCE = "type of quality assurance"


@dataclass(frozen=True)
class EuElements:
    """What a micro-credential states of the mandatory elements (empty: not stated)."""

    title: str
    issuer: str
    outcomes: tuple[str, ...]
    workload: bool  # credits (ECTS) or hours stated
    level: int | None  # EQF level
    assessment: str
    participation: str
    quality_assurance: str


def missing_eu_elements(elements: EuElements) -> list[str]:
    """The mandatory elements not stated, by their names in the Recommendation."""
    checks = (
        (TITLE, bool(elements.title.strip())),
        (ISSUER, bool(elements.issuer.strip())),
        (OUTCOMES, any(outcome.strip() for outcome in elements.outcomes)),
        (WORKLOAD, elements.workload),
        (LEVEL, elements.level is not None),
        (ASSESSMENT, bool(elements.assessment.strip())),
        (PARTICIPATION, bool(elements.participation.strip())),
        (QUALITY_ASSURANCE, bool(elements.quality_assurance.strip())),
    )
    return [name for name, stated in checks if not stated]
