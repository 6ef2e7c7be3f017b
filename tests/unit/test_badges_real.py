"""Real signed badges from two public test suites, verified offline (docs/badges.md).

- The Digital Credentials Consortium's fixtures (tests/data/badges/dcc): OB 3.0 in VCDM
  1.1 and 2.0, signed with Ed25519Signature2020, eddsa-rdfc-2022 or both, by did:key and
  did:web issuers. The issuers' keys are declared as a catalogue would declare them
  ([[issuer.key]]: the did:key's own key, the did:web documents' saved keys).
- 1EdTech's OB 3.0 validator fixtures (tests/data/badges/1edtech-ob30), against the
  validator's own verdicts (OB30Tests.java).

The rule for every fixture: a valid credential verifies; a tampered, expired, not yet
valid or badly signed one does not; one that is no badge is refused with its file. What
is expected is read from the fixture itself (its dates, and what its name says was done
to it), not from credstack.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from credstack.badges.openbadges import BadgeCredential, parse_badge_text
from credstack.badges.proofs import proofs_of
from credstack.badges.verify import DeclaredKeys, Verification, verify_badge
from credstack.errors import CredstackError
from credstack.model.catalogue import IssuerKey
from credstack.model.multikey import KeyFormatError, key_from_multibase

DATA = Path(__file__).resolve().parents[1] / "data" / "badges"
DCC = DATA / "dcc"
OB30 = DATA / "1edtech-ob30"
AS_OF = dt.date(2026, 12, 1)
BADGE_TYPES = {"OpenBadgeCredential", "AchievementCredential", "ClrCredential"}


def _did_web_keys() -> dict[str, str]:
    """verificationMethod id -> publicKeyMultibase, from the saved did:web documents."""
    keys: dict[str, str] = {}
    for path in sorted((DCC / "dids").glob("*/did.json")):
        document = json.loads(path.read_text(encoding="utf-8"))
        for relation in ("verificationMethod", "assertionMethod"):
            for method in document.get(relation, []):
                if isinstance(method, dict) and method.get("publicKeyMultibase"):
                    keys[method["id"]] = method["publicKeyMultibase"]
    return keys


WEB_KEYS = _did_web_keys()


def _declared(badge: BadgeCredential) -> DeclaredKeys:
    """The keys the issuer's catalogue declares: for did:key, the key the DID is; for
    did:web, the key its saved document lists; for an https issuer, the key its
    verificationMethod's fragment names (how 1EdTech's test issuers publish theirs)."""
    keys: list[IssuerKey] = []
    for proof in proofs_of(badge.document):
        method = str(proof.get("verificationMethod") or "")
        base, _, fragment = method.partition("#")
        if method in WEB_KEYS:
            multibase = WEB_KEYS[method]
        elif base.startswith("did:key:"):
            multibase = base.removeprefix("did:key:")
        else:
            multibase = fragment
        try:
            key_from_multibase(multibase)
        except KeyFormatError:
            continue
        keys.append(IssuerKey(id=method, type="Multikey", public_key_multibase=multibase))
    return DeclaredKeys("test-issuer", tuple(keys))


def _date(value: Any) -> dt.date | None:
    if not isinstance(value, str):
        return None
    return dt.datetime.fromisoformat(value.replace("Z", "+00:00")).date()


def _dates_fail(document: dict[str, Any]) -> bool:
    """Expired or not yet valid on AS_OF, by the credential's own dates."""
    until = _date(document.get("validUntil") or document.get("expirationDate"))
    since = _date(document.get("validFrom") or document.get("issuanceDate"))
    return (until is not None and until < AS_OF) or (since is not None and since > AS_OF)


def _verify(path: Path) -> tuple[BadgeCredential, Verification]:
    badge = parse_badge_text(path.read_text(encoding="utf-8"), str(path))
    return badge, verify_badge(badge, _declared(badge), (), AS_OF)


def _is_badge(path: Path) -> bool:
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError:
        return False
    types = document.get("type", [])
    return bool(BADGE_TYPES & set(types if isinstance(types, list) else [types]))


