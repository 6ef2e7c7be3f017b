"""The JSON of the careers advice: top-level `roles` and `next_best` (docs/report-json.md)."""

from __future__ import annotations

from typing import Any

from credstack.engine.career_results import Cover, GoalGain, NextBest, RoleFit
from credstack.report.json_numbers import maybe_number, number


def cover_json(cover: Cover | None) -> dict[str, Any] | None:
    if cover is None:
        return None
    return {
        "credentials": [
            {
                "credential": item.credential,
                "title": item.title,
                "skills": list(item.skills),
                "accepted": item.accepted,
                "price": maybe_number(item.price),
                "currency": item.currency,
                "hours": maybe_number(item.hours),
            }
            for item in cover.items
        ],
        "total": number(cover.total),
        "unit": cover.unit,
        "weeks": cover.weeks,
    }


def role_json(fit: RoleFit) -> dict[str, Any]:
    return {
        "role": fit.role,
        "title": fit.title,
        "employer": fit.employer,
        "target": fit.target,
        "satisfied": fit.satisfied,
        "skills": list(fit.skills),
        "accepts": list(fit.accepts),
        "accepted_held": list(fit.accepted_held),
        "evidenced": [{"skill": e.skill, "sources": list(e.sources)} for e in fit.evidenced],
        "gap": list(fit.gap),
        "cheapest": cover_json(fit.cheapest),
        "quickest": cover_json(fit.quickest),
        "untaught": list(fit.untaught),
        "expired": list(fit.expired),
    }


def _goal_json(goal: GoalGain) -> dict[str, Any]:
    return {
        "program": goal.program,
        "credits_gained": number(goal.credits_gained),
        "terms_saved": goal.terms_saved,
        "cost_change": number(goal.cost_change),
        "currency": goal.currency,
        "requirements": list(goal.requirements),
        "rules": list(goal.rules),
    }


def next_best_json(candidate: NextBest) -> dict[str, Any]:
    return {
        "rank": candidate.rank,
        "credential": candidate.credential,
        "title": candidate.title,
        "issuer": candidate.issuer,
        "price": maybe_number(candidate.price),
        "currency": candidate.currency,
        "credits_gained": number(candidate.credits_gained),
        "terms_saved": candidate.terms_saved,
        "net_cost": number(candidate.net_cost),
        "gap_closed": candidate.gap_closed,
        "goals": [_goal_json(g) for g in candidate.goals],
        "roles": [
            {"role": r.role, "skills": list(r.skills), "closes": r.closes} for r in candidate.roles
        ],
        "stacks_into": list(candidate.stacks_into),
        "explanation": candidate.explanation,
    }
