"""Saving without ever losing the old file.

Write a temporary file in the same folder, flush and fsync it, keep the current file as
`NAME.toml.bak`, then rename the temporary file over the old one. A failure at any step
leaves the old file as it was.

- A symlink is written through: the file it points to is replaced (its backup and
  temporary files beside it), and the link stays a link.
- A read-only file (no write permission bit, or not writable by this user) or a folder
  that cannot be written is refused with `ReadOnlyFile`, never replaced.
- Temporary files are named `.NAME.toml.credstack-tmp-*`; those that a killed save left
  behind are removed by the next save of the same file.

`DiskStamp` records what a file was when it was read (size, mtime, SHA-256), so that a
writer can tell whether someone changed it since (learner_store.save_learner).
"""

from __future__ import annotations

import contextlib
import errno
import glob
import hashlib
import os
import stat
import tempfile
from dataclasses import dataclass
from pathlib import Path

from credstack.errors import ReadOnlyFile
from credstack.files import read_regular

# The largest catalogue or learner file read: a whole university's catalogue is a few MB;
# anything larger (a link to /dev/zero, a misplaced dump) is refused, not read into memory.
MAX_TOML_BYTES = 64 << 20

TEMP_MARK = ".credstack-tmp-"


@dataclass(frozen=True)
class DiskStamp:
    """A file as it was read: its real path (links followed), size, mtime and SHA-256."""

    path: str
    size: int
    mtime_ns: int
    sha256: str

    @classmethod
    def of_bytes(cls, path: Path, raw: bytes, found: os.stat_result) -> DiskStamp:
        return cls(
            str(real_path(path)), len(raw), found.st_mtime_ns, hashlib.sha256(raw).hexdigest()
        )

    @classmethod
    def read(cls, path: Path) -> tuple[DiskStamp, bytes] | None:
        """The stamp and bytes of `path` now, or None when there is no such file."""
        try:
            raw, found = read_regular(path, MAX_TOML_BYTES)
        except FileNotFoundError:
            return None
        if len(raw) > MAX_TOML_BYTES:
            raise OSError(errno.EFBIG, f"larger than {MAX_TOML_BYTES >> 20} MB")
        return cls.of_bytes(path, raw, found), raw

    def same_content(self, other: DiskStamp) -> bool:
        """The same bytes in the same file (a touch that changed only the mtime is not a
        change anyone could lose)."""
        return (self.path, self.size, self.sha256) == (other.path, other.size, other.sha256)


def real_path(path: Path) -> Path:
    """The file a save replaces: `path`, or the file it links to (through every link)."""
    return Path(os.path.realpath(path))


def temp_files(target: Path) -> list[Path]:
    """Temporary files of saves of `target` (a killed save leaves one behind)."""
    pattern = f".{glob.escape(target.name)}{TEMP_MARK}*"
    return sorted(target.parent.glob(pattern))


def remove_stale_temps(target: Path) -> None:
    for temp in temp_files(target):
        with contextlib.suppress(OSError):
            temp.unlink()


def check_writable(target: Path) -> None:
    """Raise ReadOnlyFile when `target` or its folder may not be written."""
    try:
        found = os.stat(target)
    except FileNotFoundError:
        found = None
    except OSError as error:
        raise ReadOnlyFile(target, f"cannot be saved: {error.strerror or error}") from None
    if found is not None:
        if not stat.S_ISREG(found.st_mode):
            raise ReadOnlyFile(target, "is not a regular file: not saved")
        if not found.st_mode & 0o222 or not os.access(target, os.W_OK):
            raise ReadOnlyFile(
                target,
                f"is read-only (mode {stat.filemode(found.st_mode)}): not saved; make it "
                "writable, or save it as another file",
            )
    folder = target.parent
    if folder.is_dir() and not os.access(folder, os.W_OK | os.X_OK):
        raise ReadOnlyFile(target, f"cannot be saved: the folder {folder} is not writable")


def atomic_write(path: Path, text: str, *, keep_backup: bool = True) -> Path:
    """Replace the file at `path` (or the file it links to) with `text`; returns the file
    that was written."""
    target = real_path(Path(path))
    check_writable(target)
    remove_stale_temps(target)
    folder = target.parent
    handle, temp_name = tempfile.mkstemp(prefix=f".{target.name}{TEMP_MARK}", dir=folder)
    temp = Path(temp_name)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        if target.exists():
            with contextlib.suppress(OSError):
                os.chmod(temp, target.stat().st_mode & 0o7777)
            if keep_backup:
                _keep_backup(target)
        os.replace(temp, target)
        _fsync_folder(folder)
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise
    return target


def _keep_backup(path: Path) -> None:
    """Copy the current file to NAME.toml.bak (itself atomically)."""
    backup = path.with_name(path.name + ".bak")
    handle, name = tempfile.mkstemp(prefix=f".{path.name}{TEMP_MARK}bak-", dir=path.parent)
    temp = Path(name)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(path.read_bytes())
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temp, backup)
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise


def _fsync_folder(folder: Path) -> None:
    with contextlib.suppress(OSError):
        descriptor = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
