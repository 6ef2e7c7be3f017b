"""What a European Digital Credential states about its achievement (badges/edc.py reads
it), kept on the credential for the import's summary and the EU-elements check."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from credstack.model.eu_elements import EuElements, missing_eu_elements


@dataclass(frozen=True)
class EdcFacts:
    """What an EDC states about its achievement, as credstack reads it."""

    achievement_id: str | None
    title: str
    awarding_body: str
    awarding_body_id: str | None
    ects: Decimal | None
    credit_framework: str | None  # the creditPoint framework's label when it is not ECTS
    eqf_level: int | None
    outcomes: tuple[str, ...]  # the ESCO skills of the learning outcomes: their ids
    skill_labels: tuple[str, ...]  # and their labels ("Game theory")
    outcome_titles: tuple[str, ...]
    participation: str  # the mode's label ("Online")
    hours: Decimal | None  # from volumeOfLearning
    assessment: str  # the assessment that proves it (provenBy), if named
    quality_assurance: str

    @property
    def elements(self) -> EuElements:
        return EuElements(
            title=self.title,
            issuer=self.awarding_body,
            outcomes=self.outcomes or self.outcome_titles,
            workload=self.ects is not None or self.hours is not None,
            level=self.eqf_level,
            assessment=self.assessment,
            participation=self.participation,
            quality_assurance=self.quality_assurance,
        )

    def disagreements(self, credits: Decimal | None, ects: bool, level: int | None) -> list[str]:
        """Where the EDC and the matched catalogue credential state different figures."""
        said = []
        if ects and self.ects is not None and credits is not None and self.ects != credits:
            said.append(f"the catalogue credential has {credits} ECTS")
        if self.eqf_level is not None and level is not None and self.eqf_level != level:
            said.append(f"the catalogue credential is EQF {level}")
        return said

    def summary(self) -> str:
        """One line: credits, level, outcomes, and the EU elements it lacks."""
        parts = []
        if self.ects is not None:
            parts.append(f"{self.ects} ECTS")
        if self.hours is not None:
            parts.append(f"{self.hours} hours")
        if self.eqf_level is not None:
            parts.append(f"EQF {self.eqf_level}")
        if self.outcomes:
            shown = ", ".join(self.skill_labels[:3]) + (
                ", ..." if len(self.skill_labels) > 3 else ""
            )
            parts.append(f"{len(self.outcomes)} ESCO skills" + (f" ({shown})" if shown else ""))
        parts.append(f"awarded by {self.awarding_body or '(unnamed)'}")
        missing = missing_eu_elements(self.elements)
        if missing:
            parts.append("EU micro-credential elements not stated: " + ", ".join(missing))
        return "EDC: " + "; ".join(parts)
