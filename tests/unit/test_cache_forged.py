"""The catalogue cache cannot execute anything, nor be made to hang (issue 10, item 6).

Someone who can write into the cache folder plants an entry: a pickle that runs code,
garbage with a valid header, a well-formed entry whose catalogue is not valid, a FIFO,
a symlink to /dev/zero, a huge file. Each is rejected (a cache miss), the catalogue is
parsed again and the entry written anew; nothing runs and nothing waits.
"""

from __future__ import annotations

import os
import pickle
import resource
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from credstack.store import cache as cache_module
from credstack.store.cache import CatalogueCache, _read_entry, _write_entry, file_key
from credstack.store.catalogue_loader import load_region, load_region_with_problems
from tests.helpers import LEARNER_TOML, write_region


@pytest.fixture
def cached_region(tmp_path: Path, cache_home: Path) -> Path:
    """The base region, loaded once so that both its files have cache entries."""
    root = write_region(tmp_path / "region")
    load_region(root, cache=True)
    return root


def _entry_of(root: Path, name: str) -> Path:
    key = file_key(root / name)
    assert key is not None
    return CatalogueCache()._entry(key)


class _RunsCode:
    """Unpickling this creates `marker`: what a forged pickle entry could do."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, ...]:
        return (os.mkdir, (str(self.marker),))


def _assert_rejected_and_rebuilt(root: Path, parsed: list[str]) -> None:
    expected = load_region(root, cache=False)
    parsed.clear()
    region, problems = load_region_with_problems(root, cache=True)
    assert problems == []
    assert "uni.toml" in parsed  # the planted entry was not used: uni.toml was parsed again
    assert region.get("uni").catalogue == expected.get("uni").catalogue  # type: ignore[union-attr]
    parsed.clear()
    load_region(root, cache=True)  # the entry was written anew: a hit again
    assert parsed == []


def test_a_forged_pickle_entry_runs_nothing_and_is_rebuilt(
    cached_region: Path, tmp_path: Path, parsed: list[str]
) -> None:
    marker = tmp_path / "the-entry-ran-code"
    _write_entry(_entry_of(cached_region, "uni.toml"), pickle.dumps(_RunsCode(marker)))
    _assert_rejected_and_rebuilt(cached_region, parsed)
    assert not marker.exists()


def test_garbage_with_a_valid_header_is_rejected_and_rebuilt(
    cached_region: Path, parsed: list[str]
) -> None:
    _write_entry(_entry_of(cached_region, "uni.toml"), os.urandom(4096))
    _assert_rejected_and_rebuilt(cached_region, parsed)


@pytest.mark.parametrize(
    "forged",
    [
        pytest.param(b'{"format": 1, "issuer": 5}', id="wrong-types"),
        pytest.param(b"[" * 100_000 + b"]" * 100_000, id="nested-deeply"),
        pytest.param(b'{"format": 1, "issuer": {"id": "uni"', id="truncated-json"),
    ],
)
def test_a_well_formed_entry_whose_catalogue_is_not_valid_is_rejected(
    cached_region: Path, parsed: list[str], forged: bytes
) -> None:
    """The catalogue in an entry is validated again: a forged one is a miss."""
    entry = _entry_of(cached_region, "uni.toml")
    data = _read_entry(entry)
    assert data is not None
    parts = cache_module._PARTS
    head_size, catalogue_size = parts.unpack_from(data)
    head = data[parts.size : parts.size + head_size]
    lines = data[parts.size + head_size + catalogue_size :]
    _write_entry(entry, parts.pack(len(head), len(forged)) + head + forged + lines)
    _assert_rejected_and_rebuilt(cached_region, parsed)


def test_forged_lines_fall_back_to_the_catalogue_file(cached_region: Path) -> None:
    """An entry whose line index is not a line index: lines are read from the file."""
    entry = _entry_of(cached_region, "uni.toml")
    data = _read_entry(entry)
    assert data is not None
    parts = cache_module._PARTS
    head_size, catalogue_size = parts.unpack_from(data)
    keep = data[: parts.size + head_size + catalogue_size]
    expected = load_region(cached_region, cache=False).get("uni")
    assert expected is not None
    for lines in (b'{"not": "a list"}', b'[[["issuer"], "one"]]', b"\xff\xfe", b"[" * 50_000):
        _write_entry(entry, keep + lines)
        key = file_key(cached_region / "uni.toml")
        assert key is not None
        loaded = CatalogueCache().get(cached_region / "uni.toml", key)
        assert loaded is not None  # the catalogue itself is valid
        for loc in (("issuer", "id"), ("course", 1, "requires"), ("program", 0)):
            assert loaded.line_of(*loc) == expected.line_of(*loc)


def test_an_oversized_entry_is_not_read(cached_region: Path, parsed: list[str]) -> None:
    entry = _entry_of(cached_region, "uni.toml")
    with open(entry, "r+b") as stream:  # a valid entry, then a sparse tail past the cap
        stream.truncate(cache_module.MAX_ENTRY_BYTES + 1)
    _assert_rejected_and_rebuilt(cached_region, parsed)


def test_a_subfolder_others_may_write_to_is_not_used(
    cached_region: Path, cache_home: Path, parsed: list[str]
) -> None:
    """A planted entry needs a folder others may write to: such a folder is not used."""
    os.chmod(cache_home / "catalogues", 0o777)
    parsed.clear()
    load_region(cached_region, cache=True)
    assert parsed == ["prov.toml", "uni.toml"]


def test_a_subfolder_that_is_a_symlink_is_not_used(
    cached_region: Path, cache_home: Path, tmp_path: Path, parsed: list[str]
) -> None:
    elsewhere = tmp_path / "elsewhere"
    (cache_home / "catalogues").rename(elsewhere)
    (cache_home / "catalogues").symlink_to(elsewhere)
    parsed.clear()
    load_region(cached_region, cache=True)
    assert parsed == ["prov.toml", "uni.toml"]


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs chown")
def test_an_entry_owned_by_another_user_is_not_read(cached_region: Path, parsed: list[str]) -> None:
    os.chown(_entry_of(cached_region, "uni.toml"), 65534, -1)
    parsed.clear()
    load_region(cached_region, cache=True)
    assert "uni.toml" in parsed


def _limit_memory() -> None:  # pragma: no cover - runs in the child process
    four_gib = 4 << 30
    resource.setrlimit(resource.RLIMIT_AS, (four_gib, four_gib))


# `credstack report` that also writes its peak memory (KiB) to the file named first
_MEASURED = """\
import resource, sys
from credstack.cli import main
code = main(sys.argv[2:])
with open(sys.argv[1], "w") as out:
    out.write(str(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss))
