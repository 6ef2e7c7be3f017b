"""Editing the learner in the TUI, key by key: a learner from nothing, the profile, held
items, prior learning and exceptions corrected and removed, goals removed and moved,
notes, undo, and refused edits that keep their dialog open.

What an edit does to the learner is the Session's (tests/unit/test_session_edits.py);
these tests check that the keys and dialogs get an adviser there, and that what the TUI
saves passes `credstack report`.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from textual.command import CommandPalette
from textual.pilot import Pilot
from textual.widgets import Checkbox, DataTable, Input, Label, Select, Static, TextArea

from credstack.cli import main
from credstack.commands.tui import prepare_session
from credstack.errors import CredstackError
from credstack.tui.app import CredstackApp
from credstack.tui.palette import ACTIONS
from credstack.tui.screens.add_exception import AddExceptionScreen
from credstack.tui.screens.add_held import AddHeldScreen
from credstack.tui.screens.add_prior import AddPriorScreen
from credstack.tui.screens.confirm import Confirm
from credstack.tui.screens.note import NoteScreen, adviser
from credstack.tui.screens.path_prompt import PathPrompt
from credstack.tui.screens.profile import ProfileScreen
from credstack.tui.screens.program_choice import ProgramChoiceScreen
from credstack.tui.screens.takeaway import TakeawayScreen
from tests.tui.test_appointment import choose
from tests.tui.test_compare_explore import choose as choose_filter
from tests.tui.test_compare_explore import rows as compare_rows
from tests.tui.tui_helpers import TODAY, cells, open_app, settle

SIZE = (100, 40)
BS_IT, AS_CIS = "northbridge:bs-it", "metro-cc:as-cis"


def error_of(app: CredstackApp, error_id: str) -> str:
    return str(app.screen.query_one(f"#{error_id}", Label).render())


async def focus_row(pilot: Pilot[None], table_id: str, row: int) -> DataTable[object]:
    """Focus a table of the Learner area and put its cursor on `row`."""
    table = pilot.app.query_one(f"#{table_id}", DataTable)
    table.focus()
    table.move_cursor(row=row)
    await settle(pilot)
    return table


async def undo(pilot: Pilot[None]) -> None:
    await pilot.press("ctrl+z")
    await settle(pilot)


def reported(path: Path, capsys: pytest.CaptureFixture[str]) -> int:
    """`credstack report PATH` run in-process."""
    code = main(["report", str(path), "--format", "json", "--no-cache"])
    capsys.readouterr()
    return code


# -- a learner from nothing ----------------------------------------------------------------


def test_a_path_that_does_not_exist_starts_a_new_learner(tmp_path: Path) -> None:
    session = prepare_session(None, tmp_path / "new.toml")
    assert session.origin == "new" and session.loaded is not None
    assert session.loaded.path == tmp_path / "new.toml"
    with pytest.raises(CredstackError, match="no such folder"):
        prepare_session(None, tmp_path / "nowhere" / "new.toml")


async def test_new_learner_form_then_goals_then_save_passes_report(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "sam.toml"
    app = open_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, ProfileScreen)  # the form comes first
        assert app.screen.query_one("#as-of", Input).value == str(TODAY)
        await pilot.press(*"Sam Lee")
        app.screen.query_one("#start-year", Input).value = "2027"
        await choose(pilot, "start-term", "fall")
        app.screen.query_one("#credits-per-term", Input).value = "9"
        app.screen.query_one("#attend-spring", Checkbox).value = True
        app.screen.query_one("#attend-fall", Checkbox).value = True
        app.screen.query_one("#budget", Input).value = "20,000"
        app.screen.query_one("#roles", Input).value = "lakeshore:soc-analyst"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, ProfileScreen)
        assert app.session is not None
        info = app.session.learner.learner
        assert (info.name, info.start, info.attend) == ("Sam Lee", "2027 fall", ["spring", "fall"])
        assert (info.credits_per_term, info.budget) == (9, 20000)
        # no goals yet: the empty state points to Compare
        assert app.query_one("#no-goals", Static).display
        assert "Compare" in str(app.query_one("#no-goals", Static).render())
        assert not path.exists() and app.sub_title == "sam.toml (new file, not saved) *"
        app.show_program(BS_IT)  # a goal, as the palette adds one
        await settle(pilot)
        assert not app.query_one("#no-goals", Static).display
        await pilot.press("ctrl+s")  # the first save creates the file at the given path
        await settle(pilot)
        assert app.sub_title == "sam.toml" and not app.session.dirty
    assert reported(path, capsys) == 0
    saved = tomllib.loads(path.read_text(encoding="utf-8"))
    assert saved["learner"]["name"] == "Sam Lee" and saved["learner"]["goals"] == [BS_IT]


async def test_a_refused_new_learner_keeps_the_form_open_with_the_problem(tmp_path: Path) -> None:
    app = open_app(tmp_path / "sam.toml")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+s")  # no name
        await settle(pilot)
        assert isinstance(app.screen, ProfileScreen)
        assert error_of(app, "profile-error").startswith("name:")
        await pilot.press(*"Sam")
        app.screen.query_one("#roles", Input).value = "lakeshore:soc-analyts"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ProfileScreen)
        assert "did you mean 'lakeshore:soc-analyst'" in error_of(app, "profile-error")
        assert app.screen.query_one("#profile-error").region.bottom <= 24  # seen at 80x24
        app.screen.query_one("#start-year", Input).value = "2027"  # a year without a term
        app.screen.query_one("#roles", Input).value = ""
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "both the year and the term" in error_of(app, "profile-error")
        app.screen.query_one("#start-year", Input).value = ""
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, ProfileScreen)
        assert app.session is not None and app.session.learner.learner.name == "Sam"


async def test_ctrl_n_asks_before_dropping_unsaved_changes(learner_file: Path) -> None:
    app = open_app(learner_file)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.session is not None
        await pilot.press("n", *"Call back in May", "ctrl+s")  # an unsaved note
        await settle(pilot)
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert isinstance(app.screen, Confirm)
        await pilot.press("n")  # keep
        await settle(pilot)
        assert app.session.learner.learner.name == "Jordan Ellis"
        await pilot.press("ctrl+n")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, ProfileScreen)
        await pilot.press(*"Ana Ruiz", "enter")
        await settle(pilot)
        assert app.session.learner.learner.name == "Ana Ruiz"
        assert not app.session.learner.held and not app.session.learner.learner.goals
        await pilot.press("ctrl+s")  # a new learner from inside: the first save asks where
        await settle(pilot)
        assert isinstance(app.screen, PathPrompt)
        assert app.screen.query_one("#path", Input).value == "ana-ruiz.toml"


# -- the profile --------------------------------------------------------------------------


async def test_profile_edit_changes_the_facts_and_undo_takes_it_back(learner_file: Path) -> None:
    app = open_app(learner_file)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.session is not None and app.report is not None
        terms_before = {r.program: r.confirmed.plan.term_count for r in app.report.results}
        await pilot.press("ctrl+e")
        await settle(pilot)
        assert isinstance(app.screen, ProfileScreen)
        assert app.screen.query_one("#name", Input).value == "Jordan Ellis"
        assert app.screen.query_one("#start-term", Select).value == "spring"
        assert app.screen.query_one("#attend-fall", Checkbox).value
        app.screen.query_one("#credits-per-term", Input).value = "61"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "credits per term" in error_of(app, "profile-error")
        app.screen.query_one("#credits-per-term", Input).value = "15"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, ProfileScreen)
        assert app.session.learner.learner.credits_per_term == 15
        assert "15 cr/term" in str(app.query_one("#learner-facts", Static).render())
        terms_after = {r.program: r.confirmed.plan.term_count for r in app.report.results}
        assert terms_after[BS_IT] < terms_before[BS_IT]  # a heavier load finishes sooner
        await undo(pilot)
        assert app.session.learner.learner.credits_per_term == 9 and not app.session.dirty
        assert app.sub_title == "career-changer.toml"


# -- held, prior, exception: edit and remove ---------------------------------------------------


async def test_enter_on_a_held_item_corrects_it_and_undo_restores_it(learner_file: Path) -> None:
    app = open_app(learner_file)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.session is not None
        await focus_row(pilot, "held", 2)  # cobalt:a-plus, earned 2024-02-20
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, AddHeldScreen)
        assert app.screen.query_one("#earned", Input).value == "2024-02-20"
        app.screen.query_one("#earned", Input).value = "2024-03-01"
        app.screen.query_one("#grade", Select).value = "A"
        app.screen.query_one("#earned", Input).focus()
        await pilot.press("enter")
        await settle(pilot)
        assert not isinstance(app.screen, AddHeldScreen)
        held = app.session.learner.held[2]
        assert (held.ref, str(held.earned), held.grade) == ("cobalt:a-plus", "2024-03-01", "A")
        assert cells(app.query_one("#held", DataTable))[2][2:4] == ["2024-03-01", "A"]
        await undo(pilot)
        assert str(app.session.learner.held[2].earned) == "2024-02-20"
        assert cells(app.query_one("#held", DataTable))[2][2] == "2024-02-20"


async def test_a_held_item_an_exception_needs_keeps_its_dialog_open(learner_file: Path) -> None:
    app = open_app(learner_file)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.session is not None
        row = [h.ref for h in app.session.learner.held].index("lakeshore:data-champions")
        await focus_row(pilot, "held", row)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, AddHeldScreen)
        app.screen.query_one("#query", Input).value = "security plus"
        await settle(pilot)
        app.screen.query_one("#earned", Input).focus()
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, AddHeldScreen)
        assert "not held by this learner" in error_of(app, "held-error")
        await pilot.press("escape")
        await settle(pilot)
        assert not app.session.dirty


async def test_prior_learning_is_corrected_then_removed_and_both_undone(learner_file: Path) -> None:
    app = open_app(learner_file)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.session is not None
        original = app.session.learner
        await focus_row(pilot, "prior", 1)  # the volunteer entry
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, AddPriorScreen)
        assert app.screen.query_one("#hours", Input).value == "300"
        app.screen.query_one("#hours", Input).value = "350"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.session.learner.prior[1].hours == 350
        await focus_row(pilot, "prior", 1)
        await pilot.press("delete")
        await settle(pilot)
        assert isinstance(app.screen, Confirm)
        await pilot.press("y")
        await settle(pilot)
        assert len(app.session.learner.prior) == 1
        assert [r[0] for r in cells(app.query_one("#prior", DataTable))] == [
            "prior: workplace",
            "exception: grant",
        ]
        await undo(pilot)
        assert app.session.learner.prior[1].hours == 350
        await undo(pilot)
        assert app.session.learner == original and not app.session.dirty


async def test_an_exception_is_corrected_with_its_problem_shown_then_removed(
    learner_file: Path,
) -> None:
    app = open_app(learner_file)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.session is not None
        await focus_row(pilot, "prior", 2)  # prior, prior, then the exception
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, AddExceptionScreen)
        assert app.screen.query_one("#course", Input).value == "DATA110"
        assert app.screen.query_one("#program", Select).value == AS_CIS
        app.screen.query_one("#course", Input).value = "DATA999"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, AddExceptionScreen)  # refused: stays open
        assert "is not a course of 'metro-cc'" in error_of(app, "exception-error")
        assert not app.session.dirty
        app.screen.query_one("#course", Input).value = "DATA110"
        app.screen.query_one("#reason", Input).value = "Reviewed again with the syllabus"
        await pilot.press("ctrl+s")
        await settle(pilot)
        recorded = app.session.learner.exception[0]
        assert recorded.reason == "Reviewed again with the syllabus"
        assert str(recorded.date) == "2026-11-20"  # an edit keeps the decision's date
        await focus_row(pilot, "prior", 2)
        await pilot.press("delete", "y")
        await settle(pilot)
        assert not app.session.learner.exception
        await undo(pilot)
        assert app.session.learner.exception[0].reason == "Reviewed again with the syllabus"


# -- goals --------------------------------------------------------------------------------


async def test_goals_are_moved_with_shift_arrows_and_removed_with_delete(
    learner_file: Path,
) -> None:
    app = open_app(learner_file)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.session is not None
        goals = await focus_row(pilot, "goals", 1)
        await pilot.press("shift+up")
        await settle(pilot)
        assert app.session.learner.learner.goals == [AS_CIS, BS_IT]
        assert [str(k.value) for k in goals.rows] == [AS_CIS, BS_IT]
        assert goals.cursor_row == 0  # the cursor follows the moved goal
        await pilot.press("shift+down")
        await settle(pilot)
        assert app.session.learner.learner.goals == [BS_IT, AS_CIS]
        await undo(pilot)
        assert app.session.learner.learner.goals == [AS_CIS, BS_IT]
        await focus_row(pilot, "goals", 0)
        await pilot.press("delete")
        await settle(pilot)
        assert isinstance(app.screen, Confirm)
        await pilot.press("y")
        await settle(pilot)
        assert app.session.learner.learner.goals == [BS_IT]
        assert [str(k.value) for k in goals.rows] == [BS_IT]
        await undo(pilot)
        assert app.session.learner.learner.goals == [AS_CIS, BS_IT]


async def test_removing_every_goal_shows_the_empty_state(learner_file: Path) -> None:
    app = open_app(learner_file)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert not app.query_one("#no-goals", Static).display
        for _ in range(2):
            await focus_row(pilot, "goals", 0)
            await pilot.press("delete", "y")
            await settle(pilot)
        assert app.session is not None and not app.session.learner.learner.goals
        assert app.query_one("#no-goals", Static).display
        assert app.query_one("#goals", DataTable).row_count == 0


# -- notes --------------------------------------------------------------------------------


async def test_n_adds_a_note_signed_by_the_adviser_that_is_saved(
    learner_file: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("CREDSTACK_ADVISER", "R. Okafor")
    app = open_app(learner_file)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.session is not None
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, NoteScreen)
        await pilot.press("ctrl+s")  # nothing written yet
        await settle(pilot)
        assert isinstance(app.screen, NoteScreen)
        assert error_of(app, "note-error") == "text: write something"
        assert app.screen.query_one("#author", Input).value == "R. Okafor"
        await pilot.press(*"Agreed: CIS210 first", "enter", *"then apply for fall")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, NoteScreen)
        note = app.session.learner.note[0]
        assert (note.date, note.author) == (TODAY, "R. Okafor")
        assert note.text == "Agreed: CIS210 first\nthen apply for fall"
        assert cells(app.query_one("#notes", DataTable)) == [
            [str(TODAY), "R. Okafor", "Agreed: CIS210 first …"]
        ]
        # enter edits it, keeping its date
        await focus_row(pilot, "notes", 0)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, NoteScreen)
        area = app.screen.query_one("#text", TextArea)
        assert area.text == note.text
        area.text = "Agreed: CIS210 first."
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.session.learner.note[0].text == "Agreed: CIS210 first."
        await pilot.press("ctrl+s")
        await settle(pilot)
    assert reported(learner_file, capsys) == 0
    saved = tomllib.loads(learner_file.read_text(encoding="utf-8"))
    assert saved["note"] == [
        {"date": TODAY, "author": "R. Okafor", "text": "Agreed: CIS210 first."}
    ]


async def test_a_note_is_removed_with_confirmation_and_undone(learner_file: Path) -> None:
    app = open_app(learner_file)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.session is not None
        await pilot.press("n", *"One", "ctrl+s")
        await settle(pilot)
        await focus_row(pilot, "notes", 0)
        await pilot.press("delete")
        await settle(pilot)
        await pilot.press("escape")  # keep
        await settle(pilot)
        assert len(app.session.learner.note) == 1
        await pilot.press("delete", "y")
        await settle(pilot)
        assert not app.session.learner.note
        await undo(pilot)
        assert [n.text for n in app.session.learner.note] == ["One"]
        await undo(pilot)
        await undo(pilot)  # nothing left: a notice, nothing else
        assert not app.session.learner.note and not app.session.dirty
        assert any("Nothing to undo" in n.message for n in app._notifications)


def test_the_author_falls_back_to_the_login_name_then_adviser(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import getpass

    monkeypatch.delenv("CREDSTACK_ADVISER", raising=False)
    monkeypatch.setattr(getpass, "getuser", lambda: "rokafor")
    assert adviser() == "rokafor"

    def no_login() -> str:
        raise OSError("no login name")

    monkeypatch.setattr(getpass, "getuser", no_login)
    assert adviser() == "adviser"


# -- keys lead somewhere ---------------------------------------------------------------------


def test_every_key_and_palette_action_names_an_action_of_the_app() -> None:
    def action(name: str) -> str:
        return name.split("(")[0]

    for binding in CredstackApp.BINDINGS:
        assert hasattr(CredstackApp, f"action_{action(binding.action)}"), binding.action  # type: ignore[union-attr]
    for _, name, _ in ACTIONS:
        assert hasattr(CredstackApp, f"action_{action(name)}"), name


async def test_palette_actions_edit_the_highlighted_entry(learner_file: Path) -> None:
    app = open_app(learner_file)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await focus_row(pilot, "prior", 0)
        await pilot.press("ctrl+p")
        await settle(pilot)
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"edit the highlighted entry", "enter")
        await settle(pilot)
        assert isinstance(app.screen, AddPriorScreen)
        assert app.screen.query_one("#hours", Input).value == "4600"


async def test_editing_keys_do_nothing_over_an_open_dialog(learner_file: Path) -> None:
    app = open_app(learner_file)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await focus_row(pilot, "notes", 0)
        await pilot.press("delete")  # no note: a notice, no dialog
        await settle(pilot)
        await focus_row(pilot, "held", 0)
        await pilot.press("delete")
        await settle(pilot)
        assert isinstance(app.screen, Confirm)
        await pilot.press("a", "p", "ctrl+z", "ctrl+e")  # the Keep button has focus
        await settle(pilot)
        assert isinstance(app.screen, Confirm) and len(app.screen_stack) == 2
        await pilot.press("escape")
        await settle(pilot)
        assert app.session is not None and not app.session.dirty


async def test_a_whole_appointment_from_an_empty_file_to_a_file_report_accepts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Create, two goals from Compare, a held item, prior learning, an exception, a note,
    an edit undone, save, the takeaway; the saved file passes `credstack report`, says
    what was done, and the takeaway is what `credstack report --format html` prints."""
    monkeypatch.setenv("CREDSTACK_ADVISER", "R. Okafor")
    path = tmp_path / "casey.toml"
    app = open_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press(*"Casey Park", "enter")  # the new-learner form: name, then save
        await settle(pilot)
        assert app.session is not None and app.session.learner.learner.name == "Casey Park"
        for award, program in (("associate", AS_CIS), ("bachelor", BS_IT)):  # from Compare
            await pilot.press("3")
            await settle(pilot)
            await choose_filter(pilot, "award", award)
            table = app.screen_stack[0].query_one("#compare-table", DataTable)
            table.focus()
            table.move_cursor(row=compare_rows(app).index(program))
            await pilot.press("enter")  # the choice: set as a goal, what-if, cancel
            await settle(pilot)
            assert isinstance(app.screen, ProgramChoiceScreen)
            await pilot.press("enter")  # Set as a goal
            await settle(pilot)
        assert app.session.learner.learner.goals == [AS_CIS, BS_IT]
        await pilot.press("1", "a", *"network defense")
        await settle(pilot)
        await pilot.press("enter", "enter", "enter")  # the list, the date, Add
        await settle(pilot)
        await pilot.press("p", *"Help desk")
        app.screen.query_one("#hours", Input).value = "900"
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        await choose(pilot, "kind", "grant")
        await choose(pilot, "program", AS_CIS)
        await choose(pilot, "item", "Help desk")
        app.screen.query_one("#course", Input).value = "CIS101"
        app.screen.query_one("#reason", Input).value = "Help desk log reviewed"
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("n", *"Grant for CIS101 agreed.", "ctrl+s")
        await settle(pilot)
        learner = app.session.learner
        assert (len(learner.held), len(learner.prior), len(learner.exception)) == (1, 1, 1)
        await focus_row(pilot, "goals", 1)
        await pilot.press("shift+up")  # the bachelor first
        await settle(pilot)
        await pilot.press("ctrl+e")
        await settle(pilot)
        app.screen.query_one("#credits-per-term", Input).value = "6"
        await pilot.press("ctrl+s")
        await settle(pilot)
        await undo(pilot)  # the load stays 12
        assert app.session.learner.learner.credits_per_term == 12
        assert app.session.learner.learner.goals == [BS_IT, AS_CIS]
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not app.session.dirty and app.sub_title == "casey.toml"
        await pilot.press("x")  # the takeaway: HTML beside the learner file
        await settle(pilot)
        assert isinstance(app.screen, TakeawayScreen)
        await pilot.press("enter")
        await settle(pilot)
    takeaway = path.with_name("casey-report.html")
    assert takeaway.is_file()
    assert reported(path, capsys) == 0
    cli = tmp_path / "cli.html"
    assert main(["report", str(path), "--format", "html", "--output", str(cli)]) == 0
    assert takeaway.read_text(encoding="utf-8") == cli.read_text(encoding="utf-8")
    saved = tomllib.loads(path.read_text(encoding="utf-8"))
    assert saved["learner"]["goals"] == [BS_IT, AS_CIS]
    assert "credits_per_term" not in saved["learner"]  # the default, left out
    assert [e["item"] for e in saved["exception"]] == ["Help desk"]
    assert saved["note"][0]["author"] == "R. Okafor"
