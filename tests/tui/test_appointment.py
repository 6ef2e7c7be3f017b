"""An advising appointment in the terminal, driven key by key through Textual's pilot.

Each test is named after what an adviser does. The numbers checked come from the
Session's results (the TUI computes nothing); the tests check that they reach the
screen, and that the keys and dialogs get the adviser there.
"""

from __future__ import annotations

import tomllib
from decimal import Decimal
from pathlib import Path

from textual.command import CommandPalette
from textual.widgets import (
    DataTable,
    Input,
    Label,
    OptionList,
    Select,
    Static,
    TabbedContent,
    Tree,
)

from credstack.tui.app import CredstackApp
from credstack.tui.screens.add_exception import AddExceptionScreen
from credstack.tui.screens.add_held import AddHeldScreen
from credstack.tui.screens.add_prior import AddPriorScreen
from credstack.tui.screens.confirm import Confirm, ConfirmQuit
from credstack.tui.screens.help import HelpScreen
from credstack.tui.screens.path_prompt import PathPrompt
from credstack.tui.screens.what_if import WhatIfScreen
from tests.helpers import LEARNER_TOML, PROV_TOML, UNI_TOML, replace_once, write_region
from tests.tui.tui_helpers import cells, open_app, settle

SIZE = (100, 40)
BS_IT = "northbridge:bs-it"
AS_CIS = "metro-cc:as-cis"
NETWORK_DEFENSE = "metro-cc:mc-network-defense"


def applied(app: CredstackApp) -> dict[str, Decimal]:
    """Applied credit per goal, from the results the app last showed."""
    assert app.report is not None
    return {r.program: r.confirmed.audit.applied for r in app.report.results}


def goals_on_screen(app: CredstackApp) -> dict[str, list[str]]:
    """The goals table of the Learner area, by program ref."""
    table = app.screen_stack[0].query_one("#goals", DataTable)
    return {
        str(key.value): [str(getattr(c, "plain", c)) for c in table.get_row(key)]
        for key in table.rows
    }


def active_area(app: CredstackApp) -> str:
    return app.screen_stack[0].query_one("#areas", TabbedContent).active


async def choose(pilot, select_id: str, value: str) -> None:  # type: ignore[no-untyped-def]
    """Pick `value` in a Select with the keyboard: focus it, open it, arrow down, enter."""
    select = pilot.app.screen.query_one(f"#{select_id}", Select)
    values = [v for _, v in select._options]  # the blank prompt, when allowed, is first
    current = values.index(select.value) if select.value in values else 0
    select.focus()
    await pilot.press("enter")  # opens the list
    await pilot.pause()
    await pilot.press(*["down"] * (values.index(value) - current), "enter")
    await settle(pilot)
    assert select.value == value


