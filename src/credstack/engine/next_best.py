"""The next best credential: what a learner could earn next, ranked, and why.

Each candidate (a loaded credential the learner can enrol in and does not hold current)
is added provisionally as held on the as-of date, exactly as the TUI's what-if does, and
every goal is evaluated again with the same engine (`evaluate`). A candidate is ranked by
the credits it adds across the goals, then the terms it saves, then its net cost (its
price plus the change in the goals' plan costs, in its own currency, the learner's
currency first), then the target-role gap skills it teaches, then its reference.
Decisions: docs/roles-and-next-best.md.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import replace
from decimal import Decimal

from credstack.engine.career_results import GoalGain, NextBest, RoleFit, RoleGain
from credstack.engine.evaluate import as_of_date, evaluate
from credstack.engine.results import ProgramResult
from credstack.engine.roles import Offer, current_held, offers
from credstack.model.learner import Held, LearnerFile
from credstack.model.refs import make_ref, split_ref
from credstack.model.region import Region

TOP = 10  # candidates kept


def with_provisional(learner: LearnerFile, ref: str, earned: dt.date) -> LearnerFile:
    """The learner with `ref` held as of `earned` (a pass): the what-if's provisional add."""
    held = Held(ref=ref, earned=earned, grade="P")
    return learner.model_copy(update={"held": [*learner.held, held]})


def recognised_at(region: Region, institution: str, offer: Offer) -> bool:
    """Whether any rule of `institution` could count `offer`: it is the institution's own
    credential, or an articulation rule names it or one of its courses."""
    issuer, _ = split_ref(offer.ref)
    if issuer == institution:
        return True
    loaded = region.get(institution)
    if loaded is None:
        return False
    names = {offer.ref} | {make_ref(*split_ref(c, issuer)) for c in offer.credential.courses}
    return any(name in loaded.rules_from for name in names)


def _goal_gain(before: ProgramResult, after: ProgramResult, ref: str) -> GoalGain:
    audit = after.confirmed.audit
    mine = [a for a in audit.assignments if ref in a.unit.sources]
    return GoalGain(
        program=before.program,
        title=before.title,
        institution=before.institution,
        currency=before.currency,
        credits_gained=audit.applied - before.confirmed.audit.applied,
        terms_saved=before.confirmed.plan.term_count - after.confirmed.plan.term_count,
        cost_change=after.confirmed.plan.cost - before.confirmed.plan.cost,
        requirements=tuple(dict.fromkeys(a.requirement for a in mine)),
        rules=tuple(dict.fromkeys(a.unit.via or a.unit.basis for a in mine)),
    )


def _role_gains(region: Region, offer: Offer, fits: Sequence[RoleFit]) -> tuple[RoleGain, ...]:
    gains: list[RoleGain] = []
    for fit in fits:
        if not fit.target or fit.satisfied:
            continue
        taught = tuple(s for s in fit.gap if s in region.skill_ids(offer.credential.skills))
        closes = offer.ref in fit.accepts or len(taught) == len(fit.gap)
        if taught or closes:
            gains.append(RoleGain(fit.role, fit.title, taught, closes))
    return tuple(gains)


