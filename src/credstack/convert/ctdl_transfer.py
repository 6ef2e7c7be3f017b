"""`TransferValueProfile` -> `[[articulation]]` (docs/convert-ctdl.md, "Transfer values").

`transferValueFrom` is what the learner holds (`from`); `transferValueFor` the courses
granted (`grants`), or, when it names no course the catalogue can grant, one block of
credit per `transferValue` (`grant_credits` in the catalogue's credit system, `level`
from `creditLevelType`); `startDate`/`endDate` the validity window; `ownedBy` and the
profile's name the agreement text.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

from credstack.convert.ctdl_credits import CreditValue, credit_values, in_system
from credstack.convert.ctdl_graph import Record
from credstack.convert.ctdl_scope import Item, Scope, item_text, slug
from credstack.convert.ctdl_vocabulary import COURSE_LEVELS, prop, ref_id, text, values
from credstack.model.catalogue import EARLIEST, LATEST

SUBJECT = re.compile(r"^[A-Z]{2,8}$")


def plain(value: Decimal) -> int | float:
    """A TOML number for a credit value (4 decimal places at most)."""
    value = value.quantize(Decimal("0.0001")).normalize()
    return int(value) if value == value.to_integral_value() else float(value)


def transfer_rules(
    record: Record, scope: Scope, system: str, own_courses: set[str]
) -> list[dict[str, Any]]:
    """The articulation rules of one transfer value profile (none, with warnings, when
    its source or its value cannot be expressed)."""
    node = record.node
    base = item_text(record.ctid or "") or slug(record.name or "", 60)
    if not base:
        scope.warn(record.where, "no-id", "transfer value profile without a CTID or a name")
        return []
    sources = _sources(record, scope)
    if not sources:
        return []
    common: dict[str, Any] = {"from": [scope.reference(s) for s in sources]}
    common.update(_window(record, scope))
    owner = scope.organisation_name(scope.owner_key(node))
    title = record.name or base
    common["agreement"] = f"{title} (transfer value published by {owner})" if owner else title
    grants = _grants(record, scope, own_courses)
    if grants:
        return [{"id": base, **_ordered(common, grants=grants)}]
    rules: list[dict[str, Any]] = []
    for index, credit in enumerate(credit_values(node, "transferValue")):
        block = _block(record, index, credit, scope, system)
        if block:
            rule_id = base if not rules else f"{base}-{len(rules) + 1}"
            rules.append({"id": rule_id, **_ordered(common, **block)})
    if not rules and not values(prop(node, "transferValue")):
        scope.warn(
            record.where, "no-transfer-value", f"{title}: no transferValue and no course it is for"
        )
    return rules


def _ordered(common: dict[str, Any], **grants: Any) -> dict[str, Any]:
    """Keys in the order docs/catalog-format.md writes them."""
    rule = {"from": common["from"], **grants}
    rule.update({k: v for k, v in common.items() if k != "from"})
    return rule


def _sources(record: Record, scope: Scope) -> list[Item]:
    found: list[Item] = []
    references = values(prop(record.node, "transferValueFrom"))
    if not references:
        scope.warn(record.where, "no-source", f"{record.name}: no transferValueFrom")
        return []
    for index, reference in enumerate(references):
        item = scope.item(reference)
        if item is None or item.kind == "program":
            shown = (
                ref_id(reference) or text(prop(reference, "name"))
                if isinstance(reference, dict)
                else reference
            )
            scope.warn(
                f"{record.where}/ceterms:transferValueFrom/{index}",
                "unresolved-reference",
                f"{shown}: not a course or credential among the inputs (convert its "
                "provider's records too, and pass them with this file)",
            )
            return []
        found.append(item)
    return found


def _grants(record: Record, scope: Scope, own_courses: set[str]) -> list[str]:
    """The courses `transferValueFor` names that this catalogue can grant: its own
    (an institution), or other institutions' (an intermediary)."""
    grants: list[str] = []
    for index, reference in enumerate(values(prop(record.node, "transferValueFor"))):
        item = scope.item(reference)
        if item is None or item.kind != "course":
            continue
        own = item.issuer == scope.issuer
        if (own and item.id in own_courses) or (not own and not own_courses):
            grants.append(scope.reference(item))
        else:
            scope.warn(
                f"{record.where}/ceterms:transferValueFor/{index}",
                "foreign-target",
                f"{item.issuer}:{item.id} is another institution's course: only "
                f"{scope.issuer}'s own courses can be granted here",
            )
    return grants


def _block(
    record: Record, index: int, credit: CreditValue, scope: Scope, system: str
) -> dict[str, Any] | None:
    where = f"{record.where}/ceterms:transferValue/{index}"
    amount = credit.value
    if amount is None and credit.low is not None:
        amount = credit.low
        scope.warn(
            where, "credit-range", f"a range {credit.low}..{credit.high}: the minimum is granted"
        )
    if amount is None:
        scope.warn(where, "no-transfer-value", "a transferValue without a value")
        return None
    converted = in_system(amount, credit.unit, system)
    if converted is None:
        scope.warn(
            where,
            "credit-unit",
            f"{amount} {credit.unit_text}: not convertible into {system} credits",
        )
        return None
    block: dict[str, Any] = {"grant_credits": plain(converted)}
    subjects = [s for s in credit.subjects if SUBJECT.match(s)]
    if subjects:
        block["subject"] = subjects[0]
    levels = [COURSE_LEVELS[level] for level in credit.levels if level in COURSE_LEVELS]
    if levels:
        block["level"] = levels[0]
    elif credit.levels:
        scope.warn(
            where, "credit-level", f"creditLevelType {', '.join(credit.levels)}: no course level"
        )
    return block


def _window(record: Record, scope: Scope) -> dict[str, dt.date]:
    window: dict[str, dt.date] = {}
    for ctdl, key in (("startDate", "valid_from"), ("endDate", "valid_until")):
        raw = text(prop(record.node, ctdl))
        if raw is None:
            continue
        try:
            day = dt.date.fromisoformat(raw[:10])
        except ValueError:
            scope.warn(f"{record.where}/ceterms:{ctdl}", "date", f"{raw!r} is not a date")
            continue
        if not EARLIEST <= day <= LATEST:
            scope.warn(f"{record.where}/ceterms:{ctdl}", "date", f"{raw} is out of range")
            continue
        window[key] = day
    if (
        "valid_from" in window
        and "valid_until" in window
        and window["valid_from"] > window["valid_until"]
    ):
        scope.warn(
            f"{record.where}/ceterms:endDate", "date", "endDate is before startDate: no window kept"
        )
        return {}
    return window
