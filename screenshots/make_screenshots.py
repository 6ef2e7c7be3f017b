"""Write the README's screenshots: one SVG per area of the TUI, on an example learner,
the new-learner form (`credstack tui NEW.toml`) and the caseload (`credstack tui FOLDER`)
of the example learners.

Drives the app headlessly with Textual's pilot (`run_test` + `save_screenshot`), as
Harlequin does, so the pictures always show the current TUI:

    python screenshots/make_screenshots.py [--learner examples/learners/NAME.toml]
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import shutil
import tempfile
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Select, Tree

from credstack.commands.tui import prepare_session
from credstack.tui.app import CredstackApp, make_app
from credstack.tui.pilot import settle

HERE = Path(__file__).resolve().parent
LEARNER = HERE.parent / "examples" / "learners" / "career-changer.toml"
TODAY = dt.date(2026, 11, 28)  # the examples' "as of" day
SIZE = (110, 34)
AREAS = ("learner", "pathways", "compare", "explore", "catalogue", "careers")
SHOWN_CREDENTIAL = ("credential", "lindenhoven", "mc-sql")  # an EU micro-credential
WHAT_IF_PROGRAM = "northbridge:gcert-analytics"  # beside the first goal, without adding it


async def show_credential(pilot: Pilot[None], app: CredstackApp) -> None:
    """Highlight an EU micro-credential in the Catalogue tree, so its elements show."""
    tree = app.query_one("#catalogue-tree", Tree)
    for issuer in tree.root.children:
        for group in issuer.children:
            for leaf in group.children:
                if leaf.data == SHOWN_CREDENTIAL:
                    issuer.expand()
                    group.expand()
                    await pilot.pause()
                    tree.move_cursor(leaf)
                    tree.focus()
                    await settle(pilot)
                    return


# a learner file of the caseload whose goal no catalogue has: its row shows the error
BAD_GOAL = 'format = 1\n\n[learner]\nname = "Bad Goal"\ngoals = ["northbridge:bs-nowhere"]\n'
MODIFIED = dt.datetime(2026, 11, 27, 9, 30).timestamp()  # the same time in every picture


async def take_caseload(folder: Path) -> Path:
    """The caseload of the example learners and one bad file, in a folder of their own."""
    with tempfile.TemporaryDirectory() as scratch:
        cases = Path(scratch) / "learners"
        cases.mkdir()
        for persona in sorted(LEARNER.parent.glob("*.toml")):
            shutil.copy(persona, cases / persona.name)
        (cases / "bad-goal.toml").write_text(BAD_GOAL, encoding="utf-8")
        for index, path in enumerate(sorted(cases.iterdir())):
            os.utime(path, (MODIFIED + 3600 * index, MODIFIED + 3600 * index))
        here = Path.cwd()
        os.chdir(scratch)  # the list shows the folder as given: "learners", not a temp path
        try:
            app = make_app(prepare_session(None, Path(cases.name)), TODAY)
            app.animation_level = "none"
            async with app.run_test(size=SIZE) as pilot:
                await settle(pilot)
                app.save_screenshot("caseload.svg", str(folder.absolute()))
        finally:
            os.chdir(here)
    return folder / "caseload.svg"


async def take(learner: Path, folder: Path) -> list[Path]:
    app = make_app(prepare_session(None, learner), TODAY)
    app.animation_level = "none"  # no tab underline caught mid-slide
    written = []
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for key, area in enumerate(AREAS, start=1):
            await pilot.press(str(key))
            await settle(pilot)
            if area == "catalogue":
                await show_credential(pilot, app)
            if area == "compare":  # every certificate in the region: the plot has points
                app.query_one("#award", Select).value = "certificate"
                await settle(pilot)
            path = folder / f"{area}.svg"
            app.save_screenshot(path.name, str(folder))
            written.append(path)
        app.what_if_program(WHAT_IF_PROGRAM)  # what Enter on a Compare row offers
        await settle(pilot)
        app.save_screenshot("what-if-program.svg", str(folder))
        written.append(folder / "what-if-program.svg")
    written.append(await take_caseload(folder))
    return written


async def take_new_learner(folder: Path) -> Path:
    """The form `credstack tui NEW.toml` opens, partly filled in."""
    with tempfile.TemporaryDirectory() as scratch:
        app = make_app(prepare_session(None, Path(scratch) / "sam-lee.toml"), TODAY)
        app.animation_level = "none"
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press(*"Sam Lee", "tab", "tab", *"2027")
            await settle(pilot)
            path = folder / "new-learner.svg"
            app.save_screenshot(path.name, str(folder))
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learner", type=Path, default=LEARNER)
    parser.add_argument("--out", type=Path, default=HERE)
    args = parser.parse_args()
    for path in asyncio.run(take(args.learner, args.out)):
        print(f"wrote {path}")
    print(f"wrote {asyncio.run(take_new_learner(args.out))}")


if __name__ == "__main__":
    main()