async def test_adviser_walks_a_whole_appointment(learner_file: Path) -> None:
    """Open a learner, add a credential, record an exception, save, reopen."""
    app = open_app(learner_file)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        # The first screen: who, which goals, how much already applies.
        facts = str(app.query_one("#learner-facts", Static).render())
        assert "Jordan Ellis" in facts
        before = applied(app)
        shown = goals_on_screen(app)
        assert set(shown) == {BS_IT, AS_CIS}
        title = "Bachelor of Science in Information Technology"
        # the title is clipped with an ellipsis when the terminal is narrow
        assert shown[BS_IT][0] == title or title.startswith(shown[BS_IT][0].rstrip("…"))
        assert shown[BS_IT][1] == f"{before[BS_IT]:f}/120"
        assert shown[AS_CIS][1] == f"{before[AS_CIS]:f}/60"

        # Add a held credential through the fuzzy search.
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, AddHeldScreen)
        await pilot.press(*"net def")
        await settle(pilot)
        matches = app.screen.query_one("#matches", OptionList)
        assert matches.get_option_at_index(0).id == NETWORK_DEFENSE
        await pilot.press("enter")  # query -> the list
        assert matches.has_focus
        await pilot.press("enter")  # pick the highlighted option -> the earned date
        await pilot.press("enter")  # submit the date: Add
        await settle(pilot)
        assert not isinstance(app.screen, AddHeldScreen)
        assert app.session is not None
        assert app.session.learner.held[-1].ref == NETWORK_DEFENSE
        assert app.session.dirty and app.sub_title.endswith("*")
        held = cells(app.query_one("#held", DataTable))
        assert held[-1][:3] == [NETWORK_DEFENSE, "Network Defense", "2026-11-28"]

        # The applied credit of both goals went up, in the results and on screen.
        after = applied(app)
        assert after[BS_IT] > before[BS_IT] and after[AS_CIS] > before[AS_CIS]
        assert goals_on_screen(app)[BS_IT][1] == f"{after[BS_IT]:f}/120"

        # Record an adviser exception: a grant for in-house safety training.
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, AddExceptionScreen)
        await choose(pilot, "kind", "grant")
        await choose(pilot, "program", BS_IT)
        await choose(pilot, "item", "lakeshore:safety-10")
        app.screen.query_one("#course").focus()
        await pilot.press(*"CS110", "tab", "tab", *"Syllabus")
        app.screen.query_one("#by", Input).value = "R. Diaz"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, AddExceptionScreen)
        recorded = app.session.learner.exception[-1]
        assert (recorded.kind, recorded.program, recorded.course) == ("grant", BS_IT, "CS110")
        assert applied(app)[BS_IT] > after[BS_IT]
        rows = cells(app.query_one("#prior", DataTable))
        assert rows[-1][:2] == ["exception: grant", f"{BS_IT}: lakeshore:safety-10 → CS110"]

        # Save: atomic, keeps the previous file as NAME.toml.bak.
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not app.session.dirty
        assert app.sub_title == "career-changer.toml"
    backup = learner_file.with_name("career-changer.toml.bak")
    assert backup.is_file()
    assert NETWORK_DEFENSE not in backup.read_text(encoding="utf-8")
    saved = tomllib.loads(learner_file.read_text(encoding="utf-8"))
    assert saved["held"][-1]["ref"] == NETWORK_DEFENSE

    # Reopen the saved file in a new app: the held item and the exception are there.
    reopened = open_app(learner_file)
    async with reopened.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert [r[0] for r in cells(reopened.query_one("#held", DataTable))][-1] == (
            NETWORK_DEFENSE
        )
        assert cells(reopened.query_one("#prior", DataTable))[-1][1] == (
            f"{BS_IT}: lakeshore:safety-10 → CS110"
        )
        assert applied(reopened) == applied(app)


async def test_adviser_removes_a_held_item_with_delete(learner_file: Path) -> None:
    app = open_app(learner_file)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        held = app.query_one("#held", DataTable)
        held.focus()
        await pilot.press("down")  # the second row: cobalt:security-plus
        await pilot.press("delete")
        await settle(pilot)
        assert isinstance(app.screen, Confirm)  # asks first; "y" removes
        await pilot.press("y")
        await settle(pilot)
        assert app.session is not None
        refs = [h.ref for h in app.session.learner.held]
        assert "cobalt:security-plus" not in refs and len(refs) == 6
        assert [r[0] for r in cells(held)] == refs


async def test_adviser_adds_prior_learning_and_fixes_a_typo(learner_file: Path) -> None:
    app = open_app(learner_file)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        assert isinstance(app.screen, AddPriorScreen)
        await pilot.press(*"Help desk")
        app.screen.query_one("#hours", Input).value = "12OO"
        app.screen.query_one("#skills", Input).value = "it-support, customer-service"
        await pilot.press("ctrl+s")
        await settle(pilot)
        error = str(app.screen.query_one("#prior-error", Label).render())
        assert error == "hours: '12OO' is not a number"
        assert app.screen.query_one("#prior-error").region.bottom <= 24  # visible at 80x24
        app.screen.query_one("#hours", Input).value = "1200"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, AddPriorScreen)
        assert app.session is not None
        added = app.session.learner.prior[-1]
        assert (added.title, added.hours, added.kind) == ("Help desk", 1200, "workplace")
        rows = cells(app.query_one("#prior", DataTable))
        assert ["prior: workplace", "Help desk", "1200 h; it-support, customer-service"] in rows


