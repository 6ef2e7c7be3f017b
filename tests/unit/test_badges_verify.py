"""Badge verification outcomes: verified, unverified, failed (docs/badges.md)."""

from __future__ import annotations

import copy
import datetime as dt
import json
import time
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from credstack.badges.importer import ImportItem, plan_import
from credstack.badges.jose import sign_jwt
from credstack.badges.proofs import hash_data, sign, verify_proof
from credstack.errors import CredstackError
from credstack.model.learner import LearnerFile
from credstack.model.multikey import key_from_multibase, multibase_decode
from credstack.model.region import Region
from credstack.store.catalogue_loader import load_region
from credstack.store.learner_store import learner_from_text
from tests.badge_helpers import (
    ACME_JWK_ID,
    ACME_KEY,
    ACME_KEY_ID,
    ACME_P256,
    OTHER_KEY,
    SUBJECT,
    badge,
    learner_text,
    load_data,
    signed,
    write_badge_region,
)

AS_OF = dt.date(2026, 11, 28)


@pytest.fixture
def badge_region(tmp_path: Path) -> Region:
    return load_region(write_badge_region(tmp_path / "region"))


def _learner(region: Region, identifiers: list[str] | None = None) -> LearnerFile:
    return learner_from_text(learner_text(identifiers), region).learner


def _one(region: Region, document: object, identifiers: list[str] | None = None) -> ImportItem:
    text = document if isinstance(document, str) else json.dumps(document, indent=2)
    clr, items = plan_import(text, "badge.json", region, _learner(region, identifiers), AS_OF)
    assert clr is None and len(items) == 1
    return items[0]


# --- the W3C vc-di-eddsa test vector (TestVectors/eddsa-rdfc-2022) -----------------------

W3C_PUBLIC = "z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2"
W3C_PRIVATE = "z3u2en7t5LR2WtQH5PfFqMqwVHBeXouLzo6haApm8XHqvjxq"  # published test key
W3C_COMBINED_HASH = (
    "4c4d3890a157f8d611b13c265c2c22f39aa0a567c7c7dd9ba3e45cd579784eeb"
    "517744132ae165a5349155bef0bb0cf2258fff99dfe1dbd914b938d775a36017"
)


def test_w3c_vector_hash_data_is_the_published_combined_hash() -> None:
    document = load_data("w3c-eddsa-rdfc-2022-signedDataInt.json")
    assert hash_data(document, document["proof"]).hex() == W3C_COMBINED_HASH


def test_w3c_vector_signing_reproduces_the_published_proof_value() -> None:
    document = load_data("w3c-eddsa-rdfc-2022-signedDataInt.json")
    private = Ed25519PrivateKey.from_private_bytes(multibase_decode(W3C_PRIVATE)[2:])
    proof = document["proof"]
    again = sign(document, private, proof["verificationMethod"], proof["created"])
    assert again["proof"]["proofValue"] == proof["proofValue"]


def test_w3c_vector_verifies_and_a_changed_copy_does_not() -> None:
    document = load_data("w3c-eddsa-rdfc-2022-signedDataInt.json")
    key = key_from_multibase(W3C_PUBLIC)
    assert verify_proof(document, document["proof"], key) is None
    changed = copy.deepcopy(document)
    changed["credentialSubject"]["alumniOf"] = "Another School"
    assert "does not match" in (verify_proof(changed, changed["proof"], key) or "")


# --- 1EdTech's published examples (digital-credentials-public-validator) ----------------


def test_1edtech_example_verified_when_the_issuer_declares_its_did_key(
    badge_region: Region,
) -> None:
    item = _one(badge_region, load_data("1edtech-ob30-simple-did-key-method.json"))
    assert item.match.ref == "example:test-1" and item.match.kind == "exact"
    assert item.verification.status == "verified", item.verification.note
    assert item.held is not None and item.held.earned == dt.date(2022, 11, 10)


def test_1edtech_example_unverified_when_the_issuer_declares_no_keys(tmp_path: Path) -> None:
    region = load_region(write_badge_region(tmp_path / "r", example_keys=False))
    item = _one(region, load_data("1edtech-ob30-simple-did-key-method.json"))
    assert item.verification.status == "unverified"
    assert "declares no keys" in item.verification.note
    assert item.held is not None and item.held.verification == "unverified"


