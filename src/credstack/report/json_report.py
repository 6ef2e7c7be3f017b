"""`--format json`: the stable contract of docs/report-json.md (more fields welcome).

One module for every part of the document: the programs (`results`), the careers advice
(`roles`, `next_best`, docs/roles-and-next-best.md), the evidence portfolio (`evidence`,
and the document `credstack verify --format json` prints, docs/evidence.md), the
subscription plans (`subscriptions`, docs/subscriptions.md), the held items imported
from badges (`imported`, docs/badges.md) and the adviser's notes of the day (`notes`).
Credits and money go through `format.number`.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from credstack.engine.badges import ImportedBadge
from credstack.engine.career_results import Cover, GoalGain, NextBest, RoleFit
from credstack.engine.evidence import EvidenceCheck, summary
from credstack.engine.results import Assignment, Outcome, Plan, ProgramResult, Report
from credstack.engine.subscription_results import SubscriptionComparison, SubscriptionOption
from credstack.report.format import maybe_number, number


def outcome_json(outcome: Outcome) -> dict[str, Any]:
    audit, plan = outcome.audit, outcome.plan
    return {
        "applied": number(audit.applied),
        "remaining": number(audit.remaining),
        "terms": plan.term_count,
        "finish": plan.finish,
        "cost": number(plan.cost),
        "external_applied": number(audit.external_applied),
        "external_cap": number(audit.external_cap),
        "rpl_applied": number(audit.rpl_applied),
        "rpl_cap": number(audit.rpl_cap) if audit.rpl_cap is not None else None,
        "planned_credits": number(plan.planned_credits),
        "tuition": number(plan.tuition),
        "fees": number(plan.fees),
        "assessment_fees": number(plan.assessment_fees),
        "lower_bound_terms": plan.lower_bound,
        "terms_proven_minimal": plan.proven,
    }


def assignment_json(assignment: Assignment, *, note: bool = True) -> dict[str, Any]:
    """A unit placed in a requirement; the potential view's RPL units carry no note."""
    unit = assignment.unit
    shown: dict[str, Any] = {
        "unit": unit.key,
        "credits": number(assignment.credits),
        "requirement": assignment.requirement,
        "basis": unit.basis,
        "from": list(unit.sources),
        "via": unit.via,
    }
    if note:
        shown["note"] = unit.note
    return shown


def plan_json(plan: Plan) -> list[dict[str, Any]]:
    return [
        {"term": t.label, "courses": list(t.courses), "credits": number(t.credits)}
        for t in plan.terms
    ]


def result_json(result: ProgramResult) -> dict[str, Any]:
    confirmed = result.confirmed
    return {
        "program": result.program,
        "title": result.title,
        "award": result.award,
        "institution": result.institution,
        "credits": number(result.credits),
        "currency": result.currency,
        "confirmed": outcome_json(result.confirmed),
        "potential": outcome_json(result.potential),
        "requirements": [
            {
                "id": r.id,
                "title": r.title,
                "status": r.status,
                "applied": number(r.applied),
                "needed": number(r.needed),
                "units": list(r.units),
            }
            for r in confirmed.audit.requirements
        ],
        "assignments": [assignment_json(a) for a in confirmed.audit.assignments],
        "potential_assignments": [
            assignment_json(a, note=False)
            for a in result.potential.audit.assignments
            if a.unit.basis == "rpl"
        ],
        "unplaced": list(confirmed.audit.unplaced),
        "not_recognised": [
            {"item": n.item, "reason": n.reason, "rule": n.rule}
            for n in result.recognition.not_recognised
        ],
        "petitions": [
            {"item": p.item, "course": p.course, "chain": list(p.chain)}
            for p in result.recognition.petitions
        ],
        "plan": plan_json(confirmed.plan),
        "unschedulable": list(confirmed.plan.unschedulable),
        "open_requirements": list(confirmed.plan.open_requirements),
        "potential_plan": plan_json(result.potential.plan),
        "paid_for_held": number(result.paid_for_held),
        "cost_per_credit": number(result.cost_per_credit),
        "from_scratch": {
            "terms": result.from_scratch_terms,
            "cost": number(result.from_scratch_cost),
        },
        "savings": number(result.savings),
        "warnings": list(result.warnings),
    }


