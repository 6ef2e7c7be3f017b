"""Shared fixtures and the hypothesis profile. Test material lives in tests/helpers.py."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

from credstack.model.region import Region
from credstack.store.catalogue_loader import load_region
from tests.helpers import LEARNER_TOML, write_region

# Property tests run the same examples on every machine and every run ("repeatable", the
# default: a red CI is a real regression, never the luck of a seed); HYPOTHESIS_PROFILE=
# explore draws fresh random examples to hunt for new counterexamples.
settings.register_profile("repeatable", derandomize=True)
settings.register_profile("explore", derandomize=False)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repeatable"))


@pytest.fixture(scope="session", autouse=True)
def isolated_cache_home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Point XDG_CACHE_HOME at a temporary folder for the whole session.

    The CLI reads and writes the catalogue cache (store/cache.py) under
    $XDG_CACHE_HOME/credstack; no test may touch the real user cache. Subprocesses that
    tests start inherit the variable.
    """
    folder = tmp_path_factory.mktemp("xdg-cache")
    old = os.environ.get("XDG_CACHE_HOME")
    os.environ["XDG_CACHE_HOME"] = str(folder)
    try:
        yield folder
    finally:
        if old is None:
            os.environ.pop("XDG_CACHE_HOME", None)
        else:
            os.environ["XDG_CACHE_HOME"] = old


@pytest.fixture
def region_dir(tmp_path: Path) -> Path:
    """The valid base region (issuers `uni` and `prov`) written to a fresh directory."""
    return write_region(tmp_path / "region")


@pytest.fixture
def region(region_dir: Path) -> Region:
    return load_region(region_dir)


@pytest.fixture
def learner_path(tmp_path: Path) -> Path:
    """The valid base learner file (alone in its folder), against the base region."""
    folder = tmp_path / "learner"
    folder.mkdir()
    path = folder / "learner.toml"
    path.write_text(LEARNER_TOML, encoding="utf-8")
    return path