async def test_removing_an_item_an_exception_relies_on_is_refused_with_a_notice(
    learner_file: Path,
) -> None:
    """The Metro CC grant names lakeshore:data-champions: the Session refuses, the app stays."""
    app = open_app(learner_file)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.session is not None
        held = app.query_one("#held", DataTable)
        held.focus()
        row = [h.ref for h in app.session.learner.held].index("lakeshore:data-champions")
        await pilot.press(*["down"] * row, "delete")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert app.is_running and not app.session.dirty
        assert "lakeshore:data-champions" in [h.ref for h in app.session.learner.held]
        notices = [n.message for n in app._notifications]
        assert any("not held by this learner" in m for m in notices)


async def test_quitting_with_unsaved_changes_asks_first(learner_file: Path) -> None:
    app = open_app(learner_file)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.session is not None
        app.session.add_held(NETWORK_DEFENSE, app.today)
        await pilot.press("ctrl+q")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmQuit)
        await pilot.click("#cancel")  # Back
        await settle(pilot)
        assert not isinstance(app.screen, ConfirmQuit)
        assert app.is_running and app.session.dirty
        await pilot.press("ctrl+q")
        await settle(pilot)
        await pilot.press("escape")  # escape is Back too
        await settle(pilot)
        assert app.is_running
        await pilot.press("ctrl+q")
        await settle(pilot)
        await pilot.click("#discard")
        await pilot.pause()
        assert not app.is_running
    assert NETWORK_DEFENSE not in learner_file.read_text(encoding="utf-8")


async def test_quitting_with_nothing_to_save_quits_at_once(learner_file: Path) -> None:
    app = open_app(learner_file)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert not app.is_running


async def test_saving_the_example_persona_asks_for_a_new_file(tmp_path: Path) -> None:
    """The shipped persona is never overwritten: ctrl+s asks where to save it."""
    app = open_app(None)  # `credstack` with no arguments: the example persona
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.sub_title == "Jordan Ellis (example, not saved)"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, PathPrompt)
        target = tmp_path / "jordan.toml"
        field = app.screen.query_one("#path")
        field.value = str(target)  # type: ignore[attr-defined]
        await pilot.press("enter")
        await settle(pilot)
        assert app.sub_title == "jordan.toml"
    assert tomllib.loads(target.read_text(encoding="utf-8"))["learner"]["name"] == "Jordan Ellis"


async def test_save_and_quit_on_the_example_asks_for_a_file_then_quits(
    tmp_path: Path,
) -> None:
    app = open_app(None)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.session is not None
        app.session.add_held(NETWORK_DEFENSE, app.today)
        await pilot.press("ctrl+q")
        await settle(pilot)
        await pilot.click("#save")
        await settle(pilot)
        assert isinstance(app.screen, PathPrompt)
        app.screen.query_one("#path", Input).value = str(tmp_path / "jordan.toml")
        await pilot.press("enter")
        await pilot.pause()
        assert not app.is_running
    assert NETWORK_DEFENSE in (tmp_path / "jordan.toml").read_text(encoding="utf-8")


async def test_palette_finds_a_program_and_shows_it_in_pathways(learner_file: Path) -> None:
    app = open_app(learner_file)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"ms-analytics")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert active_area(app) == "pathways"
        assert app.session is not None
        assert "northbridge:ms-analytics" in app.session.learner.learner.goals
        title = app.query_one("#pathway-title", Label).render()
        assert "Master of Science in Data Analytics" in str(title)
        goal_list = app.query_one("#goal-list", OptionList)
        assert goal_list.highlighted is not None
        assert goal_list.get_option_at_index(goal_list.highlighted).id == (
            "northbridge:ms-analytics"
        )


