"""The Pathways area shows each goal's subscription comparison under its plan.

The figures are engine/subscriptions.py's (the TUI computes nothing): the session's
report carries them; these pilots check that they reach the screen for each goal and
that a goal at an institution without plans shows no subscriptions section.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from textual.widgets import Label, OptionList, Static

from credstack.report.format import money
from credstack.tui.app import CredstackApp
from tests.tui.tui_helpers import EXAMPLES, open_app, settle

SIZE = (120, 44)


def shown(app: CredstackApp) -> tuple[bool, str]:
    static = app.screen_stack[0].query_one("#subscriptions", Static)
    heading = app.screen_stack[0].query_one("#subscriptions-heading", Label)
    return heading.display and static.display, " ".join(str(static.render()).split())


async def test_pathways_shows_each_goals_plans_against_paying_per_credit(tmp_path: Path) -> None:
    shutil.copy(EXAMPLES / "working-professional.toml", tmp_path / "wp.toml")
    app = open_app(tmp_path / "wp.toml")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        assert app.report is not None
        comparisons = {c.program: c for c in app.report.subscriptions}
        assert set(comparisons) == {"lindenhoven:ma-ads", "northbridge:ms-analytics"}
        visible, text = shown(app)
        lindenhoven = comparisons["lindenhoven:ma-ads"].options[0]
        assert visible
        assert "Lindenhoven Lifelong Development Plan" in text
        assert f"= {money(lindenhoven.total, 'EUR')}" in text
        assert f"cheaper by {money(lindenhoven.difference, 'EUR')}" in text
        goals = app.screen_stack[0].query_one("#goal-list", OptionList)
        goals.focus()
        await pilot.press("down")
        await settle(pilot)
        visible, text = shown(app)
        northbridge = comparisons["northbridge:ms-analytics"].options[0]
        assert visible and "Northbridge Lifelong Learning Membership" in text
        assert "northbridge:mc-data-eng: DATA520 (2027 fall)" in text
        assert f"= {money(northbridge.total, 'USD')}" in text
        assert "Lindenhoven" not in text


async def test_a_goal_at_an_institution_without_plans_shows_no_subscriptions(
    learner_file: Path,
) -> None:
    app = open_app(learner_file)  # career changer: Northbridge B.S., then Metro CC A.S.
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        visible, text = shown(app)
        assert visible and "Northbridge Lifelong Learning Membership" in text
        app.screen_stack[0].query_one("#goal-list", OptionList).focus()
        await pilot.press("down")
        await settle(pilot)
        visible, _ = shown(app)
        assert not visible  # metro-cc publishes no plan
