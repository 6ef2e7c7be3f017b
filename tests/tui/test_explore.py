"""The Explore area (key 4): paths from the highlighted held item and a stack ladder.

The paths and the ladder are the Session's (the area asks for them with messages and the
app computes them in its workers); these pilots check that they reach the screen and
follow the highlighted item and the chosen institution.
"""

from __future__ import annotations

from pathlib import Path

from textual.widgets import DataTable, OptionList, Select

from credstack.tui.widgets.explore_view import ExploreView
from tests.tui.tui_helpers import cells, open_app, settle

SIZE = (120, 44)


async def test_explore_shows_the_paths_of_the_highlighted_item_and_the_ladder(
    learner_file: Path,
) -> None:
    app = open_app(learner_file)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("4")
        await settle(pilot)
        session = app.session
        assert session is not None
        view = app.screen_stack[0].query_one(ExploreView)
        items = view.query_one("#explore-items", OptionList)
        first = session.learner.held[0].ref
        assert view.highlighted_item() == first
        paths = cells(view.query_one("#paths", DataTable))
        expected = session.paths(first)
        assert len(paths) == max(1, len(expected))
        assert [row[1] for row in paths][: len(expected)] == [p.course for p in expected]

        items.focus()
        await pilot.press("down")
        await settle(pilot)
        second = view.highlighted_item()
        assert second is not None and second != first
        expected = session.paths(second)
        assert [row[1] for row in cells(view.query_one("#paths", DataTable))][: len(expected)] == [
            p.course for p in expected
        ]

        issuer = session.learner.learner.goals[0].split(":", 1)[0]
        assert view.query_one("#ladder-institution", Select).value == issuer
        rungs = session.ladder(issuer).rungs
        assert [row[0] for row in cells(view.query_one("#ladder", DataTable))] == [
            r.title for r in rungs
        ]


async def test_an_answer_for_another_item_or_institution_is_not_shown(
    learner_file: Path,
) -> None:
    """Workers are replaced, not awaited: a late answer for what is no longer chosen
    must not overwrite the tables."""
    app = open_app(learner_file)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("4")
        await settle(pilot)
        session = app.session
        assert session is not None
        view = app.screen_stack[0].query_one(ExploreView)
        paths_before = cells(view.query_one("#paths", DataTable))
        ladder_before = cells(view.query_one("#ladder", DataTable))
        other = next(h.ref for h in session.learner.held if h.ref != view.highlighted_item())
        late_paths = session.paths(other)
        assert [p.course for p in late_paths] != [row[1] for row in paths_before]
        view.show_paths(other, late_paths)
        others = [i for _, i in session.ladder_institutions() if i != view.institution]
        late_ladder = session.ladder(others[0])
        assert [r.title for r in late_ladder.rungs] != [row[0] for row in ladder_before]
        view.show_ladder(others[0], late_ladder)
        assert cells(view.query_one("#paths", DataTable)) == paths_before
        assert cells(view.query_one("#ladder", DataTable)) == ladder_before
