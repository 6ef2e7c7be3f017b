"""Verifying one badge credential offline: signature, issuer key, validity, subject.

The outcome is `verified` (a supported proof verifies with a key the issuer's catalogue
declares, within validity, and for the learner when the learner declares identifiers;
a credentialStatus is noted as not checked, since revocation lists need the network),
`unverified` (no proof, an unsupported proof, a context not bundled, or an issuer that
declares no keys: said why) or `failed` (bad signature, a key the issuer does not
declare, expired, not yet valid by any of validFrom or a VC-JWT's nbf and iat, a VC-JWT
header marking an extension critical, issued to someone else).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from typing import Any, Literal

from credstack.badges.jose import unsupported_critical, verify_jwt
from credstack.badges.loader import ContextNotBundled
from credstack.badges.openbadges import BadgeCredential
from credstack.badges.proofs import is_supported, proofs_of, verify_proof
from credstack.model.catalogue import IssuerKey
from credstack.model.multikey import (
    KeyFormatError,
    PublicKey,
    key_from_did_key,
    key_from_jwk,
    key_from_multibase,
    same_key,
)

Status = Literal["verified", "unverified", "failed"]


@dataclass(frozen=True)
class Verification:
    status: Status
    reasons: tuple[str, ...]

    @property
    def note(self) -> str:
        return "; ".join(self.reasons)


@dataclass(frozen=True)
class DeclaredKeys:
    """The keys one issuer's catalogue declares, and whose they are."""

    issuer: str | None  # catalogue issuer id
    keys: tuple[IssuerKey, ...]


def public_key(key: IssuerKey) -> PublicKey:
    if key.public_key_multibase is not None:
        return key_from_multibase(key.public_key_multibase)
    return key_from_jwk(dict(key.public_key_jwk or {}))


def find_key(method: str, keys: tuple[IssuerKey, ...]) -> IssuerKey | None:
    """The declared key a verificationMethod / kid names: by id, or by the key itself."""
    base, _, fragment = method.partition("#")
    for key in keys:
        if key.id == method or (base.startswith("did:key:") and key.id == base):
            return key
    try:
        embedded = key_from_did_key(method)
    except KeyFormatError:
        embedded = None
    for key in keys:
        if fragment and key.public_key_multibase == fragment:
            return key
        if embedded is not None and same_key(embedded, public_key(key)):
            return key
    return None


def _validity(badge: BadgeCredential, as_of: dt.date) -> list[str]:
    """Why the credential is not valid on `as_of` (expired, not yet valid), and a VC-JWT
    that marks an extension critical (RFC 7515 §4.1.11: it must be rejected)."""
    problems: list[str] = []
    if badge.jwt is not None:
        critical = unsupported_critical(badge.jwt.header)
        if critical:
            problems.append(critical)
    until = badge.valid_until()
    if until is not None and until.date() < as_of:
        problems.append(f"expired on {until.date().isoformat()}")
    for claim, since in badge.not_before():
        if since.date() > as_of:
            if claim in ("validFrom", "issuanceDate"):
                problems.append(f"not valid until {since.date().isoformat()}")
            elif claim == "nbf":
                problems.append(f"not yet valid: its nbf is {since.date().isoformat()}")
            else:
                problems.append(f"not yet valid: issued (iat) on {since.date().isoformat()}")
    return problems


def _hashed(value: str, salt: str) -> str:
    return "sha256$" + hashlib.sha256((value + salt).encode("utf-8")).hexdigest()


def _identity_matches(item: dict[str, Any], identifiers: tuple[str, ...]) -> bool:
    value = item.get("identityHash")
    if not isinstance(value, str):
        return False
    salt = item.get("salt")
    if not isinstance(salt, str):
        salt = ""
    for ident in identifiers:
        plain = ident.removeprefix("mailto:")
        if item.get("hashed"):
            if value.lower() in (_hashed(ident, salt), _hashed(plain, salt)):
                return True
        elif value in (ident, plain):
            return True
    return False


def _subject(badge: BadgeCredential, identifiers: tuple[str, ...]) -> tuple[list[str], list[str]]:
    """(failures, notes) of the subject check."""
    if not identifiers:
        return [], ["subject not checked: the learner declares no identifiers"]
    ids = badge.subject_ids()
    if any(i in identifiers for i in ids):
        return [], []
    if any(_identity_matches(item, identifiers) for item in badge.subject_identifiers()):
        return [], []
    shown = ", ".join(ids) or "an identifier"
    return [f"issued to {shown}, not to one of the learner's identifiers"], []


def _status(badge: BadgeCredential) -> list[str]:
    """A note for each credentialStatus: revocation is never checked offline."""
    entries = badge.document.get("credentialStatus")
    if entries is None:
        return []
    notes = []
    for entry in entries if isinstance(entries, list) else [entries]:
        where = entry.get("statusListCredential") if isinstance(entry, dict) else None
        listed = f" ({where})" if isinstance(where, str) else ""
        notes.append(
            f"status not checked: revocation needs the issuer's status list{listed}, "
            "which credstack never fetches"
        )
    return notes


def _signature(badge: BadgeCredential, declared: DeclaredKeys) -> tuple[Status, str]:
    """('verified' | 'unverified' | 'failed', why) for the badge's proof."""
    methods: list[tuple[str, dict[str, Any] | None]]
    if badge.unsupported_proof is not None:
        return "unverified", (
            f"signed with {badge.unsupported_proof}: an unsupported proof, not checked "
            "(unverified, not invalid)"
        )
    if badge.jwt is not None:
        methods = [(badge.jwt.kid or "", None)]
    else:
        proofs = proofs_of(badge.document)
        if not proofs:
            return "unverified", "no proof"
        supported = [p for p in proofs if is_supported(p)]
        if not supported:
            kinds = ", ".join(sorted({str(p.get("cryptosuite") or p.get("type")) for p in proofs}))
            return "unverified", (
                f"proof {kinds} is not supported (eddsa-rdfc-2022, Ed25519Signature2020 or VC-JWT)"
            )
        methods = [(str(p.get("verificationMethod") or ""), p) for p in supported]
    who = declared.issuer or "the issuer"
    if not declared.keys:
        return "unverified", f"{who} declares no keys in its catalogue"
    outcomes: list[tuple[Status, str]] = []
    for method, proof in methods:
        key = find_key(method, declared.keys) if method else None
        if key is None:
            outcomes.append(
                ("failed", f"signed with key {method or '(none)'}, which {who} does not declare")
            )
            continue
        try:
            if proof is None and badge.jwt is not None:
                error = verify_jwt(badge.jwt, public_key(key))
            else:
                error = verify_proof(badge.document, proof or {}, public_key(key))
        except ContextNotBundled as missing:
            outcomes.append(("unverified", str(missing)))
            continue
        demo = " (a demo key)" if key.demo else ""
        outcomes.append(("failed", error) if error else ("verified", f"signed by {who}{demo}"))
    for status in ("failed", "unverified", "verified"):
        for found, why in outcomes:
            if found == status:
                return found, why
    return "unverified", "no proof"


def verify_badge(
    badge: BadgeCredential,
    declared: DeclaredKeys,
    identifiers: tuple[str, ...],
    as_of: dt.date,
) -> Verification:
    failures = _validity(badge, as_of)
    subject_failures, notes = _subject(badge, identifiers)
    failures += subject_failures
    status, why = _signature(badge, declared)
    if status == "failed":
        failures.insert(0, why)
    if failures:
        return Verification("failed", tuple(failures))
    return Verification(status, (why, *_status(badge), *notes))
