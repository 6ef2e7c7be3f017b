"""`--format html`: one self-contained page (inline CSS, no scripts, no external assets).

Semantic tables, readable on screen and printed. Every string shown is escaped with
html.escape, so catalogue text can never become markup.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from credstack.engine.results import Assignment, Plan, ProgramResult, Report, Unit
from credstack.report import badges as badges_section
from credstack.report import careers
from credstack.report import evidence as evidence_section
from credstack.report import format as fmt
from credstack.report import subscriptions as subscriptions_section

CSS = """
:root { color-scheme: light; }
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif;
  color: #1b1b1b; background: #fff; margin: 0 auto; padding: 1.5rem; max-width: 62rem; }
h1 { font-size: 1.6rem; margin: 0 0 .25rem; }
h2 { font-size: 1.3rem; margin: 2rem 0 .25rem; padding-top: 1rem; border-top: 2px solid #333; }
h3 { font-size: 1.05rem; margin: 1.4rem 0 .4rem; }
p.meta { margin: 0 0 1rem; color: #444; }
table { border-collapse: collapse; margin: .4rem 0 .8rem; width: 100%; }
caption { text-align: left; font-weight: 600; padding: .2rem 0; }
th, td { text-align: left; vertical-align: top; padding: .25rem .5rem;
  border-bottom: 1px solid #ccc; }
thead th { border-bottom: 2px solid #555; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
dl.figures { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; }
dl.figures dt { font-weight: 600; }
dl.figures dd { margin: 0; }
ol.requirements { padding-left: 1.2rem; }
ol.requirements > li { margin: .5rem 0; }
table.units { font-size: .93em; margin: .3rem 0 .6rem; }
ul.courses { margin: 0; padding-left: 1rem; }
.status { font-weight: 600; padding: 0 .35rem; border-radius: .25rem; border: 1px solid; }
.status-met { color: #1a6b2b; } .status-partial { color: #8a5a00; }
.status-open { color: #a11d1d; } .status-waived { color: #205c8a; }
.note { color: #555; font-style: italic; }
.bar { color: #2a6fb0; letter-spacing: -1px; }
.warnings li, .stuck { color: #8a3b00; }
footer { margin-top: 2rem; color: #666; font-size: .85em; }
@media print {
  body { font-size: 10.5pt; max-width: none; padding: 0; color: #000; }
  h2 { break-before: page; border-top: none; padding-top: 0; }
  section.program:first-of-type h2 { break-before: auto; }
  table, li, dl { break-inside: avoid; }
  thead { display: table-header-group; }
  .status, .status-met, .status-partial, .status-open, .status-waived, .bar, .note,
  .warnings li, .stuck { color: #000; }
}
""".strip()


def e(text: object) -> str:
    return escape(str(text), quote=True)


def _num(numeric: Sequence[bool], index: int) -> str:
    return ' class="num"' if index < len(numeric) and numeric[index] else ""


def _table(
    caption: str | None,
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    numeric: Sequence[bool] = (),
    klass: str = "",
) -> list[str]:
    """A table from already-escaped cells; the first cell of each row is its row header."""
    lines = [f'<table class="{klass}">' if klass else "<table>"]
    if caption:
        lines.append(f"<caption>{e(caption)}</caption>")
    head = "".join(f'<th scope="col"{_num(numeric, i)}>{e(h)}</th>' for i, h in enumerate(headers))
    lines += [f"<thead><tr>{head}</tr></thead>", "<tbody>"]
    for row in rows:
        cells = [f'<th scope="row"{_num(numeric, 0)}>{row[0]}</th>']
        cells += [f"<td{_num(numeric, i)}>{v}</td>" for i, v in enumerate(row) if i > 0]
        lines.append("<tr>" + "".join(cells) + "</tr>")
    lines += ["</tbody>", "</table>"]
    return lines


def _summary(result: ProgramResult) -> list[str]:
    rows = [[e(r.label), e(r.confirmed), e(r.potential)] for r in fmt.summary_rows(result)]
    lines = _table(
        "Where the learner stands",
        ["", "Confirmed", "Potential (with prior learning)"],
        rows,
        klass="summary",
    )
    lines.append('<dl class="figures">')
    for label, value in fmt.program_figures(result):
        lines.append(f"<dt>{e(label)}</dt><dd>{e(value)}</dd>")
    lines.append("</dl>")
    return lines


def _unit_rows(assignments: Sequence[Assignment], currency: str) -> list[list[str]]:
    rows = []
    for a in assignments:
        unit = a.unit
        note = e(unit.note) if unit.note else ""
        if unit.fee:
            fee = e(f"assessment fee {fmt.money(unit.fee, currency)}")
            note = f"{note}; {fee}" if note else fee
        rows.append(
            [
                e(fmt.unit_label(unit)),
                e(fmt.placed_credits(a)),
                e(fmt.BASIS_LABELS[unit.basis]),
                e(fmt.sources(unit)),
                e(fmt.via_label(unit)),
                f'<span class="note">{note}</span>' if note else "",
            ]
        )
    return rows


UNIT_HEADERS = ["Unit", "Credits", "Basis", "From", "Via", "Note"]
UNIT_NUMERIC = [False, True]


def _requirements(result: ProgramResult) -> list[str]:
    audit = result.confirmed.audit
    placed = fmt.by_requirement(audit)
    lines = ["<h3>Requirements (confirmed)</h3>", '<ol class="requirements">']
    for req in audit.requirements:
        status = (
            f'<span class="status status-{e(req.status)}">{e(fmt.status_word(req.status))}'
            "</span>"
        )
        progress = "" if req.status == "waived" else " " + e(
            fmt.progress(req.applied, req.needed, req.status)
        )
        lines.append(
            f"<li><strong>{e(req.title)}</strong> <small>({e(req.id)})</small> "
            f"{status}{progress}"
        )
        units = placed.get(req.id, [])
        if units:
            lines += _table(
                None, UNIT_HEADERS, _unit_rows(units, result.currency), UNIT_NUMERIC, "units"
            )
        lines.append("</li>")
    lines.append("</ol>")
    return lines


def _potential(result: ProgramResult) -> list[str]:
    rpl = fmt.rpl_assignments(result)
    if not rpl:
        return []
    titles = fmt.requirement_titles(result.potential.audit)
    rows = _unit_rows(rpl, result.currency)
    for row, a in zip(rows, rpl, strict=True):
        row.insert(1, e(titles.get(a.requirement, a.requirement)))
    headers = [UNIT_HEADERS[0], "Toward", *UNIT_HEADERS[1:]]
    return [
        "<h3>Prior learning that may count, once assessed</h3>",
        "<p>Not counted yet: these credits are in the potential view only.</p>",
        *_table(None, headers, rows, [False, False, True], "units"),
    ]


def _unplaced(result: ProgramResult) -> list[str]:
    units: list[Unit] = fmt.unplaced_units(result)
    if not units:
        return []
    rows = [
        [
            e(fmt.unit_label(u)),
            e(fmt.cr(u.credits)),
            e(fmt.BASIS_LABELS[u.basis]),
            e(fmt.sources(u)),
            e(fmt.via_label(u)),
        ]
        for u in units
    ]
    return _table(
        "Recognised but not applied (a cap, or no room left)",
        UNIT_HEADERS[:5],
        rows,
        UNIT_NUMERIC,
        "units",
    )


def _not_recognised(result: ProgramResult) -> list[str]:
    refusals = result.recognition.not_recognised
    if not refusals:
        return []
    rows = [[e(n.item), e(n.reason), e(n.rule or fmt.DASH)] for n in refusals]
    return [
        "<h3>What was not recognised, and why</h3>",
        *_table(None, ["Item", "Reason", "Rule"], rows),
    ]


def _petitions(result: ProgramResult) -> list[str]:
    petitions = result.recognition.petitions
    if not petitions:
        return []
    rows = [[e(p.item), e(p.course), e(" \u2192 ".join(p.chain))] for p in petitions]
    return [
        "<h3>Worth a petition (not counted)</h3>",
        "<p>No rule here recognises these, but a chain of other institutions' rules leads "
        "to one of this institution's courses.</p>",
        *_table(None, ["Item", "Course", "Chain of rules"], rows),
    ]


def _plan(plan: Plan, title: str) -> list[str]:
    lines = [f"<h3>{e(title)}</h3>"]
    if not plan.terms:
        message = "Nothing left to schedule." if not plan.unschedulable else "No term planned."
        lines.append(f"<p>{message}</p>")
    else:
        rows = []
        for term in plan.terms:
            items = "".join(f"<li>{e(fmt.course_label(c))}</li>" for c in term.courses)
            courses = f'<ul class="courses">{items}</ul>' if items else "(no courses)"
            rows.append([e(term.label), courses, e(fmt.credits(term.credits))])
        lines += _table(None, ["Term", "Courses", "Credits"], rows, [False, False, True], "plan")
    if plan.unschedulable:
        codes = ", ".join(e(c) for c in plan.unschedulable)
        lines.append(
            f'<p class="stuck"><strong>Cannot be scheduled in any attended term:</strong> '
            f"{codes}</p>"
        )
    return lines


def _program(result: ProgramResult, index: int) -> list[str]:
    anchor = f"program-{index}"
    lines = [
        f'<section class="program" aria-labelledby="{anchor}">',
        f'<h2 id="{anchor}">{e(result.title)}</h2>',
        f'<p class="meta"><strong>{e(result.institution)}</strong> \u00b7 '
        f"{e(fmt.header_line(result))}</p>",
        *_summary(result),
        *_requirements(result),
        *_potential(result),
        *_unplaced(result),
        *_not_recognised(result),
        *_petitions(result),
        *_plan(result.confirmed.plan, "Term plan (confirmed)"),
    ]
    if fmt.potential_plan_differs(result):
        lines += _plan(result.potential.plan, "Term plan if prior learning is granted")
    if result.warnings:
        lines.append("<h3>Warnings</h3>")
        lines.append('<ul class="warnings">')
        lines += [f"<li>{e(w)}</li>" for w in result.warnings]
        lines.append("</ul>")
    lines.append("</section>")
    return lines


def _compare(results: Sequence[ProgramResult]) -> list[str]:
    rows = []
    for r in fmt.compare_rows(results):
        finish = f'<span class="stuck">{e(r.finish)}</span>' if r.stuck else e(r.finish)
        bar = f' <span class="bar" aria-hidden="true">{e(r.bar)}</span>' if r.bar else ""
        rows.append(
            [
                f"<strong>{e(r.title)}</strong><br><small>{e(r.program)}</small>",
                e(r.institution),
                e(r.award),
                e(r.applied),
                e(r.potential_applied),
                e(r.remaining),
                e(r.potential_remaining),
                f"{e(r.terms)}{bar}",
                finish,
                e(r.cost),
                e(r.cost_per_credit),
                e(r.savings),
            ]
        )
    headers = [
        "Program", "Institution", "Award", "Applied", "Applied with RPL", "Remaining",
        "Remaining with RPL", "Terms", "Finish", "Cost", "Cost per credit", "Savings",
    ]
    numeric = [False, False, False, True, True, True, True, False, False, True, True, True]
    lines = _table("Programs side by side", headers, rows, numeric, "compare")
    lines += [f"<p>{e(note)}</p>" for note in fmt.compare_notes(results)]
    return lines


def render_html(report: Report, *, compare: bool = False, color: bool = False) -> str:
    title = "Program comparison" if compare else "Advising report"
    learner = e(report.learner)
    as_of = e(report.as_of.isoformat())
    lines = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{e(title)}: {learner}</title>",
        f"<style>\n{CSS}\n</style>",
        "</head>",
        "<body>",
        "<header>",
        f"<h1>{e(title)} for {learner}</h1>",
        f'<p class="meta">As of <time datetime="{as_of}">{as_of}</time></p>',
        "</header>",
        "<main>",
    ]
    if not report.results:
        lines.append("<p>No programs to report.</p>")
    elif compare:
        lines += _compare(report.results)
    else:
        for index, result in enumerate(report.results, start=1):
            lines += _program(result, index)
    if not compare:
        lines += careers.careers_html(report)
        lines += evidence_section.evidence_html(report)
        lines += subscriptions_section.subscriptions_html(report)
        lines += badges_section.badges_html(report)
    lines += [
        "</main>",
        "<footer>Produced by credstack. Potential figures count prior learning (RPL) "
        "that is still to be assessed.</footer>",
        "</body>",
        "</html>",
    ]
    return "\n".join(lines) + "\n"
