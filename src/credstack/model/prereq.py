"""Prerequisite expressions: `DATA101 and (MATH110 or MATH111)`.

Grammar: expr := term ("or" term)*; term := atom ("and" atom)*; atom := CODE | "(" expr ")".
A CODE is a course code of the same issuer (or a full `issuer:CODE` reference). The empty
string means no prerequisite.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

_TOKEN = re.compile(r"\s*(?:(\()|(\))|([A-Za-z0-9][A-Za-z0-9._:-]*))")


@dataclass(frozen=True)
class Need:
    code: str


@dataclass(frozen=True)
class AllOf:
    parts: tuple[Expr, ...]


@dataclass(frozen=True)
class AnyOf:
    parts: tuple[Expr, ...]


Expr = Need | AllOf | AnyOf | None


class PrereqSyntaxError(ValueError):
    pass


def _tokens(text: str) -> list[str]:
    tokens: list[str] = []
    position = 0
    text = text.rstrip()
    while position < len(text):
        match = _TOKEN.match(text, position)
        if not match:
            raise PrereqSyntaxError(f"cannot read {text[position:].strip()!r} in {text!r}")
        tokens.append(match.group(match.lastindex or 0))
        position = match.end()
    return tokens


def parse(text: str) -> Expr:
    """Parse a prerequisite expression; None for an empty one."""
    tokens = _tokens(text)
    if not tokens:
        return None
    position = 0

    def peek() -> str | None:
        return tokens[position] if position < len(tokens) else None

    def take() -> str:
        nonlocal position
        if position >= len(tokens):
            raise PrereqSyntaxError(f"{text!r} ends too early")
        position += 1
        return tokens[position - 1]

    def expr() -> Expr:
        parts = [term()]
        while (peek() or "").lower() == "or":
            take()
            parts.append(term())
        return parts[0] if len(parts) == 1 else AnyOf(tuple(parts))

    def term() -> Expr:
        parts = [atom()]
        while (peek() or "").lower() == "and":
            take()
            parts.append(atom())
        return parts[0] if len(parts) == 1 else AllOf(tuple(parts))

    def atom() -> Expr:
        token = take()
        if token == "(":
            inner = expr()
            if take() != ")":
                raise PrereqSyntaxError(f"missing ')' in {text!r}")
            return inner
        if token == ")" or token.lower() in ("and", "or"):
            raise PrereqSyntaxError(f"unexpected {token!r} in {text!r}")
        return Need(token)

    result = expr()
    if position != len(tokens):
        raise PrereqSyntaxError(f"unexpected {tokens[position]!r} in {text!r}")
    return result


def codes(expr: Expr) -> Iterator[str]:
    """Every course code the expression mentions."""
    if expr is None:
        return
    if isinstance(expr, Need):
        yield expr.code
    else:
        for part in expr.parts:
            yield from codes(part)


def satisfied(expr: Expr, done: Callable[[str], bool]) -> bool:
    """Whether the expression holds when `done(code)` says which courses are complete."""
    if expr is None:
        return True
    if isinstance(expr, Need):
        return done(expr.code)
    if isinstance(expr, AllOf):
        return all(satisfied(p, done) for p in expr.parts)
    return any(satisfied(p, done) for p in expr.parts)
