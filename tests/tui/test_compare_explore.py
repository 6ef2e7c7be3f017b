"""Compare that explores, driven key by key: filters over the whole region, results as
they come with their progress, the plot's Pareto front, and Enter on a program: set it as
a goal, or see its what-if beside the first goal and make it a goal from there.

The expected programs and figures come from the Session (the TUI computes nothing).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, Label, OptionList, Select

from credstack.engine.compare_results import CompareFilter
from credstack.tui import app as tui_app
from credstack.tui.app import CredstackApp
from credstack.tui.messages import CompareProgress
from credstack.tui.screens.program_choice import ProgramChoiceScreen
from credstack.tui.screens.program_what_if import ProgramWhatIfScreen
from credstack.tui.widgets.cost_plot import ON_FRONT, CostPlot
from credstack.tui.widgets.program_column import ProgramColumn
from tests.tui.tui_helpers import cells, open_app, settle

SIZE = (100, 40)
BS_IT = "northbridge:bs-it"
KINGSGATE_BSC = "kingsgate:bsc-cyber"


async def choose(pilot: Pilot[None], select_id: str, value: str) -> None:
    """Pick `value` in a filter with the keyboard: focus it, open it, arrow to it, enter."""
    select = pilot.app.screen.query_one(f"#{select_id}", Select)
    values = [v for _, v in select._options]
    steps = values.index(value) - values.index(select.value)
    select.focus()
    await pilot.press("enter")  # opens the list
    await pilot.pause()
    await pilot.press(*["down" if steps > 0 else "up"] * abs(steps), "enter")
    await settle(pilot)
    assert select.value == value


def rows(app: CredstackApp) -> list[str]:
    table = app.screen_stack[0].query_one("#compare-table", DataTable)
    return [str(key.value) for key in table.rows]


def status(app: CredstackApp) -> str:
    return str(app.screen_stack[0].query_one("#compare-sort", Label).render())


async def test_compare_filters_by_award_and_subject_area(learner_file: Path) -> None:
    app = open_app(learner_file)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("3")
        await settle(pilot)
        assert app.session is not None
        assert sorted(rows(app)) == sorted(app.session.learner.learner.goals)
        assert "the learner's goals" in status(app)
        await choose(pilot, "award", "bachelor")
        await choose(pilot, "subject", "IT")
        expected = app.session.compare(sort="terms", filters=CompareFilter("bachelor", "IT"))
        assert rows(app) == [r.program for r in expected] and BS_IT in rows(app)
        assert app.filters == CompareFilter(award="bachelor", subject="IT")
        assert f"{len(expected)} programs" in status(app)
        assert "matching the filters" in status(app)
        # the front is the engine's, marked in the table and listed under the plot
        points = app.session.tradeoffs(expected, app.report.as_of)  # type: ignore[union-attr]
        front = {p.program for p in points if p.on_front}
        table = app.query_one("#compare-table", DataTable)
        marked = {r for r, row in zip(rows(app), cells(table), strict=True) if ON_FRONT in row[0]}
        assert marked == front and front
        plot = str(app.query_one(CostPlot).render())
        for point in points:
            assert (point.title in plot) == point.on_front or len(point.title) > 40
        # back to any subject and any award: the goals again
        await choose(pilot, "subject", "")
        await choose(pilot, "award", "")
        assert sorted(rows(app)) == sorted(app.session.learner.learner.goals)


async def test_results_come_as_they_are_computed_with_progress(
    learner_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every program posts its results at once (STREAM_EVERY 0): the table grows one row
    at a time and the progress counts up to the total."""
    monkeypatch.setattr(tui_app, "STREAM_EVERY", 0.0)
    seen: list[tuple[int, int, int]] = []

    class Watching(CredstackApp):
        CSS_PATH = Path(tui_app.__file__).with_name("app.tcss")  # else relative to this file

        def on_compare_progress(self, message: CompareProgress) -> None:
            super().on_compare_progress(message)
            message.prevent_default()
            if message.generation == self.compare_generation:
                seen.append((message.done, message.total, len(rows(self))))

    base = open_app(learner_file)
    app = Watching(base.session, base.today)  # type: ignore[arg-type]
    app.animation_level = "none"
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("3")
        await settle(pilot)
        seen.clear()
        await choose(pilot, "award", "certificate")
        total = len(app.session.compare_programs(CompareFilter(award="certificate")))  # type: ignore[union-attr]
        assert total > 2
        assert seen[0] == (0, total, 0)  # the progress shows before the first program
        assert seen == [(done, total, done) for done in range(total + 1)]
        assert f"{total} programs" in status(app)


