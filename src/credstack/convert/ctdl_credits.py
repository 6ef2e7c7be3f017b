"""Credit values in CTDL (`ValueProfile`, and the older `creditHourValue`) and their
conversion into the catalogue's credit system."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from credstack.convert.ctdl_vocabulary import CREDIT_UNITS, concepts, number, prop, text, values
from credstack.model.catalogue import DEFAULT_HOURS_PER_CREDIT, convert_credits


@dataclass(frozen=True)
class CreditValue:
    """One published amount of credit: its value, unit, level and subject codes."""

    value: Decimal | None
    low: Decimal | None  # schema:minValue / maxValue, when a range is published
    high: Decimal | None
    unit: str | None  # a credstack credit system, "degree", "hours", or None
    unit_text: str  # the unit as published (for messages)
    levels: tuple[str, ...]
    subjects: tuple[str, ...]


def _unit(node: dict[str, Any]) -> tuple[str | None, str]:
    """The credit system of a credit value, and its unit as published. "DegreeCredit"
    (credit toward the degree, in whatever the degree counts) gives way to a system its
    `creditUnitTypeDescription` names ("Quarter Credits")."""
    codes = concepts(prop(node, "creditUnitType"))
    hour_type = text(prop(node, "creditHourType"))
    if hour_type:
        codes.append(hour_type)
    found: tuple[str | None, str] = (None, ", ".join(codes) or "no creditUnitType")
    for code in codes:
        unit = _known(code)
        if unit is not None:
            found = (unit, code)
            break
    if found[0] in (None, "degree"):
        described = text(prop(node, "creditUnitTypeDescription")) or ""
        for word, unit in (
            ("semester", "us-semester"),
            ("quarter", "us-quarter"),
            ("ects", "ects"),
        ):
            if word in described.lower():
                return unit, f"{found[1]} ({described})"
    return found


def _known(code: str) -> str | None:
    for key in (code, code.lower()):
        if key in CREDIT_UNITS:
            return CREDIT_UNITS[key]
    return "ects" if "ects" in code.lower() else None


def credit_values(node: dict[str, Any], key: str = "creditValue") -> list[CreditValue]:
    """Every credit value `node` publishes under `key` (a list of ValueProfiles), or its
    older flat `creditHourValue`/`creditUnitValue` with `creditHourType`/`creditUnitType`."""
    found: list[CreditValue] = []
    for profile in values(prop(node, key)):
        if not isinstance(profile, dict):
            continue
        unit, shown = _unit(profile)
        value = number(prop(profile, "value") or profile.get("schema:value"))
        found.append(
            CreditValue(
                value=value,
                low=number(prop(profile, "minValue") or profile.get("schema:minValue")),
                high=number(prop(profile, "maxValue") or profile.get("schema:maxValue")),
                unit=unit,
                unit_text=shown,
                levels=tuple(concepts(prop(profile, "creditLevelType"))),
                subjects=tuple(concepts(prop(profile, "subject"))),
            )
        )
    if not found and key == "creditValue":
        flat = number(prop(node, "creditHourValue")) or number(prop(node, "creditUnitValue"))
        if flat is not None:
            unit, shown = _unit(node)
            found.append(CreditValue(flat, None, None, unit, shown, (), ()))
    return found


def hours_of(system: str) -> Decimal | None:
    return DEFAULT_HOURS_PER_CREDIT.get(system)


def in_system(amount: Decimal, unit: str | None, system: str) -> Decimal | None:
    """`amount` of `unit` as credits of the catalogue's `system`, or None when the unit
    cannot be converted (an unknown unit, or hours into a system without hours)."""
    if unit is None:
        return None
    if unit == "degree" or unit == system:
        return amount
    if unit == "hours":
        per_credit = hours_of(system)
        return convert_credits(amount, Decimal(1), per_credit) if per_credit else None
    if system == "none":
        return None
    return convert_credits(amount, hours_of(unit), hours_of(system))
