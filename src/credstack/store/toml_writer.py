"""Writing models back to TOML with tomli-w (decimals become TOML numbers)."""

from __future__ import annotations

import datetime as dt
import json
import re
from decimal import Decimal
from typing import Any

import tomli_w
from pydantic import BaseModel


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items() if v is not None}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, (str, int, float, bool, dt.date)):
        return value
    raise TypeError(f"cannot write {type(value).__name__} to TOML")


def plain_data(model: BaseModel) -> dict[str, Any]:
    """What a catalogue or learner model writes: plain TOML values, without defaults or
    empty keys, `format` first (also what a save compares to keep a file's layout)."""
    data = model.model_dump(mode="python", by_alias=True, exclude_none=True, exclude_defaults=True)
    if "format" in type(model).model_fields:
        data = {"format": model.model_dump(include={"format"})["format"], **data}
    plain: dict[str, Any] = _plain(data)
    return plain


def to_toml(model: BaseModel) -> str:
    """The TOML text of a catalogue or learner model, without defaults or empty keys."""
    return document_text(plain_data(model))


_BARE = re.compile(r"^[A-Za-z0-9_-]+$")


def _key(name: str) -> str:
    return name if _BARE.match(name) else json.dumps(name)


def _is_tables(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, dict) for v in value)


def document_text(data: dict[str, Any], prefix: str = "") -> str:
    """TOML with every table and array of tables written as its own section.

    tomli-w inlines small arrays of tables (`held = [{...}]`); a learner file or a
    catalogue reads better, diffs better and reports errors at the right line with
    one `[[held]]` section per entry.
    """
    scalars = {k: v for k, v in data.items() if not isinstance(v, dict) and not _is_tables(v)}
    chunks = [tomli_w.dumps(scalars)] if scalars else []
    for name, value in data.items():
        path = f"{prefix}{_key(name)}"
        if isinstance(value, dict):
            chunks.append(f"[{path}]\n" + document_text(value, path + "."))
        elif _is_tables(value):
            for entry in value:
                chunks.append(f"[[{path}]]\n" + document_text(entry, path + "."))
    return "\n".join(chunk for chunk in chunks)
