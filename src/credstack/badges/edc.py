"""Reading European Digital Credentials (ELM 3, EDC JSON-LD) as held items, no I/O.

An EDC is a W3C verifiable credential whose @context includes the EDC application profile
(http://data.europa.eu/snb/model/context/edc-ap). Its learning achievement is
`credentialSubject.hasClaim` (one, or the first of several): its `title`, the
`awardedBy.awardingBody` (an Organisation with a `legalName`), and `specifiedBy` (the
specification: `creditPoint` with its framework, ECTS; `eqfLevel`, a concept
.../snb/eqf/N; `learningOutcome[].relatedESCOSkill[]`, ESCO skill concepts, each an id
and a label; `mode`, the form of participation; `volumeOfLearning`, an ISO 8601
duration). Text fields are language maps: English, else the first language in sorted
order.

The file is the credential itself, or a JAdES signature in JWS JSON serialisation
(`payload` holding the credential, `signatures` with an X.509 chain). credstack does
not check X.509/JAdES signatures: such a credential is reported as carrying an
*unsupported proof*, unverified and never invalid, and a dry run is never blocked.

`read_credential_text` reads an EDC as a `BadgeCredential` (the same matching,
validity checks and held item as an Open Badge; the achievement id is the
specification's id, so a catalogue can list it in `badge_achievement_ids`), and keeps
what the EDC states in `EdcFacts` for the import's summary and the EU-elements check.
Anything else is handed to the Open Badges reader.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from decimal import Decimal, InvalidOperation
from typing import Any

from credstack.badges.edc_facts import EdcFacts
from credstack.badges.openbadges import BadgeCredential, parse_badge_text
from credstack.errors import CredstackError, Problem

EDC_CONTEXT = "http://data.europa.eu/snb/model/context/edc-ap"
EDC_TYPE = "EuropeanDigitalCredential"
JADES = "a JAdES (X.509) signature"
_EQF = re.compile(r"/snb/eqf/([1-8])$")
_DURATION = re.compile(r"^P(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?)?$")


def text(value: Any) -> str:
    """A language map (or a plain string) as one string: English, else the first."""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, dict):
        for key in ("en", "en-GB", "en-US"):
            if isinstance(value.get(key), str):
                return str(value[key]).strip()
        for key in sorted(value):
            if isinstance(value[key], str):
                return str(value[key]).strip()
    if isinstance(value, list) and value:
        return text(value[0])
    return ""


def _one(value: Any) -> dict[str, Any]:
    if isinstance(value, list):
        value = value[0] if value else {}
    return value if isinstance(value, dict) else {}


def _many(value: Any) -> list[dict[str, Any]]:
    items = value if isinstance(value, list) else [value]
    return [item for item in items if isinstance(item, dict)]


def is_edc(document: Any) -> bool:
    if not isinstance(document, dict):
        return False
    context = document.get("@context")
    contexts = context if isinstance(context, list) else [context]
    return EDC_CONTEXT in contexts


def unwrap(value: Any) -> tuple[Any, str | None]:
    """(the credential, the name of a proof credstack does not check) of a file's JSON:
    a JAdES JSON serialisation gives its payload (unencoded, RFC 7797, or base64url)."""
    if isinstance(value, dict) and "payload" in value and "signatures" in value:
        payload = value["payload"]
        if isinstance(payload, str):
            try:
                return json.loads(payload), JADES
            except json.JSONDecodeError:
                import base64

                try:
                    padded = payload + "=" * (-len(payload) % 4)
                    return json.loads(base64.urlsafe_b64decode(padded)), JADES
                except (ValueError, json.JSONDecodeError):
                    return None, JADES
    return value, None


def _decimal(value: Any) -> Decimal | None:
    try:
        found = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        return None
    return found if found.is_finite() and found >= 0 else None


def _hours(duration: Any) -> Decimal | None:
    found = _DURATION.match(duration.strip()) if isinstance(duration, str) else None
    if found is None or not any(found.groups()):
        return None
    days, hours, minutes = (Decimal(g) if g else Decimal(0) for g in found.groups())
    return days * 24 + hours + minutes / 60


def read_facts(document: dict[str, Any]) -> EdcFacts:
    subject = _one(document.get("credentialSubject"))
    claim = _one(subject.get("hasClaim"))
    spec = _one(claim.get("specifiedBy"))
    body = _one(_one(claim.get("awardedBy")).get("awardingBody"))
    credit = _one(spec.get("creditPoint"))
    framework = text(_one(credit.get("framework")).get("prefLabel"))
    points = _decimal(credit.get("point")) if credit else None
    eqf_id = str(_one(spec.get("eqfLevel")).get("id") or "")
    eqf = _EQF.search(eqf_id)
    skills: dict[str, str] = {}
    titles: list[str] = []
    for outcome in _many(spec.get("learningOutcome")):
        titles.append(text(outcome.get("title")))
        for skill in _many(outcome.get("relatedESCOSkill")):
            if isinstance(skill.get("id"), str):
                skills.setdefault(skill["id"], text(skill.get("prefLabel")))
    proven = _one(claim.get("provenBy"))
    assessment = text(proven.get("title")) or text(_one(spec.get("learningSetting")).get("id"))
    if not assessment and proven:
        assessment = str(proven.get("type") or "")
    return EdcFacts(
        achievement_id=spec.get("id") if isinstance(spec.get("id"), str) else claim.get("id"),
        title=text(claim.get("title")) or text(spec.get("title")),
        awarding_body=text(body.get("legalName")) or text(body.get("prefLabel")),
        awarding_body_id=body.get("id") if isinstance(body.get("id"), str) else None,
        ects=points if points is not None and framework.upper() in ("ECTS", "") else None,
        credit_framework=framework if framework and framework.upper() != "ECTS" else None,
        eqf_level=int(eqf.group(1)) if eqf else None,
        outcomes=tuple(skills),
        skill_labels=tuple(label for label in skills.values() if label),
        outcome_titles=tuple(t for t in titles if t),
        participation=text(_one(spec.get("mode")).get("prefLabel")),
        hours=_hours(spec.get("volumeOfLearning")),
        assessment=assessment,
        quality_assurance=text(_one(spec.get("hasAccreditation")).get("title")),
    )


def _awarded(document: dict[str, Any], claim: dict[str, Any]) -> str | None:
    for value in (
        _one(claim.get("awardedBy")).get("awardingDate"),
        document.get("validFrom"),
        document.get("issuanceDate"),
        document.get("issued"),
    ):
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None


def as_badge(document: dict[str, Any], where: str, unsupported: str | None) -> BadgeCredential:
    """The EDC as the badge reader's credential: an Open Badges-shaped view of it."""
    facts = read_facts(document)
    subject = _one(document.get("credentialSubject"))
    claim = _one(subject.get("hasClaim"))
    if not claim:
        raise ValueError(f"{where}: the credential has no hasClaim (no learning achievement)")
    view: dict[str, Any] = {
        "id": document.get("id"),
        "type": ["VerifiableCredential", EDC_TYPE],
        "issuer": {"id": facts.awarding_body_id, "name": facts.awarding_body},
        "validFrom": _awarded(document, claim),
        "credentialSubject": {
            "id": subject.get("id"),
            "achievement": {"id": facts.achievement_id, "name": facts.title},
            "identifier": [  # the learner's e-mail, matched against their identifiers
                {"identityHash": mailbox["id"], "hashed": False}
                for point in _many(subject.get("contactPoint"))
                for mailbox in _many(point.get("emailAddress"))
                if isinstance(mailbox.get("id"), str)
            ],
        },
    }
    until = document.get("expirationDate") or document.get("validUntil")
    if until:
        view["validUntil"] = until
    return BadgeCredential(where, view, EDC_TYPE, unsupported_proof=unsupported, edc=facts)


def read_credential_text(text_: str, name: str) -> BadgeCredential:
    """A badge, CLR, VC-JWT or European Digital Credential file's text, read; bad input
    is a CredstackError `file:line: ...`."""
    try:
        value = json.loads(text_)
    except (json.JSONDecodeError, RecursionError):
        return parse_badge_text(text_, name)  # a VC-JWT, or the badge reader's error
    document, unsupported = unwrap(value)
    if not is_edc(document):
        if unsupported is not None:
            raise CredstackError.at(name, 1, "a JAdES envelope that holds no credential")
        return parse_badge_text(text_, name)
    try:
        found = as_badge(document, name, unsupported)
    except ValueError as error:
        raise CredstackError([Problem(name, 1, str(error).removeprefix(f"{name}: "))]) from None
    _check_date(found, name)
    return found


def _check_date(badge: BadgeCredential, name: str) -> None:
    value = badge.document.get("validFrom")
    if value is None:
        return
    try:
        dt.datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        raise CredstackError.at(name, 1, f"the award date {value!r} is not a date") from None
