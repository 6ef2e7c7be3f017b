"""Where the catalogues shipped with credstack live (the embedded default region)."""

from __future__ import annotations

from pathlib import Path


def shipped_catalogs() -> Path:
    """The installed package data, or the source checkout's `catalogs/` folder."""
    here = Path(__file__).resolve().parent.parent
    installed = here / "catalogs"
    if installed.is_dir():
        return installed
    checkout = here.parent.parent / "catalogs"
    return checkout
