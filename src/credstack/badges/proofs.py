"""Ed25519 Linked Data proofs, offline: Data Integrity eddsa-rdfc-2022 (W3C vc-di-eddsa)
and its predecessor Ed25519Signature2020 (W3C CCG), which many real issuers still use.

Both sign the same way: hashData = SHA-256(RDFC-1.0(proofConfig)) +
SHA-256(RDFC-1.0(document without proof)), where proofConfig is the proof without
proofValue under the document's @context; the signature is Ed25519 over hashData,
carried as a base58btc multibase proofValue. They differ in how the proof names itself
(`type: DataIntegrityProof, cryptosuite: eddsa-rdfc-2022`, or `type:
Ed25519Signature2020`, whose terms come from the ed25519-2020 suite context the document
must include). Canonicalisation is pyld's URDNA2015 (= RDFC-1.0) with the bundled
contexts only. Checked against the W3C eddsa-rdfc-2022 test vector and the Digital
Credentials Consortium's signed fixtures of both suites (tests/unit/test_badges_real.py).
"""

from __future__ import annotations

import hashlib
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from pyld import jsonld

from credstack.badges.loader import ContextNotBundled, document_loader
from credstack.model.multikey import KeyFormatError, PublicKey, multibase_decode, multibase_encode

CRYPTOSUITE = "eddsa-rdfc-2022"
ED25519_2020 = "Ed25519Signature2020"


class CanonicalisationError(Exception):
    """The document could not be canonicalised (bad JSON-LD, or a context not bundled)."""


def _not_bundled(error: BaseException) -> ContextNotBundled | None:
    seen: set[int] = set()
    stack: list[BaseException | None] = [error]
    while stack:
        item = stack.pop()
        if item is None or id(item) in seen:
            continue
        seen.add(id(item))
        if isinstance(item, ContextNotBundled):
            return item
        stack += [getattr(item, "cause", None), item.__cause__, item.__context__]
    return None


def canonicalise(document: dict[str, Any]) -> str:
    """RDFC-1.0 N-Quads of a JSON-LD document, with only the bundled contexts."""
    options = {
        "algorithm": "URDNA2015",
        "format": "application/n-quads",
        "documentLoader": document_loader,
    }
    try:
        normalized: str = jsonld.normalize(document, options)
        return normalized
    except ContextNotBundled:
        raise
    except (jsonld.JsonLdError, ValueError, TypeError, KeyError, RecursionError) as error:
        missing = _not_bundled(error)
        if missing is not None:
            raise missing from None
        raise CanonicalisationError(f"not valid JSON-LD: {error}") from None


def hash_data(document: dict[str, Any], proof: dict[str, Any]) -> bytes:
    """The eddsa-rdfc-2022 signing input for `document` (its proof removed) and `proof`."""
    unsigned = {k: v for k, v in document.items() if k != "proof"}
    config = {k: v for k, v in proof.items() if k != "proofValue"}
    config["@context"] = document.get("@context")
    config_hash = hashlib.sha256(canonicalise(config).encode("utf-8")).digest()
    document_hash = hashlib.sha256(canonicalise(unsigned).encode("utf-8")).digest()
    return config_hash + document_hash


def proofs_of(document: dict[str, Any]) -> list[dict[str, Any]]:
    proof = document.get("proof")
    if proof is None:
        return []
    items = proof if isinstance(proof, list) else [proof]
    return [p for p in items if isinstance(p, dict)]


def is_supported(proof: dict[str, Any]) -> bool:
    if proof.get("type") == ED25519_2020:
        return True
    return proof.get("type") == "DataIntegrityProof" and proof.get("cryptosuite") == CRYPTOSUITE


def verify_proof(document: dict[str, Any], proof: dict[str, Any], key: PublicKey) -> str | None:
    """None if `proof` over `document` verifies with `key`, else why not.

    Raises ContextNotBundled when the document needs a context credstack does not ship.
    """
    if not isinstance(key, Ed25519PublicKey):
        return f"{proof.get('cryptosuite') or proof.get('type')} needs an Ed25519 key"
    if proof.get("proofPurpose") != "assertionMethod":
        return f"proof purpose {proof.get('proofPurpose')!r} is not 'assertionMethod'"
    value = proof.get("proofValue")
    if not isinstance(value, str):
        return "the proof has no proofValue"
    try:
        signature = multibase_decode(value)
    except KeyFormatError as error:
        return f"proofValue: {error}"
    if len(signature) != 64:
        return "proofValue is not a 64-byte Ed25519 signature"
    try:
        data = hash_data(document, proof)
    except CanonicalisationError as error:
        return str(error)
    try:
        key.verify(signature, data)
    except InvalidSignature:
        return "the signature does not match the credential (changed after it was signed?)"
    return None


def sign(
    document: dict[str, Any],
    private_key: Ed25519PrivateKey,
    verification_method: str,
    created: str,
) -> dict[str, Any]:
    """A copy of `document` with an eddsa-rdfc-2022 proof (for tests and issuers' tools)."""
    proof = {
        "type": "DataIntegrityProof",
        "cryptosuite": CRYPTOSUITE,
        "created": created,
        "verificationMethod": verification_method,
        "proofPurpose": "assertionMethod",
    }
    unsigned = {k: v for k, v in document.items() if k != "proof"}
    proof["proofValue"] = multibase_encode(private_key.sign(hash_data(unsigned, proof)))
    return {**unsigned, "proof": proof}
