"""The learner file, version 1 (docs/learner-format.md): one learner's record."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from credstack.model.catalogue import Grade, PriorKind

ExceptionKind = Literal["substitute", "grant", "waive", "exclude"]
TERM_LABEL = r"^[0-9]{4} [a-z][a-z0-9-]*$"


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Evidence(Strict):
    title: str = Field(min_length=1)
    path: str | None = None
    sha256: str | None = Field(default=None, pattern=r"^[0-9a-f]{64}$")


class LearnerInfo(Strict):
    name: str = Field(min_length=1)
    as_of: dt.date | None = None
    start: str | None = Field(default=None, pattern=TERM_LABEL)
    credits_per_term: Annotated[Decimal, Field(gt=0, le=60)] = Decimal(12)
    attend: list[str] | None = None
    goals: list[str] = Field(default_factory=list)
    budget: Annotated[Decimal, Field(ge=0, le=100_000_000)] | None = None


class Held(Strict):
    ref: str = Field(min_length=1)
    earned: dt.date
    grade: Grade = "P"
    evidence: list[Evidence] = Field(default_factory=list)


class Prior(Strict):
    title: str = Field(min_length=1)
    kind: PriorKind
    hours: Annotated[Decimal, Field(ge=0, le=200_000)] = Decimal(0)
    skills: list[str] = Field(default_factory=list)
    ended: dt.date | None = None
    evidence: list[str] = Field(default_factory=list)


class AdviserException(Strict):
    kind: ExceptionKind
    program: str = Field(min_length=1)
    item: str | None = None
    course: str | None = None
    requirement: str | None = None
    reason: str = Field(min_length=1)
    by: str | None = None
    date: dt.date | None = None

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


class LearnerFile(Strict):
    format: Literal[1]
    learner: LearnerInfo
    held: list[Held] = Field(default_factory=list)
    prior: list[Prior] = Field(default_factory=list)
    exception: list[AdviserException] = Field(default_factory=list)
