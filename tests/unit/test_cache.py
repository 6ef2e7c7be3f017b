"""The catalogue cache (store/cache.py): hits, per-file invalidation, corruption, races.

Every test points XDG_CACHE_HOME at its own folder (conftest.py already keeps the whole
session away from the real user cache).
"""

from __future__ import annotations

import json
import multiprocessing
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from credstack.cli import main
from credstack.model.region import LoadedCatalogue
from credstack.store import cache as cache_module
from credstack.store.cache import (
    SUFFIX,
    CatalogueCache,
    _read_entry,
    _write_entry,
    cache_dir,
    code_fingerprint,
    file_key,
)
from credstack.store.catalogue_loader import load_region, load_region_with_problems
from tests.helpers import PROV_TOML, UNI_TOML, line_no, replace_once, write_region


def entries(cache: Path) -> list[Path]:
    return sorted((cache / "catalogues").glob("*" + SUFFIX))


def test_the_cache_folder_is_private(tmp_path: Path, cache_home: Path) -> None:
    old = os.umask(0)
    try:
        load_region(write_region(tmp_path / "region"), cache=True)
    finally:
        os.umask(old)
    for folder in (cache_home, cache_home / "catalogues", cache_home / "regions"):
        assert folder.stat().st_mode & 0o777 == 0o700


def test_cache_dir_follows_xdg_then_home(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "x"))
    assert cache_dir() == tmp_path / "x" / "credstack"
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.delenv("XDG_CACHE_HOME")
    assert cache_dir() == tmp_path / "home" / ".cache" / "credstack"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/path")  # the spec says: ignore it
    assert cache_dir() == tmp_path / "home" / ".cache" / "credstack"


def test_second_load_reads_the_cache(tmp_path: Path, cache_home: Path, parsed: list[str]) -> None:
    root = write_region(tmp_path / "region")
    first, problems = load_region_with_problems(root, cache=True)
    assert problems == []
    assert parsed == ["prov.toml", "uni.toml"]
    assert len(entries(cache_home)) == 2
    parsed.clear()
    second, problems = load_region_with_problems(root, cache=True)
    assert problems == [] and parsed == []
    assert sorted(second.catalogues) == sorted(first.catalogues)
    uni = second.get("uni")
    assert uni is not None and uni.path == root / "uni.toml"
    assert uni.catalogue == first.get("uni").catalogue  # type: ignore[union-attr]
    assert uni.lines.lines == first.get("uni").lines.lines  # type: ignore[union-attr]
    assert uni.requires == first.get("uni").requires  # type: ignore[union-attr]
    assert second.course("uni:CS102") is not None


def test_without_cache_nothing_is_read_or_written(
    tmp_path: Path, cache_home: Path, parsed: list[str]
) -> None:
    root = write_region(tmp_path / "region")
    load_region(root)  # the library default: no cache
    load_region(root, cache=False)
    assert parsed == ["prov.toml", "uni.toml"] * 2
    assert not cache_home.exists()


def test_a_changed_file_is_parsed_again_alone(
    tmp_path: Path, cache_home: Path, parsed: list[str]
) -> None:
    root = write_region(tmp_path / "region")
    load_region(root, cache=True)
    parsed.clear()
    path = root / "uni.toml"
    path.write_text(UNI_TOML.replace("Intro to Computing", "Intro to Computers"), "utf-8")
    region = load_region(root, cache=True)
    assert parsed == ["uni.toml"]
    assert region.course("uni:CS101").title == "Intro to Computers"  # type: ignore[union-attr]
    parsed.clear()
    load_region(root, cache=True)
    assert parsed == []


