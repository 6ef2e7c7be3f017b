"""`--format json`: the stable contract of docs/report-json.md (more fields welcome)."""

from __future__ import annotations

import json
from typing import Any

from credstack.engine.results import Outcome, ProgramResult, Report
from credstack.report.badges_json import badge_json
from credstack.report.careers_json import next_best_json, role_json
from credstack.report.evidence_json import artifact_json
from credstack.report.json_numbers import number
from credstack.report.subscriptions_json import subscription_json


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
        "assignments": [
            {
                "unit": a.unit.key,
                "credits": number(a.credits),
                "requirement": a.requirement,
                "basis": a.unit.basis,
                "from": list(a.unit.sources),
                "via": a.unit.via,
                "note": a.unit.note,
            }
            for a in confirmed.audit.assignments
        ],
        "potential_assignments": [
            {
                "unit": a.unit.key,
                "credits": number(a.credits),
                "requirement": a.requirement,
                "basis": a.unit.basis,
                "from": list(a.unit.sources),
                "via": a.unit.via,
            }
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
        "plan": [
            {"term": t.label, "courses": list(t.courses), "credits": number(t.credits)}
            for t in confirmed.plan.terms
        ],
        "unschedulable": list(confirmed.plan.unschedulable),
        "open_requirements": list(confirmed.plan.open_requirements),
        "potential_plan": [
            {"term": t.label, "courses": list(t.courses), "credits": number(t.credits)}
            for t in result.potential.plan.terms
        ],
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
    }


def render_json(report: Report) -> str:
    return json.dumps(report_json(report), indent=2, ensure_ascii=False) + "\n"
