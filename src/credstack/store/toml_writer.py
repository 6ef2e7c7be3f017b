"""Writing models back to TOML with tomli-w (decimals become TOML numbers)."""

from __future__ import annotations

import datetime as dt
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


def to_toml(model: BaseModel) -> str:
    """The TOML text of a catalogue or learner model, without defaults or empty keys."""
    data = model.model_dump(mode="python", by_alias=True, exclude_none=True, exclude_defaults=True)
    if "format" in type(model).model_fields:
        data = {"format": model.format, **data}
    return tomli_w.dumps(_plain(data))
