"""A cache of validated catalogue files, so a second load skips the TOML parse and pydantic.

Where: `$XDG_CACHE_HOME/credstack`, else `~/.cache/credstack` (created 0700; not used
when it belongs to another user or others may write to it).

What, per catalogue file: the validated `CatalogueFile` (as JSON) and its `LineIndex`
(so problems found later still have their lines); the `LoadedCatalogue` is built from
them as the loader builds it. One entry per file, named after its resolved path,
and valid only for the exact bytes it was built from: the entry stores the file's key
(resolved path, size, mtime_ns, sha256 of the bytes) and a load uses it only when the
file's key today is the same. Reading and hashing the bytes is cheap; parsing and
validating them is what the cache saves. A changed file misses and its entry is
rewritten; a removed file is simply not asked for.

Per region: the cross-file checks (references between issuers, cycles, duplicates)
depend on every file, so their result is cached under a key made of every file's key in
load order. Only a region with no problem at all is remembered ("these exact files are
clean"); anything else runs the checks again.

Never trusted, never executed: an entry is data only (JSON), so a forged or damaged
entry can at worst be rejected. It is read only when it is a regular file (opened with
O_NOFOLLOW and O_NONBLOCK, so a symlink to /dev/zero or a FIFO is refused rather than
read or waited on), owned by the user and no larger than MAX_ENTRY_BYTES. It starts with
a magic string, a format version, the payload's length and its sha256 (against damage,
not forgery); its head records the fingerprint of the code that made it (Python,
pydantic and credstack versions, and the source of `credstack.model` and
`credstack.store`, which define its shape) and the file's key. The catalogue itself is
validated again by pydantic (`model_validate_json`: a forged entry that is not a valid
catalogue is rejected like a damaged one). Its line index is decoded only when a line
is first asked for (a problem or a lint warning), and rebuilt from the catalogue file
when it cannot be. A missing, truncated, corrupt, foreign or oversized entry, or any
error while reading it, is a cache miss: the file is parsed and the entry written
again. Writes go to a temporary file in the same folder, then `os.replace`, so
concurrent runs never see half an entry (the last writer wins; both wrote the same
thing). Files with errors are never cached. The cache is only an accelerator: when it
cannot be read or written, loading carries on without it. The folder and its
subfolders must still be the user's own and not writable by others, so that nobody
else can plant entries (an entry can no longer run code, but it could still claim a
catalogue says something it does not). docs/security.md has the threat model.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import json
import os
import stat
import struct
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pydantic

from credstack import __version__
from credstack.files import read_regular
from credstack.model.catalogue import CatalogueFile
from credstack.model.region import LoadedCatalogue
from credstack.store.toml_lines import LineIndex, LinePath, decode_lines, encode_lines

MAGIC = b"credstack-cache\n"
VERSION = 2  # 1 was pickle: its entries (*.pickle) are never read, and removed
_HEADER = struct.Struct("<16sIQ32s")  # magic, version, payload length, sha256(payload)
_PARTS = struct.Struct("<QQ")  # lengths of the head and the catalogue; the lines follow
_MARKER = b"clean\n"
SUFFIX = ".entry"
MAX_ENTRY_BYTES = 64 * 1024 * 1024  # an entry larger than this is neither written nor read
MAX_MARKER_BYTES = 4096
KEEP_ENTRIES = 4000  # per folder; the oldest beyond this are removed when one is written


def cache_dir() -> Path:
    """`$XDG_CACHE_HOME/credstack`, else `~/.cache/credstack` (XDG Base Directory spec)."""
    base = os.environ.get("XDG_CACHE_HOME", "")
    if not base or not os.path.isabs(base):
        base = os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "credstack"


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """What the cached entries depend on: versions and the source of model and store."""
    digest = hashlib.sha256()
    digest.update(f"{VERSION}|{sys.version}|{pydantic.VERSION}|{__version__}".encode())
    package = Path(__file__).resolve().parent.parent
    for folder in ("model", "store"):
        for source in sorted((package / folder).glob("*.py")):
            digest.update(source.name.encode())
            with contextlib.suppress(OSError):
                digest.update(source.read_bytes())
    return digest.hexdigest()


@dataclass(frozen=True)
class FileKey:
    """What a catalogue file's cache entry is valid for."""

    path: str  # resolved
    size: int
    mtime_ns: int
    sha256: str

    def as_tuple(self) -> tuple[str, int, int, str]:
        return (self.path, self.size, self.mtime_ns, self.sha256)


