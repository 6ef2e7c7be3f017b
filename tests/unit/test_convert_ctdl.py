"""The CTDL JSON-LD converter (docs/convert-ctdl.md) on real Credential Engine registry
records (tests/data/ctdl/registry) and a transfer-value set (tests/data/ctdl/transfer).

Every converted catalogue is checked the way a registrar would use it: written as TOML,
loaded by the catalogue loader and linted clean.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

import pytest

from credstack.convert.conversion import Conversion
from credstack.convert.ctdl import convert_ctdl
from credstack.convert.ctdl_credits import in_system
from credstack.convert.ctdl_vocabulary import (
    COURSE_LEVELS,
    COURSES,
    CREDENTIAL_TYPES,
    CREDIT_UNITS,
    CTDL_CLASSES,
    EQF_LEVELS,
    ORGANIZATIONS,
    PROGRAM_AWARDS,
    TRANSFER_VALUE,
    concepts,
    text,
)
from credstack.engine.lint import lint_region
from credstack.errors import CredstackError
from credstack.store.catalogue_loader import load_region_with_problems
from credstack.store.toml_writer import document_text

DATA = Path(__file__).parent.parent / "data" / "ctdl"
REGISTRY = DATA / "registry"
BOARD = DATA / "transfer" / "transfer-board.json"
COLLEGE = DATA / "transfer" / "technical-college.json"
MILITARY = "ce-5a172f5c-63df-4712-b240-cc7dc0aa7a58"  # owner of the Army / Air Force certificates
TODAY = dt.date(2026, 11, 28)


def lint_clean(tmp_path: Path, *conversions: Conversion) -> None:
    """Write each catalogue as TOML, load them together and lint: no problem at all."""
    for index, conversion in enumerate(conversions):
        (tmp_path / f"c{index}.toml").write_text(document_text(conversion.catalogue))
    region, problems = load_region_with_problems(tmp_path)
    assert [str(p) for p in problems] == []
    assert [str(p) for p in lint_region(region, TODAY)] == []


def kinds(conversion: Conversion) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for warning in conversion.warnings:
        found.setdefault(warning.kind, []).append(warning.where.split("/ctdl/", 1)[-1])
    return found


# --------------------------------------------------------------------------- vocabulary


def test_every_ctdl_term_the_converter_maps_is_in_the_vocabulary() -> None:
    terms = {t["@id"]: t for t in json.loads((DATA / "vocabulary" / "ctdl.json").read_text())}
    classes = {
        i.split(":", 1)[1]
        for i, t in terms.items()
        if t["@type"] == "rdfs:Class" and i.startswith("ceterms:")
    }
    assert CTDL_CLASSES == classes
    mapped = (
        set(CREDENTIAL_TYPES) | set(PROGRAM_AWARDS) | COURSES | ORGANIZATIONS | {TRANSFER_VALUE}
    )
    assert mapped <= classes
    for level in set(COURSE_LEVELS) | set(EQF_LEVELS):
        assert f"audLevel:{level}" in terms
    for unit in ("SemesterHour", "QuarterHour", "DegreeCredit", "ClockHour", "ContactHour"):
        assert unit in CREDIT_UNITS and f"creditUnit:{unit}" in terms
    used = [f"ceterms:{c}" for c in mapped] + [
        f"ceterms:{p}"
        for p in (
            "transferValue",
            "transferValueFrom",
            "transferValueFor",
            "startDate",
            "endDate",
            "ownedBy",
            "creditUnitType",
            "creditLevelType",
            "recognizes",
            "hasPart",
            "isPartOf",
            "codedNotation",
        )
    ]
    assert [t for t in used if "deprecated" in str(terms[t].get("vs:term_status"))] == []


def test_language_maps_prefer_english_then_the_first() -> None:
    assert text({"es": "Colegio", "en-US": "College"}) == "College"
    assert (
        text([{"@language": "fr", "@value": "Cours"}, {"@language": "en", "@value": "Course"}])
        == "Course"
    )
    assert text({"fr": "Cours", "de": "Kurs"}) == "Cours"
    assert text({"@value": "Plain", "@language": "en"}) == "Plain"
    assert text("  ") is None


def test_alignment_objects_give_their_concept_codes() -> None:
    objects = [
        {
            "@type": "ceterms:CredentialAlignmentObject",
            "ceterms:targetNode": "audLevel:LowerDivisionLevel",
        },
        {
            "@type": "ceterms:CredentialAlignmentObject",
            "ceterms:targetNode": {"@id": "creditUnit:SemesterHour"},
        },
        {"@type": "ceterms:CredentialAlignmentObject", "ceterms:codedNotation": "RADT"},
    ]
    assert concepts(objects) == ["LowerDivisionLevel", "SemesterHour", "RADT"]


# --------------------------------------------------------------------------- shapes


def test_graph_envelope_degree_becomes_a_program(tmp_path: Path) -> None:
    conversion = convert_ctdl([REGISTRY / "credential-graph.json"])
    (program,) = conversion.catalogue["program"]
    # MasterDegree -> master; 48 "Degree Credit" described as "Quarter Credits" (the
    # requires condition's creditUnitValue) -> 48 credits of a us-quarter issuer.
    assert (program["award"], program["credits"], program["eqf_level"]) == ("master", 48, 7)
    assert conversion.catalogue["issuer"]["credit_system"] == "us-quarter"
    assert program["title"] == "Master of Business Administration (MBA) - self-designed"
    assert "no-organization" in kinds(conversion)
    lint_clean(tmp_path, conversion)


def test_flat_record_with_embedded_organisation(tmp_path: Path) -> None:
    conversion = convert_ctdl([REGISTRY / "credential-4_import.json"])
    issuer = conversion.catalogue["issuer"]
    # The import shape writes the owning organisation out in full, without an @id.
    assert (issuer["id"], issuer["name"], issuer["country"]) == (
        "medical-licensing-board-of-indiana",
        "Medical Licensing Board of Indiana",
        "US",
    )
    (credential,) = conversion.catalogue["credential"]
    assert (credential["id"], credential["type"]) == (
        "ce-28e50037-d306-4f1e-aa9d-22a0e716b7a7",
        "certification",
    )
    lint_clean(tmp_path, conversion)


def test_condition_profiles_that_cannot_be_expressed_are_listed(tmp_path: Path) -> None:
    conversion = convert_ctdl([REGISTRY / "credential-3_import.json"], issuer="nbcot")
    (credential,) = conversion.catalogue["credential"]
    assert (credential["type"], credential["eqf_level"]) == (
        "certification",
        5,
    )  # AssociatesDegreeLevel
    assert conversion.catalogue["issuer"]["id"] == "nbcot"
    assert kinds(conversion)["condition-profile"] == [
        "registry/credential-3_import.json#/ceterms:requires/0",
        "registry/credential-3_import.json#/ceterms:requires/1",
    ]
    lint_clean(tmp_path, conversion)


def test_unknown_and_unmapped_classes_are_counted_and_listed() -> None:
    conversion = convert_ctdl([REGISTRY / "credentials.json"])
    found = kinds(conversion)
    # AssessmentProfile and CostManifest records exist in CTDL but have no table here.
    assert found["unmapped-class"] == [
        "registry/credentials.json#/1",
        "registry/credentials.json#/13",
        "registry/credentials.json#/15",
        "registry/credentials.json#/19",
    ]
    # Nothing is dropped silently: the file's 20 records are each converted or listed
    # (here: other owners' records, degrees without a credit value, other organisations).
    assert len(found["other-owner"]) == 9
    assert len(found["no-credit-value"]) == 4
    listed = {w.where.split("#/")[1].split("/")[0] for w in conversion.warnings if "#/" in w.where}
    assert listed == {str(i) for i in range(20)}
    counts = conversion.counts()
    assert list(counts) == sorted(counts, key=lambda k: (-counts[k], k))
    invalid = convert_ctdl([REGISTRY / "organization-2_invalid.json"])
    assert kinds(invalid)["unknown-class"] == ["registry/organization-2_invalid.json#"]
    assert (
        "ctdl:Organization"
        in invalid.warnings[[w.kind for w in invalid.warnings].index("unknown-class")].message
    )


def test_a_record_without_a_name_is_not_converted_and_says_so() -> None:
    conversion = convert_ctdl([REGISTRY / "learning_opportunity_profile-1_invalid.json"])
    assert "course" not in conversion.catalogue
    assert kinds(conversion)["no-name"] == ["registry/learning_opportunity_profile-1_invalid.json#"]


def test_issuer_selects_one_organisation_of_a_shared_file(tmp_path: Path) -> None:
    conversion = convert_ctdl([REGISTRY / "credentials.json"], issuer=MILITARY)
    titles = [c["title"] for c in conversion.catalogue["credential"]]
    assert titles == [
        "U.S. Army Radiographic Acceptance Procedures",
        "U.S. Air Force Computed Tomography Systems",
        "U.S. Air Force Biomedical Equipment Technician",
    ]
    lint_clean(tmp_path, conversion)


def test_every_registry_fixture_converts_to_a_clean_catalogue(tmp_path: Path) -> None:
    for index, path in enumerate(sorted(REGISTRY.glob("*.json"))):
        conversion = convert_ctdl([path])
        assert all("#" in w.where for w in conversion.warnings), path
        folder = tmp_path / str(index)
        folder.mkdir()
        lint_clean(folder, conversion)


def test_malformed_json_is_an_error_at_its_line(tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text('{\n  "@type": "ceterms:Course",\n  "ceterms:name": "A" "B"\n}\n')
    with pytest.raises(CredstackError) as raised:
        convert_ctdl([broken])
    problem = raised.value.problems[0]
    assert (problem.path, problem.line) == (str(broken), 3)
    assert "malformed JSON" in problem.message
    scalar = tmp_path / "scalar.json"
    scalar.write_text("42\n")
    with pytest.raises(CredstackError, match="not a CTDL document"):
        convert_ctdl([scalar])


# --------------------------------------------------------------------------- transfer values


def board() -> Conversion:
    return convert_ctdl([BOARD, REGISTRY / "credentials.json", COLLEGE])


def college() -> Conversion:
    return convert_ctdl([COLLEGE, BOARD, REGISTRY / "credentials.json"])


def test_transfer_value_profiles_of_an_intermediary() -> None:
    catalogue = board().catalogue
    assert catalogue["issuer"]["kind"] == "intermediary"
    assert "institution" not in catalogue
    radiography, tomography, biomedical = catalogue["articulation"]
    # transferValueFrom -> from (the provider's credential); a block of credit with the
    # level from creditLevelType (LowerDivisionLevel -> 1) and the subject code.
    assert radiography["from"] == [f"{MILITARY}:ce-bbc04e0f-1d93-4c49-b987-01ce6ec4133f"]
    assert (radiography["grant_credits"], radiography["level"], radiography["subject"]) == (
        3,
        1,
        "RADT",
    )
    # 4.5 quarter hours in the board's semester system: 4.5 x 30 / 45 = 3.
    assert tomography["grant_credits"] == 3
    # startDate / endDate -> the validity window; ownedBy -> the agreement text.
    assert (radiography["valid_from"], radiography["valid_until"]) == (
        dt.date(2024, 1, 1),
        dt.date(2029, 12, 31),
    )
    assert radiography["agreement"].endswith(
        "(transfer value published by Example State Transfer Board)"
    )
    # transferValueFor a course of another institution: an intermediary grants it there.
    assert biomedical["grants"] == ["example-technical-college:EET110"]


def test_transfer_value_profiles_of_an_institution(tmp_path: Path) -> None:
    catalogue = college().catalogue
    assert catalogue["institution"]["honours"] == [{"intermediary": "example-state-transfer-board"}]
    (own,) = catalogue["articulation"]
    assert own["grants"] == ["EET120"]
    assert own["valid_from"] == dt.date(2025, 7, 1) and "valid_until" not in own
    courses = {c["code"]: c for c in catalogue["course"]}
    assert courses["EET120"]["requires"] == "EET110"  # prerequisite ConditionProfile
    (program,) = catalogue["program"]
    assert (program["award"], program["credits"]) == ("associate", 60)
    assert program["requirement"][0]["courses"] == [
        "MATH110",
        "ENGL101",
        "EET110",
        "EET120",
        "RADT101",
    ]
    lint_clean(
        tmp_path, college(), board(), convert_ctdl([REGISTRY / "credentials.json"], issuer=MILITARY)
    )


def test_transfer_value_without_its_source_among_the_inputs_is_listed() -> None:
    conversion = convert_ctdl([BOARD])  # the registry records it names are not given
    assert "articulation" not in conversion.catalogue
    assert len(kinds(conversion)["unresolved-reference"]) == 3
    assert kinds(conversion)["unresolved-reference"][0] == (
        "transfer/transfer-board.json#/@graph/1/ceterms:transferValueFrom/0"
    )


def test_credit_units_convert_into_the_catalogues_system() -> None:
    assert in_system(Decimal(3), "us-semester", "us-quarter") == Decimal("4.5")
    assert in_system(Decimal(5), "ects", "us-semester") == Decimal("3.0555")
    assert in_system(Decimal(3), "degree", "us-quarter") == 3  # already the receiver's credit
    assert in_system(Decimal(90), "hours", "us-semester") == 2  # 90 clock hours / 45
    assert in_system(Decimal(2), None, "us-semester") is None
    assert in_system(Decimal(90), "hours", "none") is None


def test_same_input_gives_the_same_bytes() -> None:
    first = document_text(college().catalogue)
    assert document_text(college().catalogue) == first
    assert document_text(board().catalogue) == document_text(board().catalogue)
    assert college().warnings == college().warnings


def test_example_catalogues_are_the_converted_sources() -> None:
    """examples/ctdl/catalogs is exactly what the converter writes from examples/ctdl/source."""
    root = Path(__file__).parent.parent.parent / "examples" / "ctdl"
    source = root / "source"
    expected = {
        "us-air-force-training.toml": convert_ctdl(
            [source / "registry-credentials.json"], issuer=MILITARY
        ),
        "transfer-board.toml": convert_ctdl(
            [
                source / "transfer-board.json",
                source / "registry-credentials.json",
                source / "technical-college.json",
            ]
        ),
        "technical-college.toml": convert_ctdl(
            [
                source / "technical-college.json",
                source / "transfer-board.json",
                source / "registry-credentials.json",
            ]
        ),
    }
    for name, conversion in expected.items():
        assert (root / "catalogs" / name).read_text() == document_text(conversion.catalogue), name


# --------------------------------------------------------------------------- stackability

ORG = "https://example.org/org/ce-11111111-1111-4111-8111-111111111111"


def record(kind: str, uid: str, name: str, **fields: object) -> dict[str, object]:
    return {
        "@id": f"https://example.org/r/ce-{uid}",
        "@type": f"ceterms:{kind}",
        "ceterms:ctid": f"ce-{uid}",
        "ceterms:name": {"en-US": name},
        "ceterms:ownedBy": [ORG],
        **{f"ceterms:{k}": v for k, v in fields.items()},
    }


def semester(value: float) -> list[dict[str, object]]:
    unit = {
        "@type": "ceterms:CredentialAlignmentObject",
        "ceterms:targetNode": "creditUnit:SemesterHour",
    }
    return [
        {"@type": "ceterms:ValueProfile", "schema:value": value, "ceterms:creditUnitType": [unit]}
    ]


def test_stackability_from_is_part_of_and_has_part(tmp_path: Path) -> None:
    c1 = "c1c1c1c1-0000-4000-8000-000000000001"
    c2 = "c2c2c2c2-0000-4000-8000-000000000002"
    badge = "b0b0b0b0-0000-4000-8000-000000000003"
    micro = "d0d0d0d0-0000-4000-8000-000000000004"
    degree = "e0e0e0e0-0000-4000-8000-000000000005"
    ref = "https://example.org/r/ce-{}".format
    graph = {
        "@graph": [
            {
                "@id": ORG,
                "@type": "ceterms:CredentialOrganization",
                "ceterms:name": "Stack College",
                "ceterms:address": [{"ceterms:addressCountry": "US"}],
            },
            record("Course", c1, "Data I", codedNotation="DATA101", creditValue=semester(3)),
            record(
                "Course",
                c2,
                "Data II",
                codedNotation="DATA201",
                creditValue=semester(3),
                prerequisite=[
                    {
                        "@type": "ceterms:ConditionProfile",
                        "ceterms:targetLearningOpportunity": [ref(c1)],
                    }
                ],
            ),
            record("DigitalBadge", badge, "Data badge", hasPart=[ref(c1)], isPartOf=[ref(degree)]),
            record(
                "MicroCredential",
                micro,
                "Data micro-credential",
                requires=[
                    {
                        "@type": "ceterms:ConditionProfile",
                        "ceterms:targetLearningOpportunity": [ref(c1), ref(c2)],
                    }
                ],
            ),
            record(
                "BachelorDegree",
                degree,
                "B.S. Data",
                creditValue=semester(120),
                hasPart=[
                    ref(c1),
                    ref(c2),
                    ref(micro),
                    "https://example.org/r/ce-99999999-0000-4000-8000-000000000009",
                ],
            ),
        ]
    }
    source = tmp_path / "stack.json"
    source.write_text(json.dumps(graph))
    conversion = convert_ctdl([source])
    credentials = {c["title"]: c for c in conversion.catalogue["credential"]}
    assert credentials["Data badge"]["type"] == "badge"
    assert credentials["Data badge"]["courses"] == ["DATA101"]
    assert credentials["Data badge"]["stacks_into"] == [f"ce-{degree}"]  # isPartOf
    assert credentials["Data micro-credential"]["courses"] == ["DATA101", "DATA201"]  # requires
    assert credentials["Data micro-credential"]["stacks_into"] == [
        f"ce-{degree}"
    ]  # the degree's hasPart
    (program,) = conversion.catalogue["program"]
    assert program["requirement"][0]["courses"] == ["DATA101", "DATA201"]
    assert conversion.catalogue["issuer"]["kind"] == "university"
    # The degree's part that is not among the inputs is listed, once.
    assert kinds(conversion) == {
        "unresolved-reference": [f"{source}#/@graph/5/ceterms:hasPart/3".split("/ctdl/", 1)[-1]]
    }
    folder = tmp_path / "out"
    folder.mkdir()
    (folder / "c.toml").write_text(document_text(conversion.catalogue))
    region, problems = load_region_with_problems(folder)
    assert problems == []
    # CTDL has no place for the EU standard elements of a micro-credential (outcomes,
    # assessment, participation): lint says so, and says nothing else.
    (warning,) = lint_region(region, TODAY)
    assert warning.message.startswith("eu-elements: micro-credential")


def value_profile(unit: str, level: str | None = None, **amount: float) -> dict[str, object]:
    profile: dict[str, object] = {
        "@type": "ceterms:ValueProfile",
        "ceterms:creditUnitType": [
            {"@type": "ceterms:CredentialAlignmentObject", "ceterms:targetNode": unit}
        ],
        **{f"schema:{k}": v for k, v in amount.items()},
    }
    if level:
        profile["ceterms:creditLevelType"] = [{"ceterms:targetNode": level}]
    return profile


def test_transfer_values_in_other_units_ranges_and_levels(tmp_path: Path) -> None:
    cert = "c0c0c0c0-0000-4000-8000-00000000000c"
    other_org = "https://example.org/org/ce-22222222-2222-4222-8222-222222222222"
    provider = {
        "@id": other_org,
        "@type": "ceterms:CredentialOrganization",
        "ceterms:name": "Provider",
    }
    source = record("Certification", cert, "Cert", **{"ownedBy": [other_org]})
    values = [
        value_profile("ECTS", "audLevel:UpperDivisionLevel", value=5),  # 5 x 27.5 / 45
        value_profile("creditUnit:ClockHour", value=90),  # 90 / 45
        value_profile(
            "creditUnit:SemesterHour", "audLevel:LowerDivisionLevel", minValue=3, maxValue=6
        ),
        value_profile("creditUnit:ContinuingEducationUnit", value=2),
        value_profile("creditUnit:SemesterHour", "audLevel:RemedialLevel", value=1),
    ]
    profile = record(
        "TransferValueProfile",
        "f0f0f0f0-0000-4000-8000-00000000000f",
        "Cert credit",
        transferValue=values,
        transferValueFrom=[source["@id"]],
        startDate="2025-13-01",
        endDate="2030-06-30",
    )
    graph = [
        {"@id": ORG, "@type": "ceterms:CredentialOrganization", "ceterms:name": "Some Board"},
        profile,
        provider,
        source,
    ]
    path = tmp_path / "values.json"
    path.write_text(json.dumps(graph))
    conversion = convert_ctdl([path])
    rules = conversion.catalogue["articulation"]
    base = "ce-f0f0f0f0-0000-4000-8000-00000000000f"
    assert [(r["id"], r["grant_credits"], r.get("level")) for r in rules] == [
        (base, 3.0555, 3),
        (f"{base}-2", 2, None),
        (f"{base}-3", 3, 1),
        (f"{base}-4", 1, None),
    ]
    assert rules[0]["from"] == ["provider:ce-c0c0c0c0-0000-4000-8000-00000000000c"]
    assert all(r["valid_until"] == dt.date(2030, 6, 30) and "valid_from" not in r for r in rules)
    found = kinds(conversion)
    pointer = f"{path}#/1".split("/ctdl/", 1)[-1]
    assert found["credit-range"] == [f"{pointer}/ceterms:transferValue/2"]
    assert found["credit-unit"] == [f"{pointer}/ceterms:transferValue/3"]
    assert found["credit-level"] == [f"{pointer}/ceterms:transferValue/4"]
    assert found["date"] == [f"{pointer}/ceterms:startDate"]
    assert conversion.catalogue["issuer"]["kind"] == "intermediary"
