"""A cache of validated catalogue files, so a second load skips the TOML parse and pydantic.

Where: `$XDG_CACHE_HOME/credstack`, else `~/.cache/credstack` (created 0700; not used
when it belongs to another user or others may write to it).

What, per catalogue file: the `LoadedCatalogue` as the loader built it: the validated
`CatalogueFile`, its `LineIndex` (so problems found later still have their lines) and
the parsed prerequisite expressions. One entry per file, named after its resolved path,
and valid only for the exact bytes it was built from: the entry stores the file's key
(resolved path, size, mtime_ns, sha256 of the bytes) and a load uses it only when the
file's key today is the same. Reading and hashing the bytes is cheap; parsing and
validating them is what the cache saves. A changed file misses and its entry is
rewritten; a removed file is simply not asked for.

Per region: the cross-file checks (references between issuers, cycles, duplicates)
depend on every file, so their result is cached under a key made of every file's key in
load order. Only a region with no problem at all is remembered ("these exact files are
clean"); anything else runs the checks again.

Never trusted: an entry starts with a magic string, a format version, the payload's
length and its sha256; it also records a fingerprint of the code that made it (Python,
pydantic and credstack versions, and the source of `credstack.model` and
`credstack.store`, whose classes are pickled). A missing, truncated, corrupt or foreign
entry, or any error while reading it, is a cache miss: the file is parsed and the entry
written again. Writes go to a temporary file in the same folder, then `os.replace`, so
concurrent runs never see half an entry (the last writer wins; both wrote the same
thing). Files with errors are never cached. The cache is only an accelerator: when it
cannot be read or written, loading carries on without it.

`pickle` is used because it restores the models without validating them again (a
pydantic model's pickle state is its field values). It executes what it reads, which is
why the folder must be the user's own and not writable by others.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import os
import pickle
import struct
import sys
import tempfile
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pydantic

from credstack import __version__
from credstack.model.region import LoadedCatalogue

MAGIC = b"credstack-cache\n"
VERSION = 1
_HEADER = struct.Struct("<16sIQ32s")  # magic, version, payload length, sha256(payload)
_MARKER = b"clean\n"
KEEP_ENTRIES = 4000  # per folder; the oldest beyond this are removed when one is written


def cache_dir() -> Path:
    """`$XDG_CACHE_HOME/credstack`, else `~/.cache/credstack` (XDG Base Directory spec)."""
    base = os.environ.get("XDG_CACHE_HOME", "")
    if not base or not os.path.isabs(base):
        base = os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "credstack"


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """What the cached objects depend on: versions and the source of model and store."""
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
            stat = os.fstat(stream.fileno())
            raw = stream.read()
    except OSError:
        return None
    return FileKey(str(resolved), stat.st_size, stat.st_mtime_ns, hashlib.sha256(raw).hexdigest())


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while building many objects at once.

    Parsing, validating and unpickling a large region allocates hundreds of thousands of
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
        """Whether the folder may be used: ours, not writable by others (made when asked)."""
        if self._usable:
            return True
        try:
            if create:
                self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
                for folder in (self.files_dir, self.regions_dir):
                    folder.mkdir(exist_ok=True, mode=0o700)
            stat = self.folder.stat()
        except OSError:
            return False
        owner_ok = not hasattr(os, "getuid") or stat.st_uid == os.getuid()
        self._usable = owner_ok and not stat.st_mode & 0o022
        return self._usable

    def _entry(self, key: FileKey) -> Path:
        return self.files_dir / (hashlib.sha256(key.path.encode()).hexdigest()[:40] + ".pickle")

    # ----------------------------------------------------------------- files

    def get(self, path: Path, key: FileKey) -> LoadedCatalogue | None:
        """The cached catalogue for exactly these bytes, or None (a miss, whatever the cause)."""
        if not self.usable():
            return None
        try:
            data = _read_entry(self._entry(key))
            if data is None:
                return None
            with gc_paused():
                payload = pickle.loads(data)
            if not (
                isinstance(payload, dict)
                and payload.get("fingerprint") == code_fingerprint()
                and payload.get("key") == key.as_tuple()
                and isinstance(payload.get("loaded"), LoadedCatalogue)
            ):
                return None
        except Exception:  # noqa: BLE001 - a cache that cannot be read is a miss
            return None
        loaded: LoadedCatalogue = payload["loaded"]
        loaded.path = path  # as the caller named it, for problems and the TUI
        return loaded

    def put(self, key: FileKey, loaded: LoadedCatalogue) -> bool:
        """Remember `loaded` for exactly the bytes `key` describes; False when not written."""
        if not self.usable(create=True):
            return False
        payload = {"fingerprint": code_fingerprint(), "key": key.as_tuple(), "loaded": loaded}
        try:
            data = pickle.dumps(payload, protocol=pickle.HIGHEST_PROTOCOL)
        except Exception:  # noqa: BLE001 - something unpicklable: just do not cache it
            return False
        written = _write_entry(self._entry(key), data)
        if written:
            _prune(self.files_dir, "*.pickle")
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
            data = _read_entry(self.regions_dir / f"{region_key[:40]}.clean")
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
        for folder, pattern in ((self.files_dir, "*.pickle"), (self.regions_dir, "*.clean")):
            for entry in folder.glob(pattern):
                with contextlib.suppress(OSError):
                    entry.unlink()


def _read_entry(path: Path) -> bytes | None:
    """The payload of an entry file, or None when it is missing, truncated or corrupt."""
    try:
        with open(path, "rb") as stream:
            blob = stream.read()
    except OSError:
        return None
    if len(blob) < _HEADER.size:
        return None
    magic, version, length, digest = _HEADER.unpack_from(blob)
    payload = blob[_HEADER.size:]
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
    and temporary files that a killed run left behind (older than a day)."""
    try:
        day_ago = time.time() - 86_400
        for temp in folder.glob(".tmp-*.part"):
            if temp.stat().st_mtime < day_ago:
                temp.unlink()
        entries = list(folder.glob(pattern))
        if len(entries) <= keep:
            return
        dated = sorted(entries, key=lambda p: p.stat().st_mtime_ns)
    except OSError:
        return
    for entry in dated[: len(entries) - keep]:
        with contextlib.suppress(OSError):
            entry.unlink()
