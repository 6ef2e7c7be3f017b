"""The CTDL terms the CTDL converter reads, and how it reads JSON-LD values.

Every class and concept named here exists in Credential Engine's CTDL vocabulary
(tests/unit/test_convert_ctdl.py checks them against the copy in tests/data/ctdl/).
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

CTDL_PREFIXES = ("ceterms:", "http://purl.org/ctdl/terms/", "https://purl.org/ctdl/terms/")

ORGANIZATIONS = frozenset({"CredentialOrganization", "Organization", "QACredentialOrganization"})

# Credential classes -> credstack credential type (docs/convert-ctdl.md).
CREDENTIAL_TYPES: dict[str, str] = {
    "Badge": "badge",
    "DigitalBadge": "badge",
    "OpenBadge": "badge",
    "MicroCredential": "micro-credential",
    "Certification": "certification",
    "License": "certification",
    "Certificate": "certificate",
    "AcademicCertificate": "certificate",
    "ApprenticeshipCertificate": "certificate",
    "BasicTechnicalCertificate": "certificate",
    "CertificateOfCompletion": "certificate",
    "CertificateOfParticipation": "certificate",
    "JourneymanCertificate": "certificate",
    "MasterCertificate": "certificate",
    "PostBaccalaureateCertificate": "certificate",
    "PostMasterCertificate": "certificate",
    "PreApprenticeshipCertificate": "certificate",
    "ProfessionalCertificate": "certificate",
    "ProficiencyCertificate": "certificate",
    "TechnicalLevel1Certificate": "certificate",
    "TechnicalLevel2Certificate": "certificate",
    "TechnicalLevel3Certificate": "certificate",
    "WorkBasedLearningCertificate": "certificate",
}

# Degree and diploma classes -> credstack program award.
PROGRAM_AWARDS: dict[str, str] = {
    "AssociateDegree": "associate",
    "AssociateOfAppliedArtsDegree": "associate",
    "AssociateOfAppliedScienceDegree": "associate",
    "AssociateOfArtsDegree": "associate",
    "AssociateOfScienceDegree": "associate",
    "BachelorDegree": "bachelor",
    "BachelorOfArtsDegree": "bachelor",
    "BachelorOfScienceDegree": "bachelor",
    "MasterDegree": "master",
    "MasterOfArtsDegree": "master",
    "MasterOfScienceDegree": "master",
    "DoctoralDegree": "doctorate",
    "ProfessionalDoctorate": "doctorate",
    "ResearchDoctorate": "doctorate",
    "Diploma": "diploma",
}

COURSES = frozenset({"Course", "LearningOpportunityProfile", "LearningProgram"})
TRANSFER_VALUE = "TransferValueProfile"

# Every ceterms: class of the CTDL vocabulary (2024; tests/data/ctdl/vocabulary/ctdl.json).
CTDL_CLASSES = frozenset(
    """
    AcademicCertificate AccreditAction AdvancedStandingAction Agent AggregateDataProfile
    AlignmentMap ApprenticeshipCertificate ApproveAction Assessment AssessmentComponent
    AssessmentProfile AssociateDegree AssociateOfAppliedArtsDegree
    AssociateOfAppliedScienceDegree AssociateOfArtsDegree AssociateOfScienceDegree
    BachelorDegree BachelorOfArtsDegree BachelorOfScienceDegree Badge BasicComponent
    BasicTechnicalCertificate Certificate CertificateOfCompletion
    CertificateOfParticipation Certification CocurricularComponent Collection
    CollectionComponent CollectionMember CompetencyComponent ComponentCondition
    ConditionManifest ConditionProfile Constraint ConstraintRule ContactPoint
    CostManifest CostProfile Course CourseComponent Credential CredentialAlignmentObject
    CredentialAssertion CredentialComponent CredentialFramework CredentialOrganization
    CredentialPerson CredentialingAction Degree DigitalBadge Diploma DoctoralDegree
    DurationProfile EarningsProfile EmploymentOutcomeProfile ExtracurricularComponent
    FinancialAssistanceProfile GeneralEducationDevelopment
    GeneralEducationLevel1Certificate GeneralEducationLevel2Certificate GeoCoordinates
    HigherEducationLevel1Certificate HigherEducationLevel2Certificate HoldersProfile
    IdentifierValue Industry IndustryClassification InstructionalProgramClassification
    Job JobComponent JourneymanCertificate JurisdictionProfile LearningOpportunity
    LearningOpportunityProfile LearningProgram LearningResource License
    MasterCertificate MasterDegree MasterOfArtsDegree MasterOfScienceDegree
    MicroCredential MultiComponent Occupation OccupationClassification OfferAction
    OpenBadge Organization Pathway PathwayComponent PathwaySet Place
    PostBaccalaureateCertificate PostMasterCertificate PostalAddress
    PreApprenticeshipCertificate ProcessProfile ProfessionalCertificate
    ProfessionalDoctorate ProficiencyCertificate QACredentialOrganization
    QualityAssuranceCredential RecognizeAction RegistrationAction RegulateAction
    RenewAction ResearchDoctorate RevocationProfile RevokeAction RightsAction
    ScheduledOffering SecondaryEducationCertificate SecondarySchoolDiploma
    SpecialistDegree SupportService Task TechnicalLevel1Certificate
    TechnicalLevel2Certificate TechnicalLevel3Certificate TransferIntermediary
    TransferValueProfile ValueProfile VerificationServiceProfile
    WorkBasedLearningCertificate WorkExperienceComponent WorkRole WorkforceDemandAction
    """.split()
)

# audLevel: concepts -> a course's year level (1-4 undergraduate, 5+ postgraduate)...
COURSE_LEVELS: dict[str, int] = {
    "LowerDivisionLevel": 1,
    "UpperDivisionLevel": 3,
    "GraduateLevel": 5,
    "MastersDegreeLevel": 5,
    "DoctoralDegreeLevel": 7,
}
# ...and to an EQF level, for credentials and programs.
EQF_LEVELS: dict[str, int] = {
    "AssociatesDegreeLevel": 5,
    "BachelorsDegreeLevel": 6,
    "MastersDegreeLevel": 7,
    "DoctoralDegreeLevel": 8,
}

# creditUnit: concepts (and the older creditHourType text) -> a credstack credit system.
# "DegreeCredit" is credit toward the receiving degree: read in the receiver's own system.
# ClockHour / ContactHour are hours, converted through the receiver's hours per credit.
CREDIT_UNITS: dict[str, str] = {
    "SemesterHour": "us-semester",
    "semester hours": "us-semester",
    "semester hour": "us-semester",
    "QuarterHour": "us-quarter",
    "quarter hours": "us-quarter",
    "quarter hour": "us-quarter",
    "ECTS": "ects",
    "DegreeCredit": "degree",
    "ClockHour": "hours",
    "ContactHour": "hours",
}


def local_name(term: str) -> str:
    """'ceterms:Course', 'http://purl.org/ctdl/terms/Course' -> 'Course'; concepts
    ('creditUnit:SemesterHour') -> 'SemesterHour'; anything else unchanged."""
    for prefix in CTDL_PREFIXES:
        if term.startswith(prefix):
            return term[len(prefix) :]
    if "://" not in term and ":" in term:
        return term.split(":", 1)[1]
    return term.rstrip("/").rsplit("/", 1)[-1] if "://" in term else term


def ctdl_class(record: dict[str, Any]) -> str | None:
    """The CTDL class of a record ('Course'), or None when it is not a ceterms class."""
    kinds = record.get("@type")
    for kind in kinds if isinstance(kinds, list) else [kinds]:
        if isinstance(kind, str) and kind.startswith(CTDL_PREFIXES):
            return local_name(kind)
    return None


def type_text(record: dict[str, Any]) -> str:
    kinds = record.get("@type")
    return ", ".join(map(str, kinds)) if isinstance(kinds, list) else str(kinds)


def prop(record: dict[str, Any], name: str) -> Any:
    """A CTDL property by local name, written 'ceterms:name' or as a full IRI."""
    for prefix in CTDL_PREFIXES:
        if prefix + name in record:
            return record[prefix + name]
    return None


def values(value: Any) -> list[Any]:
    """A JSON-LD value as a list (a single value, a list, or nothing)."""
    if value is None:
        return []
    if isinstance(value, dict) and "@list" in value:
        return list(value["@list"])
    return list(value) if isinstance(value, list) else [value]


PREFERRED_LANGUAGES = ("en", "en-US", "en-us", "en-GB")


def text(value: Any) -> str | None:
    """A plain string from a string, a language map ({"en-US": ...}), a value object
    ({"@value": ..., "@language": ...}) or a list of those: English first (en, en-US),
    else the first given; None when there is no text."""
    if value is None:
        return None
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, list):
        tagged = {item.get("@language"): item for item in value if isinstance(item, dict)}
        for lang in PREFERRED_LANGUAGES:
            if lang in tagged:
                return text(tagged[lang])
        for item in value:
            found = text(item)
            if found:
                return found
        return None
    if isinstance(value, dict):
        if "@value" in value:
            return text(value["@value"])
        for lang in PREFERRED_LANGUAGES:
            if lang in value:
                return text(value[lang])
        for item in value.values():
            found = text(item)
            if found:
                return found
    return None


def ref_id(value: Any) -> str | None:
    """The identifier a reference names: a string, or an object's @id."""
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, dict):
        found = value.get("@id")
        return found if isinstance(found, str) and found else None
    return None


def concepts(value: Any) -> list[str]:
    """The concept codes of CredentialAlignmentObjects (targetNode, else codedNotation,
    else targetNodeName), or of plain strings: 'audLevel:LowerDivisionLevel' ->
    'LowerDivisionLevel'."""
    found: list[str] = []
    for item in values(value):
        if isinstance(item, dict):
            node = ref_id(prop(item, "targetNode")) or text(prop(item, "codedNotation"))
            node = node or text(prop(item, "targetNodeName"))
        else:
            node = text(item)
        if node:
            found.append(local_name(node))
    return found


def number(value: Any) -> Decimal | None:
    """A decimal from a JSON number or numeric string (a value object's @value too)."""
    if isinstance(value, dict) and "@value" in value:
        value = value["@value"]
    if isinstance(value, bool) or value is None:
        return None
    try:
        found = Decimal(str(value).strip())
    except InvalidOperation:
        return None
    return found if found.is_finite() and found >= 0 else None
