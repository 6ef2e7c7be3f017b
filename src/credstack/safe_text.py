"""Text from files is data, never terminal commands: one sanitiser for every output.

Catalogues, learner files, badges and file names come from other people. A string from
them that reaches a terminal, a text report or a CSV file must not carry a control
sequence: an ESC starts CSI (colours, cursor moves, screen clears) and OSC (window title,
clipboard, hyperlinks), BEL rings, backspace and CR overwrite what was shown, C1 bytes
are 8-bit CSI/OSC on some terminals, and bidi overrides reorder what the reader sees.

`safe_text` replaces each of these with a visible stand-in and keeps everything else,
ordinary Unicode included (accents, CJK, emoji, right-to-left scripts and the marks that
shape them):

- C0 controls and DEL become their Control Pictures (ESC -> U+241B, BEL -> U+2407,
  NUL -> U+2400, DEL -> U+2421); "\\n", "\\t" and CRLF line ends are kept when
  `multiline` (a lone CR, which would overwrite the line, is not);
- C1 controls (U+0080-U+009F), the line and paragraph separators and the bidi
  embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069) become a
  backslash escape (``\\x9b``, ``\\u202e``);
- lone surrogates (undecodable bytes in a file name, kept by Python's surrogateescape)
  become ``\\xff`` for the byte they stand for, so printing never raises.

This module imports nothing from credstack: every layer may use it.
"""

from __future__ import annotations

import re

__all__ = ["safe_text"]

_UNSAFE_LINE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_UNSAFE_MULTILINE = re.compile(  # keeps "\t", "\n" and the "\r" of a CRLF line end
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069"
    "\ud800-\udfff]|\r(?!\n)"
)


def _visible(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    if code < 0x20:
        return chr(0x2400 + code)  # the Control Pictures block: U+2400 NUL .. U+241F US
    if code == 0x7F:
        return "\u2421"  # SYMBOL FOR DELETE
    if code <= 0xFF:
        return f"\\x{code:02x}"
    if 0xDC80 <= code <= 0xDCFF:
        return f"\\x{code - 0xDC00:02x}"  # a byte that was not UTF-8 (surrogateescape)
    return f"\\u{code:04x}"


def safe_text(text: str, *, multiline: bool = False) -> str:
    """`text` with every control and reordering character replaced by a visible one.

    Single-line by default (a newline or tab in a name must not forge another line or
    column); with `multiline`, "\\n", "\\t" and CRLF are kept, for whole reports and cells.
    """
    if text.isprintable():  # the common case: nothing to replace
        return text
    if multiline:
        return _UNSAFE_MULTILINE.sub(_visible, text)
    return _UNSAFE_LINE.sub(_visible, text)
