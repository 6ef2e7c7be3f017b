"""The formats `credstack convert` reads: name -> the converter, imported when used.

Every converter is `convert(inputs: list[Path], issuer: str | None) -> Conversion` and
lives in its own module of this package; adding a format is one line here.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path

from credstack.convert.conversion import Conversion

Converter = Callable[[list[Path], str | None], Conversion]

#: format name -> "module:function" (imported only when that format is converted)
CONVERTERS: dict[str, str] = {
    "curricular-analytics": "credstack.convert.curricular_analytics:convert_curricular_analytics",
    "ctdl": "credstack.convert.ctdl:convert_ctdl",
    "esco": "credstack.convert.esco:convert_esco",
}


def converter(name: str) -> Converter:
    """The converter of format `name` (KeyError when there is none)."""
    module, _, function = CONVERTERS[name].partition(":")
    found: Converter = getattr(importlib.import_module(module), function)
    return found