def file_key(path: Path) -> FileKey | None:
    """The key of `path` as it is now, or None when it cannot be read."""
    try:
        resolved = path.resolve()
        with open(resolved, "rb") as stream:
            stat_ = os.fstat(stream.fileno())
            raw = stream.read()
    except OSError:
        return None
    return FileKey(str(resolved), stat_.st_size, stat_.st_mtime_ns, hashlib.sha256(raw).hexdigest())


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while building many objects at once.

    Parsing, validating and decoding a large region allocates hundreds of thousands of
    objects and no garbage cycles; the collector would otherwise walk the growing heap
    again and again (more than half the time of a large load).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            if gc.get_freeze_count() == 0:
                # Hand what was built to the oldest generation without a collection
                # (freeze + unfreeze moves every tracked object there): they stay
                # collectable, but the first allocation after `enable` does not scan
                # them all as young objects.
                gc.freeze()
                gc.unfreeze()
            gc.enable()


def _private_folder(path: Path, *, follow: bool) -> bool:
    """A folder of ours that nobody else may write to (a symlink only where `follow`)."""
    try:
        found = path.stat() if follow else path.lstat()
    except OSError:
        return False
    owner_ok = not hasattr(os, "geteuid") or found.st_uid == os.geteuid()
    return stat.S_ISDIR(found.st_mode) and owner_ok and not found.st_mode & 0o022


class CatalogueCache:
    """Per-file entries and clean-region markers under one folder."""

    def __init__(self, folder: Path | None = None) -> None:
        self.folder = folder if folder is not None else cache_dir()
        self._usable: bool | None = None

    # ----------------------------------------------------------------- the folder

    @property
    def files_dir(self) -> Path:
        return self.folder / "catalogues"

    @property
    def regions_dir(self) -> Path:
        return self.folder / "regions"

    def usable(self, create: bool = False) -> bool:
        """Whether the folders may be used: ours, not writable by others (made when asked).

        The cache folder itself may be a link (a cache on another disk); its two
        subfolders, which credstack makes, may not."""
        if self._usable:
            return True
        if create:
            try:
                self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
                for folder in (self.files_dir, self.regions_dir):
                    folder.mkdir(exist_ok=True, mode=0o700)
            except OSError:
                return False
        self._usable = _private_folder(self.folder, follow=True) and all(
            _private_folder(folder, follow=False) for folder in (self.files_dir, self.regions_dir)
        )
        return self._usable

    def _entry(self, key: FileKey) -> Path:
        return self.files_dir / (hashlib.sha256(key.path.encode()).hexdigest()[:40] + SUFFIX)

    @staticmethod
    def _head(key: FileKey) -> bytes:
        return json.dumps({"fingerprint": code_fingerprint(), "key": list(key.as_tuple())}).encode()

    # ----------------------------------------------------------------- files

    def get(self, path: Path, key: FileKey) -> LoadedCatalogue | None:
        """The cached catalogue for exactly these bytes, or None (a miss, whatever the cause)."""
        if not self.usable():
            return None
        try:
            data = _read_entry(self._entry(key), MAX_ENTRY_BYTES)
            if data is None or len(data) < _PARTS.size:
                return None
            head_size, catalogue_size = _PARTS.unpack_from(data)
            start = _PARTS.size
            if start + head_size + catalogue_size > len(data):
                return None
            if data[start : start + head_size] != self._head(key):
                return None  # other code, or other bytes of the file
            start += head_size
            with gc_paused():
                catalogue = CatalogueFile.model_validate_json(data[start : start + catalogue_size])
            lines = LineIndex.deferred(_lines_or_rescan(data[start + catalogue_size :], path))
            return LoadedCatalogue(path=path, catalogue=catalogue, lines=lines)
        except Exception:  # noqa: BLE001 - an entry that cannot be read or is not valid: a miss
            return None

    def put(self, key: FileKey, loaded: LoadedCatalogue) -> bool:
        """Remember `loaded` for exactly the bytes `key` describes; False when not written."""
        if not self.usable(create=True):
            return False
        if not isinstance(loaded.lines, LineIndex):
            return False  # only a scanned TOML file's index is written
        try:
            head = self._head(key)
            catalogue = loaded.catalogue.model_dump_json(by_alias=True, round_trip=True).encode()
            lines = encode_lines(loaded.lines.lines)
        except Exception:  # noqa: BLE001 - something that cannot be written: just do not cache it
            return False
        payload = _PARTS.pack(len(head), len(catalogue)) + head + catalogue + lines
        if _HEADER.size + len(payload) > MAX_ENTRY_BYTES:
            return False
        written = _write_entry(self._entry(key), payload)
        if written:
            _prune(self.files_dir, f"*{SUFFIX}")
        return written

    # ----------------------------------------------------------------- regions

    @staticmethod
    def region_key(keys: Iterable[FileKey]) -> str:
        digest = hashlib.sha256(code_fingerprint().encode())
        for key in keys:
            digest.update(repr(key.as_tuple()).encode())
            digest.update(b"\n")
        return digest.hexdigest()

    def region_clean(self, region_key: str) -> bool:
        """Whether these exact files were loaded before with no problem at all."""
        if not self.usable():
            return False
        try:
            data = _read_entry(self.regions_dir / f"{region_key[:40]}.clean", MAX_MARKER_BYTES)
        except Exception:  # noqa: BLE001
            return False
        return data == _MARKER + region_key.encode()

    def mark_region_clean(self, region_key: str) -> bool:
        if not self.usable(create=True):
            return False
        written = _write_entry(
            self.regions_dir / f"{region_key[:40]}.clean", _MARKER + region_key.encode()
        )
        if written:
            _prune(self.regions_dir, "*.clean")
        return written

    def clear(self) -> None:
        """Remove every entry (the folder itself stays)."""
        for folder, patterns in (
            (self.files_dir, (f"*{SUFFIX}", "*.pickle")),
            (self.regions_dir, ("*.clean",)),
        ):
            for pattern in patterns:
                for entry in folder.glob(pattern):
                    with contextlib.suppress(OSError):
                        entry.unlink()


