"""`credstack agreement`: a feeder's items against a program's requirements, every format.

Text, Markdown and HTML walk one document (`agreement_document`); JSON
(`agreement_json`, docs/report-json.md "Agreement") and CSV (`agreement_csv`, one row per
requirement and rule) serialise the same `Agreement` the engine built.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from credstack.engine.agreement import Agreement, AgreementRule, FeederItem, Grant
from credstack.report.csv_report import cell
from credstack.report.document import (
    Block,
    Document,
    Fields,
    Inline,
    Item,
    Paragraph,
    Section,
    Tone,
    Tree,
    inline,
    strong,
    toned,
)
from credstack.report.format import credits, number

COVERAGE_WORD = {"covered": "covered", "partial": "partly covered", "none": "not covered"}
COVERAGE_TONE: dict[str, Tone] = {"covered": "good", "partial": "warn", "none": "bad"}


def takes_label(items: tuple[FeederItem, ...]) -> str:
    """'F:A Title + F:B Title' (an "and" rule needs every item)."""
    return " + ".join(f"{item.ref} {item.title}" for item in items)


def grants_label(grants: tuple[Grant, ...]) -> str:
    return ", ".join(
        grant.title if grant.ref.split(":")[1] == "BLOCK" else f"{grant.ref} {grant.title}"
        for grant in grants
    )


def conditions(rule: AgreementRule) -> list[str]:
    """The rule's conditions in words, in the order recognition checks them."""
    said = []
    if rule.min_grade:
        said.append(f"grade {rule.min_grade} or better")
    if rule.max_age_years is not None:
        said.append(f"earned within {rule.max_age_years} years")
    if rule.valid_from and rule.valid_until:
        said.append(f"earned {rule.valid_from} to {rule.valid_until}")
    elif rule.valid_from:
        said.append(f"earned from {rule.valid_from}")
    elif rule.valid_until:
        said.append(f"earned by {rule.valid_until}")
    if rule.closed:
        said.append("closed: the window ended before the date of this view")
    return said


def _rule_item(rule: AgreementRule) -> Item:
    detail = [inline("gives ", grants_label(rule.grants))]
    via = [ref for item in rule.takes for ref in item.via]
    if via:
        detail.append(inline("also met by holding ", ", ".join(dict.fromkeys(via))))
    said = conditions(rule)
    if said:
        detail.append(inline(toned("; ".join(said), "bad" if rule.closed else "muted")))
    if rule.agreement:
        detail.append(inline(toned(rule.agreement, "muted")))
    label = inline(strong(takes_label(rule.takes)), f"  (rule {rule.rule})")
    return Item(label, tuple(detail))


def agreement_document(view: Agreement) -> Document:
    figures = Fields(
        (
            ("Feeder", inline(f"{view.feeder_name} ({view.feeder})")),
            ("Program", inline(f"{view.program_title} ({view.program}), {view.award}")),
            ("Credits", inline(credits(view.credits))),
            ("Transfer cap", inline(f"{credits(view.max_external_credits)} credits")),
            ("Residency", inline(f"{credits(view.residency_credits)} credits at the institution")),
        )
    )
    items = []
    for requirement in view.requirements:
        word = COVERAGE_WORD[requirement.coverage]
        label = inline(
            strong(requirement.title),
            f" ({requirement.id}, {requirement.shape}, {credits(requirement.credits)} cr): ",
            toned(word, COVERAGE_TONE[requirement.coverage]),
        )
        detail: tuple[Inline, ...] = ()
        if requirement.uncovered:
            detail = (inline("no feeder item reaches ", ", ".join(requirement.uncovered)),)
        items.append(Item(label, detail, tuple(_rule_item(rule) for rule in requirement.rules)))
    blocks: list[Block] = [
        figures,
        Section("Requirements", (Tree(tuple(items)),), kind="agreement"),
    ]
    if view.general:
        blocks.append(
            Section(
                "General credit only",
                (
                    Paragraph(
                        inline("These count toward the program's total, no requirement."),
                        note=True,
                    ),
                    Tree(tuple(_rule_item(rule) for rule in view.general)),
                ),
                kind="agreement-general",
            )
        )
    blocks.append(
        Paragraph(
            inline(
                "The institution's rules as published; a learner's audit applies them with "
                "the transfer cap, residency and recency (credstack report)."
            ),
            note=True,
        )
    )
    return Document(
        title="Transfer agreement",
        learner=f"{view.feeder_name} to {view.program_title} at {view.institution_name}",
        as_of=view.as_of,
        blocks=tuple(blocks),
    )


def _rule_json(rule: AgreementRule) -> dict[str, Any]:
    return {
        "rule": rule.rule,
        "takes": [
            {
                "ref": item.ref,
                "title": item.title,
                "kind": item.kind,
                "credits": number(item.credits) if item.credits is not None else None,
                "via": list(item.via),
            }
            for item in rule.takes
        ],
        "grants": [
            {
                "ref": grant.ref,
                "title": grant.title,
                "credits": number(grant.credits),
                "subject": grant.subject,
                "level": grant.level,
            }
            for grant in rule.grants
        ],
        "min_grade": rule.min_grade,
        "valid_from": rule.valid_from.isoformat() if rule.valid_from else None,
        "valid_until": rule.valid_until.isoformat() if rule.valid_until else None,
        "max_age_years": rule.max_age_years,
        "agreement": rule.agreement,
        "closed": rule.closed,
    }


def agreement_data(view: Agreement) -> dict[str, Any]:
    return {
        "as_of": view.as_of.isoformat(),
        "feeder": {"id": view.feeder, "name": view.feeder_name},
        "institution": {"id": view.institution, "name": view.institution_name},
        "program": view.program,
        "title": view.program_title,
        "award": view.award,
        "credits": number(view.credits),
        "max_external_credits": number(view.max_external_credits),
        "residency_credits": number(view.residency_credits),
        "requirements": [
            {
                "id": requirement.id,
                "title": requirement.title,
                "shape": requirement.shape,
                "credits": number(requirement.credits),
                "coverage": requirement.coverage,
                "uncovered": list(requirement.uncovered),
                "rules": [_rule_json(rule) for rule in requirement.rules],
            }
            for requirement in view.requirements
        ],
        "general": [_rule_json(rule) for rule in view.general],
    }


def agreement_json(view: Agreement) -> str:
    return json.dumps(agreement_data(view), indent=2, ensure_ascii=False) + "\n"


CSV_COLUMNS = [
    "requirement",
    "requirement_title",
    "coverage",
    "rule",
    "takes",
    "grants",
    "credits",
    "conditions",
    "closed",
    "agreement",
]


def agreement_csv(view: Agreement) -> str:
    """One row per (requirement, rule); a requirement no rule reaches has one row with an
    empty rule; general-credit rules come last with requirement `(general)`."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)

    def write(requirement: str, title: str, coverage: str, rule: AgreementRule | None) -> None:
        values: list[Any] = [requirement, title, coverage]
        if rule is None:
            values += ["", "", "", None, "", False, ""]
        else:
            values += [
                rule.rule,
                " + ".join(item.ref for item in rule.takes),
                " + ".join(grant.ref for grant in rule.grants),
                sum((grant.credits for grant in rule.grants), start=0),
                "; ".join(conditions(rule)),
                rule.closed,
                rule.agreement or "",
            ]
        writer.writerow([cell(value) for value in values])

    for requirement in view.requirements:
        for rule in requirement.rules or (None,):
            write(requirement.id, requirement.title, requirement.coverage, rule)
    for rule in view.general:
        write("(general)", "General credit only", "", rule)
    return out.getvalue()