def test_1edtech_example_tampered_copy_fails(badge_region: Region) -> None:
    document = load_data("1edtech-ob30-simple-did-key-method.json")
    document["name"] = "test 2"
    item = _one(badge_region, document)
    assert item.verification.status == "failed"
    assert "does not match" in item.verification.note


# --- each outcome, on badges signed in the test -----------------------------------------


def test_valid_badge_with_declared_key_is_verified(badge_region: Region) -> None:
    item = _one(badge_region, signed(badge()), [SUBJECT])
    assert item.verification.status == "verified", item.verification.note
    held = item.held
    assert held is not None and held.ref == "acme:data-101"
    assert (held.source, held.verification, held.earned) == (
        "badge",
        "verified",
        dt.date(2026, 3, 1),
    )
    assert [e.title for e in held.evidence] == ["Project"]


def test_tampered_badge_fails(badge_region: Region) -> None:
    document = signed(badge())
    document["credentialSubject"]["achievement"]["name"] = "Data Mastery"
    item = _one(badge_region, document, [SUBJECT])
    assert item.verification.status == "failed"
    assert "does not match" in item.verification.note


def test_badge_signed_with_an_undeclared_key_fails(badge_region: Region) -> None:
    document = signed(badge(), OTHER_KEY, "https://acme.example/issuer#key-9")
    item = _one(badge_region, document, [SUBJECT])
    assert item.verification.status == "failed"
    assert "which acme does not declare" in item.verification.note


def test_declared_key_id_with_another_keys_signature_fails(badge_region: Region) -> None:
    item = _one(badge_region, signed(badge(), OTHER_KEY, ACME_KEY_ID), [SUBJECT])
    assert item.verification.status == "failed"


def test_expired_badge_fails(badge_region: Region) -> None:
    document = signed(badge(valid_until="2026-06-30T00:00:00Z"))
    item = _one(badge_region, document, [SUBJECT])
    assert item.verification.status == "failed"
    assert "expired on 2026-06-30" in item.verification.note


def test_not_yet_valid_badge_fails(badge_region: Region) -> None:
    item = _one(badge_region, signed(badge(valid_from="2027-01-01T00:00:00Z")), [SUBJECT])
    assert item.verification.status == "failed"
    assert "not valid until 2027-01-01" in item.verification.note


def test_badge_for_another_subject_fails(badge_region: Region) -> None:
    item = _one(badge_region, signed(badge(subject="did:example:someone-else")), [SUBJECT])
    assert item.verification.status == "failed"
    assert "issued to did:example:someone-else" in item.verification.note


def test_subject_not_checked_without_learner_identifiers(badge_region: Region) -> None:
    item = _one(badge_region, signed(badge(subject="did:example:someone-else")))
    assert item.verification.status == "verified"
    assert "subject not checked" in item.verification.note


def test_subject_matched_by_hashed_email_identity(badge_region: Region) -> None:
    import hashlib

    document = badge()
    del document["credentialSubject"]["id"]
    digest = hashlib.sha256(b"pat@example.org" + b"pepper").hexdigest()
    document["credentialSubject"]["identifier"] = [
        {
            "type": "IdentityObject",
            "identityType": "emailAddress",
            "hashed": True,
            "identityHash": "sha256$" + digest,
            "salt": "pepper",
        }
    ]
    item = _one(badge_region, signed(document), ["mailto:pat@example.org"])
    assert item.verification.status == "verified", item.verification.note
    wrong = _one(badge_region, signed(document), ["mailto:sam@example.org"])
    assert wrong.verification.status == "failed"


def test_badge_without_proof_is_unverified(badge_region: Region) -> None:
    item = _one(badge_region, badge(), [SUBJECT])
    assert (item.verification.status, item.verification.reasons[0]) == ("unverified", "no proof")


def test_unsupported_proof_type_is_unverified(badge_region: Region) -> None:
    document = signed(badge())
    document["proof"] = {**document["proof"], "cryptosuite": "bbs-2023"}
    item = _one(badge_region, document, [SUBJECT])
    assert item.verification.status == "unverified"
    assert "not supported" in item.verification.note


def test_vc11_issuance_date_variant_is_read_and_verified(badge_region: Region) -> None:
    document = badge()
    document["@context"] = [
        "https://www.w3.org/2018/credentials/v1",
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
        "https://w3id.org/security/data-integrity/v2",
    ]
    document["issuanceDate"] = document.pop("validFrom")
    document["expirationDate"] = "2030-01-01T00:00:00Z"
    item = _one(badge_region, signed(document), [SUBJECT])
    assert item.verification.status == "verified", item.verification.note
    assert item.held is not None and item.held.earned == dt.date(2026, 3, 1)
    document["expirationDate"] = "2026-01-01T00:00:00Z"
    assert _one(badge_region, signed(document), [SUBJECT]).verification.status == "failed"


