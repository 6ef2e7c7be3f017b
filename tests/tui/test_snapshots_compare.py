"""Snapshots of Compare that explores: filtered with the plot of cost against finish and
its Pareto front, the choice Enter offers, and the what-if of a program beside the first
goal. Fixed day, no animation, no cursor blink (as tests/tui/test_snapshots.py); accept a
reviewed change with `pytest tests/tui/test_snapshots_compare.py --snapshot-update`.
"""

from __future__ import annotations

from textual.pilot import Pilot
from textual.widgets import DataTable

from credstack.tui.app import CredstackApp
from tests.tui.test_compare_explore import choose
from tests.tui.tui_helpers import EXAMPLES, no_blink, open_app, settle

LEARNER = EXAMPLES / "cc-transfer.toml"
SIZE = (100, 40)


async def certificates(pilot: Pilot[None]) -> None:
    """Compare, every certificate in the region (several per currency: a plot each)."""
    await settle(pilot)
    await pilot.press("3")
    await settle(pilot)
    await choose(pilot, "award", "certificate")
    app: CredstackApp = pilot.app  # type: ignore[assignment]
    app.query_one("#compare-table", DataTable).focus()
    await settle(pilot)
    no_blink(app)


def test_compare_filtered_with_the_plot(snap_compare) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(open_app(LEARNER), terminal_size=SIZE, run_before=certificates)


def test_enter_offers_set_as_goal_or_what_if(snap_compare) -> None:  # type: ignore[no-untyped-def]
    async def run_before(pilot: Pilot[None]) -> None:
        await certificates(pilot)
        await pilot.press("down", "enter")
        await settle(pilot)

    assert snap_compare(open_app(LEARNER), terminal_size=SIZE, run_before=run_before)


def test_what_if_a_program_beside_the_first_goal(snap_compare) -> None:  # type: ignore[no-untyped-def]
    async def run_before(pilot: Pilot[None]) -> None:
        await certificates(pilot)
        await pilot.press("down", "enter")
        await settle(pilot)
        await pilot.press("down", "enter")  # "What-if this program"
        await settle(pilot)

    assert snap_compare(open_app(LEARNER), terminal_size=SIZE, run_before=run_before)
