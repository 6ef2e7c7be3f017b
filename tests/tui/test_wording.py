"""The TUI words numbers, money, elective slots and statuses as the reports do.

Every figure below is taken from report/format.py's helpers on the app's own results;
the pilots check that those exact strings (and colours) are what the areas show.
"""

from __future__ import annotations

import re
from pathlib import Path

from textual.widgets import DataTable, Static, Tree

from credstack.report import format as fmt
from tests.tui.tui_helpers import cells, open_app, settle

SIZE = (120, 44)


async def test_learner_goals_show_money_to_the_cent_as_reports_do(learner_file: Path) -> None:
    app = open_app(learner_file)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.report is not None
        rows = cells(app.screen_stack[0].query_one("#goals", DataTable))
        for row, result in zip(rows, app.report.results, strict=True):
            plan = result.confirmed.plan
            assert row[4:] == [fmt.finish(plan.finish), fmt.money(plan.cost, result.currency)]
            assert re.fullmatch(r"[A-Z]{3} [\d,]+\.\d\d", row[5])  # 'USD 44,775.00'


async def test_pathways_shows_the_reports_summary_plan_and_statuses(learner_file: Path) -> None:
    app = open_app(learner_file)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        assert app.report is not None
        main = app.screen_stack[0]
        result = next(r for r in app.report.results if r.program == "northbridge:bs-it")
        views = cells(main.query_one("#views", DataTable))
        assert views == [[r.label, r.confirmed, r.potential] for r in fmt.summary_rows(result)]
        figures = " ".join(str(main.query_one("#figures", Static).render()).split())
        for label, value in fmt.program_figures(result):
            assert f"{label}: {value}" in figures
        plan = cells(main.query_one("#plan", DataTable))
        codes = [c for term in result.confirmed.plan.terms for c in term.courses]
        assert any(c.startswith("ELECTIVE:") for c in codes)  # the persona has elective slots
        shown = ", ".join(row[1] for row in plan)
        for code in codes:
            assert fmt.course_label(code) in shown  # 'Elective (any subject), 3 cr'
        assert "ELECTIVE:" not in shown
        tree = main.query_one("#requirements", Tree)
        for node, requirement in zip(
            tree.root.children, result.confirmed.audit.requirements, strict=True
        ):
            label = node.label
            word = fmt.status_word(requirement.status)
            assert word in label.plain
            styles = {str(span.style) for span in label.spans}
            assert fmt.STATUS_STYLE[requirement.status] in styles


async def test_compare_rows_are_the_compare_reports(learner_file: Path) -> None:
    app = open_app(learner_file)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("3")
        await settle(pilot)
        table = app.screen_stack[0].query_one("#compare-table", DataTable)
        assert app.report is not None
        expected = {row.program: row for row in fmt.compare_rows(app.report.results)}
        assert {str(key.value) for key in table.rows} == set(expected)
        for key in table.rows:
            shown = [str(getattr(c, "plain", c)) for c in table.get_row(key)]
            row = expected[str(key.value)]
            assert shown[3:] == [
                row.applied,
                row.remaining,
                row.terms,
                row.finish,
                row.cost,
                row.cost_per_credit,
                row.savings,
            ]
