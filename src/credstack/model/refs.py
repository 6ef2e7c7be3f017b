"""References name an item anywhere: `issuer:item`; inside its own file, bare `item`."""

from __future__ import annotations


def split_ref(ref: str, home: str | None = None) -> tuple[str, str]:
    """('metro-cc', 'CIS110') for 'metro-cc:CIS110'; a bare name belongs to `home`."""
    if ":" in ref:
        issuer, _, item = ref.partition(":")
        return issuer, item
    if home is None:
        raise ValueError(f"{ref!r} needs an issuer: write it as 'issuer:{ref}'")
    return home, ref


def make_ref(issuer: str, item: str) -> str:
    return f"{issuer}:{item}"