def test_result_grade_is_kept_and_other_results_noted(badge_region: Region) -> None:
    graded = _one(badge_region, signed(badge(result="B+")), [SUBJECT]).held
    assert graded is not None and (graded.grade, graded.result) == ("B+", None)
    scored = _one(badge_region, signed(badge(result="87/100")), [SUBJECT]).held
    assert scored is not None and (scored.grade, scored.result) == ("P", "87/100")


# --- VC-JWT ------------------------------------------------------------------------------


def _jwt_claims(**extra: object) -> dict[str, object]:
    now = int(time.mktime(dt.date(2026, 3, 1).timetuple()))
    return {
        "iss": "https://acme.example/issuer",
        "sub": SUBJECT,
        "nbf": now,
        "jti": "urn:uuid:jwt-1",
        "vc": badge(),
        **extra,
    }


def test_vc_jwt_eddsa_is_verified(badge_region: Region) -> None:
    token = sign_jwt(_jwt_claims(), ACME_KEY, ACME_KEY_ID)
    item = _one(badge_region, token, [SUBJECT])
    assert item.verification.status == "verified", item.verification.note
    assert item.held is not None and item.held.ref == "acme:data-101"


def test_vc_jwt_es256_with_a_declared_jwk_is_verified(badge_region: Region) -> None:
    token = sign_jwt(badge(), ACME_P256, ACME_JWK_ID)  # VC 2.0 JOSE: the payload is the VC
    assert _one(badge_region, token, [SUBJECT]).verification.status == "verified"


def test_vc_jwt_tampered_payload_fails(badge_region: Region) -> None:
    import base64

    head, body, sig = sign_jwt(_jwt_claims(), ACME_KEY, ACME_KEY_ID).split(".")
    claims = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    claims["vc"]["credentialSubject"]["achievement"]["name"] = "Data Mastery"
    forged = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    item = _one(badge_region, f"{head}.{forged}.{sig}", [SUBJECT])
    assert item.verification.status == "failed"
    assert "does not match" in item.verification.note


def test_vc_jwt_past_exp_fails(badge_region: Region) -> None:
    exp = int(time.mktime(dt.date(2026, 6, 1).timetuple()))
    item = _one(badge_region, sign_jwt(_jwt_claims(exp=exp), ACME_KEY, ACME_KEY_ID), [SUBJECT])
    assert item.verification.status == "failed" and "expired" in item.verification.note


# --- validity claims read with their types (issue 10, item 3) ----------------------------


def _stamp(day: dt.date) -> int:
    return int(dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC).timestamp())


def _refused(region: Region, token: str) -> str:
    """The one located problem of a malformed token (the CLI prints it, exit 2)."""
    with pytest.raises(CredstackError) as raised:
        _one(region, token, [SUBJECT])
    (problem,) = raised.value.problems
    assert (problem.path, problem.line) == ("badge.json", 1)
    return problem.message


def test_vc_jwt_future_nbf_is_not_yet_valid_even_with_a_past_valid_from(
    badge_region: Region,
) -> None:
    """The VC says validFrom 2026-03-01, the signed nbf says 2027: not yet valid."""
    nbf = _stamp(dt.date(2027, 1, 15))
    item = _one(badge_region, sign_jwt(_jwt_claims(nbf=nbf), ACME_KEY, ACME_KEY_ID), [SUBJECT])
    assert item.verification.status == "failed"
    assert "not yet valid: its nbf is 2027-01-15" in item.verification.note
    assert not item.addable


def test_vc_jwt_issued_in_the_future_is_not_yet_valid(badge_region: Region) -> None:
    iat = _stamp(dt.date(2027, 2, 1))
    item = _one(badge_region, sign_jwt(_jwt_claims(iat=iat), ACME_KEY, ACME_KEY_ID), [SUBJECT])
    assert item.verification.status == "failed"
    assert "issued (iat) on 2027-02-01" in item.verification.note


