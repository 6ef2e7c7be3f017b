"""Subscription plans set against paying per credit, per goal (engine/subscriptions.py).

The wording functions (`per_credit_line`, `option_heading`, `credential_rows`, ...) are
shared with the TUI's Pathways area; `subscriptions` is the report's section. Titles are
catalogue text: plain strings, escaped by each walker.
"""

from __future__ import annotations

from collections.abc import Sequence

from credstack.engine.subscription_results import SubscriptionComparison, SubscriptionOption
from credstack.report import format as fmt
from credstack.report.document import (
    Block,
    Column,
    Item,
    ItemList,
    Paragraph,
    Section,
    Table,
    inline,
    strong,
)

TITLE = "Subscriptions vs paying per credit"
NOTE = (
    "A planned course is covered when it belongs to a micro-credential the plan covers; "
    "each covered micro-credential counts once against the yearly allowance, in the "
    "membership year of its first course; over the allowance it is paid per credit. "
    "Membership years run twelve months from the first term with a covered course."
)
CREDENTIAL_HEADS = ("Credential", "Courses (terms)", "Credits", "Per credit", "Under plan")
YEAR_HEADS = ("Membership year", "Credentials", "Covered", "Per credit", "Fee", "Pays")
NUMERIC_HEADS = {"Credits", "Per credit", "Covered", "Fee"}


def goal_heading(comparison: SubscriptionComparison) -> str:
    return f"{comparison.title} ({comparison.program}), {comparison.institution}"


def per_credit_line(comparison: SubscriptionComparison) -> str:
    cur = comparison.currency
    return (
        f"Paying per credit: {fmt.money(comparison.per_credit_total, cur)} "
        f"({fmt.cr(comparison.planned_credits)} planned at "
        f"{fmt.money(comparison.tuition_per_credit, cur)} per credit, with term fees)"
    )


def option_title(option: SubscriptionOption) -> str:
    return f"{option.title} ({option.plan})"


def option_terms(option: SubscriptionOption, currency: str) -> str:
    """'USD 2,400.00 a year, 2 credentials a year, covers 4 micro-credentials; mentoring'."""
    extras = [
        name
        for name, on in (
            ("mentoring", option.mentoring),
            ("career services", option.career_services),
        )
        if on
    ]
    covers = (
        "every own micro-credential"
        if option.covers_all
        else (f"{len(option.covers)} micro-credentials")
    )
    text = (
        f"{fmt.money(option.annual_fee, currency)} a year, "
        f"{option.credentials_per_year} credentials a year, covers {covers}"
    )
    return text + (f"; {', '.join(extras)}" if extras else "")


def option_heading(option: SubscriptionOption, currency: str) -> str:
    return f"{option_title(option)}: {option_terms(option, currency)}"


def credential_rows(option: SubscriptionOption, currency: str) -> list[tuple[str, ...]]:
    return [
        (
            c.credential,
            ", ".join(c.courses) + f" ({', '.join(c.terms)})",
            fmt.credits(c.credits),
            fmt.money(c.tuition, currency),
            f"year {c.year}" if c.included else f"year {c.year}: over allowance, paid per credit",
        )
        for c in option.credentials
    ]


def year_rows(option: SubscriptionOption, currency: str) -> list[tuple[str, ...]]:
    return [
        (
            y.label,
            ", ".join(ref.split(":", 1)[1] for ref in y.credentials) or "(continuing courses)",
            fmt.cr(y.covered_credits),
            fmt.money(y.covered_tuition, currency),
            fmt.money(y.fee, currency),
            "yes" if y.pays else "no",
        )
        for y in option.years
    ]


def credential_line(row: tuple[str, ...]) -> str:
    """One row of `credential_rows` as a line (the text report and the TUI)."""
    return f"{row[0]}: {row[1]}, {row[2]} cr, {row[3]} per credit; {row[4]}"


def year_line(row: tuple[str, ...]) -> str:
    """One row of `year_rows` as a line (the text report and the TUI)."""
    return f"{row[0]}: {row[1]}; {row[2]} covered = {row[3]} vs fee {row[4]} (pays: {row[5]})"


