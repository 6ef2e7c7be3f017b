"""Reading a file someone else wrote: only a regular file is read, and never more than a
bound (a FIFO is not waited on, a link to /dev/zero is not read until memory runs out).

The one mechanism behind every reader of untrusted files: catalogues and learner files
(store), badges (badges) and catalogue cache entries (store/cache.py). It imports nothing
from credstack, so every layer may use it (docs/security.md).
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)


def read_regular(
    path: Path | str, limit: int, *, follow_links: bool = True
) -> tuple[bytes, os.stat_result]:
    """At most `limit` + 1 bytes of `path` (one byte more tells the caller the file is
    larger than `limit`) and its stat, read only when it is a regular file.

    Raises FileNotFoundError when there is no such file, OSError(EINVAL) when it is not a
    regular file (a FIFO, a device, a folder), ELOOP for a link when `follow_links` is
    False, and the system's OSError (or ValueError, for a NUL in the path) otherwise.
    """
    flags = _FLAGS if follow_links else _FLAGS | getattr(os, "O_NOFOLLOW", 0)
    descriptor = os.open(path, flags)
    with os.fdopen(descriptor, "rb") as stream:
        found = os.fstat(stream.fileno())
        if not stat.S_ISREG(found.st_mode):
            raise OSError(errno.EINVAL, "not a regular file")
        return stream.read(limit + 1), found