def report_json(report: Report) -> dict[str, Any]:
    return {
        "format": 1,
        "learner": report.learner,
        "as_of": report.as_of.isoformat(),
        "results": [result_json(r) for r in report.results],
        "roles": [role_json(fit) for fit in report.roles],
        "next_best": [next_best_json(candidate) for candidate in report.next_best],
        "evidence": [artifact_json(check) for check in report.evidence],
        "subscriptions": [subscription_json(c) for c in report.subscriptions],
        "imported": [badge_json(item) for item in report.imported],
        "notes": [
            {"date": note.date.isoformat(), "author": note.author, "text": note.text}
            for note in report.notes
        ],
    }


# A document larger than this (a comparison of a hundred programs and more) is written
# compact: the indenting encoder is pure Python and took longer than evaluating them.
COMPACT_ABOVE = 1 << 18  # characters (256 Ki); a learner's report is some 40 Ki


def render_json(report: Report) -> str:
    """The report JSON, indented by two spaces, or compact beyond COMPACT_ABOVE."""
    document = report_json(report)
    compact = json.dumps(document, ensure_ascii=False, separators=(",", ":"))
    if len(compact) > COMPACT_ABOVE:
        return compact + "\n"
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


# -- careers: roles and next_best -------------------------------------------------------
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
        "renewal": candidate.renewal,
    }


# -- evidence ---------------------------------------------------------------------------
def artifact_json(check: EvidenceCheck) -> dict[str, Any]:
    """One artifact in the report JSON's top-level `evidence` list."""
    return {
        "held": check.held,
        "title": check.title,
        "path": check.path,
        "state": check.state,
        "detail": check.detail,
        "sha256": check.sha256,
        "actual_sha256": check.actual,
    }


def verify_json(learner: str, checks: Sequence[EvidenceCheck]) -> dict[str, Any]:
    """The document `credstack verify --format json` prints."""
    return {
        "learner": learner,
        "evidence": [artifact_json(check) for check in checks],
        "summary": summary(checks),
        "failed": any(check.failed for check in checks),
    }


# -- subscriptions ----------------------------------------------------------------------
def option_json(option: SubscriptionOption) -> dict[str, Any]:
    n = maybe_number
    return {
        "plan": option.plan,
        "title": option.title,
        "annual_fee": n(option.annual_fee),
        "credentials_per_year": option.credentials_per_year,
        "covers": ["*"] if option.covers_all else list(option.covers),
        "mentoring": option.mentoring,
        "career_services": option.career_services,
        "credentials": [
            {
                "credential": c.credential,
                "title": c.title,
                "courses": list(c.courses),
                "terms": list(c.terms),
                "credits": n(c.credits),
                "tuition": n(c.tuition),
                "year": c.year,
                "included": c.included,
            }
            for c in option.credentials
        ],
        "years": [
            {
                "year": y.number,
                "label": y.label,
                "terms": list(y.terms),
                "credentials": list(y.credentials),
                "over_allowance": list(y.excess),
                "covered_credits": n(y.covered_credits),
                "covered_tuition": n(y.covered_tuition),
                "fee": n(y.fee),
                "pays": y.pays,
            }
            for y in option.years
        ],
        "years_subscribed": option.years_subscribed,
        "fees_total": n(option.fees_total),
        "covered_credits": n(option.covered_credits),
        "covered_tuition": n(option.covered_tuition),
        "uncovered_credits": n(option.uncovered_credits),
        "uncovered_tuition": n(option.uncovered_tuition),
        "term_fees": n(option.term_fees),
        "assessment_fees": n(option.assessment_fees),
        "total": n(option.total),
        "per_credit_total": n(option.per_credit_total),
        "cheaper": option.cheaper,
        "difference": n(option.difference),
        "break_even_credits": n(option.break_even_credits),
        "best_years": list(option.best_years),
        "best_total": n(option.best_total),
        "notes": list(option.notes),
    }


def subscription_json(comparison: SubscriptionComparison) -> dict[str, Any]:
    return {
        "program": comparison.program,
        "title": comparison.title,
        "currency": comparison.currency,
        "tuition_per_credit": maybe_number(comparison.tuition_per_credit),
        "planned_credits": maybe_number(comparison.planned_credits),
        "per_credit_total": maybe_number(comparison.per_credit_total),
        "plans": [option_json(o) for o in comparison.options],
        "notes": list(comparison.notes),
    }


# -- imported badges --------------------------------------------------------------------
def badge_json(item: ImportedBadge) -> dict[str, Any]:
    return {
        "held": item.held,
        "title": item.title,
        "earned": item.earned,
        "badge_id": item.badge_id,
        "verification": item.verification,
        "note": item.note,
    }