def arithmetic(option: SubscriptionOption, currency: str) -> str:
    """'USD 2,400.00 fees (1 year x USD 2,400.00) + ... = USD 10,950.00'."""
    years = option.years_subscribed
    parts = [
        f"{fmt.money(option.fees_total, currency)} fees ({years} year{'s' * (years != 1)} x "
        f"{fmt.money(option.annual_fee, currency)})",
        f"{fmt.money(option.uncovered_tuition, currency)} tuition "
        f"({fmt.cr(option.uncovered_credits)} not covered)",
        f"{fmt.money(option.term_fees, currency)} term fees",
    ]
    if option.assessment_fees:
        parts.append(f"{fmt.money(option.assessment_fees, currency)} assessment fees")
    return "With the plan: " + " + ".join(parts) + f" = {fmt.money(option.total, currency)}"


def verdict(option: SubscriptionOption, currency: str) -> str:
    if not option.credentials:
        return "It covers none of the planned courses: paying per credit is all there is."
    if option.cheaper == "equal":
        return "The plan and paying per credit cost the same."
    who = "The plan" if option.cheaper == "plan" else "Paying per credit"
    return f"{who} is cheaper by {fmt.money(option.difference, currency)}."


def break_even(option: SubscriptionOption, comparison: SubscriptionComparison) -> str:
    cur = comparison.currency
    if option.break_even_credits is None:
        return "Break-even: tuition is free here, so the plan never pays."
    return (
        f"Break-even: the plan pays in a membership year in which it covers more than "
        f"{fmt.cr(option.break_even_credits)} ({fmt.money(option.annual_fee, cur)} / "
        f"{fmt.money(comparison.tuition_per_credit, cur)} per credit)."
    )


def best_line(option: SubscriptionOption, currency: str) -> str | None:
    if option.best_total is None:
        return None
    return (
        f"Joining only in {', '.join(option.best_years)} (the years that pay) would cost "
        f"{fmt.money(option.best_total, currency)}."
    )


def option_lines(option: SubscriptionOption, comparison: SubscriptionComparison) -> list[str]:
    """The explanation under the tables: arithmetic, verdict, break-even, notes."""
    cur = comparison.currency
    lines = [arithmetic(option, cur), verdict(option, cur), break_even(option, comparison)]
    best = best_line(option, cur)
    if best:
        lines.append(best)
    lines += [f"Note: {note}" for note in option.notes]
    return lines


def _table(heads: tuple[str, ...], rows: list[tuple[str, ...]], caption: str) -> Table:
    columns = tuple(Column(head, numeric=head in NUMERIC_HEADS) for head in heads)
    return Table(columns, tuple(tuple(inline(c) for c in row) for row in rows), caption, True)


def _option(option: SubscriptionOption, comparison: SubscriptionComparison) -> Section:
    cur = comparison.currency
    blocks: list[Block] = [Paragraph(inline(option_terms(option, cur)))]
    if option.credentials:
        rows = credential_rows(option, cur)
        blocks.append(_table(CREDENTIAL_HEADS, rows, "Covered micro-credentials"))
    if option.years:
        blocks.append(_table(YEAR_HEADS, year_rows(option, cur), "Membership years"))
    shout = verdict(option, cur)
    lines = option_lines(option, comparison)
    blocks.append(ItemList(tuple(Item(inline(strong(x) if x == shout else x)) for x in lines)))
    return Section(option_title(option), tuple(blocks))


def _goal(comparison: SubscriptionComparison) -> Section:
    blocks: list[Block] = [Paragraph(inline(per_credit_line(comparison)))]
    if comparison.notes:
        notes = tuple(Item(inline(f"Note: {note}")) for note in comparison.notes)
        blocks.append(ItemList(notes))
    blocks += [_option(option, comparison) for option in comparison.options]
    return Section(goal_heading(comparison), tuple(blocks))


def subscriptions(comparisons: Sequence[SubscriptionComparison]) -> Section | None:
    if not comparisons:
        return None
    blocks: list[Block] = [_goal(comparison) for comparison in comparisons]
    blocks.append(Paragraph(inline(NOTE), note=True))
    return Section(TITLE, tuple(blocks), kind="subscriptions")
