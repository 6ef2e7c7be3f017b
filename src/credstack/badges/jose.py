"""VC-JWT: compact JWS credentials (VC 2.0 JOSE, and VC 1.1 with a `vc` claim), offline.

Algorithms: EdDSA (Ed25519) and ES256 (P-256), both with `cryptography`. The header's
`kid` names the key; the caller matches it to the keys the issuer's catalogue declares.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.utils import (
    decode_dss_signature,
    encode_dss_signature,
)

from credstack.model.multikey import KeyFormatError, PublicKey, b64url_decode, b64url_encode

ALGORITHMS = ("EdDSA", "ES256")


class JwtFormatError(ValueError):
    """Text that is not a compact JWS carrying a credential."""


@dataclass(frozen=True)
class Jwt:
    header: dict[str, Any]
    claims: dict[str, Any]
    credential: dict[str, Any]  # the VC itself (2.0) or the `vc` claim (1.1)
    signing_input: bytes
    signature: bytes

    @property
    def kid(self) -> str | None:
        kid = self.header.get("kid")
        return kid if isinstance(kid, str) else None


def looks_like_jwt(text: str) -> bool:
    parts = text.strip().split(".")
    return len(parts) == 3 and text.strip().startswith("ey")


def parse_jwt(text: str) -> Jwt:
    parts = text.strip().split(".")
    if len(parts) != 3:
        raise JwtFormatError("a VC-JWT has three dot-separated parts")
    try:
        header = json.loads(b64url_decode(parts[0]))
        claims = json.loads(b64url_decode(parts[1]))
        signature = b64url_decode(parts[2])
    except (KeyFormatError, ValueError) as error:
        raise JwtFormatError(f"not a compact JWS: {error}") from None
    if not isinstance(header, dict) or not isinstance(claims, dict):
        raise JwtFormatError("the JWS header and payload must be JSON objects")
    vc = claims.get("vc")
    credential = vc if isinstance(vc, dict) else claims
    if "credentialSubject" not in credential:
        raise JwtFormatError("the JWT payload carries no credential (no credentialSubject)")
    return Jwt(header, claims, credential, f"{parts[0]}.{parts[1]}".encode("ascii"), signature)


def verify_jwt(token: Jwt, key: PublicKey) -> str | None:
    """None if the signature verifies with `key`, else why not."""
    alg = token.header.get("alg")
    if alg not in ALGORITHMS:
        return f"JWS algorithm {alg!r} is not supported (EdDSA or ES256)"
    try:
        if alg == "EdDSA":
            if not isinstance(key, Ed25519PublicKey):
                return "alg EdDSA needs an Ed25519 key"
            key.verify(token.signature, token.signing_input)
        else:
            if not isinstance(key, ec.EllipticCurvePublicKey):
                return "alg ES256 needs a P-256 key"
            if len(token.signature) != 64:
                return "an ES256 signature is 64 bytes"
            r = int.from_bytes(token.signature[:32], "big")
            s = int.from_bytes(token.signature[32:], "big")
            key.verify(encode_dss_signature(r, s), token.signing_input, ec.ECDSA(hashes.SHA256()))
    except InvalidSignature:
        return "the JWS signature does not match (changed after it was signed?)"
    return None


def claim_dates(token: Jwt) -> tuple[dt.datetime | None, dt.datetime | None]:
    """(nbf, exp) as aware datetimes, if present."""

    def stamp(name: str) -> dt.datetime | None:
        value = token.claims.get(name)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return dt.datetime.fromtimestamp(value, dt.UTC)
        return None

    return stamp("nbf"), stamp("exp")


def sign_jwt(
    claims: dict[str, Any], private_key: Ed25519PrivateKey | ec.EllipticCurvePrivateKey, kid: str
) -> str:
    """A compact JWS of `claims` (for tests and issuers' tools)."""
    alg = "EdDSA" if isinstance(private_key, Ed25519PrivateKey) else "ES256"
    header = {"alg": alg, "kid": kid, "typ": "vc+jwt"}
    head = b64url_encode(json.dumps(header, separators=(",", ":")).encode())
    body = b64url_encode(json.dumps(claims, separators=(",", ":")).encode())
    data = f"{head}.{body}".encode("ascii")
    if isinstance(private_key, Ed25519PrivateKey):
        signature = private_key.sign(data)
    else:
        r, s = decode_dss_signature(private_key.sign(data, ec.ECDSA(hashes.SHA256())))
        signature = r.to_bytes(32, "big") + s.to_bytes(32, "big")
    return f"{head}.{body}.{b64url_encode(signature)}"
