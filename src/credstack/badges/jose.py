"""VC-JWT: compact JWS credentials (VC 2.0 JOSE, and VC 1.1 with a `vc` claim), offline.

Algorithms: EdDSA (Ed25519) and ES256 (P-256), both with `cryptography`. The header's
`kid` names the key; the caller matches it to the keys the issuer's catalogue declares.

Validity claims are read with their types (RFC 7519 §2, §4.1): `nbf`, `exp` and `iat`
are NumericDates, JSON numbers of seconds since 1970-01-01 UTC. A string, a boolean, an
infinity or a number outside the years 1-9999 makes the token malformed
(`JwtFormatError`), never a traceback. A `crit` header (RFC 7515 §4.1.11) names
extensions the recipient must understand; credstack implements none, so any token that
has one is rejected (`unsupported_critical`).

Why not PyJWT: it checks times against the clock, not the as-of date an adviser checks
a badge on, accepts numeric strings and any magnitude for `exp`/`nbf`/`iat` ("1796…",
10**30, 1e300 all pass) and implements the `b64` extension credstack would then have to
handle; the claim checks would have to be written here anyway, and the signature checks
already delegate the cryptography to `cryptography`.
"""

from __future__ import annotations

import datetime as dt
import json
import math
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
TIME_CLAIMS = ("nbf", "exp", "iat")
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
_EARLIEST = dt.datetime(1, 1, 1, tzinfo=dt.UTC)
_LATEST = dt.datetime(9999, 12, 31, 23, 59, 59, tzinfo=dt.UTC)
# RFC 7515 §4.1 and RFC 7519 §5: header parameters that `crit` may not list
_REGISTERED_HEADERS = frozenset(
    {"alg", "jku", "jwk", "kid", "x5u", "x5c", "x5t", "x5t#S256", "typ", "cty", "crit"}
)


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

    def claim_date(self, name: str) -> dt.datetime | None:
        """`nbf`, `exp` or `iat` as an aware datetime (checked when the token was parsed)."""
        value = self.claims.get(name)
        return None if value is None else numeric_date(name, value)


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
    for name in TIME_CLAIMS:
        if claims.get(name) is not None:
            numeric_date(name, claims[name])
    return Jwt(header, claims, credential, f"{parts[0]}.{parts[1]}".encode("ascii"), signature)


def numeric_date(name: str, value: object) -> dt.datetime:
    """A NumericDate claim as an aware datetime; JwtFormatError when it is not one."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        shown = repr(value)
        shown = shown if len(shown) <= 40 else shown[:37] + "..."
        raise JwtFormatError(
            f"claim {name!r} must be a number of seconds since 1970-01-01 UTC "
            f"(a NumericDate), not {shown}"
        )
    try:
        if not math.isfinite(value):
            raise OverflowError
        stamp = _EPOCH + dt.timedelta(seconds=value)
    except (OverflowError, ValueError):
        stamp = None
    if stamp is None or not _EARLIEST <= stamp <= _LATEST:
        shown = str(value) if len(str(value)) <= 24 else f"{value:.3g}"
        raise JwtFormatError(f"claim {name!r} = {shown} is not a date in the years 1 to 9999")
    return stamp


def unsupported_critical(header: dict[str, Any]) -> str | None:
    """Why the token must be rejected for its `crit` header (RFC 7515 §4.1.11), or None.

    credstack implements no JWS extension, so every extension named is one it does not
    understand; a malformed `crit` (not a non-empty list of names present in the header,
    or naming a registered parameter) is invalid as well."""
    if "crit" not in header:
        return None
    crit = header["crit"]
    if not isinstance(crit, list) or not crit or not all(isinstance(n, str) for n in crit):
        return "the JWS 'crit' header must be a non-empty list of header names"
    registered = [n for n in crit if n in _REGISTERED_HEADERS]
    if registered:
        return f"the JWS 'crit' header lists registered parameters ({', '.join(registered)})"
    missing = [n for n in crit if n not in header]
    if missing:
        return f"the JWS 'crit' header names parameters the header lacks ({', '.join(missing)})"
    names = ", ".join(repr(n) for n in crit)
    return f"the JWS marks {names} critical, an extension credstack does not implement"


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
            if not isinstance(key, ec.EllipticCurvePublicKey) or key.curve.name != "secp256r1":
                return "alg ES256 needs a P-256 key"
            if len(token.signature) != 64:
                return "an ES256 signature is 64 bytes"
            r = int.from_bytes(token.signature[:32], "big")
            s = int.from_bytes(token.signature[32:], "big")
            key.verify(encode_dss_signature(r, s), token.signing_input, ec.ECDSA(hashes.SHA256()))
    except InvalidSignature:
        return "the JWS signature does not match (changed after it was signed?)"
    return None


def sign_jwt(
    claims: dict[str, Any],
    private_key: Ed25519PrivateKey | ec.EllipticCurvePrivateKey,
    kid: str,
    extra_header: dict[str, Any] | None = None,
) -> str:
    """A compact JWS of `claims` (for tests and issuers' tools)."""
    alg = "EdDSA" if isinstance(private_key, Ed25519PrivateKey) else "ES256"
    header = {"alg": alg, "kid": kid, "typ": "vc+jwt", **(extra_header or {})}
    head = b64url_encode(json.dumps(header, separators=(",", ":")).encode())
    body = b64url_encode(json.dumps(claims, separators=(",", ":")).encode())
    data = f"{head}.{body}".encode("ascii")
    if isinstance(private_key, Ed25519PrivateKey):
        signature = private_key.sign(data)
    else:
        r, s = decode_dss_signature(private_key.sign(data, ec.ECDSA(hashes.SHA256())))
        signature = r.to_bytes(32, "big") + s.to_bytes(32, "big")
    return f"{head}.{body}.{b64url_encode(signature)}"
