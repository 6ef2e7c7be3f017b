"""The takeaway, key by key: `x` (or the palette) writes the report the learner leaves with.

What `x` writes must be what `credstack report` writes for the same saved learner, byte
for byte: the TUI and the CLI print through the same Session door and report.render.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from textual.command import CommandPalette
from textual.widgets import Input, RadioSet

from credstack.cli import main
from credstack.report.build import UNSAVED
from credstack.tui.app import CredstackApp
from credstack.tui.screens.takeaway import TakeawayScreen
from tests.tui.tui_helpers import open_app, settle

SIZE = (100, 40)


def notices(app: CredstackApp) -> list[str]:
    return [str(n.message) for n in app._notifications]


async def test_x_writes_the_html_report_beside_the_learner_file(learner_file: Path) -> None:
    app = open_app(learner_file)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("x")
        await settle(pilot)
        assert isinstance(app.screen, TakeawayScreen)
        field = app.screen.query_one("#path", Input)
        expected = learner_file.with_name("career-changer-report.html")
        assert field.value == str(expected)
        await pilot.press("enter")
        await settle(pilot)
        assert not isinstance(app.screen, TakeawayScreen)
        assert expected.is_file()
        assert any(f"Wrote the takeaway to {expected}" in n for n in notices(app))
    cli = learner_file.with_name("cli.html")
    assert main(["report", str(learner_file), "--format", "html", "--output", str(cli)]) == 0
    assert expected.read_text(encoding="utf-8") == cli.read_text(encoding="utf-8")
    assert "<svg" in expected.read_text(encoding="utf-8")


async def test_the_palette_writes_markdown_to_a_chosen_path(learner_file: Path) -> None:
    app = open_app(learner_file)
    chosen = learner_file.parent / "for-jordan.md"
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"takeaway")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, TakeawayScreen)
        app.screen.query_one(RadioSet).focus()
        await pilot.press("down", "enter")  # the second format: Markdown
        await settle(pilot)
        field = app.screen.query_one("#path", Input)
        assert field.value.endswith("career-changer-report.md")  # the ending follows
        field.value = str(chosen)
        field.focus()
        await pilot.press("enter")
        await settle(pilot)
    cli = learner_file.with_name("cli.md")
    assert main(["report", str(learner_file), "--format", "markdown", "--output", str(cli)]) == 0
    assert chosen.read_text(encoding="utf-8") == cli.read_text(encoding="utf-8")


async def test_an_unsaved_edit_is_in_the_takeaway_and_it_says_so(learner_file: Path) -> None:
    app = open_app(learner_file)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.session is not None
        app.session.add_held("metro-cc:mc-network-defense", dt.date(2026, 11, 1))
        await pilot.press("x")
        await settle(pilot)
        assert "unsaved changes" in str(app.screen.query_one("#takeaway-unsaved").render())
        await pilot.press("enter")
        await settle(pilot)
        assert any("shows unsaved changes" in n for n in notices(app))
        assert app.session.dirty  # the takeaway is not a save
    written = learner_file.with_name("career-changer-report.html").read_text(encoding="utf-8")
    assert UNSAVED.split(":")[0] in written
    assert "from metro-cc:mc-network-defense" in written
    assert "mc-network-defense" not in learner_file.read_text(encoding="utf-8")


async def test_the_takeaway_refuses_the_learner_file_itself(learner_file: Path) -> None:
    before = learner_file.read_bytes()
    app = open_app(learner_file)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("x")
        await settle(pilot)
        app.screen.query_one("#path", Input).value = str(learner_file)
        await pilot.press("enter")
        await settle(pilot)
        assert any("refusing to write over the learner file" in n for n in notices(app))
    assert learner_file.read_bytes() == before


async def test_escape_writes_nothing(learner_file: Path) -> None:
    app = open_app(learner_file)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("x")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, TakeawayScreen)
    assert sorted(p.name for p in learner_file.parent.iterdir()) == ["career-changer.toml"]


async def test_notes_of_another_day_than_the_reports_are_named_as_left_out(
    learner_file: Path,
) -> None:
    with learner_file.open("a", encoding="utf-8") as stream:  # the app's today, not as_of
        stream.write('\n[[note]]\ndate = 2026-12-01\nauthor = "R. O."\ntext = "Later."\n')
    app = open_app(learner_file)
    app.today = dt.date(2026, 12, 1)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("x", "enter")
        await settle(pilot)
        assert any("1 note(s) dated today are not in it" in n for n in notices(app))
    written = learner_file.with_name("career-changer-report.html").read_text(encoding="utf-8")
    assert "Later." not in written
