"""Shared fixtures. Test material lives in tests/helpers.py (importable as `helpers`)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from credstack.model.region import Region  # noqa: E402
from credstack.store.catalogue_loader import load_region  # noqa: E402
from helpers import LEARNER_TOML, write_region  # noqa: E402


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
