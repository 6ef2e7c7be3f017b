"""The one sanitiser: control sequences become visible, ordinary Unicode stays as it is."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from credstack.errors import Problem
from credstack.safe_text import safe_text

# What a hostile file can put in a string, and what must never survive it raw.
PAYLOADS = {
    "osc-title": "J\u001b]0;pwned\u0007",
    "osc-st": "J\u001b]8;;http://evil.example/\u001b\\link\u001b]8;;\u001b\\",
    "csi-colour": "\u001b[31mred\u001b[0m",
    "csi-clear": "\u001b[2J\u001b[H",
    "c1-csi": "\u009b31mred",
    "c1-osc": "\u009d0;title\u009c",
    "bel": "ring\u0007",
    "backspace": "safe\u0008\u0008\u0008\u0008evil",
    "nul": "a\u0000b",
    "cr": "all good\rpwned!!!",
    "del": "x\u007fy",
    "vt-ff": "a\u000bb\u000cc",
    "bidi-override": "file\u202egnp.exe",
    "bidi-isolate": "a\u2066b\u2069c",
    "line-separator": "a\u2028b\u2029c",
    "surrogate": "name-\udcff\udcfe",
}
RAW_CONTROL = [chr(c) for c in range(0x20) if chr(c) not in "\n\t"] + [
    chr(c) for c in range(0x7F, 0xA0)
]
DANGEROUS = RAW_CONTROL + [
    "\u2028",
    "\u2029",
    *map(chr, range(0x202A, 0x202F)),
    *map(chr, range(0x2066, 0x206A)),
]


def raw_controls(text: str, allowed: str = "\n\t") -> list[str]:
    """The control or reordering characters in `text`, except those `allowed`."""
    found = [c for c in text if (c in DANGEROUS or "\ud800" <= c <= "\udfff")]
    return [c for c in found if c not in allowed]


@pytest.mark.parametrize("name", sorted(PAYLOADS))
def test_no_payload_survives_raw(name: str) -> None:
    shown = safe_text(PAYLOADS[name])
    assert raw_controls(shown, allowed="") == []
    assert shown.isprintable()
    assert shown.encode("utf-8")  # lone surrogates would raise here


def test_escape_and_bel_become_control_pictures() -> None:
    assert safe_text("J\u001b]0;pwned\u0007") == "J\u241b]0;pwned\u2407"
    assert safe_text("a\u0000b\u007f") == "a\u2400b\u2421"


def test_c1_bidi_and_surrogates_become_backslash_escapes() -> None:
    assert safe_text("\u009b2J") == "\\x9b2J"
    assert safe_text("file\u202egnp.exe") == "file\\u202egnp.exe"
    assert safe_text("bad-\udcff") == "bad-\\xff"


def test_ordinary_unicode_is_kept() -> None:
    text = "Zoë Ångström · 学位 · שלום עולם · مرحبا بالعالم · 👩‍💻 · naïve — «ok»"
    assert safe_text(text) == text
    # joiners and the marks right-to-left scripts are written with are not overrides
    shaping = "\u200d\u200c\u200e\u200f\u061c"
    assert safe_text(shaping) == shaping


def test_newlines_and_tabs_only_in_multiline_text() -> None:
    assert safe_text("a\nb\tc") == "a\u240ab\u2409c"
    assert safe_text("a\nb\tc\r\n", multiline=True) == "a\nb\tc\r\n"
    assert safe_text("line\rover\n", multiline=True) == "line\u240dover\n"


@given(st.text())
def test_any_text_comes_out_printable(text: str) -> None:
    shown = safe_text(text)
    assert raw_controls(shown, allowed="") == []
    assert safe_text(shown) == shown  # idempotent: nothing is replaced twice
    multi = safe_text(text, multiline=True)
    assert raw_controls(multi.replace("\r\n", "\n")) == []


@given(st.text(st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp", "Cf"))))
def test_text_without_controls_is_unchanged(text: str) -> None:
    assert safe_text(text) == text


def test_every_format_character_but_the_reordering_ones_is_kept() -> None:
    kept = [
        chr(c)
        for c in range(0x110000)
        if unicodedata.category(chr(c)) == "Cf" and chr(c) not in DANGEROUS
    ]
    assert safe_text("".join(kept)) == "".join(kept)


def test_problems_quote_input_safely() -> None:
    problem = Problem("evil\u001b[2J.toml", 3, "unknown goal 'x\u001b]0;pwned\u0007'")
    shown = str(problem)
    assert raw_controls(shown, allowed="") == []
    assert shown == "evil\u241b[2J.toml:3: unknown goal 'x\u241b]0;pwned\u2407'"
    assert "\n" not in str(Problem("a.toml", 1, "forged\nb.toml:1: ok"))