def test_same_size_and_mtime_but_other_bytes_is_a_miss(
    tmp_path: Path, cache_home: Path, parsed: list[str]
) -> None:
    """The content hash decides: a same-length edit with the old mtime is still seen."""
    root = write_region(tmp_path / "region")
    path = root / "uni.toml"
    load_region(root, cache=True)
    before = path.stat()
    path.write_text(UNI_TOML.replace("Programming", "Programmer!"), "utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.stat().st_size == before.st_size
    parsed.clear()
    region = load_region(root, cache=True)
    assert parsed == ["uni.toml"]
    assert region.course("uni:CS102").title == "Programmer!"  # type: ignore[union-attr]


def test_a_touched_file_is_parsed_again(
    tmp_path: Path, cache_home: Path, parsed: list[str]
) -> None:
    root = write_region(tmp_path / "region")
    load_region(root, cache=True)
    path = root / "prov.toml"
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 5_000_000_000))
    parsed.clear()
    load_region(root, cache=True)
    assert parsed == ["prov.toml"]


def test_an_added_file_is_parsed_alone(tmp_path: Path, cache_home: Path, parsed: list[str]) -> None:
    root = write_region(tmp_path / "region")
    load_region(root, cache=True)
    extra = PROV_TOML.replace('id = "prov"', 'id = "prov2"').replace("py-badge", "r-badge")
    (root / "prov2.toml").write_text(extra, "utf-8")
    parsed.clear()
    region = load_region(root, cache=True)
    assert parsed == ["prov2.toml"]
    assert region.credential("prov2:r-badge") is not None


def test_a_removed_file_still_breaks_references_with_their_lines(
    tmp_path: Path, cache_home: Path, parsed: list[str]
) -> None:
    """uni.toml comes from the cache; the cross-file checks run again and locate the error."""
    root = write_region(tmp_path / "region")
    load_region(root, cache=True)
    (root / "prov.toml").unlink()
    parsed.clear()
    region, problems = load_region_with_problems(root, cache=True)
    assert parsed == []
    assert "prov" not in region
    uni = str(root / "uni.toml")
    found = {(p.path, p.line) for p in problems}
    assert (uni, line_no(UNI_TOML, 'from = ["prov:py-badge"]')) in found
    assert (uni, line_no(UNI_TOML, 'accepts = ["uni:coding-mc"')) in found
    assert all(p.path == uni for p in problems)


def test_files_with_errors_are_never_cached(tmp_path: Path, cache_home: Path) -> None:
    broken_schema = replace_once(UNI_TOML, "credits = 9\n", 'credits = "nine"\n')
    root = write_region(tmp_path / "region", {"uni.toml": broken_schema, "prov.toml": PROV_TOML})
    _, problems = load_region_with_problems(root, cache=True)
    assert problems
    store = CatalogueCache()
    for name, cached in (("prov.toml", True), ("uni.toml", False)):
        key = file_key(root / name)
        assert key is not None
        assert (store.get(root / name, key) is not None) is cached, name


def test_a_file_with_reference_errors_is_not_cached(tmp_path: Path, cache_home: Path) -> None:
    bad_ref = replace_once(UNI_TOML, 'from = ["prov:py-badge"]', 'from = ["prov:no-such"]')
    root = write_region(tmp_path / "region", {"uni.toml": bad_ref, "prov.toml": PROV_TOML})
    _, problems = load_region_with_problems(root, cache=True)
    assert [p.path for p in problems] == [str(root / "uni.toml")]
    store = CatalogueCache()
    key = file_key(root / "uni.toml")
    assert key is not None and store.get(root / "uni.toml", key) is None
    _, again = load_region_with_problems(root, cache=True)  # and reported again, the same
    assert again == problems


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda blob: blob[: len(blob) // 2], id="truncated"),
        pytest.param(lambda blob: blob[:10], id="truncated-header"),
        pytest.param(lambda blob: b"", id="empty"),
        pytest.param(
            lambda blob: blob[:-40] + bytes([blob[-40] ^ 0xFF]) + blob[-39:], id="bit-flip"
        ),
        pytest.param(lambda blob: b"not a cache file at all\n" * 50, id="garbage"),
        pytest.param(lambda blob: blob + b"trailing", id="too-long"),
    ],
)
def test_a_damaged_entry_is_a_miss_and_is_rebuilt(
    tmp_path: Path,
    cache_home: Path,
    parsed: list[str],
    damage: Callable[[bytes], bytes],
) -> None:
    root = write_region(tmp_path / "region")
    expected = load_region(root, cache=True)
    for entry in entries(cache_home):
        entry.write_bytes(damage(entry.read_bytes()))
    parsed.clear()
    region, problems = load_region_with_problems(root, cache=True)
    assert problems == []
    assert parsed == ["prov.toml", "uni.toml"]
    assert region.get("uni").catalogue == expected.get("uni").catalogue  # type: ignore[union-attr]
    parsed.clear()
    load_region(root, cache=True)  # rebuilt: a hit again
    assert parsed == []


