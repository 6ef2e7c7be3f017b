"""The caseload (`credstack tui FOLDER`, issue 11 item 2): the learner files of a folder
listed, filtered, sorted, opened with Enter; escape goes back to the list. A bad file
shows its located error and never stops the others; marks show the open learner's
unsaved changes and a change on disk."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest
from textual.widgets import DataTable, Input

from credstack.tui.app import CredstackApp
from credstack.tui.screens.caseload import CaseloadScreen, ConfirmSwitch
from credstack.tui.widgets.learner_view import LearnerView
from tests.tui.tui_helpers import EXAMPLES, cells, no_blink, open_app, settle

SIZE = (100, 30)
PERSONAS = ("career-changer", "cc-transfer", "working-professional")
# a learner file whose goal names a program no catalogue has: located at its line
BAD = """format = 1

[learner]
name = "Bad Goal"
goals = ["northbridge:bs-nowhere"]
"""
MTIME = 1_796_000_000  # 2026-11-30 00:53 (UTC): fixed, so the Modified column is too


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """The three example learners and one learner file with an unknown goal."""
    folder = tmp_path / "caseload"
    folder.mkdir()
    for name in PERSONAS:
        shutil.copy(EXAMPLES / f"{name}.toml", folder / f"{name}.toml")
    (folder / "zz-bad-goal.toml").write_text(BAD, encoding="utf-8")
    (folder / ".hidden.toml").write_text("not a learner", encoding="utf-8")
    (folder / "notes.txt").write_text("not a learner", encoding="utf-8")
    for index, path in enumerate(sorted(folder.iterdir())):
        os.utime(path, (MTIME + 60 * index, MTIME + 60 * index))
    return folder


def caseload(app: CredstackApp) -> CaseloadScreen:
    screen = app.screen
    assert isinstance(screen, CaseloadScreen), screen
    return screen


def rows(app: CredstackApp) -> list[list[str]]:
    return cells(caseload(app).query_one("#caseload-table", DataTable))


def names(app: CredstackApp) -> list[str]:
    return [row[1] for row in rows(app)]


async def test_open_a_folder_filter_sort_open_a_learner_and_come_back(folder: Path) -> None:
    app = open_app(folder)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        listed = rows(app)
        assert [row[1] for row in listed] == [
            "Alex Moreno",
            "Jordan Ellis",
            "Sanne de Vries",
            "zz-bad-goal.toml",
        ]  # by name; hidden files and other files are not learner files
        alex = listed[0]
        assert alex[2] == "northbridge:bs-it +1"
        assert (alex[3], alex[4], alex[5]) == ("36/120", "84", "2029 fall")
        # the first goal's numbers are Learner's: the same confirmed audit and plan
        # filter: a word of the name, the file or a goal
        await pilot.press("slash", "m", "a", "-", "a", "d", "s")
        await settle(pilot)
        assert names(app) == ["Sanne de Vries"]
        await pilot.press("escape")  # clears the filter
        await settle(pilot)
        assert len(rows(app)) == 4
        assert caseload(app).query_one("#caseload-filter", Input).value == ""
        await pilot.press("escape")  # leaves the filter for the table
        # sort: s moves to the next column (goals, then applied), S reverses
        await pilot.press("s", "s")
        await settle(pilot)
        assert names(app) == ["Jordan Ellis", "Sanne de Vries", "Alex Moreno", "zz-bad-goal.toml"]
        await pilot.press("S")
        await settle(pilot)
        # most applied first; a row without numbers stays last either way
        assert names(app) == ["Alex Moreno", "Sanne de Vries", "Jordan Ellis", "zz-bad-goal.toml"]
        # Enter opens the highlighted learner in the Learner area
        await pilot.press("enter")
        await settle(pilot)
        assert not isinstance(app.screen, CaseloadScreen)
        assert app.session is not None and app.session.loaded is not None
        assert app.session.loaded.path == folder / "cc-transfer.toml"
        assert app.sub_title == "cc-transfer.toml"
        goals = app.query_one(LearnerView).query_one("#goals", DataTable)
        assert cells(goals)[0][1:4] == ["36/120", "84", "6"]
        # escape comes back to the list, as it was left, with the open learner marked
        await pilot.press("escape")
        await settle(pilot)
        assert names(app)[0] == "Alex Moreno"
        assert rows(app)[0][0] == "▸"
        assert [row[0] for row in rows(app)[1:]] == ["", "", ""]


async def test_a_bad_file_shows_its_located_error_and_the_others_load(folder: Path) -> None:
    (folder / "broken.toml").write_text("[learner\nname = 1\n", encoding="utf-8")
    app = open_app(folder)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        by_name = {row[1]: row for row in rows(app)}
        assert by_name["broken.toml"][2].startswith("line 1: ")
        assert by_name["zz-bad-goal.toml"][2].startswith("line 5: ")
        assert by_name["Jordan Ellis"][3] == "15/120"  # the others are all there
        assert by_name["Sanne de Vries"][3] == "15/60"
        screen = caseload(app)
        count = str(screen.query_one("#caseload-count").render())
        assert count == "5 learner files · 2 with errors"
        # the whole located error, below the table, for the highlighted row
        table = screen.query_one("#caseload-table", DataTable)
        table.move_cursor(row=names(app).index("zz-bad-goal.toml"))
        await settle(pilot)
        detail = str(screen.query_one("#caseload-detail").render())
        assert detail.startswith(f"{folder / 'zz-bad-goal.toml'}:5: ")
        assert "northbridge:bs-nowhere" in detail
        # Enter on it cannot open it: a notice, and the list stays
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CaseloadScreen)
        assert app.session is not None and app.session.loaded is None


async def test_returning_uses_the_cache_and_marks_unsaved_and_changed_files(
    folder: Path,
) -> None:
    app = open_app(folder)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        session = app.session
        assert session is not None
        await pilot.press("down", "enter")  # Jordan Ellis
        await settle(pilot)
        assert session.loaded is not None
        assert session.loaded.path == folder / "career-changer.toml"
        session.remove_held(0)  # an edit not saved yet
        summaries = {f.path: session.cached_summary(f) for f in session.caseload_files(folder)}
        assert all(summaries.values())  # every file summarised once
        await pilot.press("escape")
        await settle(pilot)
        marks = {row[1]: row[0] for row in rows(app)}
        assert marks["Jordan Ellis"] == "●"  # unsaved changes
        # nothing changed on disk: the very same summaries, none made again
        again = {f.path: session.cached_summary(f) for f in session.caseload_files(folder)}
        assert all(again[path] is summaries[path] for path in summaries)
        # another window changes the open learner's file: its row is audited again
        changed = folder / "career-changer.toml"
        changed.write_text(
            "# edited elsewhere\n" + changed.read_text(encoding="utf-8"), encoding="utf-8"
        )
        os.utime(changed, (time.time(), time.time()))
        session.dirty = False  # (as if discarded) so the mark shows the disk's change
        await pilot.press("enter")  # the highlighted row is the open learner: back to it
        await settle(pilot)
        assert not isinstance(app.screen, CaseloadScreen)
        await pilot.press("escape")
        await settle(pilot)
        marks = {row[1]: row[0] for row in rows(app)}
        assert marks["Jordan Ellis"] == "!"  # changed on disk since it was opened
        refreshed = {f.path: session.cached_summary(f) for f in session.caseload_files(folder)}
        assert refreshed[changed] is not summaries[changed]
        assert refreshed[folder / "cc-transfer.toml"] is summaries[folder / "cc-transfer.toml"]


async def test_opening_another_learner_with_unsaved_changes_asks_first(folder: Path) -> None:
    app = open_app(folder)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        session = app.session
        assert session is not None
        await pilot.press("enter")  # Alex Moreno
        await settle(pilot)
        session.remove_held(0)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("down", "enter")  # Jordan Ellis, with Alex's edit unsaved
        await settle(pilot)
        assert isinstance(app.screen, ConfirmSwitch)
        await pilot.click("#cancel")
        await settle(pilot)
        assert isinstance(app.screen, CaseloadScreen)
        assert session.loaded is not None and session.dirty
        await pilot.press("enter")
        await settle(pilot)
        await pilot.click("#discard")
        await settle(pilot)
        assert session.loaded is not None
        assert session.loaded.path == folder / "career-changer.toml"
        assert not session.dirty
        assert "cc-transfer" not in app.sub_title


async def test_header_click_sorts_by_that_column_and_again_reverses(folder: Path) -> None:
    app = open_app(folder)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = caseload(app).query_one("#caseload-table", DataTable)
        left = list(table.columns).index("left")
        event = DataTable.HeaderSelected(table, table.ordered_columns[left].key, left, "Left")
        table.post_message(event)
        await settle(pilot)
        assert names(app) == ["Sanne de Vries", "Alex Moreno", "Jordan Ellis", "zz-bad-goal.toml"]
        assert str(table.ordered_columns[left].label) == "Left ▲"
        table.post_message(
            DataTable.HeaderSelected(table, table.ordered_columns[left].key, left, "")
        )
        await settle(pilot)
        assert names(app) == ["Jordan Ellis", "Alex Moreno", "Sanne de Vries", "zz-bad-goal.toml"]


async def test_a_click_highlights_a_row_and_a_second_click_opens_it(folder: Path) -> None:
    app = open_app(folder)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        jordan = (5, 2)  # the second row (the header is row 0 of the table)
        await pilot.click("#caseload-table", offset=jordan)
        await settle(pilot)
        assert isinstance(app.screen, CaseloadScreen)
        assert caseload(app).query_one("#caseload-table", DataTable).cursor_row == 1
        await pilot.click("#caseload-table", offset=jordan)
        await settle(pilot)
        assert app.session is not None and app.session.loaded is not None
        assert app.session.loaded.path == folder / "career-changer.toml"


async def test_names_from_files_show_their_control_characters(folder: Path) -> None:
    hostile = (folder / "cc-transfer.toml").read_text(encoding="utf-8")
    hostile = hostile.replace('name = "Alex Moreno"', 'name = "J\\u001b]0;pwned\\u0007"')
    (folder / "cc-transfer.toml").write_text(hostile, encoding="utf-8")
    app = open_app(folder)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        shown = [cell for row in rows(app) for cell in row]
        assert "J\u241b]0;pwned\u2407" in shown  # ␛ and ␇: visible, never sent
        assert not any("\u001b" in cell or "\u0007" in cell for cell in shown)


async def test_the_areas_keys_do_nothing_on_the_list(folder: Path) -> None:
    app = open_app(folder)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for key in ("a", "p", "e", "2", "ctrl+s"):
            await pilot.press(key)
            await settle(pilot)
            assert isinstance(app.screen, CaseloadScreen), key
        await pilot.press("escape")  # no learner is open yet: nothing to go back to
        assert isinstance(app.screen, CaseloadScreen)


def test_caseload_snapshot(folder: Path, snap_compare, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("TZ", "UTC")  # the Modified column is in local time
    time.tzset()
    monkeypatch.chdir(folder.parent)  # a relative folder: the same text in every run

    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        await settle(pilot)
        no_blink(pilot.app)

    try:
        app = open_app(Path(folder.name))
        assert snap_compare(app, terminal_size=SIZE, run_before=run_before)
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()
