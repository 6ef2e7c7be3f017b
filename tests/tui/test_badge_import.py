"""Import badge in the TUI: path prompt, each achievement with its match and verification,
the adviser confirms, the held items are added with their provenance."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from textual.widgets import DataTable, Input

from credstack.tui.screens.badge_import import BadgeImportScreen
from tests.tui.tui_helpers import EXAMPLES, cells, open_app, settle

PROJECT = Path(__file__).resolve().parents[2]
SIZE = (110, 40)


@pytest.fixture
def persona(tmp_path: Path) -> Path:
    shutil.copy(EXAMPLES / "career-changer.toml", tmp_path / "career-changer.toml")
    return tmp_path / "career-changer.toml"


async def _import(app, pilot, path: Path) -> BadgeImportScreen:  # noqa: ANN001
    await pilot.press("i")
    await settle(pilot)
    field = app.screen.query_one(Input)
    field.value = str(path)
    await pilot.press("enter")
    await settle(pilot)
    screen = app.screen
    assert isinstance(screen, BadgeImportScreen)
    return screen


async def test_adviser_imports_the_example_badge_verified(persona: Path) -> None:
    app = open_app(persona)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        badge = PROJECT / "examples" / "badges" / "beacon-data-analytics.json"
        screen = await _import(app, pilot, badge)
        rows = cells(screen.query_one("#badge-items", DataTable))
        assert rows == [
            [
                "[x]",
                "✓ verified",
                "exact",
                "beacon:data-analytics",
                "Data Analytics Professional Certificate",
            ]
        ]
        await pilot.click("#add")
        await settle(pilot)
        assert app.session is not None
        held = app.session.learner.held[-1]
        assert (held.ref, held.verification, held.source) == (
            "beacon:data-analytics",
            "verified",
            "badge",
        )
        assert app.session.dirty
        # The report's imported section reaches the Learner area, as in `credstack report`.
        assert app.report is not None
        assert [b.held for b in app.report.imported] == ["beacon:data-analytics"]
        imported = app.screen_stack[0].query_one("#imported", DataTable)
        assert imported.display
        assert cells(imported) == [
            [
                "beacon:data-analytics",
                "Data Analytics Professional Certificate",
                held.earned.isoformat(),
                "verified",
                app.report.imported[0].note,
            ]
        ]


async def test_the_imported_section_is_hidden_without_imported_badges(persona: Path) -> None:
    app = open_app(persona)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.report is not None and app.report.imported == ()
        for part in ("#imported-heading", "#imported", "#imported-note"):
            assert not app.screen_stack[0].query_one(part).display


async def test_candidate_needs_the_advisers_confirmation_and_failed_cannot_be_added(
    persona: Path, tmp_path: Path
) -> None:
    original = json.loads((PROJECT / "examples/badges/beacon-data-analytics.json").read_text())
    candidate = json.loads(json.dumps(original))
    achievement = candidate["credentialSubject"]["achievement"]
    achievement["id"] = "urn:uuid:not-listed"  # no badge_achievement_ids match: humanCode only
    tampered = tmp_path / "candidate.json"
    tampered.write_text(json.dumps(candidate), encoding="utf-8")
    app = open_app(persona)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = await _import(app, pilot, tampered)
        rows = cells(screen.query_one("#badge-items", DataTable))
        # the achievement id changed, so the signature no longer matches: failed
        assert rows[0][:3] == [" - ", "✗ failed", "candidate"]
        await pilot.press("space")
        assert screen.selected() == []
        await pilot.click("#add")
        await settle(pilot)
        assert app.session is not None
        assert "beacon:data-analytics" not in [h.ref for h in app.session.learner.held]


async def test_unsigned_candidate_is_added_only_when_ticked(persona: Path, tmp_path: Path) -> None:
    original = json.loads((PROJECT / "examples/badges/beacon-data-analytics.json").read_text())
    del original["proof"]
    original["credentialSubject"]["achievement"]["id"] = "urn:uuid:not-listed"
    path = tmp_path / "unsigned.json"
    path.write_text(json.dumps(original), encoding="utf-8")
    app = open_app(persona)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = await _import(app, pilot, path)
        rows = cells(screen.query_one("#badge-items", DataTable))
        assert rows[0][:3] == ["[ ]", "? unverified", "candidate"]
        assert screen.selected() == []
        await pilot.press("space")
        assert [h.ref for h in screen.selected()] == ["beacon:data-analytics"]
        await pilot.click("#add")
        await settle(pilot)
        assert app.session is not None
        held = app.session.learner.held[-1]
        assert (held.ref, held.verification) == ("beacon:data-analytics", "unverified")
