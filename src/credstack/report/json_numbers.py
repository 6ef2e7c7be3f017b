"""How credits and money appear in JSON: numbers rounded to 2 decimals.

A leaf module, so that json_report and the section modules it imports (careers_json,
subscriptions_json) share one rule without importing each other.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")


def number(value: Decimal) -> int | float:
    """Credits and money as JSON numbers rounded to 2 decimals (integers stay integers)."""
    rounded = value.quantize(CENT, rounding=ROUND_HALF_UP)
    if rounded == rounded.to_integral_value():
        return int(rounded)
    return float(rounded)


def maybe_number(value: Decimal | None) -> int | float | None:
    """`number`, or None for a figure that does not apply."""
    return None if value is None else number(value)
