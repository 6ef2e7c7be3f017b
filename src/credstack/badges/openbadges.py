"""Reading Open Badges 3.0 / CLR 2.0 files: JSON credentials or VC-JWTs, no I/O.

An OpenBadgeCredential / AchievementCredential (VC data model 2.0 with `validFrom`, or
1.1 with `issuanceDate`) carries one achievement; a ClrCredential carries many
AchievementCredentials in credentialSubject.verifiableCredential[], each of which is
read (and later verified) on its own.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from credstack.badges.jose import Jwt, JwtFormatError, looks_like_jwt, parse_jwt
from credstack.errors import CredstackError, Problem

if TYPE_CHECKING:
    from credstack.badges.edc_facts import EdcFacts

ACHIEVEMENT_TYPES = ("OpenBadgeCredential", "AchievementCredential")
CLR_TYPE = "ClrCredential"


@dataclass(frozen=True)
class BadgeEvidence:
    title: str
    sha256: str | None = None


@dataclass
class BadgeCredential:
    """One credential as read from a badge file (not yet matched or verified)."""

    where: str  # "file.json" or "file.json: verifiableCredential[2]"
    document: dict[str, Any]  # the credential JSON (for a VC-JWT, its payload VC)
    kind: str  # OpenBadgeCredential, AchievementCredential or ClrCredential
    jwt: Jwt | None = None
    nested: list[BadgeCredential] = field(default_factory=list)
    # a proof credstack does not check, carried outside the document (a JAdES envelope)
    unsupported_proof: str | None = None
    edc: EdcFacts | None = None  # what a European Digital Credential states (badges/edc.py)

    @property
    def credential_id(self) -> str | None:
        value = self.document.get("id") or (self.jwt.claims.get("jti") if self.jwt else None)
        return value if isinstance(value, str) else None

    @property
    def issuer_id(self) -> str | None:
        issuer = self.document.get("issuer")
        if isinstance(issuer, dict):
            issuer = issuer.get("id")
        if issuer is None and self.jwt is not None:
            issuer = self.jwt.claims.get("iss")
        return issuer if isinstance(issuer, str) else None

    @property
    def issuer_name(self) -> str | None:
        issuer = self.document.get("issuer")
        name = issuer.get("name") if isinstance(issuer, dict) else None
        return name if isinstance(name, str) else None

    @property
    def subject(self) -> dict[str, Any]:
        subject = self.document.get("credentialSubject")
        if isinstance(subject, list):
            subject = subject[0] if subject else {}
        return subject if isinstance(subject, dict) else {}

    @property
    def achievement(self) -> dict[str, Any]:
        achievement = self.subject.get("achievement")
        return achievement if isinstance(achievement, dict) else {}

    @property
    def title(self) -> str:
        for value in (self.achievement.get("name"), self.document.get("name")):
            if isinstance(value, str) and value.strip():
                return value.strip()
        return self.credential_id or "(unnamed credential)"

    def valid_from(self) -> dt.datetime | None:
        """When the credential was issued: validFrom (issuanceDate), else the VC-JWT's nbf,
        else its iat (the `earned` date of the held item it becomes)."""
        found = _date(self.document.get("validFrom") or self.document.get("issuanceDate"))
        if found is None and self.jwt is not None:
            found = self.jwt.claim_date("nbf") or self.jwt.claim_date("iat")
        return found

    def not_before(self) -> list[tuple[str, dt.datetime]]:
        """Every claim the credential is not valid before, as (claim, when): validFrom
        (or issuanceDate), and a VC-JWT's nbf and iat."""
        name = "validFrom" if self.document.get("validFrom") else "issuanceDate"
        found = [(name, _date(self.document.get(name)))]
        if self.jwt is not None:
            found += [("nbf", self.jwt.claim_date("nbf")), ("iat", self.jwt.claim_date("iat"))]
        return [(claim, when) for claim, when in found if when is not None]

    def valid_until(self) -> dt.datetime | None:
        found = _date(self.document.get("validUntil") or self.document.get("expirationDate"))
        if self.jwt is not None:
            stamp = self.jwt.claim_date("exp")
            if stamp is not None:
                found = stamp if found is None else min(found, stamp)
        return found

    def subject_ids(self) -> list[str]:
        ids = [self.subject.get("id")]
        if self.jwt is not None:
            ids.append(self.jwt.claims.get("sub"))
        return [i for i in dict.fromkeys(ids) if isinstance(i, str) and i]

    def subject_identifiers(self) -> list[dict[str, Any]]:
        found = self.subject.get("identifier")
        items = found if isinstance(found, list) else [found]
        return [i for i in items if isinstance(i, dict)]

    def results(self) -> list[str]:
        """The raw result values (a grade, 'Pass', a score), in order."""
        found = self.subject.get("result")
        items = found if isinstance(found, list) else [found]
        values: list[str] = []
        for item in items:
            if isinstance(item, dict):
                for key in ("value", "status"):
                    if isinstance(item.get(key), (str, int, float)):
                        values.append(str(item[key]).strip())
                        break
        return [v for v in values if v]

    def evidence(self) -> list[BadgeEvidence]:
        found = self.document.get("evidence")
        items = found if isinstance(found, list) else [found]
        out: list[BadgeEvidence] = []
        for item in items:
            if not isinstance(item, dict):
                continue
            title = next(
                (
                    str(item[k]).strip()
                    for k in ("name", "description", "narrative", "id")
                    if isinstance(item.get(k), str) and str(item[k]).strip()
                ),
                None,
            )
            if title:
                out.append(BadgeEvidence(title=title[:200], sha256=_sha256(item)))
        return out


