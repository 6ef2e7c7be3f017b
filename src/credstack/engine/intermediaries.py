"""Credit recommendations of intermediaries, where an institution honours them.

An intermediary (ACE, NCCRS, a state board, WICHE: an issuer of kind "intermediary")
publishes articulation rules that are recommendations, not any institution's own rules.
They apply at institution R only when R's catalogue honours the intermediary
(`[[institution.honours]]`), and then as R's own rules would (R's grade, recency and
window checks), with three differences (docs/audit-semantics.md §1):

- a rule granting named courses applies only for the courses that are R's;
- block credit is converted from the intermediary's credit system into R's, through
  notional hours (`convert_credits`);
- R's own ways to a course come first: a recommendation for a course R already
  recognises adds nothing, and the credits recommendations grant at R are capped at the
  honour's `max_credits` (rules in the intermediary's file order; a block is cut to the
  room left, a course that does not fit is refused with the reason).
"""

from __future__ import annotations

from decimal import Decimal

from credstack.model.catalogue import Articulation, Honours, convert_credits
from credstack.model.refs import make_ref, split_ref
from credstack.model.region import LoadedCatalogue, Region


def honoured_intermediaries(
    region: Region, home: LoadedCatalogue
) -> list[tuple[Honours, LoadedCatalogue]]:
    """The intermediaries `home` honours that are loaded (others: lint unknown-intermediary)."""
    policy = home.catalogue.institution
    found: list[tuple[Honours, LoadedCatalogue]] = []
    for honour in policy.honours if policy else []:
        loaded = region.get(honour.intermediary)
        if loaded is not None and loaded.issuer.kind == "intermediary":
            found.append((honour, loaded))
    return found


def localised_rule(
    rule: Articulation, intermediary: LoadedCatalogue, home: LoadedCatalogue
) -> Articulation | None:
    """The intermediary's rule as `home` applies it, or None when it grants nothing here.

    The copy's id is "intermediary:rule-id" (shown as the rule behind every unit), its
    `from` items are full references, its `grants` the codes of `home`'s own courses,
    and its block credit is in `home`'s credit system.
    """
    source = intermediary.issuer.id
    update: dict[str, object] = {
        "id": make_ref(source, rule.id),
        "from_": [make_ref(*split_ref(item, source)) for item in rule.from_],
    }
    if rule.grant_credits is not None:
        update["grant_credits"] = convert_credits(
            rule.grant_credits,
            intermediary.issuer.effective_hours_per_credit(),
            home.issuer.effective_hours_per_credit(),
        )
    else:
        here = [
            code
            for issuer, code in (split_ref(g, source) for g in rule.grants)
            if issuer == home.issuer.id and code in home.courses
        ]
        if not here:
            return None
        update["grants"] = here
    return rule.model_copy(update=update)


def within_cap(
    credits: Decimal, is_block: bool, room: Decimal | None
) -> tuple[Decimal | None, Decimal | None]:
    """What a recommendation may still grant under a cap with `room` credits left (None:
    no cap), and the room left after it. None when nothing fits: a course is
    indivisible, a block is cut to the room left."""
    if room is None:
        return credits, None
    if credits <= room:
        return credits, room - credits
    if is_block and room > 0:
        return room, Decimal(0)
    return None, room
