"""The evidence portfolio: check each held item's artifacts against their SHA-256.

Pure apart from reading the artifacts: nothing is ever written, moved or touched. Paths
are relative to the learner file's folder; a path that leaves that folder (through `..`,
an absolute path, or a symbolic link anywhere along it that resolves outside) is refused
and never opened unless `allow_outside` is given. See docs/evidence.md.
"""

from __future__ import annotations

import errno
import hashlib
import os
import stat
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Literal

from credstack.errors import CredstackError
from credstack.model.learner import Evidence, LearnerFile

EvidenceState = Literal[
    "ok", "changed", "missing", "unhashed", "no-file", "refused", "unreadable", "not-checked"
]
STATE_ORDER: tuple[EvidenceState, ...] = (
    "ok",
    "changed",
    "missing",
    "unhashed",
    "no-file",
    "refused",
    "unreadable",
    "not-checked",
)
FAILED: frozenset[EvidenceState] = frozenset({"changed", "missing", "refused", "unreadable"})
CHUNK = 1 << 20  # hash 1 MiB at a time: datasets may be large
PREFIX = 12  # hex digits shown of a hash in a detail line


@dataclass(frozen=True)
class EvidenceCheck:
    """One artifact of one held item, and what was found."""

    held_index: int  # position in the learner's [[held]] list
    held: str  # the held item's ref
    index: int  # position in that item's [[held.evidence]] list
    title: str
    path: str | None  # as written in the learner file
    state: EvidenceState
    detail: str
    sha256: str | None = None  # as recorded
    actual: str | None = None  # as computed, when the file was read

    @property
    def failed(self) -> bool:
        return self.state in FAILED


class Refused(ValueError):
    """A path that leaves the learner's folder."""


