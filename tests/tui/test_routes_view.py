"""The Routes view in Pathways (docs/routes.md): "Find routes" asks the app for the routes
to the chosen goal (computed by Session.routes in a worker); highlighting a route shows its
term-by-term plan across both institutions; Enter makes it a what-if, and committing it
adds every item of the route as held."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import DataTable, OptionList

from credstack.tui.screens.what_if import WhatIfScreen
from credstack.tui.widgets.pathways_view import PathwaysView
from tests.tui.tui_helpers import cells, open_app, settle

SCENARIO = Path(__file__).resolve().parents[1] / "data" / "scenarios" / "route-2plus2"
SIZE = (120, 60)


async def test_pick_a_route_see_its_terms_and_make_it_a_what_if() -> None:
    app = open_app(SCENARIO / "learner.toml", SCENARIO / "catalogs")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        view = app.screen_stack[0].query_one(PathwaysView)
        view.query_one("#find-routes").press()
        await settle(pilot)
        assert view.routes_goal == "uni:bs"
        labels = [route.label for route in view.routes.values()]
        assert labels == ["Route 1", "All at Upland University"]
        plan = cells(view.query_one("#route-plan", DataTable))
        # Route 1: Cedar's C1 and C2 in 2027 spring, then U3 and U4 at Upland in 2027 fall
        assert plan[0][:3] == ["2027 spring", "Cedar Community College", "cc:C1, cc:C2"]
        assert plan[1][:3] == ["2027 fall", "Upland University", "U3, U4"]

        routes = view.query_one("#routes-list", OptionList)
        routes.focus()
        await pilot.press("down")
        await settle(pilot)
        assert cells(view.query_one("#route-plan", DataTable))[0][1] == "Upland University"
        await pilot.press("up", "enter")
        await settle(pilot)
        assert isinstance(app.screen, WhatIfScreen)
        await pilot.press("ctrl+s")
        await settle(pilot)
        session = app.session
        assert session is not None
        assert {"cc:C1", "cc:C2"} <= {h.ref for h in session.learner.held}
