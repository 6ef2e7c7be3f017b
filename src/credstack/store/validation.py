"""Turning pydantic and TOML errors into located problems."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from credstack.errors import Problem, did_you_mean
from credstack.files import read_regular
from credstack.store.atomic import MAX_TOML_BYTES
from credstack.store.toml_lines import LineIndex

_TOML_AT = re.compile(r"\(at line (\d+), column \d+\)|\(at end of document\)")


def read_toml(path: Path) -> tuple[dict[str, Any] | None, str, list[Problem]]:
    """Parse one TOML file: (data, text, problems). data is None when unreadable."""
    try:
        raw, _ = read_regular(path, MAX_TOML_BYTES)
    except OSError as error:
        return None, "", [Problem(str(path), 1, f"cannot read file: {error.strerror or error}")]
    except ValueError:  # a NUL in the path
        return None, "", [Problem(str(path), 1, "cannot read file: not a usable file name")]
    return decode_toml(raw, path)


def decode_toml(raw: bytes, path: Path) -> tuple[dict[str, Any] | None, str, list[Problem]]:
    """Parse the bytes of one TOML file (read by the caller): (data, text, problems).

    `raw` may hold one byte more than MAX_TOML_BYTES, to tell that the file is larger.
    """
    if len(raw) > MAX_TOML_BYTES:
        limit = MAX_TOML_BYTES >> 20
        message = f"the file is larger than {limit} MB, too large for a catalogue or learner"
        return None, "", [Problem(str(path), 1, message)]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        return None, "", [Problem(str(path), line, "not UTF-8 text")]
    data, problems = parse_toml_text(text, str(path))
    return data, text, problems


def parse_toml_text(text: str, name: str) -> tuple[dict[str, Any] | None, list[Problem]]:
    """Parse TOML text; a syntax error becomes one problem at its line."""
    try:
        return tomllib.loads(text), []
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        match = _TOML_AT.search(message)
        line = int(match.group(1)) if match and match.group(1) else text.count("\n") + 1
        message = _TOML_AT.sub("", message).strip()
        return None, [Problem(name, line, f"TOML syntax: {message}")]
    except (ValueError, RecursionError) as error:  # e.g. absurdly nested input
        return None, [Problem(name, 1, f"TOML syntax: {error}")]


def validation_problems(
    error: ValidationError, path: Path, lines: LineIndex, model: type[BaseModel]
) -> list[Problem]:
    """One located problem per pydantic error, with 'did you mean' for unknown keys."""
    problems: list[Problem] = []
    seen: set[tuple[int, str]] = set()
    for item in error.errors(include_url=False):
        loc = tuple(item["loc"])
        line = lines.line_of(loc)
        message = _message(item, loc, model)
        if (line, message) not in seen:
            seen.add((line, message))
            problems.append(Problem(str(path), line, message))
    return problems


def _where(loc: tuple[Any, ...]) -> str:
    parts: list[str] = []
    for part in loc:
        if isinstance(part, int):
            parts.append(f"[{part + 1}]")
        else:
            parts.append(("." if parts else "") + str(part))
    return "".join(parts)


def _message(item: Any, loc: tuple[Any, ...], model: type[BaseModel]) -> str:
    kind = item["type"]
    where = _where(loc)
    if kind == "extra_forbidden":
        key = str(loc[-1])
        fields = _fields_at(model, loc[:-1])
        return f"unknown key {key!r} in {_where(loc[:-1]) or 'the top level'}" + did_you_mean(
            key, fields
        )
    if kind == "missing":
        return f"missing required key {where!r}"
    message = str(item["msg"])
    message = message.removeprefix("Value error, ")
    value = item.get("input")
    if value is not None and not isinstance(value, (dict, list)) and not kind.startswith("value"):
        shown = repr(value)
        if len(shown) > 60:
            shown = shown[:57] + "..."
        return f"{where}: {message} (got {shown})"
    return f"{where}: {message}" if where else message


def _fields_at(model: type[BaseModel], loc: tuple[Any, ...]) -> list[str]:
    """The key names allowed at a location, for 'did you mean'."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return []
        field = current.model_fields.get(str(part))
        if field is None:
            field = next((f for f in current.model_fields.values() if f.alias == part), None)
        if field is None:
            return []
        current = _inner_model(field.annotation)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return [f.alias or name for name, f in current.model_fields.items()]
    return []


def _inner_model(annotation: Any) -> Any:
    """The model type inside `list[M]`, `M | None` and similar."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        found = _inner_model(arg)
        if found is not None:
            return found
    return None
