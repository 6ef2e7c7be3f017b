"""What ships with credstack: the embedded default region and the example learners."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent.parent
_CHECKOUT = _PACKAGE.parent.parent


def shipped_catalogues() -> Path:
    """The installed package data, or the source checkout's `catalogs/` folder."""
    installed = _PACKAGE / "catalogs"
    return installed if installed.is_dir() else _CHECKOUT / "catalogs"


def shipped_learners() -> Path:
    """The example learners (personas) that ship beside the catalogues."""
    installed = _PACKAGE / "examples" / "learners"
    return installed if installed.is_dir() else _CHECKOUT / "examples" / "learners"


def default_learner() -> Path | None:
    """The persona the TUI opens when started with no learner file."""
    folder = shipped_learners()
    preferred = folder / "career-changer.toml"
    if preferred.is_file():
        return preferred
    found = sorted(folder.glob("*.toml")) if folder.is_dir() else []
    return found[0] if found else None