async def test_enter_on_a_program_what_if_beside_the_first_goal_then_make_it_a_goal(
    learner_file: Path,
) -> None:
    app = open_app(learner_file)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("3")
        await settle(pilot)
        await choose(pilot, "award", "bachelor")
        assert app.session is not None
        goals = list(app.session.learner.learner.goals)
        table = app.query_one("#compare-table", DataTable)
        table.focus()
        table.move_cursor(row=rows(app).index(KINGSGATE_BSC))
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ProgramChoiceScreen)
        options = app.screen.query_one(OptionList)
        assert [options.get_option_at_index(i).id for i in range(options.option_count)] == [
            "goal",
            "what-if",
            "cancel",
        ]
        await pilot.press("down", "enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ProgramWhatIfScreen)
        what_if, current = screen.query(ProgramColumn)
        expected = app.session.what_if_program(KINGSGATE_BSC).results[0]
        assert screen.what_if == expected
        assert current.region.x > what_if.region.x  # side by side
        assert app.report is not None and screen.current == app.report.results[0]
        figures = cells(what_if.query_one(".column-figures", DataTable))
        assert figures[0][:2] == ["Credits applied", f"0 of {expected.credits} cr"]
        assert app.session.learner.learner.goals == goals  # a what-if changes nothing
        await pilot.press("g")
        await settle(pilot)
        assert not isinstance(app.screen, ProgramWhatIfScreen)
        assert app.session.learner.learner.goals == [*goals, KINGSGATE_BSC]
        assert app.session.dirty
        assert KINGSGATE_BSC in {r.program for r in app.report.results}


async def test_enter_on_a_program_sets_it_as_a_goal(learner_file: Path) -> None:
    app = open_app(learner_file)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("3")
        await settle(pilot)
        await choose(pilot, "institution", "kingsgate")
        assert app.session is not None
        assert rows(app) and all(r.startswith("kingsgate:") for r in rows(app))
        table = app.query_one("#compare-table", DataTable)
        table.focus()
        first = rows(app)[0]
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("enter")  # "Set as a goal"
        await settle(pilot)
        assert app.session.learner.learner.goals[-1] == first
        # Enter again on it: it is a goal now, so the dialog offers to show it instead
        table.focus()
        table.move_cursor(row=rows(app).index(first))
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ProgramChoiceScreen) and app.screen.is_goal
        await pilot.press("escape")


async def test_what_if_first_makes_the_program_the_first_goal(learner_file: Path) -> None:
    app = open_app(learner_file)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.what_if_program(KINGSGATE_BSC)
        await settle(pilot)
        assert isinstance(app.screen, ProgramWhatIfScreen)
        await pilot.press("f")
        await settle(pilot)
        assert app.session is not None
        assert app.session.learner.learner.goals[0] == KINGSGATE_BSC


async def test_palette_opens_the_what_if_of_a_program(learner_file: Path) -> None:
    app = open_app(learner_file)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"what if the goal were bsc-cyber")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ProgramWhatIfScreen)
        assert app.screen.what_if.program == KINGSGATE_BSC
        assert app.session is not None and KINGSGATE_BSC not in app.session.learner.learner.goals