def test_vc_jwt_nbf_and_iat_in_the_past_and_exp_in_the_future_verify(
    badge_region: Region,
) -> None:
    claims = _jwt_claims(
        iat=_stamp(dt.date(2026, 3, 1)),
        nbf=_stamp(dt.date(2026, 3, 1)),
        exp=_stamp(dt.date(2029, 3, 1)),
    )
    item = _one(badge_region, sign_jwt(claims, ACME_KEY, ACME_KEY_ID), [SUBJECT])
    assert item.verification.status == "verified", item.verification.note


@pytest.mark.parametrize(
    ("claim", "value", "says"),
    [
        pytest.param("exp", "soon", "not 'soon'", id="exp-a-word"),
        pytest.param("exp", "1796139350", "not '1796139350'", id="exp-a-numeric-string"),
        pytest.param("exp", 10**30, "not a date in the years 1 to 9999", id="exp-10**30"),
        pytest.param("exp", 1e300, "not a date in the years 1 to 9999", id="exp-1e300"),
        pytest.param("exp", -(10**15), "not a date in the years 1 to 9999", id="exp-negative"),
        pytest.param("exp", float("inf"), "not a date in the years 1 to 9999", id="exp-infinity"),
        pytest.param("exp", float("nan"), "not a date in the years 1 to 9999", id="exp-nan"),
        pytest.param("nbf", True, "not True", id="nbf-a-boolean"),
        pytest.param("nbf", [1], "not [1]", id="nbf-a-list"),
        pytest.param("iat", {"t": 1}, "not {'t': 1}", id="iat-an-object"),
    ],
)
def test_vc_jwt_time_claims_that_are_not_numeric_dates_are_located_problems(
    badge_region: Region, claim: str, value: object, says: str
) -> None:
    """Never a traceback, never "no expiry": the badge file is bad input."""
    token = sign_jwt(_jwt_claims(**{claim: value}), ACME_KEY, ACME_KEY_ID)
    message = _refused(badge_region, token)
    assert f"claim {claim!r}" in message and says in message


@pytest.mark.parametrize("name", ["validUntil", "validFrom", "expirationDate", "issuanceDate"])
def test_a_validity_date_that_is_not_a_date_is_a_located_problem(
    badge_region: Region, name: str
) -> None:
    """validUntil "soon" used to be read as no expiry at all."""
    document = badge()
    document[name] = "soon"
    with pytest.raises(CredstackError) as raised:
        _one(badge_region, signed(document), [SUBJECT])
    assert f"{name} 'soon' is not a date" in raised.value.problems[0].message


@pytest.mark.parametrize(
    ("header", "says"),
    [
        pytest.param(
            {"crit": ["exp-ext"], "exp-ext": 1},
            "marks 'exp-ext' critical, an extension credstack does not implement",
            id="unknown-extension",
        ),
        pytest.param(
            {"crit": ["b64"], "b64": True},
            "marks 'b64' critical, an extension credstack does not implement",
            id="b64-extension",
        ),
        pytest.param({"crit": "exp-ext"}, "must be a non-empty list", id="not-a-list"),
        pytest.param({"crit": []}, "must be a non-empty list", id="empty"),
        pytest.param({"crit": [7]}, "must be a non-empty list", id="not-names"),
        pytest.param({"crit": ["alg"]}, "lists registered parameters (alg)", id="registered"),
        pytest.param({"crit": ["zip2"]}, "names parameters the header lacks (zip2)", id="absent"),
    ],
)
def test_vc_jwt_with_a_critical_header_is_rejected(
    badge_region: Region, header: dict[str, object], says: str
) -> None:
    """RFC 7515 §4.1.11: an extension the recipient does not understand invalidates the JWS
    (even though the signature, made over the header, verifies)."""
    token = sign_jwt(_jwt_claims(), ACME_KEY, ACME_KEY_ID, extra_header=header)
    item = _one(badge_region, token, [SUBJECT])
    assert item.verification.status == "failed"
    assert says in item.verification.note
    assert not item.addable


def test_vc_jwt_critical_header_fails_even_when_the_issuer_declares_no_keys(
    tmp_path: Path,
) -> None:
    """Not merely "unverified" (which would be added): it can never be valid."""
    region = load_region(write_badge_region(tmp_path / "region", acme_keys=False))
    header = {"crit": ["exp-ext"], "exp-ext": 1}
    item = _one(region, sign_jwt(_jwt_claims(), ACME_KEY, ACME_KEY_ID, extra_header=header))
    assert item.verification.status == "failed"
    assert "does not implement" in item.verification.note
