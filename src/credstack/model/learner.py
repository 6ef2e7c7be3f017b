"""The learner file, version 1 (docs/learner-format.md): one learner's record."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from credstack.model.catalogue import EARLIEST, LATEST, Date, Grade, PriorKind

ExceptionKind = Literal["substitute", "grant", "waive", "exclude"]
TERM_LABEL = r"^[0-9]{4} [a-z][a-z0-9-]*$"


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Evidence(Strict):
    title: str = Field(min_length=1)
    path: str | None = None  # relative to the learner file's folder (docs/evidence.md)
    sha256: str | None = None  # 64 hex digits, stored in lower case

    @field_validator("sha256")
    @classmethod
    def _hex_digest(cls, value: str | None) -> str | None:
        if value is None:
            return None
        if not re.fullmatch(r"[0-9a-fA-F]{64}", value):
            raise ValueError(
                f"sha256 must be 64 hexadecimal digits, as sha256sum prints (got {len(value)} "
                "characters" + (")" if len(value) != 64 else ", not all hexadecimal)")
            )
        return value.lower()


class LearnerInfo(Strict):
    name: str = Field(min_length=1)
    as_of: Date | None = None
    start: str | None = Field(default=None, pattern=TERM_LABEL)
    credits_per_term: Annotated[Decimal, Field(gt=0, le=60)] = Decimal(12)
    attend: list[str] | None = None
    goals: list[str] = Field(default_factory=list)
    budget: Annotated[Decimal, Field(ge=0, le=100_000_000)] | None = None
    roles: list[str] = Field(default_factory=list)  # target roles, "employer:role-id"
    # who the learner is in badges: credentialSubject ids (did:..., mailto:..., urn:...)
    identifiers: list[str] = Field(default_factory=list)

    @field_validator("start")
    @classmethod
    def _start_year(cls, value: str | None) -> str | None:
        if value is not None and not EARLIEST.year <= int(value[:4]) <= LATEST.year:
            raise ValueError(
                f"{value!r} is out of range: years run from {EARLIEST.year} to {LATEST.year}"
            )
        return value


class Held(Strict):
    ref: str = Field(min_length=1)
    earned: Date
    grade: Grade = "P"
    evidence: list[Evidence] = Field(default_factory=list)
    # provenance of an item imported from an Open Badge / CLR or a European Digital
    # Credential (docs/badges.md)
    source: Literal["badge", "edc"] | None = None
    badge_id: str | None = None
    verification: Literal["verified", "unverified", "failed"] | None = None
    verification_note: str | None = None
    result: str | None = None  # the badge's raw result when it is not a grade


class Prior(Strict):
    title: str = Field(min_length=1)
    kind: PriorKind
    hours: Annotated[Decimal, Field(ge=0, le=200_000)] = Decimal(0)
    skills: list[str] = Field(default_factory=list)
    ended: Date | None = None
    evidence: list[str] = Field(default_factory=list)


class AdviserException(Strict):
    kind: ExceptionKind
    program: str = Field(min_length=1)
    item: str | None = None
    course: str | None = None
    requirement: str | None = None
    reason: str = Field(min_length=1)
    by: str | None = None
    date: Date | None = None

    @model_validator(mode="after")
    def _fields_for_kind(self) -> AdviserException:
        need: dict[str, tuple[str, ...]] = {
            "substitute": ("item", "course"),
            "grant": ("item", "course"),
            "waive": ("requirement",),
            "exclude": ("item",),
        }
        for name in need[self.kind]:
            if not getattr(self, name):
                raise ValueError(f"a {self.kind!r} exception needs '{name}'")
        return self


class Note(Strict):
    """What was agreed in an appointment (an extension; docs/learner-format.md)."""

    date: Date
    author: str = Field(min_length=1, max_length=200)
    text: str = Field(min_length=1, max_length=20_000)


class LearnerFile(Strict):
    format: Literal[1]
    learner: LearnerInfo
    held: list[Held] = Field(default_factory=list)
    prior: list[Prior] = Field(default_factory=list)
    exception: list[AdviserException] = Field(default_factory=list)
    note: list[Note] = Field(default_factory=list)

    def exceptions_for(self, program: str, *kinds: ExceptionKind) -> list[AdviserException]:
        """The adviser exceptions of these kinds recorded for `program`, in file order.

        An exception is a decision for one program ("issuer:program-id"), never another.
        """
        return [e for e in self.exception if e.program == program and e.kind in kinds]