async def test_f1_opens_the_help(learner_file: Path) -> None:
    app = open_app(learner_file)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f1")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("q")
        await settle(pilot)
        assert not isinstance(app.screen, HelpScreen)


async def test_what_if_shows_every_change_and_discarding_keeps_the_learner(
    learner_file: Path,
) -> None:
    app = open_app(learner_file)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.session is not None
        held_before = list(app.session.learner.held)
        applied_before = applied(app)
        await pilot.press("w")
        await settle(pilot)
        assert isinstance(app.screen, AddHeldScreen)
        await pilot.press(*"full-stack", "enter", "enter", "enter")
        await settle(pilot)
        assert isinstance(app.screen, WhatIfScreen)
        deltas = cells(app.screen.query_one("#deltas", DataTable))
        bs_it = next(row for row in deltas if row[0].startswith("Bachelor of Science"))
        assert bs_it[1] == f"{applied_before[BS_IT]:f} → 21"
        await pilot.press("escape")  # discard
        await settle(pilot)
        assert not isinstance(app.screen, WhatIfScreen)
        assert app.session.learner.held == held_before
        assert not app.session.dirty
        assert applied(app) == applied_before


async def test_what_if_commit_adds_the_credential(learner_file: Path) -> None:
    app = open_app(learner_file)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.what_if("forge:full-stack")  # what the palette's "What if: ..." hit runs
        await settle(pilot)
        assert isinstance(app.screen, WhatIfScreen)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.session is not None
        assert app.session.learner.held[-1].ref == "forge:full-stack"
        assert applied(app)[BS_IT] == 21


async def test_compare_filters_by_award_and_sorts(learner_file: Path) -> None:
    app = open_app(learner_file)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("3")
        await settle(pilot)
        table = app.query_one("#compare-table", DataTable)
        assert {str(k.value) for k in table.rows} == {BS_IT, AS_CIS}
        await choose(pilot, "award", "certificate")
        await settle(pilot)
        rows = cells(table)
        assert len(rows) > 2 and {row[2] for row in rows} == {"certificate"}
        assert app.award == "certificate"
        by_terms = [str(k.value) for k in table.rows]
        table.focus()
        await pilot.press("s")
        await settle(pilot)
        assert app.sort == "cost"
        assert "sorted by cost" in str(app.query_one("#compare-sort", Label).render())
        costs = [  # (currency, amount): costs rank within one currency, never across
            (row[7].split()[0], Decimal(row[7].split()[-1].replace(",", "")))
            for row in cells(table)
            if not row[5].endswith("!")  # unschedulable plans come last
        ]
        assert costs == sorted(costs)
        assert sorted(str(k.value) for k in table.rows) == sorted(by_terms)


async def test_explore_lists_the_paths_from_a_held_item(learner_file: Path) -> None:
    app = open_app(learner_file)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("4")
        await settle(pilot)
        items = app.query_one("#explore-items", OptionList)
        assert items.get_option_at_index(0).id == "beacon:it-support"
        paths = cells(app.query_one("#paths", DataTable))
        assert ["articulation", "metro-cc:CIS101"] == paths[0][:2]
        items.focus()
        await pilot.press("down", "down", "down")  # cobalt:network-plus
        await settle(pilot)
        paths = cells(app.query_one("#paths", DataTable))
        assert any(row[1] == "northbridge:IT160" for row in paths)
        ladder = cells(app.query_one("#ladder", DataTable))
        assert any(row[0] == "Bachelor of Science in Information Technology" for row in ladder)


