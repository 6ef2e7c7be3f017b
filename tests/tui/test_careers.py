"""The Careers area (key 6): role fit and the next best credential, driven by the pilot.

The figures come from engine/roles.py and engine/next_best.py; these tests check that
they reach the screen, that the work runs in a worker only when the area is shown, and
that an edit makes the area compute again.
"""

from __future__ import annotations

import datetime as dt

from textual.widgets import DataTable, Static, TabbedContent

from credstack.engine.next_best import next_best
from credstack.engine.roles import fit_roles
from credstack.tui.app import CredstackApp
from credstack.tui.widgets.careers_view import CareersView
from tests.tui.tui_helpers import TODAY, cells, open_app, settle

SIZE = (120, 44)


def careers_tables(app: CredstackApp) -> tuple[list[list[str]], list[list[str]]]:
    """The two tables' cells, each cell's wrapped lines joined by single spaces."""
    view = app.screen_stack[0].query_one(CareersView)
    return tuple(  # type: ignore[return-value]
        [[" ".join(cell.split()) for cell in row] for row in cells(view.query_one(table))]
        for table in ("#roles-table", "#next-table")
    )


async def test_key_6_shows_role_fit_and_the_next_best_ranking(learner_file) -> None:
    app = open_app(learner_file)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        roles, ranking = careers_tables(app)
        assert roles == [] and ranking == []  # nothing is computed before the area is shown
        await pilot.press("6")
        await settle(pilot)
        assert app.screen_stack[0].query_one("#areas", TabbedContent).active == "careers"
        session = app.session
        assert session is not None and app.report is not None
        fits = fit_roles(session.region, session.learner, app.report.as_of)
        expected = next_best(session.region, session.learner, app.report.results, fits, TODAY)
        roles, ranking = careers_tables(app)
        assert len(roles) == len(fits)
        assert all(fit.role in row[0] for row, fit in zip(roles, fits, strict=True))
        assert [row[0] for row in ranking] == [str(c.rank) for c in expected]
        assert all(c.credential in row[1] for row, c in zip(ranking, expected, strict=True))
        soc = next(row for row in roles if "lakeshore:soc-analyst" in row[0])
        assert "gap: cybersecurity" in soc[1]
        assert "(accepted)" in soc[2]  # the cheapest set names an accepted credential
        why = app.screen_stack[0].query_one("#next-why", Static)
        assert expected[0].explanation in str(why.render())


async def test_moving_down_the_ranking_explains_the_highlighted_credential(
    learner_file,
) -> None:
    app = open_app(learner_file)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("6")
        await settle(pilot)
        view = app.screen_stack[0].query_one(CareersView)
        view.query_one("#next-table", DataTable).focus()
        await pilot.press("down")
        await pilot.pause()
        second = view.next_best[1]
        why = str(view.query_one("#next-why", Static).render())
        assert why.startswith(f"2. {second.title}")


async def test_adding_the_top_credential_recomputes_the_careers_area(learner_file) -> None:
    app = open_app(learner_file)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("6")
        await settle(pilot)
        view = app.screen_stack[0].query_one(CareersView)
        top = view.next_best[0].credential
        session = app.session
        assert session is not None
        app._apply(f"Added {top}", lambda: session.add_held(top, dt.date(2026, 11, 1)))
        await settle(pilot)
        assert top not in [c.credential for c in view.next_best]
        roles, _ = careers_tables(app)
        soc = next(row for row in roles if "lakeshore:soc-analyst" in row[0])
        assert f"met: accepts {top}" in soc[0]
