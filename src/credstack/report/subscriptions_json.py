"""The `"subscriptions"` key of the report JSON (docs/subscriptions.md): every number of
engine/subscriptions.py, with the credentials, courses and years behind it."""

from __future__ import annotations

from typing import Any

from credstack.engine.subscription_results import SubscriptionComparison, SubscriptionOption
from credstack.report.json_numbers import maybe_number


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