async def test_catalogue_shows_lint_and_the_eu_elements_of_a_micro_credential(
    tmp_path: Path,
) -> None:
    """The base test region's micro-credential lacks the EU elements: lint says so."""
    region = write_region(tmp_path / "region")
    learner = tmp_path / "learner.toml"
    learner.write_text(LEARNER_TOML, encoding="utf-8")
    app = open_app(learner, region)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("5")
        await settle(pilot)
        heading = str(app.query_one("#lint-heading", Label).render())
        assert heading == "Lint: 0 errors, 1 warnings"
        lint = cells(app.query_one("#lint", DataTable))
        assert lint[0][0] == "uni.toml:39" and "eu-elements" in lint[0][1]
        tree = app.query_one("#catalogue-tree", Tree)
        tree.focus()
        await pilot.press("down", "down", "space")  # Example University: expand it
        await settle(pilot)
        tree.move_cursor(await _node(pilot, tree, ("credential", "uni", "coding-mc")))
        await settle(pilot)
        detail = str(app.query_one("#detail", Static).render())
        assert "Coding Micro-credential" in detail
        assert "Learning outcomes: missing" in detail
        assert "EQF level: missing" in detail


async def test_catalogue_shows_a_shipped_micro_credentials_eu_elements(
    learner_file: Path,
) -> None:
    app = open_app(learner_file)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("5")
        await settle(pilot)
        assert str(app.query_one("#lint-heading", Label).render()).startswith("Lint: 0 errors")
        tree = app.query_one("#catalogue-tree", Tree)
        tree.move_cursor(await _node(pilot, tree, ("credential", "lindenhoven", "mc-sql")))
        await settle(pilot)
        detail = str(app.query_one("#detail", Static).render())
        for element in ("Learning outcomes:", "EQF level: 5", "Assessment:", "Participation:"):
            assert element in detail
        assert "missing" not in detail


async def test_catalogue_text_with_markup_is_shown_literally(tmp_path: Path) -> None:
    """Titles are data: "[bold]X[/bold]" shows with its brackets and never breaks a widget."""
    uni = replace_once(UNI_TOML, 'title = "Intro to Computing"', 'title = "[bold]X[/bold]"')
    uni = replace_once(uni, 'title = "Coding Micro-credential"', 'title = "Coding [/] MC"')
    uni = replace_once(
        uni, 'title = "Certificate in Computing"', 'title = "[red]Cert[/red] in Computing"'
    )
    uni = replace_once(uni, 'name = "Example University"', 'name = "Example [i]University"')
    region = write_region(tmp_path / "region", {"uni.toml": uni, "prov.toml": PROV_TOML})
    learner = tmp_path / "learner.toml"
    learner.write_text(
        replace_once(LEARNER_TOML, 'ref = "uni:MATH110"', 'ref = "uni:CS101"')
        .replace('item = "uni:MATH110"', 'item = "uni:CS101"')
        .replace(
            'earned = 2023-05-01\ngrade = "A"',
            'earned = 2023-05-01\ngrade = "A"\n\n[[prior]]\ntitle = "Ran [/] a lab"'
            '\nkind = "workplace"\nhours = 100',
        ),
        encoding="utf-8",
    )
    app = open_app(learner, region)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert ["uni:CS101", "[bold]X[/bold]"] == cells(app.query_one("#held", DataTable))[1][:2]
        assert cells(app.query_one("#goals", DataTable))[0][0] == "[red]Cert[/red] in Computing"
        await pilot.press("2")
        await settle(pilot)
        assert "[red]Cert[/red]" in str(app.query_one("#pathway-title", Label).render())
        await pilot.press("3")
        await settle(pilot)
        plot = str(app.query_one("#cost-plot").render())  # the Pareto front is listed
        assert "[red]Cert[/red] in Computing (Example [i]" in plot  # cut at the width
        await pilot.press("4")
        await settle(pilot)
        ladder = app.query_one("#ladder-institution", Select)
        assert "Example [i]University" in str(ladder.query_one("#label", Static).render())
        await pilot.press("5")
        await settle(pilot)
        tree = app.query_one("#catalogue-tree", Tree)
        labels = [str(n.label) for n in _walk(tree.root)]
        assert "Example [i]University (university)" in labels
        assert "Coding [/] MC [micro-credential]" in labels
        tree.move_cursor(await _node(pilot, tree, ("credential", "uni", "coding-mc")))
        await settle(pilot)
        assert str(app.query_one("#detail", Static).render()).startswith("Coding [/] MC")
        # The add-held search lists the course under its literal title.
        await pilot.press("a")
        await pilot.press(*"bold")
        await settle(pilot)
        matches = app.screen.query_one("#matches", OptionList)
        option = matches.get_option_at_index(0)
        assert option.id == "uni:CS101"
        assert str(option.prompt).startswith("[bold]X[/bold]")
        await pilot.press("escape")
        # The exception dialog lists prior learning with its literal title.
        await pilot.press("e")
        await settle(pilot)
        item = app.screen.query_one("#item", Select)
        await choose(pilot, "item", "Ran [/] a lab")
        assert "Ran [/] a lab" in str(item.query_one("#label", Static).render())
        await pilot.press("escape")
        # The palette shows program titles literally.
        await pilot.press("ctrl+p")
        await pilot.press(*"uni:cert")
        await settle(pilot)
        palette_text = " ".join(
            str(option.prompt) for option in app.screen.query_one("CommandList", OptionList).options
        )
        assert "[red]Cert[/red] in Computing" in palette_text
        assert app.is_running


