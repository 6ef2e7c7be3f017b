"""Badge test material: an issuer with a freshly generated key, badges signed with it.

Private keys exist only in memory, generated per test session; none is committed.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from credstack.badges.proofs import sign
from credstack.model.multikey import b64url_encode, ed25519_multikey

DATA = Path(__file__).resolve().parent / "data" / "badges"
ACME_KEY_ID = "https://acme.example/issuer#key-1"
ACME_JWK_ID = "https://acme.example/issuer#es256-1"
SUBJECT = "did:example:learner-42"
OB_CONTEXT = [
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
]
DATA_101 = "https://acme.example/achievements/data-101"

ACME_KEY = Ed25519PrivateKey.generate()
ACME_P256 = ec.generate_private_key(ec.SECP256R1())
OTHER_KEY = Ed25519PrivateKey.generate()


def multikey(private: Ed25519PrivateKey) -> str:
    raw = private.public_key().public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw
    )
    return ed25519_multikey(raw)


def p256_jwk(private: ec.EllipticCurvePrivateKey) -> dict[str, str]:
    numbers = private.public_key().public_numbers()
    return {
        "kty": "EC",
        "crv": "P-256",
        "x": b64url_encode(numbers.x.to_bytes(32, "big")),
        "y": b64url_encode(numbers.y.to_bytes(32, "big")),
    }


def acme_toml(with_keys: bool = True) -> str:
    jwk = p256_jwk(ACME_P256)
    keys = f"""
[[issuer.key]]
id = "{ACME_KEY_ID}"
type = "Multikey"
public_key_multibase = "{multikey(ACME_KEY)}"

[[issuer.key]]
id = "{ACME_JWK_ID}"
type = "JsonWebKey"
public_key_jwk = {{ kty = "EC", crv = "P-256", x = "{jwk["x"]}", y = "{jwk["y"]}" }}
"""
    return f"""format = 1

[issuer]
id = "acme"
name = "Acme Skills"
kind = "provider"
country = "US"
{keys if with_keys else ""}
[[credential]]
id = "data-101"
title = "Data Basics"
type = "badge"
hours = 20
badge_achievement_ids = ["{DATA_101}"]

[[credential]]
id = "secops"
title = "Security Operations"
type = "badge"
hours = 30
"""


EXAMPLE_TOML = """format = 1

[issuer]
id = "example"
name = "1EdTech examples"
kind = "provider"
country = "US"
{keys}
[[credential]]
id = "test-1"
title = "Test achievement one"
type = "badge"
badge_achievement_ids = ["urn:uuid:35258e6f-4c05-4215-8ada-38a5a5b80510"]

[[credential]]
id = "teamwork"
title = "Teamwork"
type = "badge"
badge_achievement_ids = ["https://example.com/achievements/21st-century-skills/teamwork"]
"""

EXAMPLE_KEYS = """
[[issuer.key]]
id = "did:key:z6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hwi"
type = "Multikey"
public_key_multibase = "z6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hwi"

[[issuer.key]]
id = "https://example.com/issuers/876543#z6MkvREVgsHx7Ppae68vCoByy73ZD4aMSJiPML2cryVL8JAx"
type = "Multikey"
public_key_multibase = "z6MkvREVgsHx7Ppae68vCoByy73ZD4aMSJiPML2cryVL8JAx"
"""

LEARNER = """format = 1

[learner]
name = "Badge Learner"
as_of = 2026-11-28
{identifiers}
"""


def write_badge_region(root: Path, *, acme_keys: bool = True, example_keys: bool = True) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "acme.toml").write_text(acme_toml(acme_keys), encoding="utf-8")
    keys = EXAMPLE_KEYS if example_keys else ""
    (root / "example.toml").write_text(EXAMPLE_TOML.format(keys=keys), encoding="utf-8")
    return root


def learner_text(identifiers: list[str] | None = None) -> str:
    line = f"identifiers = {json.dumps(identifiers)}" if identifiers is not None else ""
    return LEARNER.format(identifiers=line)


def badge(
    *,
    achievement_id: str = DATA_101,
    name: str = "Data Basics",
    subject: str = SUBJECT,
    valid_from: str = "2026-03-01T00:00:00Z",
    valid_until: str | None = None,
    result: str | None = None,
    human_code: str | None = None,
) -> dict[str, Any]:
    achievement: dict[str, Any] = {
        "id": achievement_id,
        "type": ["Achievement"],
        "name": name,
        "criteria": {"narrative": "Complete every module."},
    }
    if human_code:
        achievement["humanCode"] = human_code
    subject_table: dict[str, Any] = {
        "id": subject,
        "type": ["AchievementSubject"],
        "achievement": achievement,
    }
    if result:
        subject_table["result"] = [{"type": ["Result"], "value": result}]
    document: dict[str, Any] = {
        "@context": list(OB_CONTEXT),
        "id": "urn:uuid:0d3f7c52-1111-4c2e-9a51-6b7f0e2d9a10",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": "https://acme.example/issuer", "type": ["Profile"], "name": "Acme"},
        "validFrom": valid_from,
        "name": name,
        "credentialSubject": subject_table,
        "evidence": [
            {"id": "https://acme.example/evidence/1", "type": ["Evidence"], "name": "Project"}
        ],
    }
    if valid_until:
        document["validUntil"] = valid_until
    return document


def signed(
    document: dict[str, Any],
    key: Ed25519PrivateKey = ACME_KEY,
    method: str = ACME_KEY_ID,
) -> dict[str, Any]:
    return sign(copy.deepcopy(document), key, method, "2026-03-01T00:00:00Z")


def load_data(name: str) -> dict[str, Any]:
    return json.loads((DATA / name).read_text(encoding="utf-8"))
