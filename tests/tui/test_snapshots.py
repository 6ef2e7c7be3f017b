"""Snapshots: each area, the help and the add-held dialog, at fixed terminal sizes.

The day is fixed (TODAY), animations and the cursor blink are off and the header has no
clock, so the pictures only change when the TUI does. Review a changed picture in
snapshot_report.html, then accept it with `pytest tests/tui/test_snapshots.py
--snapshot-update`.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest
from textual.pilot import Pilot

from credstack.tui.app import CredstackApp
from tests.tui.tui_helpers import EXAMPLES, no_blink, open_app, settle

LEARNER = EXAMPLES / "cc-transfer.toml"
SIZE = (100, 30)


def pressing(*keys: str) -> Callable[[Pilot[None]], Awaitable[None]]:
    """A run_before that waits for the results, presses `keys`, and waits again."""

    async def run_before(pilot: Pilot[None]) -> None:
        await settle(pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)
        app: CredstackApp = pilot.app  # type: ignore[assignment]
        no_blink(app)

    return run_before


@pytest.mark.parametrize(
    "key",
    ["1", "2", "3", "4", "5", "6"],
    ids=["learner", "pathways", "compare", "explore", "catalogue", "careers"],
)
def test_each_area_at_100x30(key: str, snap_compare) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(open_app(LEARNER), terminal_size=SIZE, run_before=pressing(key))


def test_first_screen_at_80x24(snap_compare) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(open_app(LEARNER), terminal_size=(80, 24), run_before=pressing())


def test_help_screen(snap_compare) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(open_app(LEARNER), terminal_size=SIZE, run_before=pressing("f1"))


def test_add_held_dialog_searching(snap_compare) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(
        open_app(LEARNER), terminal_size=SIZE, run_before=pressing("a", "s", "q", "l")
    )


def test_agreement_view(snap_compare) -> None:  # type: ignore[no-untyped-def]
    """Pathways, `t`: the agreements into the first goal, from its first feeder."""
    assert snap_compare(open_app(LEARNER), terminal_size=(100, 36), run_before=pressing("2", "t"))


def test_new_learner_form_at_80x24(snap_compare, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """`credstack tui NEW.toml`: the new-learner form over an empty Learner area."""
    app = open_app(tmp_path / "new-learner.toml")
    assert snap_compare(app, terminal_size=(80, 24), run_before=pressing())


NOTES = '''
[[note]]
date = 2026-11-20
author = "R. Okafor"
text = "Agreed: CIS210 at Metro first, then apply to the BS IT for fall."

[[note]]
date = 2026-11-28
author = "R. Okafor"
text = """Checked the transfer of MATH150 (D): not accepted at Northbridge.
Retake before applying."""
'''


def test_notes_panel(snap_compare, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The Learner area scrolled to its Notes: a note's first line, … when it has more."""
    learner = tmp_path / LEARNER.name
    learner.write_text(LEARNER.read_text(encoding="utf-8") + NOTES, encoding="utf-8")

    async def run_before(pilot: Pilot[None]) -> None:
        await settle(pilot)
        pilot.app.query_one("#notes").focus()
        await settle(pilot)

    assert snap_compare(open_app(learner), terminal_size=SIZE, run_before=run_before)
