"""Fixtures shared by the catalogue-cache tests (test_cache.py, test_cache_forged.py)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from credstack.store import catalogue_loader


@pytest.fixture
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The credstack cache folder under a temporary XDG_CACHE_HOME."""
    home = tmp_path / "xdg"
    monkeypatch.setenv("XDG_CACHE_HOME", str(home))
    return home / "credstack"


@pytest.fixture
def parsed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the files the loader parses (cache misses), in order."""
    calls: list[str] = []
    real: Callable[..., object] = catalogue_loader.load_catalogue_file

    def counting(path: Path):  # type: ignore[no-untyped-def]
        calls.append(path.name)
        return real(path)

    monkeypatch.setattr(catalogue_loader, "load_catalogue_file", counting)
    return calls