def _entry_parts(data: bytes) -> tuple[bytes, bytes, bytes]:
    """(head, catalogue, lines) of an entry's payload."""
    head_size, catalogue_size = cache_module._PARTS.unpack_from(data)
    start = cache_module._PARTS.size
    middle = start + head_size
    return (
        data[start:middle],
        data[middle : middle + catalogue_size],
        data[middle + catalogue_size :],
    )


def _entry_payload(head: bytes, catalogue: bytes, lines: bytes) -> bytes:
    return cache_module._PARTS.pack(len(head), len(catalogue)) + head + catalogue + lines


def test_an_entry_from_other_code_or_for_other_bytes_is_a_miss(
    tmp_path: Path, cache_home: Path, parsed: list[str]
) -> None:
    """A well-formed entry is still checked: the code fingerprint and the file's key."""
    root = write_region(tmp_path / "region")
    load_region(root, cache=True)
    store = CatalogueCache()
    key = file_key(root / "uni.toml")
    assert key is not None
    entry = store._entry(key)
    head, catalogue, lines = _entry_parts(_read_entry(entry))  # type: ignore[arg-type]
    assert json.loads(head)["fingerprint"] == code_fingerprint()
    for change in ({"fingerprint": "older code"}, {"key": ["elsewhere", 1, 2, "x"]}):
        forged = json.dumps({**json.loads(head), **change}).encode()
        _write_entry(entry, _entry_payload(forged, catalogue, lines))
        assert store.get(root / "uni.toml", key) is None
    _write_entry(entry, _entry_payload(head, catalogue, lines))
    assert isinstance(store.get(root / "uni.toml", key), LoadedCatalogue)


def test_an_unreadable_cache_folder_is_ignored(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "file-not-folder"
    blocker.write_text("x", "utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))  # credstack/ cannot be made under it
    root = write_region(tmp_path / "region")
    region, problems = load_region_with_problems(root, cache=True)
    assert problems == [] and "uni" in region


def test_a_folder_others_may_write_to_is_not_used(
    tmp_path: Path, cache_home: Path, parsed: list[str]
) -> None:
    root = write_region(tmp_path / "region")
    load_region(root, cache=True)
    os.chmod(cache_home, 0o777)
    parsed.clear()
    load_region(root, cache=True)
    assert parsed == ["prov.toml", "uni.toml"]


def _load_many(root: str, times: int) -> list[str]:
    seen = []
    for _ in range(times):
        region, problems = load_region_with_problems(Path(root), cache=True)
        assert problems == [], problems
        seen.append(region.course("uni:CS101").title)  # type: ignore[union-attr]
    return seen


def test_concurrent_runs_share_the_cache_safely(tmp_path: Path, cache_home: Path) -> None:
    """Processes that load, miss and write at once: every load is right, no debris."""
    root = write_region(tmp_path / "region")
    with multiprocessing.get_context("spawn").Pool(4) as pool:
        results = pool.starmap(_load_many, [(str(root), 5)] * 8)
    assert all(title == "Intro to Computing" for run in results for title in run)
    assert len(entries(cache_home)) == 2
    assert not list((cache_home / "catalogues").glob(".tmp-*"))
    store = CatalogueCache()
    for name in ("uni.toml", "prov.toml"):
        key = file_key(root / name)
        assert key is not None and store.get(root / name, key) is not None


def _write_repeatedly(path: str, marker: int) -> None:
    for _ in range(40):
        _write_entry(Path(path), bytes([marker]) * 200_000)


def test_concurrent_writers_of_one_entry_never_leave_half_a_file(tmp_path: Path) -> None:
    target = tmp_path / "entry.pickle"
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_write_repeatedly, args=(str(target), m)) for m in (1, 2)]
    for worker in workers:
        worker.start()
    reads = 0
    while any(w.is_alive() for w in workers):
        payload = _read_entry(target)
        if payload is not None:
            reads += 1
            assert payload in (b"\x01" * 200_000, b"\x02" * 200_000)
    for worker in workers:
        worker.join()
        assert worker.exitcode == 0
    assert _read_entry(target) in (b"\x01" * 200_000, b"\x02" * 200_000)
    assert [p.name for p in tmp_path.iterdir()] == ["entry.pickle"]


