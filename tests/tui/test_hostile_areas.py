"""Every TUI area on a hostile region and learner (issue 10): escape payloads in
institution, course, program and requirement names, the learner's name, prior learning,
exception reasons and evidence titles are shown as visible characters; no control
sequence reaches the screen."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.tui.tui_helpers import open_app, settle
from tests.unit.test_hostile_text import hostile_learner, hostile_region, raw_controls

AREAS = ["learner", "pathways", "compare", "explore", "catalogue", "careers"]


@pytest.mark.parametrize("area", AREAS)
async def test_no_control_sequence_reaches_the_screen(tmp_path: Path, area: str) -> None:
    region = hostile_region(tmp_path / "region")
    learner = hostile_learner(tmp_path / "learner")
    app = open_app(learner, region)
    async with app.run_test(size=(140, 48)) as pilot:
        await settle(pilot)
        await pilot.press(str(AREAS.index(area) + 1))
        await settle(pilot)
        screen = app.export_screenshot()
    assert raw_controls(screen) == []
    assert "\u241b" in screen or area in ("careers", "compare")  # ␛: shown, not sent
