"""Keys as badges name them: base58btc multibase, Multikey, did:key and JWK.

Pure functions, no I/O. An Ed25519 Multikey is 'z' + base58btc(0xed 0x01 + 32 bytes);
a did:key for it is 'did:key:' + that multibase. base58 is small enough to write here
rather than add a dependency.

Part of the model because a catalogue declares its issuer's keys in these forms
([[issuer.key]]) and the catalogue model refuses one it cannot read; badges/ verifies
signatures with the same functions.
"""

from __future__ import annotations

import base64
from typing import Any

from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

_ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
_INDEX = {c: i for i, c in enumerate(_ALPHABET)}
ED25519_PUB = b"\xed\x01"
P256_PUB = b"\x80\x24"  # multicodec p256-pub (compressed point)

PublicKey = Ed25519PublicKey | ec.EllipticCurvePublicKey


class KeyFormatError(ValueError):
    """A key or signature encoding that cannot be read."""


def b58encode(data: bytes) -> str:
    number = int.from_bytes(data, "big")
    out = ""
    while number:
        number, rest = divmod(number, 58)
        out = _ALPHABET[rest] + out
    zeros = len(data) - len(data.lstrip(b"\0"))
    return "1" * zeros + out


def b58decode(text: str) -> bytes:
    number = 0
    for char in text:
        if char not in _INDEX:
            raise KeyFormatError(f"{char!r} is not a base58btc character")
        number = number * 58 + _INDEX[char]
    body = number.to_bytes((number.bit_length() + 7) // 8, "big") if number else b""
    zeros = len(text) - len(text.lstrip("1"))
    return b"\0" * zeros + body


def multibase_decode(text: str) -> bytes:
    """Bytes of a base58btc multibase string ('z...')."""
    if not text.startswith("z"):
        raise KeyFormatError("only base58btc multibase ('z...') is supported")
    return b58decode(text[1:])


def multibase_encode(data: bytes) -> str:
    return "z" + b58encode(data)


def ed25519_multikey(raw: bytes) -> str:
    """The publicKeyMultibase of a 32-byte Ed25519 public key."""
    return multibase_encode(ED25519_PUB + raw)


def key_from_multibase(text: str) -> PublicKey:
    """The public key of a Multikey publicKeyMultibase (Ed25519 or P-256)."""
    data = multibase_decode(text)
    if data.startswith(ED25519_PUB) and len(data) == 34:
        return Ed25519PublicKey.from_public_bytes(data[2:])
    if data.startswith(P256_PUB) and len(data) == 35:
        try:
            return ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), data[2:])
        except ValueError as error:
            raise KeyFormatError(f"not a P-256 point: {error}") from None
    raise KeyFormatError("not an Ed25519 (0xed01 + 32 bytes) or P-256 Multikey")


def key_from_did_key(did: str) -> PublicKey | None:
    """The key inside a did:key (with or without a #fragment), or None if not a did:key."""
    if not did.startswith("did:key:"):
        return None
    return key_from_multibase(did[len("did:key:") :].split("#", 1)[0])


def b64url_decode(text: str) -> bytes:
    try:
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (ValueError, TypeError) as error:
        raise KeyFormatError(f"not base64url: {error}") from None


def b64url_encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def key_from_jwk(jwk: dict[str, Any]) -> PublicKey:
    """The public key of an OKP/Ed25519 or EC/P-256 JWK."""
    kty, crv = jwk.get("kty"), jwk.get("crv")
    if "d" in jwk:
        raise KeyFormatError("the JWK holds a private key ('d'): declare only the public key")
    if kty == "OKP" and crv == "Ed25519":
        raw = b64url_decode(str(jwk.get("x", "")))
        if len(raw) != 32:
            raise KeyFormatError("an Ed25519 JWK 'x' must be 32 bytes")
        return Ed25519PublicKey.from_public_bytes(raw)
    if kty == "EC" and crv == "P-256":
        x = b64url_decode(str(jwk.get("x", "")))
        y = b64url_decode(str(jwk.get("y", "")))
        if len(x) != 32 or len(y) != 32:
            raise KeyFormatError("a P-256 JWK 'x' and 'y' must be 32 bytes each")
        return ec.EllipticCurvePublicNumbers(
            int.from_bytes(x, "big"), int.from_bytes(y, "big"), ec.SECP256R1()
        ).public_key()
    raise KeyFormatError(f"unsupported JWK (kty {kty!r}, crv {crv!r}): use OKP/Ed25519 or EC/P-256")


def same_key(a: PublicKey, b: PublicKey) -> bool:
    from cryptography.hazmat.primitives import serialization

    fmt = serialization.PublicFormat.SubjectPublicKeyInfo
    enc = serialization.Encoding.DER
    return a.public_bytes(enc, fmt) == b.public_bytes(enc, fmt)
