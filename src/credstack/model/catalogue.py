"""The catalogue format, version 1 (docs/catalog-format.md): one file, one issuer.

These are plain pydantic models with no I/O. Credits and money are exact decimals, so
7.5 ECTS stays 7.5. Unknown keys are refused (a typo in a catalogue is an error with its
line, never silently ignored).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    field_validator,
    model_validator,
)

ISSUER_ID = r"^[a-z0-9][a-z0-9-]*$"
ITEM_ID = r"^[A-Za-z0-9][A-Za-z0-9._-]*$"

IssuerId = Annotated[str, Field(pattern=ISSUER_ID)]
ItemId = Annotated[str, Field(pattern=ITEM_ID)]
Credits = Annotated[Decimal, Field(ge=0, le=10_000, decimal_places=4)]
Money = Annotated[Decimal, Field(ge=0, le=100_000_000, decimal_places=4)]
Share = Annotated[Decimal, Field(ge=0, le=1)]
# A program, and a requirement in it, is at most 1,000 credits (a UK integrated master is
# 480 CATS, a six-year ECTS degree 360): a plan has one elective slot per chunk of it.
RequirementCredits = Annotated[Decimal, Field(ge=0, le=1000, decimal_places=4)]

# Every date a file gives lies in these years: recency limits, validity periods and a
# plan of up to 90 terms are counted from them, and Python's dates end at year 9999.
EARLIEST = dt.date(1900, 1, 1)
LATEST = dt.date(2199, 12, 31)


def in_date_range(value: dt.date) -> dt.date:
    """`value`, or ValueError when it lies outside EARLIEST..LATEST."""
    if not EARLIEST <= value <= LATEST:
        raise ValueError(
            f"{value.isoformat()} is out of range: dates run from {EARLIEST.isoformat()} "
            f"to {LATEST.isoformat()}"
        )
    return value


Date = Annotated[dt.date, AfterValidator(in_date_range)]

IssuerKind = Literal["university", "college", "provider", "employer", "framework", "intermediary"]
CreditSystem = Literal["us-semester", "us-quarter", "ects", "uk-cats", "none"]
CredentialType = Literal[
    "micro-credential",
    "certificate",
    "certification",
    "bootcamp",
    "mooc",
    "workplace-training",
    "badge",
]
AwardType = Literal["certificate", "diploma", "associate", "bachelor", "master", "doctorate"]
Participation = Literal["online", "onsite", "blended"]
PriorKind = Literal["workplace", "volunteer", "military", "self-study", "bootcamp"]
Grade = Literal["A+", "A", "A-", "B+", "B", "B-", "C+", "C", "C-", "D+", "D", "D-", "F", "P"]

DEFAULT_HOURS_PER_CREDIT: dict[str, Decimal] = {
    "us-semester": Decimal(45),
    "us-quarter": Decimal(30),
    "ects": Decimal("27.5"),
    "uk-cats": Decimal(10),
}


def convert_credits(
    value: Decimal, from_hours: Decimal | None, to_hours: Decimal | None
) -> Decimal:
    """`value` credits of `from_hours` notional hours each, in credits of `to_hours` hours.

    Credit systems are converted through notional learning hours, as the engine does for
    a learner's load (3 US semester credits = 135 hours = 4.5 US quarter credits = 4.9091
    ECTS). When either side has no hours (credit system "none"), the value is kept as it
    is. The result is rounded down to 4 decimal places (no credit is invented).
    """
    if from_hours is None or to_hours is None or from_hours == to_hours:
        return value
    return (value * from_hours / to_hours).quantize(Decimal("0.0001"), rounding="ROUND_FLOOR")


AWARD_ORDER: tuple[str, ...] = (
    "certificate",
    "diploma",
    "associate",
    "bachelor",
    "master",
    "doctorate",
)


class Strict(BaseModel):
    """Base for every catalogue table: unknown keys are errors."""

    model_config = ConfigDict(extra="forbid", frozen=False, str_strip_whitespace=True)


class IssuerKey(Strict):
    """A public key the issuer signs badges with (docs/badges.md): exactly one of
    `public_key_multibase` (a Multikey, 'z6Mk...') or `public_key_jwk` (a JWK table)."""

    id: str = Field(min_length=1)  # a verificationMethod / kid, e.g. a did:key or URL#frag
    type: Literal["Multikey", "JsonWebKey"]
    public_key_multibase: str | None = Field(default=None, pattern=r"^z[1-9A-HJ-NP-Za-km-z]+$")
    public_key_jwk: dict[str, str] | None = None
    demo: bool = False  # a demonstration key whose private half was thrown away

    @field_validator("public_key_multibase")
    @classmethod
    def _usable_multikey(cls, value: str | None) -> str | None:
        from credstack.model.multikey import KeyFormatError, key_from_multibase

        try:
            if value is not None:
                key_from_multibase(value)
        except KeyFormatError as error:
            raise ValueError(f"not a usable public key: {error}") from None
        return value

    @field_validator("public_key_jwk")
    @classmethod
    def _usable_jwk(cls, value: dict[str, str] | None) -> dict[str, str] | None:
        from credstack.model.multikey import KeyFormatError, key_from_jwk

        try:
            if value is not None:
                key_from_jwk(dict(value))
        except KeyFormatError as error:
            raise ValueError(f"not a usable public key: {error}") from None
        return value

    @model_validator(mode="after")
    def _one_key(self) -> IssuerKey:
        if (self.public_key_multibase is None) == (self.public_key_jwk is None):
            raise ValueError("give exactly one of 'public_key_multibase' or 'public_key_jwk'")
        if self.type == "Multikey" and self.public_key_multibase is None:
            raise ValueError("a 'Multikey' key needs 'public_key_multibase'")
        if self.type == "JsonWebKey" and self.public_key_jwk is None:
            raise ValueError("a 'JsonWebKey' key needs 'public_key_jwk'")
        return self


class Issuer(Strict):
    id: IssuerId
    name: str = Field(min_length=1)
    kind: IssuerKind
    country: str = Field(pattern=r"^[A-Z]{2}$")
    credit_system: CreditSystem = "none"
    hours_per_credit: Annotated[Decimal, Field(gt=0, le=1000)] | None = None
    currency: str = Field(default="USD", pattern=r"^[A-Z]{3}$")
    quality_assurance: str | None = None
    url: str | None = None
    key: list[IssuerKey] = Field(default_factory=list)  # [[issuer.key]], docs/badges.md

    def effective_hours_per_credit(self) -> Decimal | None:
        if self.hours_per_credit is not None:
            return self.hours_per_credit
        return DEFAULT_HOURS_PER_CREDIT.get(self.credit_system)


class Term(Strict):
    name: str = Field(pattern=r"^[a-z][a-z0-9-]*$")
    starts: int = Field(ge=1, le=12)
    max_credits: Credits = Decimal(18)


class Honours(Strict):
    """An intermediary whose credit recommendations this institution accepts
    (`[[institution.honours]]`), with an optional cap on the credits they may grant."""

    intermediary: IssuerId
    max_credits: Credits | None = None


class Institution(Strict):
    tuition_per_credit: Money = Decimal(0)
    fees_per_term: Money = Decimal(0)
    residency_credits: Credits = Decimal(0)
    max_external_share: Share = Decimal("0.75")
    max_rpl_credits: Credits | None = None
    recency_years: int | None = Field(default=None, ge=0, le=100)
    pass_equals: Grade = "C"
    elective_chunk: Annotated[Decimal, Field(ge=1, le=100)] = Decimal(3)
    term: list[Term] = Field(default_factory=list)
    honours: list[Honours] = Field(default_factory=list)

    @model_validator(mode="after")
    def _terms_unique(self) -> Institution:
        names = [t.name for t in self.term]
        dupes = sorted({n for n in names if names.count(n) > 1})
        if dupes:
            raise ValueError(f"term {dupes[0]!r} is listed twice")
        honoured = [h.intermediary for h in self.honours]
        twice = sorted({n for n in honoured if honoured.count(n) > 1})
        if twice:
            raise ValueError(f"intermediary {twice[0]!r} is honoured twice")
        return self

    def ordered_terms(self) -> list[Term]:
        return sorted(self.term, key=lambda t: t.starts)


class Course(Strict):
    code: ItemId
    title: str = Field(min_length=1)
    credits: Credits
    level: int = Field(default=1, ge=1, le=8)
    subject: str | None = None
    skills: list[str] = Field(default_factory=list)
    requires: str = ""
    corequires: str = ""
    offered: list[str] | None = None

    def subject_code(self) -> str:
        if self.subject:
            return self.subject
        letters = ""
        for char in self.code:
            if not char.isalpha():
                break
            letters += char
        return letters.upper() or self.code.upper()


class Credential(Strict):
    id: ItemId
    title: str = Field(min_length=1)
    type: CredentialType
    courses: list[str] = Field(default_factory=list)
    credits: Credits | None = None
    hours: Annotated[Decimal, Field(ge=0, le=100_000)] | None = None
    eqf_level: int | None = Field(default=None, ge=1, le=8)
    outcomes: list[str] = Field(default_factory=list)
    skills: list[str] = Field(default_factory=list)
    assessment: str | None = None
    participation: Participation | None = None
    quality_assurance: str | None = None
    identity_verified: bool | None = None
    prerequisites: str | None = None
    price: Money | None = None
    valid_years: int | None = Field(default=None, ge=1, le=100)
    stacks_into: list[str] = Field(default_factory=list)
    badge_achievement_ids: list[str] = Field(default_factory=list)


class Requirement(Strict):
    id: ItemId
    title: str = Field(min_length=1)
    courses: list[str] | None = None
    choose: int | None = Field(default=None, ge=1, le=1000)
    credits: RequirementCredits | None = None
    subjects: list[str] | None = None
    min_level: int | None = Field(default=None, ge=1, le=8)
    max_level: int | None = Field(default=None, ge=1, le=8)

    @model_validator(mode="after")
    def _one_shape(self) -> Requirement:
        if self.choose is not None and self.credits is not None:
            raise ValueError("a requirement has either 'choose' or 'credits', not both")
        if self.choose is not None:
            if not self.courses:
                raise ValueError("'choose' needs a 'courses' list to choose from")
            if self.choose > len(self.courses):
                raise ValueError(
                    f"choose = {self.choose} but only {len(self.courses)} courses are listed"
                )
        elif self.credits is None and not self.courses:
            raise ValueError("a requirement needs 'courses', 'choose' + 'courses' or 'credits'")
        if self.credits is None and (self.subjects or self.min_level or self.max_level):
            raise ValueError(
                "'subjects', 'min_level' and 'max_level' filter a 'credits' requirement"
            )
        if self.min_level and self.max_level and self.min_level > self.max_level:
            raise ValueError("min_level is above max_level")
        return self

    @property
    def shape(self) -> Literal["courses", "choose", "credits"]:
        if self.choose is not None:
            return "choose"
        if self.credits is not None:
            return "credits"
        return "courses"


class Program(Strict):
    id: ItemId
    title: str = Field(min_length=1)
    award: AwardType
    credits: Annotated[Decimal, Field(gt=0, le=1000)]
    eqf_level: int | None = Field(default=None, ge=1, le=8)
    residency_credits: Credits | None = None
    max_external_share: Share | None = None
    double_count: list[tuple[str, str]] = Field(default_factory=list)
    requirement: list[Requirement] = Field(default_factory=list)
    # The institution's own published degree plan: course codes per term, first term
    # first (docs/catalog-format.md). Shown and compared, never used to plan.
    published_plan: list[list[ItemId]] | None = Field(default=None, min_length=1, max_length=90)


class Articulation(Strict):
    id: ItemId
    from_: list[str] = Field(alias="from", min_length=1)
    grants: list[str] = Field(default_factory=list)
    grant_credits: Credits | None = None
    subject: str | None = None
    level: int | None = Field(default=None, ge=1, le=8)
    min_grade: Grade | None = None
    max_age_years: int | None = Field(default=None, ge=0, le=100)
    valid_from: Date | None = None
    valid_until: Date | None = None
    agreement: str | None = None

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    @model_validator(mode="after")
    def _grants_something(self) -> Articulation:
        if bool(self.grants) == (self.grant_credits is not None):
            raise ValueError("an articulation rule has either 'grants' or 'grant_credits'")
        if self.valid_from and self.valid_until and self.valid_from > self.valid_until:
            raise ValueError("valid_from is after valid_until")
        return self


class RplRoute(Strict):
    id: ItemId
    title: str = Field(min_length=1)
    kinds: list[PriorKind] = Field(min_length=1)
    min_hours: Annotated[Decimal, Field(ge=0, le=100_000)] = Decimal(0)
    skills: list[str] = Field(default_factory=list)
    evidence: list[str] = Field(default_factory=list)
    grants: list[str] = Field(default_factory=list)
    grant_credits: Credits | None = None
    subject: str | None = None
    level: int | None = Field(default=None, ge=1, le=8)
    assessment_fee: Money = Decimal(0)

    @model_validator(mode="after")
    def _grants_something(self) -> RplRoute:
        if bool(self.grants) == (self.grant_credits is not None):
            raise ValueError("an RPL route has either 'grants' or 'grant_credits'")
        return self


class Role(Strict):
    id: ItemId
    title: str = Field(min_length=1)
    skills: list[str] = Field(default_factory=list)
    accepts: list[str] = Field(default_factory=list)


class SubscriptionPlan(Strict):
    id: ItemId
    title: str = Field(min_length=1)
    annual_fee: Money
    credentials_per_year: int = Field(ge=0, le=1000)
    covers: list[str] = Field(default_factory=list)
    mentoring: bool = False
    career_services: bool = False


class Skill(Strict):
    id: ItemId
    label: str = Field(min_length=1)
    uri: str | None = None
    # other names of the same skill in other taxonomies: ESCO concept URIs, O*NET codes
    # ("2.A.1.a", "15-1252.00"); a course, credential, route or role may name the skill
    # by any of them (docs/catalog-format.md)
    aliases: list[str] = Field(default_factory=list)


class CatalogueFile(Strict):
    """One `*.toml` catalogue file: one issuer and everything it publishes."""

    format: Literal[1]
    issuer: Issuer
    institution: Institution | None = None
    course: list[Course] = Field(default_factory=list)
    credential: list[Credential] = Field(default_factory=list)
    program: list[Program] = Field(default_factory=list)
    articulation: list[Articulation] = Field(default_factory=list)
    rpl: list[RplRoute] = Field(default_factory=list)
    role: list[Role] = Field(default_factory=list)
    plan: list[SubscriptionPlan] = Field(default_factory=list)
    skill: list[Skill] = Field(default_factory=list)