DATE_FIELDS = ("validFrom", "validUntil", "issuanceDate", "expirationDate")


def _date(value: Any) -> dt.datetime | None:
    if not isinstance(value, str):
        return None
    try:
        stamp = dt.datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    return stamp if stamp.tzinfo else stamp.replace(tzinfo=dt.UTC)


def _check_dates(document: dict[str, Any], where: str) -> None:
    """A validity date that is given must be a date: "soon" never means "never expires"."""
    for name in DATE_FIELDS:
        value = document.get(name)
        if value is not None and _date(value) is None:
            shown = repr(value) if len(repr(value)) <= 40 else repr(value)[:37] + "..."
            raise ValueError(f"{where}: {name} {shown} is not a date and time (ISO 8601)")


def _sha256(item: dict[str, Any]) -> str | None:
    """A SHA-256 digest given with the evidence (digestSRI 'sha256-<base64>')."""
    import base64

    sri = item.get("digestSRI")
    if isinstance(sri, str) and sri.startswith("sha256-"):
        try:
            raw = base64.b64decode(sri[len("sha256-") :], validate=True)
        except ValueError:
            return None
        return raw.hex() if len(raw) == 32 else None
    return None


def _types(document: dict[str, Any]) -> list[str]:
    found = document.get("type")
    items = found if isinstance(found, list) else [found]
    return [t for t in items if isinstance(t, str)]


def _credential(value: Any, where: str) -> BadgeCredential:
    jwt: Jwt | None = None
    if isinstance(value, str):
        if not looks_like_jwt(value):
            raise ValueError(f"{where}: not a credential (a JSON object or a VC-JWT)")
        try:
            jwt = parse_jwt(value)
        except JwtFormatError as error:
            raise ValueError(f"{where}: {error}") from None
        value = jwt.credential
    if not isinstance(value, dict):
        raise ValueError(f"{where}: a credential must be a JSON object")
    _check_dates(value, where)
    types = _types(value)
    if CLR_TYPE in types:
        found = BadgeCredential(where, value, CLR_TYPE, jwt)
        subject = found.subject
        nested = subject.get("verifiableCredential")
        items = nested if isinstance(nested, list) else []
        if not items:
            raise ValueError(f"{where}: the ClrCredential holds no verifiableCredential")
        for index, item in enumerate(items, start=1):
            inner = _credential(item, f"{where}: verifiableCredential[{index}]")
            if inner.kind == CLR_TYPE:
                raise ValueError(f"{inner.where}: a CLR inside a CLR is not supported")
            found.nested.append(inner)
        return found
    kind = next((t for t in ACHIEVEMENT_TYPES if t in types), None)
    if kind is None:
        raise ValueError(
            f"{where}: type {types} is not an OpenBadgeCredential, AchievementCredential "
            "or ClrCredential"
        )
    found = BadgeCredential(where, value, kind, jwt)
    if not found.achievement:
        raise ValueError(f"{where}: credentialSubject has no achievement")
    return found


def parse_badge_text(text: str, name: str) -> BadgeCredential:
    """Read one badge or CLR file's text; bad input is a CredstackError `file:line: ...`."""
    stripped = text.strip()
    if looks_like_jwt(stripped):
        value: Any = stripped
    else:
        try:
            value = json.loads(text)
        except json.JSONDecodeError as error:
            raise CredstackError([Problem(name, error.lineno, f"bad JSON: {error.msg}")]) from None
        except RecursionError:
            raise CredstackError.at(name, 1, "bad JSON: nested too deeply") from None
    try:
        return _credential(value, name)
    except ValueError as error:
        message = str(error)
        prefix = f"{name}: "
        raise CredstackError.at(name, 1, message.removeprefix(prefix)) from None