def sha256_file(path: Path) -> str:
    """The SHA-256 of a file, read in chunks."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def is_absolute(text: str) -> bool:
    """POSIX or Windows absolute (a learner file may travel between machines)."""
    return PurePosixPath(text.replace("\\", "/")).is_absolute() or bool(PureWindowsPath(text).drive)


def _inside(path: Path, root: Path) -> bool:
    return path == root or root in path.parents


def resolve_artifact(folder: Path, text: str, *, allow_outside: bool = False) -> Path:
    """The artifact's path; raises `Refused` for a path that leaves `folder`.

    Checked without opening anything: an absolute path; a path whose `..` climbs out of
    the folder; a symbolic link at any step that resolves outside the folder; the final
    resolved path outside the folder.
    """
    if "\x00" in text:
        raise Refused("the path holds a NUL character, which no file name can")
    if is_absolute(text):
        if allow_outside:
            return Path(text)
        raise Refused("an absolute path; evidence paths are relative to the learner file")
    root = folder.resolve()
    parts = PurePosixPath(text.replace("\\", "/")).parts
    if allow_outside:
        return folder.joinpath(*parts)
    depth = 0
    for part in parts:
        depth += -1 if part == ".." else 0 if part == "." else 1
        if depth < 0:
            raise Refused("the path climbs out of the learner's folder through '..'")
    step = root
    for part in parts:
        step = step / part
        if step.is_symlink():
            target = step.resolve()
            if not _inside(target, root):
                raise Refused(f"the link {part!r} leads outside the learner's folder")
    final = root.joinpath(*parts)
    if not _inside(final.resolve(), root):
        raise Refused("the path resolves outside the learner's folder")
    return final


def _short(digest: str | None) -> str:
    return (digest or "")[:PREFIX] + "\u2026"


def check_artifact(
    folder: Path | None, evidence: Evidence, *, allow_outside: bool = False
) -> tuple[EvidenceState, str, str | None]:
    """(state, detail, actual hash) of one artifact."""
    if not evidence.path:
        return "no-file", "an attestation with no artifact", None
    if folder is None:
        return "not-checked", "the learner file is not saved, so paths have no folder", None
    try:
        path = resolve_artifact(folder, evidence.path, allow_outside=allow_outside)
    except Refused as refused:
        return "refused", f"{refused} (--allow-outside to check it)", None
    except (OSError, RuntimeError, ValueError) as error:  # a link loop, a name too long
        return "unreadable", _why(error), None
    try:
        info = os.stat(path)
    except FileNotFoundError:
        return "missing", "no such file", None
    except (OSError, ValueError) as error:
        return "unreadable", _why(error), None
    if stat.S_ISDIR(info.st_mode):
        return "unreadable", "is a directory", None
    if not stat.S_ISREG(info.st_mode):
        return "unreadable", "not a regular file", None  # a FIFO would block a read
    try:
        actual = sha256_file(path)
    except OSError as error:
        return "unreadable", _why(error), None
    if evidence.sha256 is None:
        return "unhashed", f"no sha256 recorded (file hashes to {_short(actual)})", actual
    if actual != evidence.sha256:
        return (
            "changed",
            f"expected {_short(evidence.sha256)} got {_short(actual)}",
            actual,
        )
    return "ok", f"sha256 {_short(actual)} matches", actual


def _why(error: Exception) -> str:
    """Why a path could not be read, in words (never the path itself: it is shown apart)."""
    if isinstance(error, RuntimeError):  # Path.resolve's link loop before Python 3.13
        return "a loop of symbolic links" if "loop" in str(error).lower() else str(error)
    if isinstance(error, ValueError):
        return "the path cannot name a file"
    number = getattr(error, "errno", None)
    if number in (errno.EACCES, errno.EPERM):
        return "permission denied"
    if number == errno.EISDIR:
        return "is a directory"
    if number == errno.ELOOP:
        return "a loop of symbolic links"
    if number == errno.ENAMETOOLONG:
        return "the file name is too long for this system"
    return getattr(error, "strerror", None) or type(error).__name__


def check_evidence(
    learner: LearnerFile, folder: Path | None, *, allow_outside: bool = False
) -> tuple[EvidenceCheck, ...]:
    """Every artifact of every held item, in file order."""
    checks: list[EvidenceCheck] = []
    for held_index, held in enumerate(learner.held):
        for index, evidence in enumerate(held.evidence):
            state, detail, actual = check_artifact(folder, evidence, allow_outside=allow_outside)
            checks.append(
                EvidenceCheck(
                    held_index=held_index,
                    held=held.ref,
                    index=index,
                    title=evidence.title,
                    path=evidence.path,
                    state=state,
                    detail=detail,
                    sha256=evidence.sha256,
                    actual=actual,
                )
            )
    return tuple(checks)


def evidence_for(
    learner_file: Path | None, path: Path, title: str | None = None, *, allow_outside: bool = False
) -> Evidence:
    """A new evidence entry for `path` (as typed: relative to the working folder, or
    absolute), hashed, with its path relative to the learner file's folder.

    Raises CredstackError (located at `path`) when the learner file is not saved yet,
    the file is not a readable regular file, or it lies outside the learner's folder and
    `allow_outside` is not given.
    """
    if learner_file is None:
        raise CredstackError.at(
            path, 1, "save the learner file first: evidence paths are relative to its folder"
        )
    try:
        return _evidence_for(learner_file, path, title, allow_outside)
    except (OSError, RuntimeError, ValueError) as error:  # a link loop, a NUL, a long name
        raise CredstackError.at(path, 1, f"cannot read: {_why(error)}") from None


def _evidence_for(
    learner_file: Path, path: Path, title: str | None, allow_outside: bool
) -> Evidence:
    folder = Path(os.path.abspath(learner_file.parent))
    given = Path(os.path.abspath(path.expanduser()))
    relative = _relative_to(given, folder)
    if relative is None:
        relative = _relative_to(Path(os.path.realpath(given)), folder.resolve())
    if relative is None:
        if not allow_outside:
            raise CredstackError.at(
                path, 1, f"the file is outside the learner's folder ({folder}); move it there"
            )
        relative = os.path.relpath(given, folder)
    try:
        resolve_artifact(folder, relative, allow_outside=allow_outside)
    except Refused as refused:
        raise CredstackError.at(path, 1, str(refused)) from None
    try:
        info = os.stat(given)
        if not stat.S_ISREG(info.st_mode):
            raise CredstackError.at(path, 1, "not a regular file")
        digest = sha256_file(given)
    except FileNotFoundError:
        raise CredstackError.at(path, 1, "no such file") from None
    except OSError as error:
        raise CredstackError.at(path, 1, f"cannot read: {_why(error)}") from None
    name = (title or "").strip() or given.name
    return Evidence(title=name, path=relative, sha256=digest)


def _relative_to(path: Path, folder: Path) -> str | None:
    if not _inside(path, folder) or path == folder:
        return None
    return path.relative_to(folder).as_posix()


def failed(checks: Iterable[EvidenceCheck]) -> bool:
    """Whether any artifact is changed, missing, refused or unreadable."""
    return any(check.failed for check in checks)


def summary(checks: Sequence[EvidenceCheck]) -> str:
    """'5 artifacts: 4 ok, 1 changed' (states in a fixed order)."""
    counts = Counter(check.state for check in checks)
    noun = "artifact" if len(checks) == 1 else "artifacts"
    if not checks:
        return "no evidence recorded"
    parts = [f"{counts[state]} {state}" for state in STATE_ORDER if counts[state]]
    return f"{len(checks)} {noun}: " + ", ".join(parts)


def verdict(checks: Sequence[EvidenceCheck]) -> str:
    """'verification failed', 'every artifact verified', or '' (nothing failed, but some
    artifacts could not be verified: unhashed, no file, not checked)."""
    if failed(checks):
        return "verification failed"
    if checks and all(check.state == "ok" for check in checks):
        return "every artifact verified"
    return ""
