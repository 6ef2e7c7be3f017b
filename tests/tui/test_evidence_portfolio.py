"""The evidence portfolio in the TUI: the selected held item's artifacts with their states
(checked in a worker), attaching a file through the path prompt, and the portfolio screen.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Static

from credstack.cli import main
from credstack.tui.app import CredstackApp
from credstack.tui.screens.evidence import EvidenceScreen
from credstack.tui.screens.path_prompt import PathPrompt
from tests.tui.tui_helpers import EXAMPLES, cells, open_app, settle

SIZE = (100, 40)


@pytest.fixture
def persona(tmp_path: Path) -> Path:
    """A copy of the cc-transfer persona with its evidence folder beside it."""
    shutil.copy(EXAMPLES / "cc-transfer.toml", tmp_path / "cc-transfer.toml")
    shutil.copytree(EXAMPLES / "evidence" / "cc-transfer", tmp_path / "evidence" / "cc-transfer")
    return tmp_path / "cc-transfer.toml"


async def select_held(app: CredstackApp, pilot: Pilot[None], ref: str) -> None:
    assert app.session is not None
    held = app.query_one("#held", DataTable)
    held.focus()
    row = [h.ref for h in app.session.learner.held].index(ref)
    held.move_cursor(row=row)
    await settle(pilot)


def evidence_rows(app: CredstackApp) -> list[list[str]]:
    return cells(app.query_one("#evidence", DataTable))


def note(app: CredstackApp) -> str:
    return str(app.query_one("#evidence-note", Static).render())


async def test_adviser_sees_the_selected_held_items_evidence_verified(persona: Path) -> None:
    app = open_app(persona)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await select_held(app, pilot, "metro-cc:DATA110")
        rows = evidence_rows(app)
        assert [(r[0], r[1]) for r in rows] == [
            ("✓ ok", "Metro Community College unofficial transcript, spring 2026"),
            ("✓ ok", "DATA110 final project dataset"),
        ]
        assert note(app) == "metro-cc:DATA110: 2 artifacts: 2 ok"
        assert cells(app.query_one("#held", DataTable))[-1][-1] == "2"  # evidence count


async def test_a_changed_and_a_missing_artifact_show_their_states(persona: Path) -> None:
    folder = persona.parent / "evidence" / "cc-transfer"
    (folder / "data110-final-project.csv").write_text("week,visits\n1,9999\n", "utf-8")
    (folder / "metro-cc-transcript-2026-spring.txt").unlink()
    app = open_app(persona)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await select_held(app, pilot, "metro-cc:DATA110")
        rows = evidence_rows(app)
        assert [r[0] for r in rows] == ["✗ missing", "✗ changed"]
        assert rows[1][2].startswith("expected fa6d78335756")
        await pilot.press("v")
        await settle(pilot)
        assert isinstance(app.screen, EvidenceScreen)
        summary = str(app.screen.query_one("#portfolio-summary", Static).render())
        assert summary == "3 artifacts: 1 ok, 1 changed, 1 missing · verification failed"
        assert len(cells(app.screen.query_one("#portfolio", DataTable))) == 3
        await pilot.press("escape")
        assert not isinstance(app.screen, EvidenceScreen)


async def test_adviser_attaches_a_file_saves_and_it_verifies(persona: Path) -> None:
    folder = persona.parent
    (folder / "evidence" / "cis101-lab.txt").write_text("Lab 1: hardware inventory\n", "utf-8")
    app = open_app(persona)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await select_held(app, pilot, "metro-cc:CIS101")
        assert note(app) == "metro-cc:CIS101: no evidence recorded (f: attach a file)"
        await pilot.press("f")
        await settle(pilot)
        assert isinstance(app.screen, PathPrompt)
        field = app.screen.query_one("#path", Input)
        assert field.value == str(folder.absolute()) + "/"  # starts in the learner's folder
        field.value += "evidence/cis101-lab.txt"
        await pilot.press("enter")
        await settle(pilot)
        assert not isinstance(app.screen, PathPrompt)
        assert app.session is not None and app.session.dirty
        await select_held(app, pilot, "metro-cc:CIS101")
        assert [(r[0], r[1], r[3]) for r in evidence_rows(app)] == [
            ("✓ ok", "cis101-lab.txt", "evidence/cis101-lab.txt")
        ]
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not app.session.dirty
    assert main(["verify", str(persona), "--no-cache"]) == 0
    assert 'path = "evidence/cis101-lab.txt"' in persona.read_text("utf-8")


async def test_attaching_a_file_outside_the_folder_is_refused_with_a_notice(
    persona: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    outside = tmp_path_factory.mktemp("elsewhere") / "essay.txt"
    outside.write_text("essay\n", "utf-8")
    app = open_app(persona)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await select_held(app, pilot, "metro-cc:CIS101")
        await pilot.press("f")
        await settle(pilot)
        app.screen.query_one("#path", Input).value = str(outside)
        await pilot.press("enter")
        await settle(pilot)
        assert app.session is not None and not app.session.dirty
        assert app.session.learner.held[2].evidence == []
        assert any("outside the learner's folder" in n.message for n in app._notifications)


async def test_an_unsaved_example_asks_to_be_saved_before_attaching() -> None:
    app = open_app(None)  # the shipped example persona, not saved anywhere
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await select_held(app, pilot, app.session.learner.held[0].ref)  # type: ignore[union-attr]
        await pilot.press("f")
        await settle(pilot)
        assert not isinstance(app.screen, PathPrompt)
        assert any("Save the learner file first" in n.message for n in app._notifications)
