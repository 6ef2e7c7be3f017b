"""ctrl+s on a learner file changed on disk since it was opened asks: reload, overwrite,
save as, or back. It never overwrites the other change silently (issue 10, item 4)."""

from __future__ import annotations

import tomllib
from pathlib import Path

from textual.widgets import Button, Input

from credstack.tui.screens.changed_on_disk import ChangedOnDiskScreen
from credstack.tui.screens.path_prompt import PathPrompt
from tests.tui.tui_helpers import open_app, settle

NETWORK_DEFENSE = "metro-cc:mc-network-defense"
SIZE = (100, 30)
EDITED_ELSEWHERE = "# edited in another window\n"


def _held_refs(path: Path) -> list[str]:
    return [h["ref"] for h in tomllib.loads(path.read_text(encoding="utf-8"))["held"]]


async def _edit_then_save_after_a_change_on_disk(app, pilot, learner_file: Path) -> str:  # type: ignore[no-untyped-def]
    """Add a held item in the app, change the file on disk, press ctrl+s: the prompt."""
    await settle(pilot)
    app.session.add_held(NETWORK_DEFENSE, app.today)
    elsewhere = EDITED_ELSEWHERE + learner_file.read_text(encoding="utf-8")
    learner_file.write_text(elsewhere, encoding="utf-8")
    await pilot.press("ctrl+s")
    await settle(pilot)
    assert isinstance(app.screen, ChangedOnDiskScreen)
    assert app.screen.query_one("#reload", Button)  # the open file changed: reload offered
    assert learner_file.read_text(encoding="utf-8") == elsewhere  # nothing written yet
    return elsewhere


async def test_overwrite_replaces_the_changed_file_with_the_apps_version(
    learner_file: Path,
) -> None:
    app = open_app(learner_file)
    async with app.run_test(size=SIZE) as pilot:
        await _edit_then_save_after_a_change_on_disk(app, pilot, learner_file)
        await pilot.click("#overwrite")
        await settle(pilot)
        assert not isinstance(app.screen, ChangedOnDiskScreen)
        assert app.session is not None and not app.session.dirty
        assert app.sub_title == learner_file.name
    text = learner_file.read_text(encoding="utf-8")
    assert NETWORK_DEFENSE in _held_refs(learner_file)
    assert EDITED_ELSEWHERE not in text  # the user chose to replace it
    assert EDITED_ELSEWHERE in Path(str(learner_file) + ".bak").read_text(encoding="utf-8")


async def test_reload_takes_the_file_on_disk_and_drops_the_apps_changes(
    learner_file: Path,
) -> None:
    app = open_app(learner_file)
    async with app.run_test(size=SIZE) as pilot:
        elsewhere = await _edit_then_save_after_a_change_on_disk(app, pilot, learner_file)
        await pilot.click("#reload")
        await settle(pilot)
        assert app.session is not None and not app.session.dirty
        assert NETWORK_DEFENSE not in [h.ref for h in app.session.learner.held]
        await pilot.press("ctrl+s")  # and a save now goes ahead: the file is as loaded
        await settle(pilot)
        assert not isinstance(app.screen, ChangedOnDiskScreen)
    assert learner_file.read_text(encoding="utf-8") == elsewhere


async def test_save_as_writes_another_file_and_leaves_the_changed_one(
    learner_file: Path, tmp_path: Path
) -> None:
    app = open_app(learner_file)
    async with app.run_test(size=SIZE) as pilot:
        elsewhere = await _edit_then_save_after_a_change_on_disk(app, pilot, learner_file)
        await pilot.click("#save-as")
        await settle(pilot)
        assert isinstance(app.screen, PathPrompt)
        copy = tmp_path / "jordan-copy.toml"
        app.screen.query_one("#path", Input).value = str(copy)
        await pilot.press("enter")
        await settle(pilot)
        assert app.sub_title == copy.name
    assert learner_file.read_text(encoding="utf-8") == elsewhere
    assert NETWORK_DEFENSE in _held_refs(copy)


async def test_back_writes_nothing_and_keeps_the_changes_unsaved(learner_file: Path) -> None:
    app = open_app(learner_file)
    async with app.run_test(size=SIZE) as pilot:
        elsewhere = await _edit_then_save_after_a_change_on_disk(app, pilot, learner_file)
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, ChangedOnDiskScreen)
        assert app.session is not None and app.session.dirty
    assert learner_file.read_text(encoding="utf-8") == elsewhere


async def test_saving_as_an_existing_other_file_asks_before_overwriting(
    learner_file: Path, tmp_path: Path
) -> None:
    other = tmp_path / "someone-else.toml"
    other.write_text("# another learner's file\n", encoding="utf-8")
    app = open_app(learner_file)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.action_save_as()
        await settle(pilot)
        app.screen.query_one("#path", Input).value = str(other)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ChangedOnDiskScreen)
        assert not app.screen.query("#reload")  # nothing to reload: it is another file
        assert other.read_text(encoding="utf-8") == "# another learner's file\n"
        await pilot.click("#overwrite")
        await settle(pilot)
        assert app.sub_title == other.name
    assert _held_refs(other) == _held_refs(learner_file)
