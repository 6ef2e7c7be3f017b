"""Planning a badge import: read, match, verify, and the held items it would add.

Open Badges 3.0, CLR 2.0 and VC-JWT files (badges/openbadges.py), and European Digital
Credentials (badges/edc.py), which are read into the same credential shape.

Pure (the caller reads the file and saves the learner). Each achievement becomes one
ImportItem with its match, its verification and the Held entry it would add; the CLI
and the TUI decide which items to add (never a failed one, never an unconfirmed
candidate).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from pathlib import Path
from typing import get_args

from credstack.badges.edc import read_credential_text
from credstack.badges.match import Match, match_achievement
from credstack.badges.openbadges import CLR_TYPE, BadgeCredential
from credstack.badges.verify import DeclaredKeys, Verification, find_key, verify_badge
from credstack.errors import CredstackError
from credstack.files import read_regular
from credstack.model.catalogue import EARLIEST, LATEST, Grade
from credstack.model.learner import Evidence, Held, LearnerFile
from credstack.model.refs import split_ref
from credstack.model.region import Region

GRADES = frozenset(get_args(Grade))
_PASS = {"p", "pass", "passed", "completed", "complete", "achieved", "met", "satisfactory"}


MAX_BADGE_BYTES = 16 << 20  # a CLR with every credential of a degree is well under 1 MB


def read_badge(path: Path) -> str:
    """A badge file's text, for `credstack import` and the TUI alike: only a regular file
    of at most MAX_BADGE_BYTES is read (a FIFO or /dev/zero never hangs), else a located
    CredstackError."""
    try:
        raw, _ = read_regular(path, MAX_BADGE_BYTES)
    except (OSError, ValueError) as error:
        why = getattr(error, "strerror", None) or "not a usable file name"
        raise CredstackError.at(path, 1, f"cannot read badge: {why}") from None
    if len(raw) > MAX_BADGE_BYTES:
        limit = MAX_BADGE_BYTES >> 20
        raise CredstackError.at(path, 1, f"the file is larger than {limit} MB: not a badge")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise CredstackError.at(path, line, "cannot read badge: not UTF-8 text") from None


@dataclass(frozen=True)
class ImportItem:
    where: str  # file, or "file: verifiableCredential[N]"
    title: str  # the achievement's name
    badge_id: str | None  # the credential's id
    match: Match
    verification: Verification
    held: Held | None  # what would be added (None: no match or no date)
    already_held: bool = False
    details: str | None = None  # what a European Digital Credential states (EdcFacts)

    @property
    def addable(self) -> bool:
        """Added without asking: an exact match, not failed, not already held."""
        return self.held is not None and self.match.kind == "exact" and self.ok

    @property
    def ok(self) -> bool:
        return self.verification.status != "failed" and not self.already_held


def grade_of(results: list[str]) -> tuple[str, str | None]:
    """(grade, raw result kept when it is not itself a grade)."""
    if not results:
        return "P", None
    raw = results[0]
    upper = raw.strip().upper()
    if upper in GRADES:
        return upper, None
    if raw.strip().casefold() in _PASS:
        return "P", None
    return "P", raw


def declared_keys(region: Region, ref: str | None, methods: list[str]) -> DeclaredKeys:
    """The matched issuer's keys; with no match, the catalogue that declares the key used."""
    if ref is not None:
        loaded = region.get(split_ref(ref)[0])
        if loaded is not None:
            return DeclaredKeys(loaded.issuer.id, tuple(loaded.issuer.key))
    for issuer, loaded in region.catalogues.items():
        keys = tuple(loaded.issuer.key)
        if any(find_key(m, keys) for m in methods if m):
            return DeclaredKeys(issuer, keys)
    return DeclaredKeys(None, ())


def _methods(badge: BadgeCredential) -> list[str]:
    if badge.jwt is not None:
        return [badge.jwt.kid or ""]
    proof = badge.document.get("proof")
    items = proof if isinstance(proof, list) else [proof]
    return [str(p.get("verificationMethod") or "") for p in items if isinstance(p, dict)]


def _held(badge: BadgeCredential, ref: str, verification: Verification) -> Held | None:
    since = badge.valid_from()
    if since is None or not EARLIEST <= since.date() <= LATEST:  # no held item can hold it
        return None
    grade, raw = grade_of(badge.results())
    evidence = [Evidence(title=e.title, sha256=e.sha256) for e in badge.evidence()]
    return Held(
        ref=ref,
        earned=since.date(),
        grade=grade,  # type: ignore[arg-type]
        evidence=evidence,
        source="edc" if badge.edc is not None else "badge",
        badge_id=badge.credential_id,
        verification=verification.status,
        verification_note=verification.note,
        result=raw,
    )


def _item(
    badge: BadgeCredential,
    region: Region,
    learner: LearnerFile,
    as_of: dt.date,
    carrier: Verification | None,
) -> ImportItem:
    match = match_achievement(badge.achievement, region)
    identifiers = tuple(learner.learner.identifiers)
    declared = declared_keys(region, match.ref, _methods(badge))
    verification = verify_badge(badge, declared, identifiers, as_of)
    if carrier is not None and carrier.status == "failed":
        verification = Verification(
            "failed", (*verification.reasons, "the CLR carrying it failed: " + carrier.note)
        )
    held = _held(badge, match.ref, verification) if match.ref else None
    if held is None and match.ref:
        since = badge.valid_from()
        why = (
            "the credential has no validFrom date"
            if since is None
            else f"its validFrom {since.date()} is outside {EARLIEST}..{LATEST}"
        )
        match = replace(match, why=f"{match.why}; {why}")
    already = match.ref is not None and any(h.ref == match.ref for h in learner.held)
    details = None
    if badge.edc is not None:
        details = badge.edc.summary()
        credential = region.credential(match.ref) if match.ref else None
        if credential is not None and match.ref is not None:
            loaded = region.get(split_ref(match.ref)[0])
            ects = loaded is not None and loaded.issuer.credit_system == "ects"
            differ = badge.edc.disagreements(credential.credits, ects, credential.eqf_level)
            if differ:
                details += "; but " + ", ".join(differ)
    return ImportItem(
        badge.where, badge.title, badge.credential_id, match, verification, held, already, details
    )


def plan_import(
    text: str, name: str, region: Region, learner: LearnerFile, as_of: dt.date
) -> tuple[Verification | None, list[ImportItem]]:
    """(the CLR's own verification or None, one item per achievement credential)."""
    badge = read_credential_text(text, name)
    if badge.kind != CLR_TYPE:
        return None, [_item(badge, region, learner, as_of, None)]
    declared = declared_keys(region, None, _methods(badge))
    clr = verify_badge(badge, declared, tuple(learner.learner.identifiers), as_of)
    return clr, [_item(inner, region, learner, as_of, clr) for inner in badge.nested]