def test_cli_uses_the_cache_and_no_cache_leaves_it_alone(
    tmp_path: Path, cache_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = write_region(tmp_path / "region")
    assert main(["lint", str(root), "--no-cache"]) == 0
    assert not cache_home.exists()
    assert main(["lint", str(root)]) == 0
    assert len(entries(cache_home)) == 2
    capsys.readouterr()


@pytest.mark.parametrize("command", ["report", "compare"])
def test_report_and_compare_take_no_cache(
    tmp_path: Path,
    cache_home: Path,
    learner_path: Path,
    command: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    root = write_region(tmp_path / "region")
    args = [command, str(learner_path), "--catalogs", str(root), "--format", "json"]
    assert main([*args, "--no-cache"]) == 0
    without = capsys.readouterr().out
    assert not cache_home.exists()
    assert main(args) == 0  # writes the cache
    assert main(args) == 0  # reads it
    assert capsys.readouterr().out == without * 2
    assert len(entries(cache_home)) == 2


def test_cached_errors_keep_their_lines_in_the_cli(
    tmp_path: Path, cache_home: Path, learner_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """uni.toml cached clean; prov.toml then breaks the reference: exit 2, uni's line."""
    root = write_region(tmp_path / "region")
    assert main(["lint", str(root)]) == 0
    (root / "prov.toml").write_text(PROV_TOML.replace("py-badge", "python-badge"), "utf-8")
    code = main(["report", str(learner_path), "--catalogs", str(root)])
    err = capsys.readouterr().err
    assert code == 2
    line = line_no(UNI_TOML, 'from = ["prov:py-badge"]')
    assert f"{root / 'uni.toml'}:{line}: from 'prov:py-badge'" in err


def test_tui_session_uses_the_cache_unless_told_not_to(
    tmp_path: Path, cache_home: Path, parsed: list[str]
) -> None:
    from credstack.cli import build_parser
    from credstack.commands.tui import prepare_session
    from credstack.session import Session

    root = write_region(tmp_path / "region")
    plain = Session.open(root)
    parsed.clear()
    first = prepare_session(root, None, cache=True)
    second = prepare_session(root, None, cache=True)
    assert parsed == ["prov.toml", "uni.toml"]  # the second session came from the cache
    assert first.problems == second.problems == plain.problems
    assert sorted(second.region.catalogues) == sorted(plain.region.catalogues)
    for argv in (
        ["tui", "--no-cache"],
        ["lint", "--no-cache"],
        ["batch", "x", "--output", "y", "--no-cache"],
    ):
        assert build_parser().parse_args(argv).no_cache is True
    assert build_parser().parse_args(["tui"]).no_cache is False