DCC_FILES = sorted(DCC.glob("verifiableCredentials/**/*.json"))


def test_the_dcc_fixtures_are_present() -> None:
    assert len(DCC_FILES) == 91, f"expected the 91 DCC fixtures in {DCC}"


@pytest.mark.parametrize(
    "path", DCC_FILES, ids=[str(p.relative_to(DCC / "verifiableCredentials")) for p in DCC_FILES]
)
def test_dcc_fixture_verifies_exactly_when_it_is_valid(path: Path) -> None:
    if not _is_badge(path):  # plain VCs, endorsements, status lists, a broken file
        with pytest.raises(CredstackError) as refused:
            _verify(path)
        assert str(path) in str(refused.value)
        return
    badge, verification = _verify(path)
    document = badge.document
    tampered = path.stem.endswith("-tampered")
    unknown_issuer = not _declared(badge).keys  # a did:web whose document is not saved
    if tampered or _dates_fail(document):
        assert verification.status == "failed", verification.note
    elif unknown_issuer:
        assert verification.status == "unverified", verification.note
    else:
        assert verification.status == "verified", verification.note
        if "credentialStatus" in document:
            assert "status not checked" in verification.note


@pytest.mark.parametrize(
    "suite",
    ["Ed25519Signature2020", "eddsa-rdfc-2022"],
)
def test_both_suites_of_a_dual_proof_credential_verify_and_a_change_fails_each(
    suite: str,
) -> None:
    path = DCC / "verifiableCredentials/v2/bothSignatureTypes/didkey/legacy-noStatus-noExpiry.json"
    document = json.loads(path.read_text(encoding="utf-8"))
    kept = [p for p in document["proof"] if suite in (p.get("type"), p.get("cryptosuite"))]
    assert len(kept) == 1
    single = {**document, "proof": kept[0]}
    badge = parse_badge_text(json.dumps(single), "single.json")
    assert verify_badge(badge, _declared(badge), (), AS_OF).status == "verified"
    changed = {**single, "name": single["name"] + " (changed)"}
    badge = parse_badge_text(json.dumps(changed), "changed.json")
    verification = verify_badge(badge, _declared(badge), (), AS_OF)
    assert verification.status == "failed"
    assert "signature does not match" in verification.note


# 1EdTech's verdicts (OB30Tests.java): assertValid for these, assertInvalid for simple-err-*,
# velocity.jwt ("lack of ob's extension context"); complete_v1 expired in 2020.
OB30_VALID = [
    "simple.json",
    "simple_v1.json",
    "simple-did-key-method.json",
    "simple-did-web-method.json",
    "simple-multiple-proofs.json",
    "simple-context-alias.json",
    "simple-context-version.json",
    "complete.json",
]
OB30_INVALID = sorted(p.name for p in OB30.glob("simple-err-*.json")) + ["velocity.jwt"]


@pytest.mark.parametrize("name", OB30_VALID)
def test_1edtech_valid_fixture_verifies(name: str) -> None:
    _, verification = _verify(OB30 / name)
    assert verification.status == "verified", verification.note


@pytest.mark.parametrize("name", OB30_INVALID)
def test_1edtech_invalid_fixture_never_verifies(name: str) -> None:
    try:
        _, verification = _verify(OB30 / name)
    except CredstackError as refused:
        assert name in str(refused)
        return
    assert verification.status != "verified", verification.note


def test_1edtech_revoked_credential_says_its_status_was_not_checked() -> None:
    """Revocation needs the issuer's status list over the network: the signature holds,
    and the outcome says the status was not checked (never a silent pass)."""
    _, verification = _verify(OB30 / "credential-status-revoked.json")
    assert verification.status == "verified"
    assert "status not checked" in verification.note


def test_eddsa_2022_the_withdrawn_cryptosuite_name_is_unsupported_not_failed() -> None:
    _, verification = _verify(OB30 / "simple-eddsa-2022.json")
    assert verification.status == "unverified"
    assert "eddsa-2022 is not supported" in verification.note
