"""The subscriptions section of every report format (and the wording the TUI shows).

Everything shown comes from engine/subscriptions.py; titles are catalogue text, never
markup (rich Text, `md()`, html.escape, formula-safe CSV cells).
"""

from __future__ import annotations

from html import escape

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.text import Text

from credstack.engine.results import Report
from credstack.engine.subscription_results import SubscriptionComparison, SubscriptionOption
from credstack.report import format as fmt
from credstack.report.markdown_escape import md

TITLE = "Subscriptions vs paying per credit"
NOTE = (
    "A planned course is covered when it belongs to a micro-credential the plan covers; "
    "each covered micro-credential counts once against the yearly allowance, in the "
    "membership year of its first course; over the allowance it is paid per credit. "
    "Membership years run twelve months from the first term with a covered course."
)
CREDENTIAL_HEADS = ("Credential", "Courses (terms)", "Credits", "Per credit", "Under plan")
YEAR_HEADS = ("Membership year", "Credentials", "Covered", "Per credit", "Fee", "Pays")


# -- wording shared by every format and the TUI -------------------------------------------
def goal_heading(comparison: SubscriptionComparison) -> str:
    return f"{comparison.title} ({comparison.program}), {comparison.institution}"


def per_credit_line(comparison: SubscriptionComparison) -> str:
    cur = comparison.currency
    return (
        f"Paying per credit: {fmt.money(comparison.per_credit_total, cur)} "
        f"({fmt.cr(comparison.planned_credits)} planned at "
        f"{fmt.money(comparison.tuition_per_credit, cur)} per credit, with term fees)"
    )


def option_heading(option: SubscriptionOption, currency: str) -> str:
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
        f"{option.title} ({option.plan}): {fmt.money(option.annual_fee, currency)} a year, "
        f"{option.credentials_per_year} credentials a year, covers {covers}"
    )
    return text + (f"; {', '.join(extras)}" if extras else "")


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


# -- text (rich) ---------------------------------------------------------------------------
def _indent(line: str) -> RenderableType:
    return Padding(Text(line), (0, 0, 0, 2))


def subscriptions_text(report: Report) -> list[RenderableType]:
    """Lines rather than tables: references and money stay whole within 80 columns."""
    if not report.subscriptions:
        return []
    parts: list[RenderableType] = [Text(TITLE, style="bold")]
    for comparison in report.subscriptions:
        cur = comparison.currency
        parts += [
            Text(),
            Text(goal_heading(comparison), style="bold"),
            Text(per_credit_line(comparison)),
        ]
        for option in comparison.options:
            parts += [Text(), Text(option_heading(option, cur), style="italic")]
            if option.credentials:
                parts.append(Text("Covered micro-credentials", style="bold"))
                parts += [_indent(credential_line(r)) for r in credential_rows(option, cur)]
            if option.years:
                parts.append(Text("Membership years", style="bold"))
                parts += [_indent(year_line(r)) for r in year_rows(option, cur)]
            shout = verdict(option, cur)
            parts += [
                Text(line, style="bold" if line == shout else "")
                for line in option_lines(option, comparison)
            ]
        parts += [Text(f"Note: {note}") for note in comparison.notes]
    parts += [Text(), Text(NOTE, style="dim")]
    return [Group(*parts)]


# -- markdown ------------------------------------------------------------------------------
def _md_table(heads: tuple[str, ...], rows: list[tuple[str, ...]]) -> list[str]:
    lines = ["| " + " | ".join(heads) + " |", "|" + "---|" * len(heads)]
    lines += ["| " + " | ".join(md(cell) for cell in row) + " |" for row in rows]
    return [*lines, ""]


def subscriptions_markdown(report: Report) -> list[str]:
    if not report.subscriptions:
        return []
    lines = [f"## {TITLE}", ""]
    for comparison in report.subscriptions:
        lines += [f"### {md(goal_heading(comparison))}", "", md(per_credit_line(comparison)), ""]
        for option in comparison.options:
            lines += [f"**{md(option_heading(option, comparison.currency))}**", ""]
            if option.credentials:
                lines += _md_table(CREDENTIAL_HEADS, credential_rows(option, comparison.currency))
            if option.years:
                lines += _md_table(YEAR_HEADS, year_rows(option, comparison.currency))
            lines += [f"- {md(line)}" for line in option_lines(option, comparison)] + [""]
        if comparison.notes:
            lines += [f"- Note: {md(note)}" for note in comparison.notes] + [""]
    return [*lines, md(NOTE), ""]


# -- html ----------------------------------------------------------------------------------
def _e(text: object) -> str:
    return escape(str(text), quote=True)


def _html_table(heads: tuple[str, ...], rows: list[tuple[str, ...]]) -> list[str]:
    lines = [
        "<table>",
        fmt.html_head(heads),
        "<tbody>",
    ]
    lines += ["<tr>" + "".join(f"<td>{_e(c)}</td>" for c in row) + "</tr>" for row in rows]
    return [*lines, "</tbody>", "</table>"]


def subscriptions_html(report: Report) -> list[str]:
    if not report.subscriptions:
        return []
    lines = ['<section class="subscriptions">', f"<h2>{_e(TITLE)}</h2>"]
    for comparison in report.subscriptions:
        lines += [
            f"<h3>{_e(goal_heading(comparison))}</h3>",
            f"<p>{_e(per_credit_line(comparison))}</p>",
        ]
        for option in comparison.options:
            lines.append(f"<h4>{_e(option_heading(option, comparison.currency))}</h4>")
            if option.credentials:
                lines += _html_table(CREDENTIAL_HEADS, credential_rows(option, comparison.currency))
            if option.years:
                lines += _html_table(YEAR_HEADS, year_rows(option, comparison.currency))
            lines += ["<ul>"] + [
                f"<li>{_e(line)}</li>" for line in option_lines(option, comparison)
            ]
            lines.append("</ul>")
        lines += [f'<p class="note">Note: {_e(note)}</p>' for note in comparison.notes]
    return [*lines, f'<p class="note">{_e(NOTE)}</p>', "</section>"]


# -- csv -----------------------------------------------------------------------------------
CSV_COLUMNS = [
    "section",
    "program",
    "plan",
    "currency",
    "annual_fee",
    "credentials_per_year",
    "covered_credentials",
    "covered_courses",
    "covered_credits",
    "years_subscribed",
    "fees_total",
    "uncovered_credits",
    "uncovered_tuition",
    "term_fees",
    "assessment_fees",
    "total_with_plan",
    "per_credit_total",
    "cheaper",
    "difference",
    "break_even_credits",
    "over_allowance",
]


def subscriptions_csv(report: Report) -> list[list[object]]:
    """A blank row, the section's header row, then one row per goal and plan (or nothing)."""
    if not report.subscriptions:
        return []
    rows: list[list[object]] = [[], list(CSV_COLUMNS)]
    for comparison in report.subscriptions:
        for o in comparison.options:
            included = [c for c in o.credentials if c.included]
            rows.append(
                [
                    "subscription",
                    comparison.program,
                    o.plan,
                    comparison.currency,
                    o.annual_fee,
                    o.credentials_per_year,
                    "; ".join(c.credential for c in included),
                    "; ".join(code for c in included for code in c.courses),
                    o.covered_credits,
                    o.years_subscribed,
                    o.fees_total,
                    o.uncovered_credits,
                    o.uncovered_tuition,
                    o.term_fees,
                    o.assessment_fees,
                    o.total,
                    o.per_credit_total,
                    o.cheaper,
                    o.difference,
                    o.break_even_credits,
                    "; ".join(c.credential for c in o.credentials if not c.included),
                ]
            )
    return rows