def _lines_or_rescan(blob: bytes, path: Path) -> Callable[[], dict[LinePath, int]]:
    """The line index of a cached catalogue, decoded when first asked for; when the entry's
    lines cannot be decoded, the catalogue file is scanned again (best effort)."""

    def load() -> dict[LinePath, int]:
        try:
            return decode_lines(blob)
        except (ValueError, TypeError, RecursionError):
            try:
                return LineIndex(path.read_text(encoding="utf-8")).lines
            except (OSError, UnicodeDecodeError):
                return {}

    return load


def read_bounded(path: Path, limit: int) -> bytes | None:
    """The bytes of `path` when it is a regular file of ours no larger than `limit`, else
    None (a missing file, a symlink, a FIFO, a device, another user's file, or too big)."""
    try:
        blob, found = read_regular(path, limit, follow_links=False)
    except (OSError, ValueError):
        return None
    if len(blob) > limit or (hasattr(os, "geteuid") and found.st_uid != os.geteuid()):
        return None
    return blob


def _read_entry(path: Path, limit: int = MAX_ENTRY_BYTES) -> bytes | None:
    """The payload of an entry file, or None when it is missing, unsafe to read,
    truncated or corrupt."""
    blob = read_bounded(path, limit)
    if blob is None or len(blob) < _HEADER.size:
        return None
    magic, version, length, digest = _HEADER.unpack_from(blob)
    payload = blob[_HEADER.size :]
    if magic != MAGIC or version != VERSION or length != len(payload):
        return None
    if hashlib.sha256(payload).digest() != digest:
        return None
    return payload


def _write_entry(path: Path, payload: bytes) -> bool:
    """Write an entry atomically: a temporary file in the same folder, then os.replace."""
    header = _HEADER.pack(MAGIC, VERSION, len(payload), hashlib.sha256(payload).digest())
    temp: str | None = None
    try:
        handle, temp = tempfile.mkstemp(prefix=".tmp-", suffix=".part", dir=path.parent)
        with os.fdopen(handle, "wb") as stream:
            stream.write(header)
            stream.write(payload)
        os.replace(temp, path)
        return True
    except OSError:
        if temp is not None:
            with contextlib.suppress(OSError):
                os.unlink(temp)
        return False


def _prune(folder: Path, pattern: str, keep: int = KEEP_ENTRIES) -> None:
    """Keep the folder bounded: remove the least recently written entries beyond `keep`,
    entries of the pickle format (version 1), and temporary files that a killed run left
    behind (older than a day)."""
    try:
        day_ago = time.time() - 86_400
        for temp in folder.glob(".tmp-*.part"):
            if temp.lstat().st_mtime < day_ago:
                temp.unlink()
        for old in folder.glob("*.pickle"):
            old.unlink()
        entries = list(folder.glob(pattern))
        if len(entries) <= keep:
            return
        dated = sorted(entries, key=lambda p: p.lstat().st_mtime_ns)
    except OSError:
        return
    for entry in dated[: len(entries) - keep]:
        with contextlib.suppress(OSError):
            entry.unlink()
