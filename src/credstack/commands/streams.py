"""Where a command reads its learner and writes its output: files, or `-` for stdin/stdout.

- `-` as a learner reads the learner file from stdin (named `<stdin>` in messages; its
  evidence paths have no folder, so they are not checked);
- `-` as `--output` writes to stdout;
- an `--output` that is one of the command's inputs (the learner file, a learner file in
  the batch folder, a catalogue file: the same file, through links too) is refused
  before anything is computed, so an output never destroys an input;
- an output file is written atomically (a temporary file beside it, then a rename) with
  the mode any new file gets (0666 less the umask: 0644 under umask 022), or the mode
  it already had;
- text bound for a terminal has its control characters made visible (safe_text).
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import sys
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO

from credstack.errors import CredstackError
from credstack.model.region import Region
from credstack.safe_text import safe_text
from credstack.store.atomic import MAX_TOML_BYTES
from credstack.store.catalogue_loader import catalogue_files
from credstack.store.learner_store import LoadedLearner, learner_from_text, load_learner
from credstack.store.validation import decode_toml

STDIO = "-"
STDIN_NAME = "<stdin>"


def is_stdio(path: Path | str | None) -> bool:
    """Whether `path` is `-` (stdin for a learner, stdout for an output)."""
    return path is not None and str(path) == STDIO


# --------------------------------------------------------------------------- input


def read_learner(path: Path, region: Region) -> LoadedLearner:
    """The learner file at `path`, or from stdin for `-`; CredstackError when it cannot be
    read or is not a valid learner file (every problem located)."""
    if is_stdio(path):
        return _learner_from_stdin(region)
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise CredstackError.at(path, 1, "no such learner file") from None
    except (OSError, ValueError) as error:
        raise CredstackError.at(path, 1, f"cannot read the learner file: {_why(error)}") from None
    if stat.S_ISDIR(info.st_mode):
        raise CredstackError.at(path, 1, "is a folder, not a learner file")
    if stat.S_ISCHR(info.st_mode) or stat.S_ISBLK(info.st_mode):  # /dev/zero never ends
        raise CredstackError.at(path, 1, "is a device, not a learner file")
    if info.st_size > MAX_TOML_BYTES:
        limit = MAX_TOML_BYTES >> 20
        raise CredstackError.at(path, 1, f"the file is larger than {limit} MB: not a learner")
    return load_learner(path, region)


def _learner_from_stdin(region: Region) -> LoadedLearner:
    stream = sys.stdin
    if stream is None:
        raise CredstackError.at(STDIN_NAME, 1, "no standard input to read the learner from")
    binary = getattr(stream, "buffer", None)
    raw = binary.read(MAX_TOML_BYTES + 1) if binary is not None else None
    if raw is None:
        raw = stream.read(MAX_TOML_BYTES + 1).encode("utf-8", "surrogateescape")
    data, text, problems = decode_toml(raw, Path(STDIN_NAME))
    if data is None:
        raise CredstackError(problems)
    return learner_from_text(text, region, STDIN_NAME)


def _why(error: Exception) -> str:
    if isinstance(error, ValueError):
        return "not a usable file name"
    if getattr(error, "errno", None) == errno.ENAMETOOLONG:
        return "the file name is too long for this system"
    return getattr(error, "strerror", None) or type(error).__name__


# --------------------------------------------------------------------------- inputs kept safe


def catalogue_inputs(root: Path) -> list[tuple[Path, str]]:
    """Every catalogue file below `root`, as (path, what it is) for `refuse_inputs`."""
    try:
        return [(path, "a catalogue file") for path in catalogue_files(root)]
    except (OSError, ValueError):  # an unreadable folder: loading it reports why
        return []


def refuse_inputs(output: Path | None, inputs: Iterable[tuple[Path, str]]) -> None:
    """CredstackError when `output` is one of `inputs` (the same file, links included).

    An output that does not exist yet cannot be an input. Compared by device and inode,
    so a symbolic or hard link to an input, or another spelling of its path, is caught.
    """
    if output is None or is_stdio(output):
        return
    try:
        target = os.stat(output)
    except (OSError, ValueError):
        return
    for path, what in inputs:
        try:
            info = os.stat(path)
        except (OSError, ValueError):
            continue
        if (info.st_dev, info.st_ino) == (target.st_dev, target.st_ino):
            shown = "" if os.path.abspath(path) == os.path.abspath(output) else f" ({path})"
            raise CredstackError.at(
                output,
                1,
                f"refusing to write over {what}{shown}: --output must not be one of "
                "the inputs; choose another file",
            )


def check_output(output: Path | None) -> None:
    """CredstackError when `output` cannot be written: a folder, or in a missing folder."""
    if output is None or is_stdio(output):
        return
    try:
        if output.is_dir():
            raise CredstackError.at(output, 1, "--output is a directory")
        folder = output.parent if str(output.parent) else Path(".")
        if not folder.is_dir():
            raise CredstackError.at(output, 1, f"folder {folder} does not exist")
    except (OSError, ValueError) as error:
        raise CredstackError.at(output, 1, f"cannot write: {_why(error)}") from None


# --------------------------------------------------------------------------- output


def for_terminal(text: str, stream: IO[str] | None = None) -> str:
    """`text` with its control characters made visible when `stream` (default stdout)
    is a terminal; unchanged for a file or a pipe (each format keeps its own bytes)."""
    stream = sys.stdout if stream is None else stream
    isatty = getattr(stream, "isatty", None)
    return safe_text(text, multiline=True) if isatty is not None and isatty() else text


def emit(text: str, output: Path | None, *, styled: bool = False, sanitise: bool = False) -> None:
    """Write `text` to stdout (`output` None or `-`) or atomically to the file `output`.

    `styled`: the text carries its renderer's own escape codes (colour) and is written as
    it is. `sanitise`: the format holds no control character of its own (a plain text
    report), so any is made visible wherever it goes. Otherwise text bound for a terminal
    is made safe, and a file gets the format's own bytes.
    """
    if sanitise and not styled:
        text = safe_text(text, multiline=True)
    if output is None or is_stdio(output):
        sys.stdout.write(text if styled else for_terminal(text))
        sys.stdout.flush()
        return
    check_output(output)
    try:
        with output_file(output) as stream:
            stream.write(text)
    except OSError as error:
        raise CredstackError.at(output, 1, f"cannot write: {error.strerror or error}") from None


@contextlib.contextmanager
def output_stream(output: Path) -> Iterator[IO[str]]:
    """stdout for `-`, else `output_file(output)`."""
    if is_stdio(output):
        yield sys.stdout
        sys.stdout.flush()
        return
    with output_file(output) as stream:
        yield stream


@contextlib.contextmanager
def output_file(path: Path) -> Iterator[IO[str]]:
    """A text stream to a temporary file beside `path`, renamed over it on success.

    A link is written through to its target. The file gets the mode it had, or, when
    new, 0666 less the umask (mkstemp's own 0600 is for temporary files, not outputs).
    A device or a FIFO (`/dev/null`, `/dev/stdout`) is written to directly: renaming a
    file over it would replace the device itself.
    """
    try:
        special = not stat.S_ISREG(os.stat(path).st_mode)
    except OSError:  # a new file
        special = False
    if special:  # /dev/null, /dev/stdout, a FIFO: written to, never replaced by a file
        with open(path, "w", encoding="utf-8", newline="") as stream:
            yield stream
        return
    path = Path(os.path.realpath(path))
    handle, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
        try:
            mode = os.stat(path).st_mode & 0o7777
        except OSError:
            mode = 0o666 & ~umask()
        with contextlib.suppress(OSError):
            os.chmod(temp_name, mode)
        os.replace(temp_name, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        raise


def umask() -> int:
    """The process's umask (read by setting it back at once; the CLI has one thread)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
