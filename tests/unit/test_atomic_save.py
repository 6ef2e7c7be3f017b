"""Saving a learner never loses or half-writes the old file, and keeps NAME.toml.bak."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

import pytest

from credstack.model.region import Region
from credstack.store import atomic
from credstack.store.atomic import atomic_write
from credstack.store.learner_store import (
    learner_from_text,
    learner_text,
    load_learner,
    save_learner,
)
from tests.helpers import LEARNER_TOML


def _leftovers(folder: Path, keep: set[str]) -> list[str]:
    """Files in `folder` other than `keep` (temporary files left behind)."""
    return sorted(p.name for p in folder.iterdir() if p.name not in keep)


def test_save_writes_the_new_content(learner_path: Path, region: Region) -> None:
    loaded = load_learner(learner_path, region)
    loaded.learner.learner.name = "Renamed Learner"
    assert save_learner(loaded) == learner_path
    text = learner_path.read_text(encoding="utf-8")
    # the file is edited, not rewritten: only the changed line differs
    assert text == LEARNER_TOML.replace('"Test Learner"', '"Renamed Learner"')
    assert load_learner(learner_path, region).learner == loaded.learner


def test_save_keeps_the_previous_content_as_bak(learner_path: Path, region: Region) -> None:
    before = learner_path.read_bytes()
    loaded = load_learner(learner_path, region)
    loaded.learner.learner.name = "Renamed Learner"
    save_learner(loaded)
    backup = learner_path.with_name("learner.toml.bak")
    assert backup.read_bytes() == before
    assert _leftovers(learner_path.parent, {"learner.toml", "learner.toml.bak"}) == []


def test_second_save_backs_up_the_first_save(learner_path: Path, region: Region) -> None:
    loaded = load_learner(learner_path, region)
    loaded.learner.learner.name = "First"
    save_learner(loaded)
    first = learner_path.read_bytes()
    loaded.learner.learner.name = "Second"
    save_learner(loaded)
    assert learner_path.with_name("learner.toml.bak").read_bytes() == first
    assert b"Second" in learner_path.read_bytes()


def test_save_updates_the_line_index_to_the_new_text(learner_path: Path, region: Region) -> None:
    loaded = load_learner(learner_path, region)
    save_learner(loaded)
    text = learner_path.read_text(encoding="utf-8")
    line = next(i for i, t in enumerate(text.splitlines(), 1) if t.startswith("[learner]"))
    assert loaded.line_of("learner") == line


def test_saving_a_new_file_works_and_makes_no_backup(tmp_path: Path, region: Region) -> None:
    loaded = learner_from_text(LEARNER_TOML, region)
    target = tmp_path / "new" / "fresh.toml"
    target.parent.mkdir()
    assert save_learner(loaded, target) == target
    assert loaded.path == target
    assert _leftovers(target.parent, {"fresh.toml"}) == []
    assert load_learner(target, region).learner == loaded.learner


def test_saving_without_a_path_is_refused(region: Region) -> None:
    loaded = learner_from_text(LEARNER_TOML, region)
    with pytest.raises(ValueError):
        save_learner(loaded)


def test_save_keeps_the_file_mode(learner_path: Path, region: Region) -> None:
    learner_path.chmod(0o600)
    save_learner(load_learner(learner_path, region))
    assert stat.S_IMODE(learner_path.stat().st_mode) == 0o600


def _failing(exc: OSError):  # type: ignore[no-untyped-def]
    def fail(*args: object, **kwargs: object) -> None:
        raise exc

    return fail


@pytest.mark.parametrize("call", [1, 2], ids=["backup-rename", "final-rename"])
def test_failed_rename_leaves_the_old_file_and_no_temp_files(
    learner_path: Path, region: Region, monkeypatch: pytest.MonkeyPatch, call: int
) -> None:
    """os.replace failing (first call: the backup; second: the new file) loses nothing."""
    before = learner_path.read_bytes()
    loaded = load_learner(learner_path, region)
    loaded.learner.learner.name = "Never Saved"
    real_replace = os.replace
    calls = {"n": 0}

    def replace(src: object, dst: object) -> None:
        calls["n"] += 1
        if calls["n"] == call:
            raise OSError(errno.EIO, "simulated I/O error")
        real_replace(src, dst)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "replace", replace)
    with pytest.raises(OSError):
        save_learner(loaded)
    monkeypatch.undo()
    assert learner_path.read_bytes() == before
    assert _leftovers(learner_path.parent, {"learner.toml", "learner.toml.bak"}) == []


def test_failed_fsync_leaves_the_old_file_and_no_temp_files(
    learner_path: Path, region: Region, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = learner_path.read_bytes()
    loaded = load_learner(learner_path, region)
    loaded.learner.learner.name = "Never Saved"
    monkeypatch.setattr(os, "fsync", _failing(OSError(errno.ENOSPC, "disk full")))
    with pytest.raises(OSError):
        save_learner(loaded)
    monkeypatch.undo()
    assert learner_path.read_bytes() == before
    assert not learner_path.with_name("learner.toml.bak").exists()
    assert _leftovers(learner_path.parent, {"learner.toml"}) == []


def test_failed_write_leaves_the_old_file_and_no_temp_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "file.toml"
    target.write_text("old = 1\n", encoding="utf-8")

    real_fdopen = os.fdopen

    def fdopen(fd: int, *args: object, **kwargs: object):  # type: ignore[no-untyped-def]
        stream = real_fdopen(fd, *args, **kwargs)  # type: ignore[arg-type]

        def write(_text: str) -> int:
            stream.buffer.write(b"new = ")  # half a document reaches the temp file
            raise OSError(errno.ENOSPC, "disk full")

        stream.write = write  # type: ignore[method-assign]
        return stream

    monkeypatch.setattr(os, "fdopen", fdopen)
    with pytest.raises(OSError):
        atomic_write(target, "new = 2\n")
    monkeypatch.undo()
    assert target.read_text(encoding="utf-8") == "old = 1\n"
    assert _leftovers(tmp_path, {"file.toml"}) == []


def test_interrupt_during_save_leaves_the_old_file(
    learner_path: Path, region: Region, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Even a KeyboardInterrupt mid-save (Ctrl-C in the TUI) cleans up after itself."""
    before = learner_path.read_bytes()
    loaded = load_learner(learner_path, region)
    monkeypatch.setattr(atomic, "_fsync_folder", _failing(KeyboardInterrupt()))  # type: ignore[arg-type]
    with pytest.raises(KeyboardInterrupt):
        save_learner(loaded)
    monkeypatch.undo()
    # the rename happened before the folder fsync: the new file is complete, never partial
    assert learner_path.read_bytes() in (before, learner_text(loaded).encode())
    assert _leftovers(learner_path.parent, {"learner.toml", "learner.toml.bak"}) == []


def test_atomic_write_uses_lf_and_utf8(tmp_path: Path) -> None:
    target = tmp_path / "x.toml"
    atomic_write(target, 'name = "Jos\u00e9"\nb = 2\n')
    assert target.read_bytes() == 'name = "Jos\u00e9"\nb = 2\n'.encode()


def test_atomic_write_without_backup(tmp_path: Path) -> None:
    target = tmp_path / "x.toml"
    target.write_text("a = 1\n")
    atomic_write(target, "a = 2\n", keep_backup=False)
    assert target.read_text() == "a = 2\n"
    assert _leftovers(tmp_path, {"x.toml"}) == []