sys.exit(code)
"""


def _report(root: Path, learner: Path, peak: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    """`credstack report` as a whole process, bounded in time and memory (today's main
    waited on a FIFO forever, and read /dev/zero until memory ran out)."""
    argv = [sys.executable, "-c", _MEASURED, str(peak), "report", str(learner),
            "--catalogs", str(root), "--format", "json", *extra]  # fmt: skip
    return subprocess.run(
        argv, capture_output=True, text=True, timeout=90, preexec_fn=_limit_memory
    )


def _plant_fifo(path: Path) -> None:
    path.unlink()
    os.mkfifo(path)


def _plant_dev_zero(path: Path) -> None:
    path.unlink()
    path.symlink_to("/dev/zero")


@pytest.mark.parametrize("plant", [_plant_fifo, _plant_dev_zero], ids=["fifo", "dev-zero"])
@pytest.mark.parametrize("where", ["entry", "region-marker"])
def test_report_neither_hangs_nor_reads_forever_on_a_planted_file(
    cached_region: Path,
    cache_home: Path,
    tmp_path: Path,
    plant: Callable[[Path], None],
    where: str,
) -> None:
    learner = tmp_path / "learner.toml"
    learner.write_text(LEARNER_TOML, encoding="utf-8")
    peak = tmp_path / "peak-kib"
    expected = _report(cached_region, learner, peak, "--no-cache")
    assert expected.returncode == 0, expected.stderr
    normal = int(peak.read_text())
    if where == "entry":
        target = _entry_of(cached_region, "uni.toml")
    else:
        (target,) = (cache_home / "regions").glob("*.clean")
    plant(target)
    done = _report(cached_region, learner, peak)
    assert done.returncode == 0, done.stderr
    assert done.stdout == expected.stdout
    assert int(peak.read_text()) < normal + 256 * 1024  # nothing big was read
    assert target.is_file() and not target.is_symlink()  # rebuilt as a regular file
    assert _read_entry(target) is not None