async def test_keys_work_in_an_80_by_24_terminal(learner_file: Path) -> None:
    app = open_app(learner_file)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        for key, area in zip(
            "23451", ("pathways", "compare", "explore", "catalogue", "learner"), strict=True
        ):
            await pilot.press(key)
            await settle(pilot)
            assert active_area(app) == area
        await pilot.press("a", *"net def", "enter", "enter", "enter")
        await settle(pilot)
        assert app.session is not None
        assert app.session.learner.held[-1].ref == NETWORK_DEFENSE
        await pilot.press("e")
        await settle(pilot)
        await choose(pilot, "kind", "waive")
        await choose(pilot, "program", AS_CIS)
        app.screen.query_one("#requirement", Input).value = "humanities"
        reason = app.screen.query_one("#reason", Input)
        reason.focus()
        await pilot.press(*"Abroad")
        await pilot.press("tab", "tab", "enter")  # the Record button, below the fold
        await settle(pilot)
        assert not isinstance(app.screen, AddExceptionScreen), app.screen.query_one(
            "#exception-error", Label
        ).render()
        assert app.session.learner.exception[-1].kind == "waive"
        await pilot.press("f1")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await pilot.press("ctrl+p")
        await settle(pilot)
        assert isinstance(app.screen, CommandPalette)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("ctrl+q")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmQuit)
        await pilot.press("tab", "tab", "enter")  # Back
        await settle(pilot)
        assert app.is_running and not isinstance(app.screen, ConfirmQuit)


def _walk(node):  # type: ignore[no-untyped-def]
    yield node
    for child in node.children:
        yield from _walk(child)


async def _node(pilot, tree: Tree, data: tuple[str, ...]):  # type: ignore[no-untyped-def]
    """The tree node holding `data`, its ancestors expanded and laid out."""
    for node in _walk(tree.root):
        if node.data == data:
            parent = node.parent
            while parent is not None:
                parent.expand()
                parent = parent.parent
            await pilot.pause()
            return node
    raise AssertionError(f"no node {data}")


async def test_area_keys_switch_even_from_a_focused_tree(learner_file: Path) -> None:
    """A digit switches the area while a widget of the old area has focus (the
    Catalogue tree used to take focus back and show its own area again)."""
    app = open_app(learner_file)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("5")
        await settle(pilot)
        app.query_one("#catalogue-tree").focus()
        await pilot.pause()
        await pilot.press("6")
        await settle(pilot)
        assert app.query_one("#areas", TabbedContent).active == "careers"