def _listing(items: Sequence[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _num(value: Decimal) -> str:
    text = f"{value.quantize(Decimal('0.01')):f}".rstrip("0").rstrip(".")
    return text or "0"


def _money(value: Decimal, currency: str) -> str:
    return f"{currency} {value.quantize(Decimal('0.01')):,.2f}"


def explain(
    region: Region, offer: Offer, goals: Sequence[GoalGain], roles: Sequence[RoleGain]
) -> str:
    """One sentence from the engine's results: programs it stacks into, the credits per
    goal with the requirement(s) and rule(s) behind them, terms saved, roles it closes."""
    parts: list[str] = []
    issuer, _ = split_ref(offer.ref)
    stacks = [region.title_of(region.resolve(p, issuer)) for p in offer.credential.stacks_into]
    if stacks:
        parts.append("stacks into " + _listing([f"the {title}" for title in stacks]))
    for goal in goals:
        if goal.credits_gained <= 0 and goal.terms_saved <= 0:
            continue
        text = f"counts {_num(goal.credits_gained)} credits toward the {goal.title} at "
        text += goal.institution
        if goal.requirements:
            text += f" ({', '.join(goal.requirements)} via {', '.join(goal.rules)})"
        if goal.terms_saved > 0:
            text += f", {goal.terms_saved} term{'s' if goal.terms_saved != 1 else ''} sooner"
        parts.append(text)
    for role in roles:
        if role.closes:
            parts.append(f"closes the {role.title} role")
        elif role.skills:
            parts.append(f"teaches {', '.join(role.skills)} for the {role.title} role")
    if not parts:
        return ""
    sentence = "; ".join(parts)
    return sentence[0].upper() + sentence[1:] + "."


def next_best(
    region: Region,
    learner: LearnerFile,
    before: Sequence[ProgramResult],
    fits: Sequence[RoleFit] = (),
    today: dt.date | None = None,
    top: int = TOP,
) -> tuple[NextBest, ...]:
    """The `top` credentials worth earning next, ranked (see the module's docstring).

    `before` are the learner's goal results as they stand; `fits` their role fits (only
    target roles count toward the gap closed). A candidate no goal's institution has a
    rule for, and that teaches no target-role gap skill, is not evaluated.
    """
    as_of = as_of_date(learner, today)
    current, expired = current_held(region, learner, as_of)
    reference = before[0].currency if before else None
    scored: list[tuple[tuple[object, ...], NextBest]] = []
    for offer in offers(region):
        if offer.ref in current:
            continue
        roles = _role_gains(region, offer, fits)
        relevant = [b for b in before if recognised_at(region, split_ref(b.program)[0], offer)]
        if not relevant and not roles:
            continue
        provisional = with_provisional(learner, offer.ref, as_of)
        goals = tuple(
            _goal_gain(b, evaluate(region, provisional, b.program, today), offer.ref)
            for b in relevant
        )
        goals = tuple(g for g in goals if g.credits_gained or g.terms_saved or g.cost_change)
        credits = sum((g.credits_gained for g in goals), Decimal(0))
        terms = sum(g.terms_saved for g in goals)
        gap = sum(len(r.skills) for r in roles)
        if credits <= 0 and terms <= 0 and not roles:
            continue
        price = offer.price or Decimal(0)
        net = price + sum(
            (g.cost_change for g in goals if g.currency == offer.currency), Decimal(0)
        )
        issuer = region.get(split_ref(offer.ref)[0])
        candidate = NextBest(
            rank=0,
            credential=offer.ref,
            title=offer.credential.title,
            issuer=issuer.issuer.name if issuer else split_ref(offer.ref)[0],
            price=offer.price,
            currency=offer.currency,
            goals=goals,
            roles=roles,
            credits_gained=credits,
            terms_saved=terms,
            net_cost=net,
            gap_closed=gap,
            stacks_into=tuple(
                region.title_of(region.resolve(p, split_ref(offer.ref)[0]))
                for p in offer.credential.stacks_into
            ),
            explanation=_renewing(offer.ref in expired, explain(region, offer, goals, roles)),
            renewal=offer.ref in expired,
        )
        foreign = reference is not None and offer.currency != reference
        key = (-credits, -terms, foreign, net, -gap, offer.ref)
        scored.append((key, candidate))
    scored.sort(key=lambda pair: pair[0])
    return tuple(_ranked(candidate, index + 1) for index, (_, candidate) in enumerate(scored[:top]))


def _renewing(renewal: bool, explanation: str) -> str:
    """The explanation of a credential the learner held and let expire says so first."""
    if not renewal:
        return explanation
    said = "A renewal: the learner's credential has expired"
    return f"{said}; {explanation[0].lower()}{explanation[1:]}" if explanation else said + "."


def _ranked(candidate: NextBest, rank: int) -> NextBest:
    return replace(candidate, rank=rank)
